//! The one grammar of user metadata typed by a person, used by `upload --metadata`, `meta --set`
//! and the upload form: `key=value` pairs separated by commas. A value is a number when it reads
//! as one (`3`, `-2.5`), a boolean for `true`/`false`, and text otherwise; quotes (`"007"` or
//! `'007'`) force text and may hold commas. A flat JSON object (`{"take":3}`) is accepted too.

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

/// One `key=value` pair (the value may hold more `=`).
pub fn metadata_pair(pair: &str) -> Result<(String, Value), String> {
    let (k, v) = pair
        .split_once('=')
        .ok_or_else(|| format!("{:?}: write key=value", pair.trim()))?;
    let k = k.trim();
    if k.is_empty() {
        return Err(format!("{:?}: the key is empty", pair.trim()));
    }
    Ok((k.to_string(), metadata_value(v)))
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
        let (k, v) = metadata_pair(pair).map_err(|e| format!("{e}, pairs separated by commas"))?;
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
}
