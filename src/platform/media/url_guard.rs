//! Where a `method=url` upload may connect, so the platform cannot be made to reach inside the
//! network it runs in. Link-local and cloud metadata addresses (and names) are refused always;
//! private and loopback ones unless allowed (a platform listening on loopback serves only this
//! machine, whose user can reach them anyway; `serve --allow-private-urls` allows them when it
//! listens beyond). The check is made on every address a name resolves to, right before
//! connecting, and on every redirect's target, so neither a DNS answer nor a redirect gets past.
//! A refusal fails like any other unreachable URL: the caller learns nothing about the target.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;

/// Redirects followed at most, as reqwest's default policy does.
const MAX_REDIRECTS: usize = 10;

/// Host names of cloud metadata services, refused before any lookup.
const METADATA_NAMES: &[&str] = &[
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.azure.internal",
];

/// What an address is, for this rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Link-local, metadata, unspecified, broadcast, multicast, reserved: never.
    Never,
    /// Loopback and private ranges: only when allowed.
    Inside,
    /// Anything else.
    Public,
}

fn reach_v4(ip: Ipv4Addr) -> Reach {
    let [a, b, c, d] = ip.octets();
    let never = a == 0                                   // "this network"; 0.0.0.0 reaches loopback
        || (a == 169 && b == 254)                        // link-local, 169.254.169.254 among them
        || ip == Ipv4Addr::new(100, 100, 100, 200)       // a cloud's metadata service
        || (a, b, c, d) == (192, 0, 0, 192)              // another cloud's metadata service
        || a >= 224; // multicast, reserved, broadcast
    let inside = a == 127
        || a == 10
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 100 && (64..128).contains(&b))          // shared address space (carrier NAT)
        || (a == 198 && (b == 18 || b == 19))            // benchmarking networks
        || (a, b, c) == (192, 0, 0); // protocol assignments
    if never {
        Reach::Never
    } else if inside {
        Reach::Inside
    } else {
        Reach::Public
    }
}

fn reach_v6(ip: Ipv6Addr) -> Reach {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return reach_v4(v4);
    }
    // IPv4 carried inside IPv6 (NAT64, 6to4, the old compatible form) reaches that IPv4 address.
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return reach_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return reach_v4(embedded(s[1], s[2]));
    }
    if ip.is_unspecified()
        || (s[0] & 0xffc0) == 0xfe80                     // link-local
        || (s[0] & 0xff00) == 0xff00                     // multicast
        || ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
    {
        return Reach::Never;
    }
    if ip.is_loopback() {
        return Reach::Inside;
    }
    if s[..6] == [0; 6] {
        return reach_v4(embedded(s[6], s[7]));
    }
    if (s[0] & 0xfe00) == 0xfc00 || (s[0] & 0xffc0) == 0xfec0 {
        return Reach::Inside; // unique local, old site-local
    }
    Reach::Public
}

/// Whether the platform may connect to `ip`.
pub(crate) fn ip_allowed(ip: IpAddr, allow_private: bool) -> bool {
    let reach = match ip {
        IpAddr::V4(v4) => reach_v4(v4),
        IpAddr::V6(v6) => reach_v6(v6),
    };
    match reach {
        Reach::Never => false,
        Reach::Inside => allow_private,
        Reach::Public => true,
    }
}

/// Whether `url` may be asked for, as far as it can be told without resolving: an address
/// written in it must be allowed, a name must not be a metadata service's. (A name's addresses
/// are checked by the resolver, right before connecting.)
pub(crate) fn url_allowed(url: &reqwest::Url, allow_private: bool) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip_allowed(ip, allow_private),
        Err(_) => {
            let name = bare.trim_end_matches('.').to_ascii_lowercase();
            !METADATA_NAMES.contains(&name.as_str())
        }
    }
}

/// The resolver of the fetch client: the system's lookup, then only the allowed addresses. A
/// name with none left fails to resolve, so nothing is connected to.
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found.filter(|a| ip_allowed(a.ip(), allow_private)).collect();
            if allowed.is_empty() {
                return Err(format!("{host}: no address the platform may connect to").into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// The client that fetches URL uploads: no proxy, the guarded resolver, and a redirect policy
/// that checks each target before following it.
pub(crate) fn fetch_client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    let policy = Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if url_allowed(attempt.url(), allow_private) {
            attempt.follow()
        } else {
            attempt.error("a redirect to a refused address")
        }
    });
    crate::http_client::builder()
        .no_proxy()
        .redirect(policy)
        .dns_resolver(Arc::new(GuardedResolver { allow_private }))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(ip: &str, private: bool) -> bool {
        ip_allowed(ip.parse().unwrap(), private)
    }

    #[test]
    fn link_local_and_metadata_never_private_when_allowed() {
        for ip in [
            "169.254.169.254",
            "169.254.0.1",
            "0.0.0.0",
            "100.100.100.200",
            "255.255.255.255",
            "224.0.0.1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
        ] {
            assert!(!allowed(ip, true), "{ip}");
        }
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "::1",
            "fd12::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(allowed(ip, true) && !allowed(ip, false), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "2606:4700::1111"] {
            assert!(allowed(ip, false), "{ip}");
        }
    }

    #[test]
    fn metadata_names_are_refused_before_any_lookup() {
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        assert!(!url_allowed(&url("http://metadata.google.internal./x"), true));
        assert!(!url_allowed(&url("http://METADATA/x"), true));
        assert!(!url_allowed(&url("http://[fe80::1]/x"), true));
        assert!(url_allowed(&url("http://example.com/x"), false));
    }
}
