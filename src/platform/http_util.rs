//! Small request helpers shared by the routes: query pairs, paging, bounded JSON bodies.

use axum::body::Body;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::limits::Limits;
use crate::api::types::PageInfo;

/// The query string as `(key, value)` pairs, repeated keys kept (`?asset_ids=a&asset_ids=b`).
pub(crate) fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
}

/// The last value of `key`, if any.
pub(crate) fn query_one<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A boolean form or query value (`true`/`false`, as the SDKs send).
pub(crate) fn parse_bool(name: &str, value: Option<&str>) -> Result<bool, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
        Some(_) => Err(ApiError::param_invalid(name)),
    }
}

/// A requested page: 1-based number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    pub page: u32,
    pub limit: u32,
}

impl Paging {
    /// Reads `page` (default 1) and `page_limit` (default 10, at most `max_page_limit`).
    pub fn from_pairs(pairs: &[(String, String)], limits: &Limits) -> Result<Self, ApiError> {
        let page = match query_one(pairs, "page") {
            None => 1,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| ApiError::param_invalid("page"))?,
        };
        let limit = match query_one(pairs, "page_limit") {
            None => 10,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=limits.max_page_limit).contains(l))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "parameter_invalid",
                        format!(
                            "The page_limit parameter is invalid. It must be between 1 and {}.",
                            limits.max_page_limit
                        ),
                    )
                })?,
        };
        Ok(Self { page, limit })
    }

    /// SQL `LIMIT`, `OFFSET`.
    pub fn sql(&self) -> (i64, i64) {
        (
            i64::from(self.limit),
            (i64::from(self.page) - 1) * i64::from(self.limit),
        )
    }

    /// The `page_info` for `total` results; a page past the end keeps the requested number.
    pub fn info(&self, total: u64) -> PageInfo {
        let total_page = total.div_ceil(u64::from(self.limit)).min(u64::from(u32::MAX)) as u32;
        PageInfo {
            limit_per_page: self.limit,
            page: self.page,
            total_page,
            total_results: total,
        }
    }
}

/// Reads a JSON body of at most `max` bytes into `T`; malformed JSON is `parameter_invalid`.
pub(crate) async fn json_body<T: DeserializeOwned>(body: Body, max: usize) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(body, max).await.map_err(|_| {
        ApiError::bad_request(
            "parameter_invalid",
            format!("The request body is larger than {max} bytes or unreadable."),
        )
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request("parameter_invalid", format!("The request body is invalid: {e}.")))
}
