//! The one way this crate builds HTTP clients, so every client uses the same TLS crypto provider.
//!
//! reqwest is built with `rustls-no-provider`: its default provider would bring in aws-lc-sys (a
//! C build that needs cmake) while ring is already in the dependency tree. rustls then needs a
//! process-wide provider before the first client is built, which [`builder`] installs.

use std::sync::Once;

/// `crate::http_client::builder()`, after making sure ring is rustls' process-wide crypto provider.
pub fn builder() -> reqwest::ClientBuilder {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Fails only when a provider is already installed, which serves as well as ours.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}
