//! The file part's own filename follows the rule of the `filename` field (docs/contract.md §9):
//! 1 to 255 characters, no control characters. Sent by hand, so nothing on the way encodes the
//! name.

use crate::platform_support::raw_http::{B, part, post, raw};
use crate::platform_support::{Env, expect, sample};
use reqwest::{Method, StatusCode};

/// A `POST /assets` body: `method=direct`, the `filename` field when given, and the sample image
/// as the file part named `part_name`.
fn body(part_name: &str, field: Option<&str>) -> Vec<u8> {
    let mut b = part("method", "direct").into_bytes();
    if let Some(f) = field {
        b.extend_from_slice(part("filename", f).as_bytes());
    }
    b.extend_from_slice(
        format!(
            "--{B}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{part_name}\"\r\n\
             content-type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    b.extend_from_slice(&std::fs::read(sample("sample-image.jpg")).expect("sample"));
    b.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    b
}

async fn send(env: &Env, part_name: &str, field: Option<&str>) -> (u16, serde_json::Value) {
    let ct = format!("multipart/form-data; boundary={B}");
    raw(
        env.platform().local_addr(),
        &post("/assets", &ct, &body(part_name, field)),
    )
    .await
    .expect("an answer")
}

#[tokio::test]
async fn the_file_parts_filename_meets_the_filename_fields_rule() {
    let env = Env::start().await;
    let long = format!("{}.jpg", "x".repeat(5000));
    for (case, name) in [
        ("5,004 characters", long.as_str()),
        ("empty", ""),
        ("U+0085", "a\u{85}b.jpg"),
    ] {
        let (status, answer) = send(&env, name, None).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (400, Some("parameter_invalid")),
            "{case}: {answer}"
        );
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains("filename"), "{case}: {message}");
    }
    let list = expect(
        env.send(Method::GET, "/assets").await,
        StatusCode::OK,
        "get",
        "/assets",
    )
    .await;
    assert_eq!(
        list["page_info"]["total_results"], 0,
        "a refused upload made no asset"
    );

    // A name at the limit, and a path whose last part is the name, are fine.
    let at_limit = format!("{}.jpg", "y".repeat(251));
    let (status, answer) = send(&env, &at_limit, None).await;
    assert_eq!(
        (status, answer["filename"].as_str()),
        (201, Some(at_limit.as_str())),
        "{answer}"
    );
    let (status, answer) = send(&env, "C:\\\\photos\\\\pier.jpg", None).await;
    assert_eq!(
        (status, answer["filename"].as_str()),
        (201, Some("pier.jpg")),
        "{answer}"
    );
    // The `filename` field, when given, names the asset; the part's name is then not used.
    let (status, answer) = send(&env, &long, Some("named.jpg")).await;
    assert_eq!(
        (status, answer["filename"].as_str()),
        (201, Some("named.jpg")),
        "{answer}"
    );
}
