//! The value model of user metadata (docs/contract.md §16.4): a string, an integer a JSON
//! number carries exactly, a float, a boolean or a list of strings, with the raw JSON kept for
//! anything else a server sends. Integers beyond ±(2^53−1) travel as strings, never rounded.

use serde_json::Value;

/// The largest integer a JSON number (an IEEE double) carries exactly: 2^53 − 1.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// One user-metadata value.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaValue {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    StrList(Vec<String>),
    /// Anything else a server sends (an object, a mixed array, `null`): shown, never typed.
    Other(Value),
}

impl MetaValue {
    /// The value on the wire. An integer outside ±(2^53−1) goes as its digits in a string,
    /// since a JSON number would round it.
    pub fn to_wire(&self) -> Value {
        match self {
            Self::String(s) => Value::String(s.clone()),
            Self::Int(i) if i.unsigned_abs() > MAX_SAFE_INTEGER.unsigned_abs() => {
                Value::String(i.to_string())
            }
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Self::Bool(b) => Value::Bool(*b),
            Self::StrList(items) => Value::Array(items.iter().cloned().map(Value::String).collect()),
            Self::Other(v) => v.clone(),
        }
    }
}

impl From<&Value> for MetaValue {
    fn from(v: &Value) -> Self {
        match v {
            Value::String(s) => Self::String(s.clone()),
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Self::Int(i),
                (None, Some(f)) if !n.is_u64() => Self::Float(f),
                _ => Self::Other(v.clone()),
            },
            Value::Array(items) if items.iter().all(Value::is_string) => Self::StrList(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            other => Self::Other(other.clone()),
        }
    }
}

impl From<MetaValue> for Value {
    fn from(v: MetaValue) -> Self {
        v.to_wire()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_values_map_both_ways() {
        for v in [
            json!("a"),
            json!(3),
            json!(-2.5),
            json!(true),
            json!(["x", "y"]),
            json!({"o": 1}),
            json!([1]),
        ] {
            assert_eq!(MetaValue::from(&v).to_wire(), v, "{v}");
        }
        assert_eq!(
            MetaValue::from(&json!(["x"])),
            MetaValue::StrList(vec!["x".into()])
        );
        assert_eq!(
            MetaValue::Int(MAX_SAFE_INTEGER + 1).to_wire(),
            json!("9007199254740992")
        );
        assert_eq!(
            MetaValue::Int(-MAX_SAFE_INTEGER).to_wire(),
            json!(-9007199254740991i64)
        );
        assert!(matches!(MetaValue::from(&json!(u64::MAX)), MetaValue::Other(_)));
    }
}
