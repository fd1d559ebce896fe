//! One table of typed `key=value` lines and what each stores (or that it is refused), driving
//! both `meta --set` (tests/cli) and the metadata editor (tests/tui): the one grammar, one rule.
#![allow(dead_code)]

use serde_json::{Value, json};

/// `(line, Some(stored value of key k))`, or `None` for a line refused before anything is sent.
pub fn lines() -> Vec<(&'static str, Option<Value>)> {
    vec![
        ("k=harbor", Some(json!("harbor"))),
        ("k=3", Some(json!(3))),
        ("k=-2.5", Some(json!(-2.5))),
        ("k=true", Some(json!(true))),
        ("k=\"007\"", Some(json!("007"))),
        ("k='true'", Some(json!("true"))),
        ("k=9007199254740991", Some(json!(9_007_199_254_740_991i64))),
        ("k=9007199254740993", Some(json!("9007199254740993"))),
        ("k=123456789012345678901", Some(json!("123456789012345678901"))),
        ("k=3.14159265358979323846", Some(json!("3.14159265358979323846"))),
        ("k=[summer, vlog]", Some(json!(["summer", "vlog"]))),
        ("k=[\"a, b\", 'x]y', 1]", Some(json!(["a, b", "x]y", "1"]))),
        ("k=\"[draft]\"", Some(json!("[draft]"))),
        ("k=", None),
        ("k=''", None),
        ("k=[]", None),
        ("k=[a,,b]", None),
        ("k=[\"open]", None),
        ("k=[\"a\" b]", None),
        ("=v", None),
        ("novalue", None),
    ]
}
