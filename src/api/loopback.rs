//! Whether a URL points at this machine: the one rule for "loopback", used to poll the local
//! platform faster, to skip ETag checks that loopback makes pointless, and to match saved
//! multipart sessions to a local platform whose port changes from run to run.

/// True when `url`'s host is `localhost` or a loopback address (127.0.0.0/8, `[::1]`).
pub fn is_loopback_url(url: &str) -> bool {
    reqwest::Url::parse(url).is_ok_and(|u| {
        u.host_str().is_some_and(|host| {
            host.eq_ignore_ascii_case("localhost")
                || host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::is_loopback_url;

    #[test]
    fn loopback_hosts() {
        for url in [
            "http://127.0.0.1:41093/v1.3",
            "http://127.1.2.3/v1.3",
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://[::1]:9000/v1.3",
        ] {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in [
            "https://api.twelvelabs.io/v1.3",
            "http://127.0.0.1.example.com/",
            "http://10.0.0.1/",
            "http://evil.example/?next=http://localhost",
            "not a url",
        ] {
            assert!(!is_loopback_url(url), "{url}");
        }
    }
}
