//! How a failed command tells its caller: `error: <code>: <message>` and `hint: …` lines on
//! stderr for people, or with `--json` one object `{"error":{"code","message","hint"}}` on
//! stderr for scripts (a failed upload adds what to run next: `again`, or `asset_id` and
//! `follow`). The exit status is the same either way.

use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{CliError, output};
use crate::format;

/// The `--json` shape of an error.
#[derive(Debug, Serialize)]
struct ErrorReport<'a> {
    error: ErrorFields<'a>,
}

#[derive(Debug, Serialize)]
struct ErrorFields<'a> {
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

impl CliError {
    /// Code, message and hint (if one says more than the message).
    fn parts(&self) -> (&str, String, Option<&'static str>) {
        match self {
            Self::Api(e) => (e.code(), e.message(), Some(e.hint()).filter(|h| !h.is_empty())),
            Self::Referenced(e) => (
                e.code(),
                e.message(),
                Some("Indexed assets reference it: run again with --force to delete them too."),
            ),
            Self::AssetFailed(m) => (
                "asset_failed",
                m.clone(),
                Some("Check the file plays locally; re-encode it and upload again."),
            ),
            Self::Usage(m) => (
                "usage_error",
                m.clone(),
                Some("Run the command with --help for what it accepts."),
            ),
            Self::Other(m) => ("local_error", m.clone(), None),
            Self::NoTranscript(m) => ("resource_not_exist", m.clone(), None),
            Self::OutputClosed => ("output_closed", String::new(), None),
            Self::Interrupted => ("interrupted", "interrupted".to_string(), None),
            Self::Unfinished { error, .. } => error.parts(),
        }
    }

    /// What to print on stderr for people: `error: <code>: <message>` and a hint line. Usage
    /// and local errors name no code (the message is the whole story).
    pub fn report(&self) -> String {
        if let Self::Unfinished { error, next } = self {
            return format!("{}\n{}", error.report(), next.text());
        }
        let (code, message, hint) = self.parts();
        let mut text = match self {
            Self::Usage(_) | Self::Other(_) | Self::Interrupted => format!("error: {message}"),
            _ => format!("error: {code}: {message}"),
        };
        if let (Some(hint), Self::Api(_) | Self::Referenced(_) | Self::AssetFailed(_)) = (hint, self) {
            text.push_str(&format!("\nhint: {hint}"));
        }
        text
    }

    /// The `--json` form: one line of JSON.
    pub fn json_report(&self) -> String {
        let (code, message, hint) = self.parts();
        let report = ErrorReport {
            error: ErrorFields {
                code,
                message: &message,
                hint,
            },
        };
        let fallback = || format!("{{\"error\":{{\"code\":\"{code}\"}}}}");
        let Self::Unfinished { next, .. } = self else {
            return serde_json::to_string(&report).unwrap_or_else(|_| fallback());
        };
        // The next step's fields join the error object.
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        if let Some(fields) = value.get_mut("error").and_then(serde_json::Value::as_object_mut) {
            next.json_fields(fields);
        }
        serde_json::to_string(&value).unwrap_or_else(|_| fallback())
    }
}

/// Tells the caller about a failed command (JSON with `json`) and returns its exit status. A
/// reader that closed the output, or an interruption, is told nothing: it already knows.
pub fn fail(e: &CliError, json: bool) -> ExitCode {
    match e {
        CliError::OutputClosed => {}
        // The terminal shows `^C`; the shell's prompt goes on the next line, as after a signal.
        CliError::Interrupted => output::end_line_on_terminal(),
        _ if json => output::json_line(&e.json_report()),
        _ => output::note(e.report()),
    }
    e.exit_code()
}

/// Handles a command line clap refused: help and version are printed as asked (exit 0); a
/// mistake is reported like any usage error (exit 2), as JSON when `--json` was among the
/// arguments.
pub fn parse_error(e: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if json && !shown {
        // The error without clap's usage and `--help` lines that follow the first blank line.
        let text = e.render().to_string();
        let first = text.split("\n\n").next().unwrap_or_default();
        let message = first
            .trim_start_matches("error: ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return fail(&CliError::Usage(format::printable(&message).into_owned()), true);
    }
    // Help on a closed pipe (`tl-assets --help | head -1`) is not a failure either.
    let _ = e.print();
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;

    #[test]
    fn json_report_has_code_message_and_hint() {
        let e = CliError::Api(ApiError::from_response(
            404,
            None,
            r#"{"code":"resource_not_exist","message":"no such asset"}"#,
        ));
        let v: serde_json::Value = serde_json::from_str(&e.json_report()).expect("json");
        assert_eq!(v["error"]["code"], "resource_not_exist");
        assert_eq!(v["error"]["message"], "no such asset");
        assert!(v["error"]["hint"].is_string(), "{v}");
        let v: serde_json::Value =
            serde_json::from_str(&CliError::Usage("bad".into()).json_report()).expect("json");
        assert_eq!(v["error"]["code"], "usage_error");
    }

    #[test]
    fn people_get_code_message_and_hint_lines() {
        let e = CliError::Api(ApiError::from_response(
            404,
            None,
            r#"{"code":"resource_not_exist","message":"gone"}"#,
        ));
        let text = e.report();
        assert!(
            text.starts_with("error: resource_not_exist: gone\nhint: "),
            "{text}"
        );
        assert_eq!(CliError::Usage("no".into()).report(), "error: no");
    }
}
