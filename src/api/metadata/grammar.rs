//! Reading user metadata typed by a person: `key=value` pairs (separated by commas where
//! several share one line). A value is, in this order:
//! - text in quotes, `"007"` or `'007'`: that text, whatever it holds (quotes force text);
//! - `[a, b]`: a list of strings, in order; an item is text up to the next comma, trimmed, or
//!   quoted (`["a, b", 'say "hi"']`) to hold commas, brackets or spaces at its ends;
//! - an integer: a number when a JSON number carries it exactly (±9007199254740991), otherwise
//!   its digits as text, as typed, so nothing is rounded;
//! - a decimal number (`-2.5`, `1e3`): a number when a double holds exactly the digits typed,
//!   otherwise the text as typed;
//! - `true` / `false`: a boolean;
//! - anything else: the text, trimmed.
//!
//! A pair must change something: `key=`, `key=""` and `key=[]` (which the API ignores) are
//! refused wherever a person types them. A flat JSON object (`{"take":3}`) is accepted too.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

use super::value::{MAX_SAFE_INTEGER, MetaValue};
use crate::api::types::UserMetadata;

/// Why a typed `key=value` pair is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairProblem {
    /// No `=` at all.
    NoEquals,
    /// Nothing before the `=`.
    EmptyKey,
    /// Empty text or an empty list after it: the API ignores it.
    EmptyValue,
    /// A list item opens a quote it never closes.
    UnclosedQuote,
    /// A list holds an empty item (`[a,,b]`, `[a,]`).
    EmptyItem,
    /// Something follows a quoted list item before the next comma.
    AfterQuote,
}

impl PairProblem {
    /// What to write instead, for any caller.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoEquals => "write key=value",
            Self::EmptyKey => "the key is empty",
            Self::EmptyValue => {
                "empty value: the API ignores it, so the key would be neither set nor removed"
            }
            Self::UnclosedQuote => "a list item opens a quote it does not close",
            Self::EmptyItem => "a list item is empty: remove the extra comma, or write \"\" for empty text",
            Self::AfterQuote => "after a quoted list item write a comma or the closing ]",
        }
    }
}

/// One typed value: see the module's grammar.
pub fn parse_value(text: &str) -> Result<MetaValue, PairProblem> {
    let v = text.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return Ok(MetaValue::String(v[1..v.len() - 1].to_string()));
        }
    }
    if v.len() >= 2 && v.starts_with('[') && v.ends_with(']') {
        return parse_list(&v[1..v.len() - 1]).map(MetaValue::StrList);
    }
    if is_integer_text(v) {
        return Ok(match v.parse::<i64>() {
            Ok(i) if i.unsigned_abs() <= MAX_SAFE_INTEGER.unsigned_abs() => MetaValue::Int(i),
            _ => MetaValue::String(v.to_string()),
        });
    }
    if let Ok(f) = v.parse::<f64>()
        && f.is_finite()
        && v.chars().any(|c| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_digit() || ".eE+-".contains(c))
    {
        let exact = significant_digits(v) == significant_digits(&Value::from(f).to_string());
        return Ok(if exact {
            MetaValue::Float(f)
        } else {
            MetaValue::String(v.to_string())
        });
    }
    Ok(match v {
        "true" => MetaValue::Bool(true),
        "false" => MetaValue::Bool(false),
        other => MetaValue::String(other.to_string()),
    })
}

/// Digits with an optional sign: text that reads as an integer, whatever its size.
fn is_integer_text(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The mantissa's digits without leading or trailing zeros: `1.50e3` → `15`.
fn significant_digits(number: &str) -> String {
    let mantissa = number.split(['e', 'E']).next().unwrap_or(number);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').to_string()
}

/// The items between `[` and `]`.
fn parse_list(inner: &str) -> Result<Vec<String>, PairProblem> {
    let mut items = Vec::new();
    if inner.trim().is_empty() {
        return Ok(items);
    }
    let mut rest = inner;
    loop {
        rest = rest.trim_start();
        let item;
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let end = body.find(q).ok_or(PairProblem::UnclosedQuote)?;
            item = body[..end].to_string();
            rest = body[end + 1..].trim_start();
            if !(rest.is_empty() || rest.starts_with(',')) {
                return Err(PairProblem::AfterQuote);
            }
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            item = rest[..end].trim().to_string();
            if item.is_empty() {
                return Err(PairProblem::EmptyItem);
            }
            rest = &rest[end..];
        }
        items.push(item);
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None => return Ok(items),
        }
    }
}

/// One `key=value` pair (the value may hold more `=`) as the key and its wire value, or why it
/// is refused.
pub fn check_pair(pair: &str) -> Result<(String, Value), PairProblem> {
    let (k, v) = pair.split_once('=').ok_or(PairProblem::NoEquals)?;
    let k = k.trim();
    if k.is_empty() {
        return Err(PairProblem::EmptyKey);
    }
    let value = parse_value(v)?;
    let empty = match &value {
        MetaValue::String(s) => s.is_empty(),
        MetaValue::StrList(items) => items.is_empty(),
        _ => false,
    };
    if empty {
        return Err(PairProblem::EmptyValue);
    }
    Ok((k.to_string(), value.to_wire()))
}

/// [`check_pair`] with the refusal as text naming the pair.
pub fn metadata_pair(pair: &str) -> Result<(String, Value), String> {
    check_pair(pair).map_err(|p| format!("{:?}: {}", pair.trim(), p.message()))
}

/// `key=value, key2=[a, b]` (or a flat JSON object of strings, numbers, booleans and string
/// lists).
pub fn parse_user_metadata(text: &str) -> Result<UserMetadata, String> {
    let text = text.trim();
    if text.starts_with('{') {
        return parse_json(text);
    }
    let mut map = UserMetadata::new();
    for pair in split_pairs(text)
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        let (k, v) = check_pair(pair).map_err(|p| {
            let syntax = matches!(p, PairProblem::NoEquals | PairProblem::EmptyKey);
            let tail = if syntax { ", pairs separated by commas" } else { "" };
            format!("{pair:?}: {}{tail}", p.message())
        })?;
        map.insert(k, v);
    }
    Ok(map)
}

/// Splits on commas outside quotes and lists. A quote opens only where a value or an item
/// starts (after `=`, `,` or `[`), so an apostrophe inside text is text.
fn split_pairs(text: &str) -> Vec<String> {
    let mut pairs = vec![String::new()];
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut last = ',';
    for c in text.chars() {
        match (quote, c) {
            (None, ',') if depth == 0 => {
                pairs.push(String::new());
                last = ',';
                continue;
            }
            (None, '"' | '\'') if matches!(last, '=' | ',' | '[') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
        if let Some(p) = pairs.last_mut() {
            p.push(c);
        }
    }
    pairs
}

/// A JSON object, each value read on its text: an integer a JSON number cannot carry exactly
/// becomes its digits as text, as the API asks.
fn parse_json(text: &str) -> Result<UserMetadata, String> {
    let raw: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object of key/value pairs: {e}"))?;
    let mut map = UserMetadata::new();
    for (k, raw) in raw {
        let t = raw.get().trim();
        let value = if is_integer_text(t) {
            parse_value(t).map_err(|p| p.message().to_string())?.to_wire()
        } else {
            serde_json::from_str(t).map_err(|e| format!("value of {k:?}: {e}"))?
        };
        let ok = match &value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "value of {k:?} must be a string, a number, a boolean or a list of strings"
            ));
        }
        map.insert(k, value);
    }
    Ok(map)
}

#[cfg(test)]
#[path = "grammar_tests.rs"]
mod tests;
