//! Whether a multipart chunk is hashed to check the ETag the storage answers with.

/// When the client hashes a chunk to check the ETag the storage answers with.
///
/// The check catches bytes changed in transit. HTTPS already authenticates every byte (a changed
/// record fails its MAC) and loopback never leaves the machine's memory, so on those the check
/// only costs CPU: about 1.5 s per GiB on one core, which on a small machine uploading to a
/// local platform is a third of the run. Plain HTTP to another host is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EtagCheck {
    /// Check unless the chunk URL is `https` or its host is loopback.
    #[default]
    Auto,
    /// Check every chunk.
    Always,
    /// Never check.
    Never,
}

impl EtagCheck {
    /// [`EtagCheck::Always`] when the user asked for every chunk to be checked, else the rule.
    pub fn asked(every_chunk: bool) -> Self {
        if every_chunk {
            EtagCheck::Always
        } else {
            EtagCheck::Auto
        }
    }

    /// Whether chunks sent to `url` are hashed and checked.
    pub fn applies_to(self, url: &str) -> bool {
        match self {
            EtagCheck::Always => true,
            EtagCheck::Never => false,
            EtagCheck::Auto => match reqwest::Url::parse(url) {
                Ok(u) => u.scheme() != "https" && !crate::api::is_loopback_url(url),
                Err(_) => true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EtagCheck;

    #[test]
    fn the_etag_is_checked_only_where_the_transport_does_not_protect_the_bytes() {
        let auto = EtagCheck::Auto;
        assert!(auto.applies_to("http://storage.example.com/_uploads/t"));
        assert!(auto.applies_to("http://10.0.0.7:8080/_uploads/t"));
        assert!(auto.applies_to("not a url"));
        assert!(!auto.applies_to("https://storage.example.com/_uploads/t"));
        assert!(!auto.applies_to("http://127.0.0.1:4000/_uploads/t"));
        assert!(!auto.applies_to("http://127.3.2.1/_uploads/t"));
        assert!(!auto.applies_to("http://[::1]:4000/_uploads/t"));
        assert!(!auto.applies_to("http://LocalHost:4000/_uploads/t"));
        assert!(EtagCheck::Always.applies_to("https://127.0.0.1/_uploads/t"));
        assert!(!EtagCheck::Never.applies_to("http://storage.example.com/_uploads/t"));
    }
}
