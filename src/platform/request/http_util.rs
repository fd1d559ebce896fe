//! Small request helpers shared by the routes: query pairs, paging, sorting, bounded JSON bodies.
//!
//! Paging answers in one of two ways. A list filtered in memory answers through
//! [`Paging::respond`]. A list paged by SQL (`GET /assets`, `GET /assets/{id}/indexed-assets`,
//! `GET /assets/multipart-uploads`) loads only the page, using [`Paging::sql`], and builds its `Page`
//! itself with [`Paging::info`] for the `page_info`.

use axum::Json;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::types::{Page, PageInfo};
use crate::platform::error::ErrorAnswer;
use crate::platform::limits::Limits;

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
pub(crate) fn parse_bool(name: &str, value: Option<&str>) -> Result<bool, ErrorAnswer> {
    parse_bool_or(name, value, false)
}

/// As [`parse_bool`], with `default` for an absent or empty value.
pub(crate) fn parse_bool_or(name: &str, value: Option<&str>, default: bool) -> Result<bool, ErrorAnswer> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
        Some(_) => Err(ErrorAnswer::param_invalid(name)),
    }
}

/// A requested page: 1-based number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    /// Any page number may be asked for; one past the end (even past 2^32) is an empty page.
    pub page: u64,
    pub limit: u32,
}

/// Offsets are capped here so `OFFSET` arithmetic never overflows; no list gets this long.
const MAX_OFFSET: i64 = i64::MAX / 4;

impl Paging {
    /// Reads `page` (default 1) and `page_limit` (default 10, at most `max_page_limit`). A page
    /// number too big for 64 bits is still only "past the end".
    pub fn from_pairs(pairs: &[(String, String)], limits: &Limits) -> Result<Self, ErrorAnswer> {
        let page = match query_one(pairs, "page").map(str::trim) {
            None => 1,
            Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => match v.parse::<u64>() {
                Ok(0) => return Err(ErrorAnswer::param_invalid("page")),
                Ok(p) => p,
                Err(_) => u64::MAX,
            },
            Some(_) => return Err(ErrorAnswer::param_invalid("page")),
        };
        let limit = match query_one(pairs, "page_limit") {
            None => 10,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=limits.max_page_limit).contains(l))
                .ok_or_else(|| {
                    ErrorAnswer::bad_request(
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

    /// SQL `LIMIT`, `OFFSET` (the offset capped far past any real list).
    pub fn sql(&self) -> (i64, i64) {
        let offset = (self.page - 1).saturating_mul(u64::from(self.limit));
        (
            i64::from(self.limit),
            i64::try_from(offset).unwrap_or(MAX_OFFSET).min(MAX_OFFSET),
        )
    }

    /// This page of `items` (already filtered and in order) and their total.
    pub fn slice<T>(&self, items: Vec<T>) -> (Vec<T>, u64) {
        let total = items.len() as u64;
        let (limit, offset) = self.sql();
        let page = items
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(0))
            .collect();
        (page, total)
    }

    /// The answer of a list route: this page of `items` (already filtered and in order), each
    /// turned into its wire form by `to_wire` (only the page's: a list may hold thousands), with
    /// the `page_info` of them all.
    pub fn respond<T, W: Serialize>(&self, items: Vec<T>, to_wire: impl FnMut(T) -> W) -> Response {
        let (page, total) = self.slice(items);
        Json(Page {
            data: page.into_iter().map(to_wire).collect::<Vec<W>>(),
            page_info: self.info(total),
        })
        .into_response()
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

/// A list order: `sort_by` (one of the route's fields, first is the default) and `sort_option`
/// (`desc` by default, or `asc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sort {
    pub by: &'static str,
    pub descending: bool,
}

impl Sort {
    /// Reads `sort_by` (one of `fields`) and `sort_option`. An empty `sort_by=` names no field of
    /// the enum, so it is refused like any other value outside it; only an absent one defaults.
    pub fn from_pairs(pairs: &[(String, String)], fields: &[&'static str]) -> Result<Self, ErrorAnswer> {
        let by = match query_one(pairs, "sort_by").map(str::trim) {
            None => fields.first().copied().unwrap_or("created_at"),
            Some(v) => fields.iter().copied().find(|f| *f == v).ok_or_else(|| {
                ErrorAnswer::bad_request(
                    "parameter_invalid",
                    format!(
                        "The sort_by parameter is invalid. It must be one of: {}.",
                        fields.join(", ")
                    ),
                )
            })?,
        };
        let descending = match query_one(pairs, "sort_option").map(str::trim) {
            None | Some("") | Some("desc") => true,
            Some("asc") => false,
            Some(_) => {
                return Err(ErrorAnswer::bad_request(
                    "parameter_invalid",
                    "The sort_option parameter is invalid. It must be asc or desc.",
                ));
            }
        };
        Ok(Self { by, descending })
    }

    /// Puts `items` in this order; `key` gives each item's value of the `sort_by` field, ties
    /// keep the newest first (or last, ascending).
    pub fn apply<T, K: Ord>(&self, items: &mut [T], key: impl Fn(&T, &str) -> K) {
        items.sort_by(|a, b| {
            let order = key(a, self.by).cmp(&key(b, self.by));
            if self.descending { order.reverse() } else { order }
        });
    }
}

/// A case-insensitive substring match, the way the list filters match names.
pub(crate) fn contains_folded(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Reads a JSON body of at most `max` bytes into `T`; malformed JSON is `parameter_invalid`.
pub(crate) async fn json_body<T: DeserializeOwned>(body: Body, max: usize) -> Result<T, ErrorAnswer> {
    json_from(&body_bytes(body, max).await?)
}

/// The bytes of a body of at most `max` bytes (for a body read twice: as a value, and its
/// metadata on its JSON text).
pub(crate) async fn body_bytes(body: Body, max: usize) -> Result<axum::body::Bytes, ErrorAnswer> {
    axum::body::to_bytes(body, max).await.map_err(|_| {
        ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("The request body is larger than {max} bytes or unreadable."),
        )
    })
}

/// `bytes` read as JSON into `T`; malformed JSON is `parameter_invalid`.
pub(crate) fn json_from<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ErrorAnswer> {
    serde_json::from_slice(bytes).map_err(|e| {
        ErrorAnswer::bad_request("parameter_invalid", format!("The request body is invalid: {e}."))
    })
}
