//! Identifiers, unguessable tokens and timestamps in the wire formats of the contract.

use rand::Rng;

/// A new 24-lowercase-hex id, shaped like the ids the service mints.
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill(&mut bytes);
    hex::encode(bytes)
}

/// A new 128-bit random token, used in URLs that need no API key (signed-URL stand-ins).
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes);
    hex::encode(bytes)
}

/// True when `s` looks like an id or token this platform mints (lowercase hex only), which also
/// makes it safe to use as a file name.
pub(crate) fn is_hex_name(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// An RFC 3339 UTC timestamp with whole seconds (`2026-08-01T09:14:27Z`), as docs/contract.md §15.7 decides.
pub(crate) fn rfc3339(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => "1970-01-01T00:00:00Z".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_24_hex() {
        let id = new_id();
        assert!(is_hex_name(&id, 24), "{id}");
        assert_ne!(id, new_id());
        assert!(is_hex_name(&new_token(), 32));
        assert!(!is_hex_name("../../etc/passwd0000000", 24));
    }

    #[test]
    fn timestamps_have_whole_seconds() {
        assert_eq!(rfc3339(1_785_575_667_123), "2026-08-01T09:14:27Z");
    }
}
