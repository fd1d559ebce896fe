//! Reading the fields of a JSON request body, each wrong shape answered with the parameter's
//! name and what it must be (the bodies of the index and entity calls).

use serde_json::{Map, Value};

use crate::platform::error::ErrorAnswer;
use crate::platform::media::intake::check_user_metadata;
use crate::platform::request::text_rules::check_text;

/// Longest index, collection or entity name, and longest description.
pub(crate) const MAX_NAME_CHARS: usize = 255;
const MAX_DESCRIPTION_CHARS: usize = 4096;

fn invalid(param: &str, why: &str) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "parameter_invalid",
        format!("The {param} parameter is invalid. {why}"),
    )
}

/// The body as an object.
pub(crate) fn object(v: &Value) -> Result<&Map<String, Value>, ErrorAnswer> {
    v.as_object().ok_or_else(|| {
        ErrorAnswer::bad_request(
            "parameter_invalid",
            "The request body is invalid: it must be a JSON object.",
        )
    })
}

/// A field present and not `null`.
fn present<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// A string field, when present. The schemas declare these fields `string`, never nullable: an
/// explicit `null` is a value of the wrong type, not an absent field.
fn text<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ErrorAnswer> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| invalid(key, "It must be a string.")),
    }
}

/// A name people give, required.
pub(crate) fn name(obj: &Map<String, Value>, key: &str) -> Result<String, ErrorAnswer> {
    optional_name(obj, key)?.ok_or_else(|| ErrorAnswer::param_missing(key))
}

/// A name people give, when present: a string of at most [`MAX_NAME_CHARS`] without control
/// characters, surrounding spaces dropped. Empty is accepted: the schemas set no minimum length.
pub(crate) fn optional_name(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ErrorAnswer> {
    let Some(s) = text(obj, key)? else {
        return Ok(None);
    };
    let s = s.trim();
    check_text(key, s, 0, MAX_NAME_CHARS)?;
    Ok(Some(s.to_string()))
}

/// A free-text description, when present.
pub(crate) fn description(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, ErrorAnswer> {
    let Some(s) = text(obj, key)? else {
        return Ok(None);
    };
    if s.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(invalid(
            key,
            &format!("It must be at most {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    Ok(Some(s.to_string()))
}

/// A boolean, when present.
pub(crate) fn boolean(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, ErrorAnswer> {
    present(obj, key)
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| invalid(key, "It must be true or false."))
        })
        .transpose()
}

/// An array of strings; `min` items at least (then required, else optional and `None` when
/// absent). Empty strings are refused: every item names something.
pub(crate) fn strings(
    obj: &Map<String, Value>,
    key: &str,
    min: usize,
) -> Result<Option<Vec<String>>, ErrorAnswer> {
    let Some(v) = present(obj, key) else {
        return if min > 0 {
            Err(ErrorAnswer::param_missing(key))
        } else {
            Ok(None)
        };
    };
    let items = v
        .as_array()
        .ok_or_else(|| invalid(key, "It must be an array of strings."))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => out.push(s.to_string()),
            _ => return Err(invalid(key, &format!("Item {i} must be a non-empty string."))),
        }
    }
    if out.len() < min {
        return Err(invalid(
            key,
            &format!(
                "It must hold at least {min} item{}.",
                if min == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(Some(out))
}

/// Flat key/value metadata (strings, numbers, booleans) under `key`, when present; `null`
/// values allowed only where they mean "remove this key".
pub(crate) fn metadata(
    obj: &Map<String, Value>,
    key: &str,
    allow_null: bool,
) -> Result<Option<Map<String, Value>>, ErrorAnswer> {
    let Some(v) = present(obj, key) else {
        return Ok(None);
    };
    check_user_metadata(v, allow_null)
        .map(Some)
        .map_err(|e| ErrorAnswer {
            message: e.message.replace("user_metadata", key),
            ..e
        })
}
