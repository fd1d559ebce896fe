//! Errors: [`PlatformError`] for starting and running the platform, [`ErrorAnswer`] for HTTP answers.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::api::types::ErrorBody;

/// Where the error codes are documented; sent as `docs_url` like the service does.
const DOCS_URL: &str = "https://docs.twelvelabs.io/v1.3/api-reference/error-codes";

/// Why the platform could not start or complete an operation outside an HTTP request.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// A file or socket operation failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The SQLite store failed.
    #[error("store error: {0}")]
    Store(#[from] rusqlite::Error),
    /// A setting (fault spec, rate limit, …) could not be understood.
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
    /// An operation through the platform's own routes failed (e.g. while seeding).
    #[error("request failed: {code}: {message}")]
    Request {
        /// The error code of the answer.
        code: String,
        /// The message of the answer.
        message: String,
    },
    /// A background task ended abnormally.
    #[error("background task failed: {0}")]
    Task(String),
}

/// An error answer: HTTP status plus the flat `{code, message, docs_url}` body of docs/contract.md §7.1.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorAnswer {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ErrorAnswer {
    /// Any error with a status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 with the given code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 400 `parameter_invalid` for one parameter, with the generic template.
    pub fn param_invalid(name: &str) -> Self {
        Self::bad_request("parameter_invalid", format!("The {name} parameter is invalid."))
    }

    /// 400 `parameter_not_provided` for one parameter, with the generic template.
    pub fn param_missing(name: &str) -> Self {
        Self::bad_request(
            "parameter_not_provided",
            format!("The {name} parameter is required but was not provided."),
        )
    }

    /// 404 `resource_not_exist` (docs/contract.md §15.2).
    pub fn not_found(id: &str, collection: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_exist",
            format!("Resource with id {id} does not exist in {collection}."),
        )
    }

    /// 500 with a generic message; the detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "An internal error occurred. Please try again later.",
        )
    }
}

impl ErrorAnswer {
    /// 507 `storage_full`: the data dir's disk has no room for what was sent. Not a fault that
    /// passes by itself, so it is not a 500 ("try again later") a client would retry; the
    /// message says what the operator must do.
    pub fn storage_full(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "the data dir's disk is full");
        Self::new(
            StatusCode::INSUFFICIENT_STORAGE,
            "storage_full",
            "The disk of the platform's data directory is full: nothing was stored. Free space on \
             it (or start the platform with another --data-dir), then send again.",
        )
    }
}

impl From<rusqlite::Error> for ErrorAnswer {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Self::storage_full(e),
            _ => Self::internal(e),
        }
    }
}

impl From<std::io::Error> for ErrorAnswer {
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Self::storage_full(e),
            _ => Self::internal(e),
        }
    }
}

impl IntoResponse for ErrorAnswer {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_string(),
            message: self.message,
            docs_url: Some(DOCS_URL.to_string()),
        };
        (self.status, axum::Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way a full disk reaches the platform (a write, a quota, SQLite) gets the one answer.
    #[test]
    fn a_full_disk_is_storage_full_not_internal() {
        for kind in [std::io::ErrorKind::StorageFull, std::io::ErrorKind::QuotaExceeded] {
            let e = ErrorAnswer::from(std::io::Error::from(kind));
            assert_eq!(
                (e.status, e.code),
                (StatusCode::INSUFFICIENT_STORAGE, "storage_full")
            );
        }
        let full =
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
        assert_eq!(ErrorAnswer::from(full).code, "storage_full");
        let other = ErrorAnswer::from(std::io::Error::other("boom"));
        assert_eq!(other.code, "internal_error");
    }
}
