//! The URLs of served files (thumbnail, HLS, the uploaded original), made like presigned URLs:
//! each names one scope of one asset and an expiry, signed with the data dir's key. Their path is
//! `/_files/{grant}/{rest}` with `grant` = `{file token}-{expiry, epoch seconds}-{signature}`;
//! the signature covers the token, the scope and the expiry, so a thumbnail's URL does not open
//! the original, and an old URL stops working (403). The grant sits in the path, not the query,
//! so the segments an HLS playlist names relative to it carry it too (they share its `hls/`
//! scope). A client with an expired URL reads the asset again for a fresh one.

use std::time::Duration;

use ring::hmac;

/// Which files one URL opens, from the path after the grant: the thumbnail, the HLS directory
/// (playlist and segments), or the original.
fn scope_of(rest: &str) -> Option<&'static str> {
    if rest == "thumbnail.jpg" {
        Some("thumbnail")
    } else if rest.starts_with("hls/") {
        Some("hls")
    } else if rest == "original" || rest.starts_with("original/") {
        Some("original")
    } else {
        None
    }
}

/// Why a served-file path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a URL this platform made (or made for another scope): answered like a missing file.
    Unknown,
    /// A URL this platform made, past its expiry.
    Expired,
}

/// Makes and checks served-file URLs.
pub(crate) struct FileUrls {
    origin: String,
    key: hmac::Key,
    ttl: Duration,
}

impl FileUrls {
    /// URLs under `origin`, signed with `secret`, living at least `ttl`.
    pub fn new(origin: String, secret: &[u8], ttl: Duration) -> Self {
        Self {
            origin,
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            ttl,
        }
    }

    fn signed(token: &str, scope: &str, expires: u64) -> String {
        format!("{token}\n{scope}\n{expires}")
    }

    /// The URL of `rest` (`thumbnail.jpg`, `hls/index.m3u8`, `original`) of the asset whose
    /// file token is `token`, as of `now_ms`. The expiry is rounded up to a quarter of the life,
    /// so answers read moments apart hand out the same URL (a cache keyed by URL keeps working),
    /// and every URL lives at least `ttl`.
    pub fn url(&self, token: &str, rest: &str, now_ms: i64) -> String {
        let scope = scope_of(rest).unwrap_or("none");
        let ttl_ms = u64::try_from(self.ttl.as_millis()).unwrap_or(u64::MAX);
        let step = (self.ttl.as_secs() / 4).max(1);
        let mut expires = u64::try_from(now_ms).unwrap_or(0).saturating_add(ttl_ms) / 1000;
        if ttl_ms > 0 {
            expires = expires.div_ceil(step).saturating_mul(step);
        }
        let tag = hmac::sign(&self.key, Self::signed(token, scope, expires).as_bytes());
        let sig = hex::encode(tag.as_ref());
        format!("{}/_files/{token}-{expires}-{sig}/{rest}", self.origin)
    }

    /// Checks the grant of a served-file path for `rest` as of `now_ms`; the file token it
    /// names when it holds.
    pub fn check<'a>(&self, grant: &'a str, rest: &str, now_ms: i64) -> Result<&'a str, Refusal> {
        let mut parts = grant.splitn(3, '-');
        let (Some(token), Some(expires), Some(sig), Some(scope)) =
            (parts.next(), parts.next(), parts.next(), scope_of(rest))
        else {
            return Err(Refusal::Unknown);
        };
        let expires: u64 = expires.parse().map_err(|_| Refusal::Unknown)?;
        let sig = hex::decode(sig).map_err(|_| Refusal::Unknown)?;
        // Verified in constant time: the signature is the credential.
        hmac::verify(&self.key, Self::signed(token, scope, expires).as_bytes(), &sig)
            .map_err(|_| Refusal::Unknown)?;
        if u64::try_from(now_ms).unwrap_or(0) >= expires.saturating_mul(1000) {
            return Err(Refusal::Expired);
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(ttl: u64) -> FileUrls {
        FileUrls::new("http://h".into(), b"secret", Duration::from_secs(ttl))
    }

    fn grant(url: &str) -> &str {
        url.split('/').nth(4).unwrap()
    }

    #[test]
    fn a_url_opens_its_scope_until_it_expires() {
        let u = urls(3600);
        let now = 1_785_575_667_000;
        let thumb = u.url("t0k", "thumbnail.jpg", now);
        let g = grant(&thumb);
        assert_eq!(u.check(g, "thumbnail.jpg", now), Ok("t0k"));
        assert_eq!(u.check(g, "original", now), Err(Refusal::Unknown));
        assert_eq!(u.check(g, "hls/index.m3u8", now), Err(Refusal::Unknown));
        assert_eq!(
            u.check(g, "thumbnail.jpg", now + 3_600_000),
            Ok("t0k"),
            "at least the life"
        );
        assert_eq!(
            u.check(g, "thumbnail.jpg", now + 4_600_000),
            Err(Refusal::Expired)
        );
        let hls = u.url("t0k", "hls/index.m3u8", now);
        assert_eq!(u.check(grant(&hls), "hls/segment001.ts", now), Ok("t0k"));
        assert_eq!(
            u.url("t0k", "thumbnail.jpg", now + 1000),
            thumb,
            "stable within a step"
        );
        let other = FileUrls::new("http://h".into(), b"other", Duration::from_secs(3600));
        assert_eq!(other.check(g, "thumbnail.jpg", now), Err(Refusal::Unknown));
        let forged = g.replacen(&g[4..14], "9999999999", 1);
        assert_eq!(u.check(&forged, "thumbnail.jpg", now), Err(Refusal::Unknown));
        assert_eq!(
            urls(0).check(grant(&urls(0).url("t", "original", now)), "original", now),
            Err(Refusal::Expired)
        );
    }
}
