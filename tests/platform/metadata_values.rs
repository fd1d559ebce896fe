//! The 1.3.5 user-metadata values (docs/contract.md §16.4): string arrays kept in order, the
//! `null`/`""`/`[]` table per call, and the refusals (objects, arrays of non-strings, nested
//! arrays, integers a JSON number cannot carry exactly), each naming the key and storing nothing.

use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const META: &str = "/assets/{asset_id}/user-metadata";

async fn meta_of(env: &Env, id: &str) -> Value {
    let resp = env.send(Method::GET, &format!("/assets/{id}")).await;
    expect(resp, StatusCode::OK, "get", "/assets/{asset_id}").await["user_metadata"].clone()
}

/// Sends `body` as written (the numbers in it never pass through an `f64` on the way).
async fn send_text(env: &Env, method: Method, path: &str, body: &str) -> reqwest::Response {
    env.req(method, path)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn arrays_and_the_empty_values_table() {
    let env = Env::start().await;
    // Create: null, "" and [] keys are dropped; arrays keep their order; big ids travel as text.
    let created = env
        .upload_sample(
            "sample-image.jpg",
            &[(
                "user_metadata",
                r#"{"tags":["summer","vlog","a"],"big":"9007199254740993","gone":null,"blank":"","none":[],"n":9007199254740991}"#,
            )],
        )
        .await;
    let created = expect(created, StatusCode::CREATED, "post", "/assets").await;
    let expected =
        json!({"tags": ["summer", "vlog", "a"], "big": "9007199254740993", "n": 9007199254740991i64});
    assert_eq!(created["user_metadata"], expected);
    let id = created["_id"].as_str().expect("id").to_string();
    assert_eq!(meta_of(&env, &id).await, expected);
    let path = format!("/assets/{id}/user-metadata");

    // PATCH: null deletes, "" and [] keep the old value, an array replaces the old one.
    let resp = send_text(
        &env,
        Method::PATCH,
        &path,
        r#"{"user_metadata":{"big":null,"tags":[],"n":"","more":["z","y"]}}"#,
    )
    .await;
    expect_no_content(resp).await;
    assert_eq!(
        meta_of(&env, &id).await,
        json!({"tags": ["summer", "vlog", "a"], "n": 9007199254740991i64, "more": ["z", "y"]})
    );

    // PUT: null, "" and [] are not stored; omitted keys are removed.
    let resp = send_text(
        &env,
        Method::PUT,
        &path,
        r#"{"user_metadata":{"tags":["only"],"x":null,"y":"","z":[],"neg":-9007199254740991}}"#,
    )
    .await;
    expect_no_content(resp).await;
    assert_eq!(
        meta_of(&env, &id).await,
        json!({"tags": ["only"], "neg": -9007199254740991i64})
    );

    // A create whose every key is empty leaves the field out.
    let created = env
        .upload_sample("sample-image.jpg", &[("user_metadata", r#"{"a":[],"b":null}"#)])
        .await;
    let created = expect(created, StatusCode::CREATED, "post", "/assets").await;
    assert!(created.get("user_metadata").is_none(), "{created}");
    env.stop().await;
}

/// Each refused shape: 400 `parameter_invalid`, the message names the key and says what to
/// send, and the asset keeps exactly what it had (the valid key beside the bad one is not stored).
#[tokio::test]
async fn forbidden_values_are_refused_whole() {
    let env = Env::start().await;
    let id = env
        .create("sample-image.jpg", &[("user_metadata", r#"{"keep":"me"}"#)])
        .await;
    let path = format!("/assets/{id}/user-metadata");
    let cases = [
        (r#""bad":{"a":1}"#, "object"),
        (r#""bad":[1,2]"#, "item 0"),
        (r#""bad":["a",["b"]]"#, "item 1"),
        (r#""bad":["a",null]"#, "item 1"),
        (r#""bad":9007199254740993"#, "\"9007199254740993\""),
        (r#""bad":9007199254740992"#, "send it as a string"),
        (r#""bad":-9007199254740992"#, "\"-9007199254740992\""),
        (r#""bad":123456789012345678901"#, "\"123456789012345678901\""),
    ];
    for (pair, hint) in cases {
        for method in [Method::PATCH, Method::PUT] {
            let body = format!(r#"{{"user_metadata":{{"fine":"x",{pair}}}}}"#);
            let resp = send_text(&env, method.clone(), &path, &body).await;
            let verb = method.as_str().to_ascii_lowercase();
            let msg = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", &verb, META).await;
            assert!(msg.contains("key bad"), "{pair}: {msg}");
            assert!(msg.to_lowercase().contains(&hint.to_lowercase()), "{pair}: {msg}");
            assert_eq!(meta_of(&env, &id).await, json!({"keep": "me"}), "{pair}");
        }
        // On create the whole upload is refused: no asset appears.
        let before = env.send(Method::GET, "/assets").await;
        let before =
            expect(before, StatusCode::OK, "get", "/assets").await["page_info"]["total_results"].clone();
        let resp = env
            .upload_sample("sample-image.jpg", &[("user_metadata", &format!("{{{pair}}}"))])
            .await;
        expect_error(
            resp,
            StatusCode::BAD_REQUEST,
            "parameter_invalid",
            "post",
            "/assets",
        )
        .await;
        let after = env.send(Method::GET, "/assets").await;
        let after =
            expect(after, StatusCode::OK, "get", "/assets").await["page_info"]["total_results"].clone();
        assert_eq!(before, after, "{pair}");
    }
    // The largest exact integers and floats of any size are numbers like any other.
    let body = r#"{"user_metadata":{"max":9007199254740991,"min":-9007199254740991,"f":1e300}}"#;
    expect_no_content(send_text(&env, Method::PUT, &path, body).await).await;
    assert_eq!(
        meta_of(&env, &id).await,
        json!({"max": 9007199254740991i64, "min": -9007199254740991i64, "f": 1e300})
    );
    env.stop().await;
}

#[tokio::test]
async fn multipart_and_indexed_assets_follow_the_same_rules() {
    let env = Env::start().await;
    let path = "/assets/multipart-uploads";
    let session = |meta: &str| {
        format!(r#"{{"filename":"a.mp4","type":"video","total_size":1000,"user_metadata":{meta}}}"#)
    };
    let resp = send_text(
        &env,
        Method::POST,
        path,
        &session(r#"{"id":12345678901234567890}"#),
    )
    .await;
    let err = expect_error(resp, StatusCode::BAD_REQUEST, "parameter_invalid", "post", path).await;
    assert!(err.contains("key id"), "{err}");
    let resp = send_text(
        &env,
        Method::POST,
        path,
        &session(r#"{"t":["a"],"e":[],"n":null}"#),
    )
    .await;
    expect(resp, StatusCode::CREATED, "post", path).await;

    let asset = env.ready_asset("sample-image.jpg").await;
    let index = env.new_index("values").await;
    let ia = format!("/indexes/{index}/indexed-assets");
    let body = format!(r#"{{"asset_id":"{asset}","user_metadata":{{"x":[{{"a":1}}]}}}}"#);
    let resp = send_text(&env, Method::POST, &ia, &body).await;
    expect_error(
        resp,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        "post",
        "/indexes/{index-id}/indexed-assets",
    )
    .await;
    env.stop().await;
}
