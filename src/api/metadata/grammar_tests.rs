//! The grammar's cases: typed values, lists, the integers kept as typed, and the refusals.

use super::*;
use serde_json::json;

fn value(text: &str) -> MetaValue {
    parse_value(text).unwrap_or_else(|p| panic!("{text}: {p:?}"))
}

#[test]
fn values_are_typed_and_quotes_force_text() {
    assert_eq!(value("3"), MetaValue::Int(3));
    assert_eq!(value("-2.5"), MetaValue::Float(-2.5));
    assert_eq!(value("true"), MetaValue::Bool(true));
    assert_eq!(value("False"), MetaValue::String("False".into()));
    assert_eq!(value("inf"), MetaValue::String("inf".into()));
    assert_eq!(value("NaN"), MetaValue::String("NaN".into()));
    assert_eq!(value("\"007\""), MetaValue::String("007".into()));
    assert_eq!(value("'true'"), MetaValue::String("true".into()));
    assert_eq!(value("\""), MetaValue::String("\"".into()));
    assert_eq!(value("'[a, b]'"), MetaValue::String("[a, b]".into()));
}

#[test]
fn integers_beyond_a_double_are_kept_as_typed() {
    assert_eq!(value("9007199254740991"), MetaValue::Int(9_007_199_254_740_991));
    assert_eq!(value("-9007199254740991"), MetaValue::Int(-9_007_199_254_740_991));
    assert_eq!(
        value("9007199254740992"),
        MetaValue::String("9007199254740992".into())
    );
    assert_eq!(
        value("123456789012345678901"),
        MetaValue::String("123456789012345678901".into())
    );
    assert_eq!(
        value("3.14159265358979323846"),
        MetaValue::String("3.14159265358979323846".into())
    );
    assert_eq!(
        value("0.30000000000000004"),
        MetaValue::Float(0.300_000_000_000_000_04)
    );
    assert_eq!(value("1.50e3"), MetaValue::Float(1500.0));
    assert_eq!(value("1e400"), MetaValue::String("1e400".into()));
}

#[test]
fn lists_hold_strings_in_order() {
    let list = |items: &[&str]| MetaValue::StrList(items.iter().map(|s| s.to_string()).collect());
    assert_eq!(value("[b, a]"), list(&["b", "a"]));
    assert_eq!(value("[ 1 , true ]"), list(&["1", "true"]));
    assert_eq!(
        value(r#"["a, b", 'say "hi"', c]"#),
        list(&["a, b", "say \"hi\"", "c"])
    );
    assert_eq!(value(r#"[""]"#), list(&[""]));
    assert_eq!(value("[single]"), list(&["single"]));
    assert_eq!(parse_value("[a,,b]"), Err(PairProblem::EmptyItem));
    assert_eq!(parse_value("[a,]"), Err(PairProblem::EmptyItem));
    assert_eq!(parse_value("[\"a]"), Err(PairProblem::UnclosedQuote));
    assert_eq!(parse_value("[\"a\" b]"), Err(PairProblem::AfterQuote));
    assert_eq!(check_pair("k=[]"), Err(PairProblem::EmptyValue));
    assert_eq!(check_pair("k=[ ]"), Err(PairProblem::EmptyValue));
}

#[test]
fn pairs_and_json_read_the_same() {
    let m =
        parse_user_metadata("project=harbor, take=3, ok=true, note=\"a, b\", eq=a=b, tags=[x, y], it=it's")
            .expect("pairs");
    assert_eq!(m["project"], json!("harbor"));
    assert_eq!(m["take"], json!(3));
    assert_eq!(m["ok"], json!(true));
    assert_eq!(m["note"], json!("a, b"));
    assert_eq!(m["eq"], json!("a=b"));
    assert_eq!(m["tags"], json!(["x", "y"]));
    assert_eq!(m["it"], json!("it's"));
    let j = parse_user_metadata(
        r#"{"project":"harbor","take":3,"ok":true,"tags":["x"],"big":123456789012345678901}"#,
    )
    .expect("json");
    assert_eq!(j["take"], json!(3));
    assert_eq!(j["tags"], json!(["x"]));
    assert_eq!(j["big"], json!("123456789012345678901"));
    assert!(parse_user_metadata("novalue").is_err());
    assert!(parse_user_metadata("=x").is_err());
    assert!(parse_user_metadata("[1]").is_err());
    assert!(parse_user_metadata(r#"{"a":{"b":1}}"#).is_err());
    assert!(parse_user_metadata(r#"{"a":[1]}"#).is_err());
    assert!(parse_user_metadata("").expect("empty").is_empty());
}

/// `k=`, `k=''` and `k=[]` change nothing the user meant: every caller refuses them.
#[test]
fn empty_values_are_refused() {
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
    assert_eq!(
        metadata_pair("n=99999999999999999999").expect("kept as text").1,
        json!("99999999999999999999")
    );
    assert!(parse_user_metadata("a=1, k=").is_err());
}
