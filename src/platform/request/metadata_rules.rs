//! The platform's rules for user-metadata values (docs/contract.md §16.4): a value is a string,
//! a finite number, a boolean, an array of strings, or `null`; objects, arrays holding anything
//! but strings, and integers outside ±(2^53−1) are refused with `parameter_invalid` naming the
//! key. Numbers are checked on their JSON text, before they become an `f64`, so a large integer
//! is refused rather than rounded. What `null`, `""` and `[]` mean depends on the call:
//! [`drop_empty`] for create and PUT, [`is_kept_empty`] for PATCH.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

use crate::api::types::UserMetadata;
use crate::platform::error::ErrorAnswer;

/// The largest integer a JSON number carries exactly (2^53 − 1).
pub(crate) const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

fn invalid(param: &str, why: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "parameter_invalid",
        format!("The {param} parameter is invalid. {why}"),
    )
}

/// Reads the metadata object given as JSON text under the parameter `param`, every value
/// checked; `null`, `""` and `[]` are kept for the caller's call to decide.
pub(crate) fn read(text: &str, param: &str) -> Result<UserMetadata, ErrorAnswer> {
    let not_object = || invalid(param, "It must be a JSON object.");
    if !text.trim_start().starts_with('{') {
        return Err(not_object());
    }
    let raw: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).map_err(|e| {
        invalid(
            param,
            &format!("It must be a JSON object of key/value pairs ({e})."),
        )
    })?;
    let mut out = UserMetadata::new();
    for (key, raw) in raw {
        let value = check_value(param, &key, raw.get())?;
        out.insert(key, value);
    }
    Ok(out)
}

/// The metadata object under `key` of a JSON body, when present and not `null`.
pub(crate) fn read_field(body: &[u8], key: &str) -> Result<Option<UserMetadata>, ErrorAnswer> {
    let fields: BTreeMap<String, Box<RawValue>> = serde_json::from_slice(body).map_err(|e| {
        ErrorAnswer::bad_request("parameter_invalid", format!("The request body is invalid: {e}."))
    })?;
    match fields.get(key).map(|r| r.get()) {
        None | Some("null") => Ok(None),
        Some(text) => read(text, key).map(Some),
    }
}

/// One value, from its JSON text.
fn check_value(param: &str, key: &str, text: &str) -> Result<Value, ErrorAnswer> {
    let key_shown = crate::format::printable(key);
    if let Some(digits) = out_of_range_integer(text) {
        return Err(invalid(
            param,
            &format!(
                "The value of key {key_shown} is an integer outside ±{MAX_SAFE_INTEGER}, which a JSON \
                 number cannot carry exactly. Send it as a string: \"{digits}\"."
            ),
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        invalid(
            param,
            &format!("The value of key {key_shown} is unreadable ({e})."),
        )
    })?;
    let why = match &value {
        Value::Null | Value::String(_) | Value::Bool(_) | Value::Number(_) => return Ok(value),
        Value::Object(_) => "an object is not allowed; send it as a JSON-encoded string".to_string(),
        Value::Array(items) => match items.iter().enumerate().find(|(_, v)| !v.is_string()) {
            None => return Ok(value),
            Some((i, item)) => format!(
                "item {i} of its array is {}; every item must be a string (send numbers and booleans as text)",
                kind(item)
            ),
        },
    };
    Err(invalid(
        param,
        &format!(
            "The value of key {key_shown} must be a string, a number, a boolean or an array of strings: {why}."
        ),
    ))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The literal, when `text` is a JSON integer literal beyond ±(2^53−1).
fn out_of_range_integer(text: &str) -> Option<&str> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let beyond = digits.len() > 16 || digits.parse::<u64>().map_or(true, |n| n > MAX_SAFE_INTEGER);
    beyond.then_some(t)
}

/// `null`, `""` and `[]`: what create and PUT leave out and PATCH does not store.
pub(crate) fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Create and PUT: `null`, `""` and `[]` keys are not stored.
pub(crate) fn drop_empty(m: UserMetadata) -> UserMetadata {
    m.into_iter().filter(|(_, v)| !is_empty_value(v)).collect()
}

/// PATCH: `""` and `[]` keep the old value (only `null` deletes).
pub(crate) fn is_kept_empty(v: &Value) -> bool {
    !v.is_null() && is_empty_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_checked_on_their_text() {
        assert_eq!(out_of_range_integer("9007199254740991"), None);
        assert_eq!(out_of_range_integer("-9007199254740991"), None);
        assert_eq!(out_of_range_integer("9007199254740992"), Some("9007199254740992"));
        assert_eq!(
            out_of_range_integer("-9007199254740993"),
            Some("-9007199254740993")
        );
        assert!(out_of_range_integer("123456789012345678901").is_some());
        assert_eq!(out_of_range_integer("1e20"), None);
        assert_eq!(out_of_range_integer("1.5"), None);
        assert_eq!(out_of_range_integer("\"123456789012345678901\""), None);
    }

    #[test]
    fn shapes_are_checked_and_order_kept() {
        let m = read(
            r#"{"tags":["b","a"],"n":1.5,"ok":true,"gone":null,"e":[]}"#,
            "user_metadata",
        )
        .expect("valid");
        assert_eq!(m["tags"], serde_json::json!(["b", "a"]));
        assert_eq!(drop_empty(m).len(), 3);
        for bad in [
            r#"{"o":{"a":1}}"#,
            r#"{"a":[1]}"#,
            r#"{"a":[["x"]]}"#,
            r#"{"a":["x",null]}"#,
            "[1]",
            "3",
        ] {
            let e = read(bad, "user_metadata").expect_err(bad);
            assert_eq!(e.code, "parameter_invalid", "{bad}");
        }
        let e = read(r#"{"big":9007199254740993}"#, "user_metadata").expect_err("big");
        assert!(
            e.message.contains("big") && e.message.contains("\"9007199254740993\""),
            "{}",
            e.message
        );
    }
}
