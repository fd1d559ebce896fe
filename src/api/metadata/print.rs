//! Writing a value back in the grammar of `grammar.rs`, so that pasting `key=<printed>` into
//! `--set` or an editor line stores the same value: text that would read as something else (a
//! number, a boolean, a list, quoted text, or with spaces at its ends) is quoted; list items
//! holding commas, brackets or quotes at their start are quoted. An item holding a comma and
//! both kinds of quote cannot be written in the grammar; it is shown with double quotes.

use serde_json::Value;

use super::grammar::parse_value;
use super::value::MetaValue;

/// The value as it is typed: see the module.
pub fn value_text(v: &Value) -> String {
    match MetaValue::from(v) {
        MetaValue::String(s) => {
            if !s.is_empty() && parse_value(&s) == Ok(MetaValue::String(s.clone())) {
                s
            } else {
                quoted(&s)
            }
        }
        MetaValue::Int(i) => i.to_string(),
        MetaValue::Float(_) | MetaValue::Bool(_) | MetaValue::Other(_) => v.to_string(),
        MetaValue::StrList(items) => {
            let items: Vec<String> = items.iter().map(|i| item_text(i)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

fn quoted(s: &str) -> String {
    let q = if s.contains('"') && !s.contains('\'') {
        '\''
    } else {
        '"'
    };
    format!("{q}{s}{q}")
}

fn item_text(s: &str) -> String {
    let plain = !s.is_empty() && s.trim() == s && !s.contains([',', '[', ']']) && !s.starts_with(['"', '\'']);
    if plain { s.to_string() } else { quoted(s) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metadata::check_pair;
    use proptest::prelude::*;
    use serde_json::json;

    fn round_trip(v: &Value) -> Value {
        let line = format!("k={}", value_text(v));
        check_pair(&line)
            .map(|(_, back)| back)
            .unwrap_or_else(|p| panic!("{line}: {p:?}"))
    }

    #[test]
    fn printed_values_read_back_the_same() {
        for v in [
            json!("007"),
            json!("true"),
            json!("1.5"),
            json!(" padded "),
            json!("[draft]"),
            json!("\"quoted\""),
            json!("it's"),
            json!("123456789012345678901"),
            json!(7),
            json!(-2.5),
            json!(1e300),
            json!(0.30000000000000004),
            json!(false),
            json!(["b", "a", "a, b", " x", "[y]", "\"z\"", "'w'"]),
        ] {
            assert_eq!(round_trip(&v), v, "{v} printed as {}", value_text(&v));
        }
        assert_eq!(value_text(&json!("007")), "\"007\"");
        assert_eq!(value_text(&json!("harbor")), "harbor");
        assert_eq!(value_text(&json!(["summer", "vlog"])), "[summer, vlog]");
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let text = "[ -~]{1,12}";
        prop_oneof![
            text.prop_map(Value::from),
            (-9_007_199_254_740_991i64..=9_007_199_254_740_991).prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            // A list item may hold anything but a comma beside both kinds of quote.
            proptest::collection::vec(
                text.prop_filter("typeable", |s: &String| {
                    item_text(s) == *s || !(s.contains('"') && s.contains('\''))
                }),
                1..5
            )
            .prop_map(Value::from),
        ]
    }

    proptest! {
        /// `meta ID` prints → `--set` reads → the same value.
        #[test]
        fn print_then_parse_is_the_identity(v in any_value()) {
            prop_assert_eq!(round_trip(&v), v);
        }
    }
}
