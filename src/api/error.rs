//! The client's one error type: what went wrong, in a form a caller can match on.

use std::time::Duration;

use super::types::ErrorBody;

/// An error from a call to the Assets API.
///
/// Every HTTP error keeps the status, the service's `code` and `message`, so screens and scripts
/// can show all three; the variants separate the cases a caller must treat differently.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404 (or 400 on a retrieve): the asset or upload does not exist.
    #[error("{code}: {message}")]
    NotFound {
        status: u16,
        code: String,
        message: String,
    },
    /// 409: the asset is referenced by indexed assets; delete again with `force` to override.
    #[error("{code}: {message}")]
    Conflict { code: String, message: String },
    /// 429: rate limited; `retry_after` is the server's hint when it gave one.
    #[error("{code}: {message}")]
    RateLimited {
        code: String,
        message: String,
        retry_after: Option<Duration>,
    },
    /// 401/403: the API key is missing, invalid or not allowed.
    #[error("{code}: {message}")]
    Unauthorized {
        status: u16,
        code: String,
        message: String,
    },
    /// Any other HTTP error (400 validation, 5xx …) with the service's code and message.
    #[error("{code}: {message}")]
    Http {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<Duration>,
    },
    /// The request never got an HTTP answer: connect error, timeout, dropped connection.
    #[error("transport: {message}")]
    Transport {
        message: String,
        /// True when the request provably never reached the server (connect failed), so even a
        /// non-idempotent call may be retried.
        not_sent: bool,
    },
    /// The server answered 2xx but the body was not what the contract says.
    #[error("unexpected response: {0}")]
    Decode(String),
    /// The local file cannot be uploaded: missing, unreadable, empty, not a regular file, of a
    /// type the service does not take, or over a size limit. Nothing reached the service.
    #[error("{0}")]
    LocalFile(String),
    /// An argument is not valid before anything is sent: an id, a media URL, metadata, a URL
    /// where a file is needed.
    #[error("{0}")]
    InvalidInput(String),
    /// A setting is not usable: the base URL is not an http(s) URL.
    #[error("{0}")]
    InvalidSetting(String),
    /// The HTTP client could not be built (TLS backend, system certificates).
    #[error("cannot build HTTP client: {0}")]
    ClientBuild(String),
    /// The storage's ETag for a multipart chunk is not the MD5 of the bytes read: the bytes
    /// changed on the way. About this one upload, not about the connection.
    #[error("chunk at offset {offset}: ETag {etag} does not match the bytes read ({ours})")]
    EtagMismatch { offset: u64, etag: String, ours: String },
    /// The asset was still processing when the wait for it ran out; it may still finish.
    #[error("{0}")]
    TimedOut(String),
    /// A background task of the client failed (panicked or was dropped).
    #[error("{0}")]
    Internal(String),
    /// The operation was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
}

impl ApiError {
    /// Builds the error for a non-2xx answer from its status, headers and body text.
    ///
    /// Accepts the flat envelope `{code, message}`, the nested `{error: {code, message}}`, and
    /// bodies that are empty or not JSON at all (then the code is derived from the status).
    pub fn from_response(status: u16, retry_after: Option<Duration>, body: &str) -> Self {
        let parsed = parse_error_body(body);
        let api_shaped = parsed.is_some();
        let (code, message) = parsed
            .map(|(code, message)| (printable(&code, 64), printable(&message, MAX_MESSAGE_CHARS)))
            .unwrap_or_default();
        // A missing, blank or unprintable code or message gets one derived from the status.
        let code = if code.is_empty() && status == 404 && !api_shaped {
            // The API names what it did not find; a bare 404 is another server at the base URL.
            NOT_THE_API.to_string()
        } else if code.is_empty() {
            default_code(status).to_string()
        } else {
            code
        };
        let message = if message.is_empty() {
            fallback_message(status, body)
        } else {
            message
        };
        match status {
            404 => Self::NotFound {
                status,
                code,
                message,
            },
            409 => Self::Conflict { code, message },
            429 => Self::RateLimited {
                code,
                message,
                retry_after,
            },
            401 | 403 => Self::Unauthorized {
                status,
                code,
                message,
            },
            _ => Self::Http {
                status,
                code,
                message,
                retry_after,
            },
        }
    }

    /// HTTP status, when the error came from an HTTP answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::NotFound { status, .. } | Self::Unauthorized { status, .. } | Self::Http { status, .. } => {
                Some(*status)
            }
            Self::Conflict { .. } => Some(409),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The service's error code (`parameter_invalid`, …), or a local one for non-HTTP errors.
    pub fn code(&self) -> &str {
        match self {
            Self::NotFound { code, .. }
            | Self::Conflict { code, .. }
            | Self::RateLimited { code, .. }
            | Self::Unauthorized { code, .. }
            | Self::Http { code, .. } => code,
            Self::Transport { .. } => "connection_failed",
            Self::Decode(_) => "unexpected_response",
            Self::LocalFile(_) => "local_file",
            Self::InvalidInput(_) => "invalid_input",
            Self::InvalidSetting(_) => "invalid_setting",
            Self::ClientBuild(_) => "client_build_failed",
            Self::EtagMismatch { .. } => "etag_mismatch",
            Self::TimedOut(_) => "timed_out",
            Self::Internal(_) => "task_failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// The human-readable message without the code.
    pub fn message(&self) -> String {
        match self {
            Self::NotFound { message, .. }
            | Self::Conflict { message, .. }
            | Self::RateLimited { message, .. }
            | Self::Unauthorized { message, .. }
            | Self::Http { message, .. }
            | Self::Transport { message, .. } => message.clone(),
            Self::Decode(m)
            | Self::LocalFile(m)
            | Self::InvalidInput(m)
            | Self::InvalidSetting(m)
            | Self::TimedOut(m)
            | Self::Internal(m) => m.clone(),
            Self::ClientBuild(_) | Self::EtagMismatch { .. } | Self::Cancelled => self.to_string(),
        }
    }

    /// The server's `Retry-After`, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True when the error is about reaching the service at all (no HTTP answer came back), the
    /// one kind of error that says the connection is lost.
    pub fn is_connection_lost(&self) -> bool {
        matches!(self, Self::Transport { .. })
    }

    /// True when running the same command again cannot help: the input, a setting or the
    /// local file must change first (or the asset is still processing on its own).
    pub fn needs_a_change_first(&self) -> bool {
        matches!(
            self,
            Self::LocalFile(_)
                | Self::InvalidInput(_)
                | Self::InvalidSetting(_)
                | Self::ClientBuild(_)
                | Self::TimedOut(_)
                | Self::Internal(_)
                | Self::Unauthorized { .. }
        )
    }

    /// One line telling the user what to do about this error.
    pub fn hint(&self) -> &'static str {
        super::hints::hint_for(self.code(), self.status())
    }

    /// True for errors worth retrying on an idempotent call: transport failures, a chunk whose
    /// bytes changed on the way, 408, 429, 5xx.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::EtagMismatch { .. } | Self::RateLimited { .. } => true,
            // 507: the server's disk is full. That does not pass in seconds, and a retried
            // upload would only fill it again; the caller says so at once instead.
            Self::Http { status, .. } => *status == 408 || (*status >= 500 && *status != 507),
            _ => false,
        }
    }
}

/// The code of a 404 without the API's error body: the base URL does not lead to the API.
pub const NOT_THE_API: &str = "not_the_api";

/// Reads `{code, message}` or `{error: {code, message}}` from a body.
fn parse_error_body(body: &str) -> Option<(String, String)> {
    if let Ok(flat) = serde_json::from_str::<ErrorBody>(body) {
        return Some((flat.code, flat.message));
    }
    #[derive(serde::Deserialize)]
    struct Nested {
        error: ErrorBody,
    }
    serde_json::from_str::<Nested>(body)
        .ok()
        .map(|n| (n.error.code, n.error.message))
}

fn default_code(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "api_key_invalid",
        403 => "forbidden",
        404 => "resource_not_exist",
        408 => "request_timeout",
        409 => "conflict",
        429 => "too_many_requests",
        500..=599 => "server_error",
        _ => "http_error",
    }
}

/// The longest server message handed on (the rest is cut with an ellipsis).
const MAX_MESSAGE_CHARS: usize = 1000;

/// Server text made safe to print on a terminal: control characters (escape sequences, bells,
/// carriage returns) become spaces, runs of blanks shrink to one, and the length is bounded.
fn printable(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in text.chars().map(|c| if c.is_control() { ' ' } else { c }) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if count == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    out.trim_end().to_string()
}

/// A message for a body that carried none: the status reason plus a short, safe excerpt.
fn fallback_message(status: u16, body: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    let text = body.trim();
    if text.is_empty() {
        return format!("HTTP {status} {reason} (empty body)");
    }
    let excerpt: String = text.chars().filter(|c| !c.is_control()).take(120).collect();
    format!("HTTP {status} {reason}: {excerpt}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_nested_envelopes() {
        let e = ApiError::from_response(400, None, r#"{"code":"parameter_invalid","message":"bad"}"#);
        assert_eq!((e.code(), e.message().as_str()), ("parameter_invalid", "bad"));
        let e = ApiError::from_response(400, None, r#"{"error":{"code":"x","message":"y"}}"#);
        assert_eq!((e.code(), e.message().as_str()), ("x", "y"));
    }

    #[test]
    fn empty_and_html_bodies_get_status_codes() {
        let e = ApiError::from_response(429, Some(Duration::from_secs(3)), "");
        assert!(matches!(e, ApiError::RateLimited { .. }));
        assert_eq!(e.code(), "too_many_requests");
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        let e = ApiError::from_response(502, None, "<html><body>Bad gateway</body></html>");
        assert_eq!(e.code(), "server_error");
        assert!(e.message().contains("502"));
        assert!(e.is_transient());
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        let e = ApiError::from_response(
            400,
            None,
            "{\"code\":\"x\\u001b[2J\",\"message\":\"a\\u001b]52;c;ZQ==\\u0007\\r\\nb\"}",
        );
        assert_eq!((e.code(), e.message().as_str()), ("x [2J", "a ]52;c;ZQ== b"));
        let e = ApiError::from_response(400, None, r#"{"code":" ","message":""}"#);
        assert_eq!(e.code(), "bad_request");
        assert!(e.message().contains("400"), "{e}");
        let long = format!(r#"{{"code":"c","message":"{}"}}"#, "m".repeat(5000));
        assert_eq!(
            ApiError::from_response(400, None, &long)
                .message()
                .chars()
                .count(),
            1001
        );
    }

    #[test]
    fn conflict_is_not_transient() {
        let e = ApiError::from_response(409, None, r#"{"code":"asset_referenced","message":"m"}"#);
        assert!(matches!(e, ApiError::Conflict { .. }));
        assert!(!e.is_transient());
    }

    /// Each local variant has its own code and hint, and only a transport failure says the
    /// connection is lost.
    #[test]
    fn local_errors_say_what_happened() {
        let errors = [
            ApiError::LocalFile("a.mp4: no such file".into()),
            ApiError::InvalidInput("invalid id".into()),
            ApiError::InvalidSetting("base URL must be http or https".into()),
            ApiError::ClientBuild("no TLS backend".into()),
            ApiError::EtagMismatch {
                offset: 0,
                etag: "a".into(),
                ours: "b".into(),
            },
            ApiError::TimedOut("still processing".into()),
            ApiError::Internal("task failed".into()),
        ];
        let fallback = crate::api::hints::hint_for("no_such_code", None);
        let mut hints = std::collections::HashSet::new();
        for e in &errors {
            assert_ne!(e.hint(), fallback, "{e:?}");
            assert!(hints.insert(e.hint()), "{e:?} shares a hint");
            assert!(!e.is_connection_lost(), "{e:?}");
            assert!(e.status().is_none());
        }
        assert_eq!(errors[3].message(), "cannot build HTTP client: no TLS backend");
        assert!(errors[4].is_transient(), "a changed chunk is sent again");
        assert!(!errors[4].needs_a_change_first());
        assert!(
            ApiError::Transport {
                message: "refused".into(),
                not_sent: true
            }
            .is_connection_lost()
        );
    }
}
