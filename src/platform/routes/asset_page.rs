//! The answer of `GET /assets`, written without parsing any user metadata: each asset's detail
//! is serialised without it and the stored JSON text is put in as it is. A page whose metadata
//! is all short is written at once; one with long metadata (up to 1 MiB per asset, 50 assets a
//! page) is streamed, each long text read when its asset is written, so a page costs memory for
//! about one asset at a time instead of ~10× the page's size in JSON trees.

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api::types::PageInfo;
use crate::platform::error::ErrorAnswer;
use crate::platform::file_urls::FileUrls;
use crate::platform::state::Shared;
use crate::platform::store::asset_query::{self, ListedAsset, MetaText};
use crate::platform::store::rows::asset_row::AssetRow;

/// The page as a JSON answer: written whole when every metadata text is at hand, else streamed.
pub(crate) fn answer(
    state: Shared,
    listed: Vec<ListedAsset>,
    info: PageInfo,
) -> Result<Response, ErrorAnswer> {
    let tail = page_tail(&info)?;
    let body = if listed.iter().any(|l| matches!(l.meta, MetaText::Deferred)) {
        let pieces = Pieces {
            state,
            listed: listed.into_iter(),
            first: true,
            tail: Some(tail),
        };
        Body::from_stream(futures_util::stream::unfold(pieces, |mut p| async move {
            p.next().await.map(|piece| (piece, p))
        }))
    } else {
        let mut out = b"{\"data\":[".to_vec();
        for (i, l) in listed.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let text = match &l.meta {
                MetaText::Inline(t) => Some(t.as_str()),
                _ => None,
            };
            write_asset(&mut out, &l.row, text, &state.file_urls).map_err(ErrorAnswer::internal)?;
        }
        out.extend_from_slice(&tail);
        Body::from(out)
    };
    let mut resp = (StatusCode::OK, body).into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(resp)
}

/// `],"page_info":{…}}`.
fn page_tail(info: &PageInfo) -> Result<Vec<u8>, ErrorAnswer> {
    let mut tail = b"],\"page_info\":".to_vec();
    serde_json::to_writer(&mut tail, info).map_err(ErrorAnswer::internal)?;
    tail.push(b'}');
    Ok(tail)
}

/// Appends the detail of `row` with `meta` (stored JSON text) as its `user_metadata`. Text that
/// is not a non-empty JSON object is left out, as reading it into a row would.
fn write_asset(
    out: &mut Vec<u8>,
    row: &AssetRow,
    meta: Option<&str>,
    files: &FileUrls,
) -> serde_json::Result<()> {
    let start = out.len();
    serde_json::to_writer(&mut *out, &row.to_detail(files))?;
    if let Some(text) = meta.filter(|t| is_filled_object(t))
        && out.last() == Some(&b'}')
    {
        // The detail is an object with members (`_id` at least): reopen it for one more.
        out.pop();
        if out.len() > start + 1 {
            out.push(b',');
        }
        out.extend_from_slice(b"\"user_metadata\":");
        out.extend_from_slice(text.as_bytes());
        out.push(b'}');
    }
    Ok(())
}

/// A well-formed JSON object with at least one member; checked without building it.
fn is_filled_object(text: &str) -> bool {
    let inner = text.trim_start();
    inner.starts_with('{')
        && !inner[1..].trim_start().starts_with('}')
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// The streamed page: the head with the first asset, one asset a piece, then the tail.
struct Pieces {
    state: Shared,
    listed: std::vec::IntoIter<ListedAsset>,
    first: bool,
    tail: Option<Vec<u8>>,
}

impl Pieces {
    async fn next(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        let Some(l) = self.listed.next() else {
            let mut tail = self.tail.take()?;
            if self.first {
                self.first = false;
                tail.splice(0..0, b"{\"data\":[".iter().copied());
            }
            return Some(Ok(Bytes::from(tail)));
        };
        let text = match l.meta {
            MetaText::None => None,
            MetaText::Inline(t) => Some(t),
            MetaText::Deferred => {
                let id = l.row.id.clone();
                // A failure here cannot change the status any more: end the answer broken,
                // never silently without the asset's metadata.
                match self
                    .state
                    .store
                    .call(move |c| Ok(asset_query::meta_text(c, &id)?))
                    .await
                {
                    Ok(t) => t,
                    Err(e) => return Some(Err(std::io::Error::other(e.message))),
                }
            }
        };
        let mut out = Vec::with_capacity(1024 + text.as_ref().map_or(0, String::len));
        out.extend_from_slice(if self.first { b"{\"data\":[" } else { b"," });
        self.first = false;
        if let Err(e) = write_asset(&mut out, &l.row, text.as_deref(), &self.state.file_urls) {
            return Some(Err(std::io::Error::other(e)));
        }
        Some(Ok(Bytes::from(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_filled_objects_count_as_metadata() {
        assert!(is_filled_object(r#"{"a":1}"#));
        assert!(is_filled_object(r#" { "a" : [1, {"b": null}] }"#));
        for bad in ["{}", " { } ", "[1]", "\"s\"", "{\"a\":", "", "{\"a\":1} x"] {
            assert!(!is_filled_object(bad), "{bad:?}");
        }
    }
}
