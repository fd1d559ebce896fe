//! The one grammar of user metadata typed by a person, used by `upload --metadata`, `meta --set`
//! and the upload form: `key=value` pairs separated by commas. A value is a number when it reads
//! as one (`3`, `-2.5`), a boolean for `true`/`false`, and text otherwise; quotes (`"007"` or
//! `'007'`) force text and may hold commas. A flat JSON object (`{"take":3}`) is accepted too.
//! A pair must change something: `key=` (empty text, which the API ignores) and an integer too
//! large to send exactly are refused wherever a person types them.

use serde_json::Value;

use crate::api::types::UserMetadata;

/// A typed value: see the module's grammar.
pub fn metadata_value(text: &str) -> Value {
    let v = text.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return Value::String(v[1..v.len() - 1].to_string());
        }
    }
    if let Ok(i) = v.parse::<i64>() {
        return Value::from(i);
    }
    if let Ok(f) = v.parse::<f64>()
        && f.is_finite()
        && v.chars().any(|c| c.is_ascii_digit())
    {
        return Value::from(f);
    }
    match v {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_string()),
    }
}

/// Why a typed `key=value` pair is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairProblem {
    /// No `=` at all.
    NoEquals,
    /// Nothing before the `=`.
    EmptyKey,
    /// Empty text after it (quoted or not): the API ignores it.
    EmptyValue,
    /// Digits past the integer range: they would be sent rounded.
    TooLarge,
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
            Self::TooLarge => {
                "too large for an integer, it would be sent rounded: quote it to keep it as text"
            }
        }
    }
}

/// One `key=value` pair (the value may hold more `=`), or why it is refused.
pub fn check_pair(pair: &str) -> Result<(String, Value), PairProblem> {
    let (k, v) = pair.split_once('=').ok_or(PairProblem::NoEquals)?;
    let k = k.trim();
    if k.is_empty() {
        return Err(PairProblem::EmptyKey);
    }
    let value = metadata_value(v);
    if value == Value::String(String::new()) {
        return Err(PairProblem::EmptyValue);
    }
    let raw = v.trim();
    if is_integer_text(raw) && raw.parse::<i64>().is_err() {
        return Err(PairProblem::TooLarge);
    }
    Ok((k.to_string(), value))
}

/// [`check_pair`] with the refusal as text naming the pair.
pub fn metadata_pair(pair: &str) -> Result<(String, Value), String> {
    check_pair(pair).map_err(|p| format!("{:?}: {}", pair.trim(), p.message()))
}

/// Digits with an optional sign: text that reads as an integer, whatever its size.
fn is_integer_text(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// `key=value, key2=value2` (or a flat JSON object of strings, numbers and booleans).
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

/// Splits on commas outside quotes.
fn split_pairs(text: &str) -> Vec<String> {
    let mut pairs = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, ',') => pairs.push(String::new()),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        if !(quote.is_none() && c == ',')
            && let Some(last) = pairs.last_mut()
        {
            last.push(c);
        }
    }
    pairs
}

fn parse_json(text: &str) -> Result<UserMetadata, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("must be a JSON object".into());
    };
    if let Some((k, _)) = map
        .iter()
        .find(|(_, v)| !(v.is_string() || v.is_number() || v.is_boolean()))
    {
        return Err(format!("value of {k:?} must be a string, number or boolean"));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_and_quotes_force_text() {
        assert_eq!(metadata_value("3"), Value::from(3));
        assert_eq!(metadata_value("-2.5"), Value::from(-2.5));
        assert_eq!(metadata_value("true"), Value::Bool(true));
        assert_eq!(metadata_value("False"), Value::from("False"));
        assert_eq!(metadata_value("inf"), Value::from("inf"));
        assert_eq!(metadata_value("NaN"), Value::from("NaN"));
        assert_eq!(metadata_value(""), Value::from(""));
        assert_eq!(metadata_value("\"007\""), Value::from("007"));
        assert_eq!(metadata_value("'true'"), Value::from("true"));
        assert_eq!(metadata_value("\""), Value::from("\""));
    }

    #[test]
    fn pairs_and_json_read_the_same() {
        let m = parse_user_metadata("project=harbor, take=3, ok=true, note=\"a, b\", eq=a=b").expect("pairs");
        assert_eq!(m["project"], Value::from("harbor"));
        assert_eq!(m["take"], Value::from(3));
        assert_eq!(m["ok"], Value::from(true));
        assert_eq!(m["note"], Value::from("a, b"));
        assert_eq!(m["eq"], Value::from("a=b"));
        let j = parse_user_metadata(r#"{"project":"harbor","take":3,"ok":true}"#).expect("json");
        assert_eq!(j["take"], Value::from(3));
        assert!(parse_user_metadata("novalue").is_err());
        assert!(parse_user_metadata("=x").is_err());
        assert!(parse_user_metadata("[1]").is_err());
        assert!(parse_user_metadata(r#"{"a":{"b":1}}"#).is_err());
        assert!(parse_user_metadata("").expect("empty").is_empty());
    }

    /// `k=` and an integer past i64 change nothing the user meant: every caller refuses them.
    #[test]
    fn empty_values_and_huge_integers_are_refused() {
        assert_eq!(check_pair("k="), Err(PairProblem::EmptyValue));
        assert_eq!(check_pair("=v"), Err(PairProblem::EmptyKey));
        assert_eq!(check_pair("kv"), Err(PairProblem::NoEquals));
        let e = metadata_pair("k=").expect_err("empty value");
        assert!(e.contains("empty value"), "{e}");
        assert!(metadata_pair("k= ").is_err());
        assert!(
            metadata_pair("k=''").is_err(),
            "quoted empty text is empty text all the same"
        );
        let e = metadata_pair("n=99999999999999999999").expect_err("too large");
        assert!(e.contains("too large"), "{e}");
        assert_eq!(
            metadata_pair("n=\"99999999999999999999\"").expect("quoted").1,
            Value::from("99999999999999999999")
        );
        assert!(parse_user_metadata("a=1, k=").is_err());
    }
}
