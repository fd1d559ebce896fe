//! Hostile input to the platform: malformed multipart forms, bad JSON, path traversal in names and
//! ids. Each gets the contract's error; the platform never answers 500 and keeps serving.
//! Oversize bodies and slow senders: `exhaustion.rs`.
//!
//! Raw requests go over a plain socket so nothing normalises them on the way.

use crate::platform_support::raw_http::*;
use crate::platform_support::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[tokio::test]
async fn malformed_multipart_forms_get_contract_errors() {
    let env = hostile_env().await;
    let addr = env.platform().local_addr();
    let mp = format!("multipart/form-data; boundary={B}");
    let valid_head = format!(
        "{}--{B}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\
         content-type: video/mp4\r\n\r\n",
        part("method", "direct")
    );
    let cases: Vec<(&str, String, Vec<u8>, &[&str])> = vec![
        ("no boundary", "multipart/form-data".into(), part("method", "direct").into_bytes(), &["multipart_boundary_missing"]),
        ("empty boundary", "multipart/form-data; boundary=".into(), Vec::new(), &["multipart_boundary_missing"]),
        ("json content type", "application/json".into(), b"{}".to_vec(), &["content_type_invalid"]),
        ("garbage body", mp.clone(), b"\x00\x01\x02 this is not a form".to_vec(), &["invalid_multipart"]),
        ("empty body", mp.clone(), Vec::new(), &["invalid_multipart"]),
        ("no closing boundary", mp.clone(), part("method", "direct").into_bytes(), &["invalid_multipart"]),
        (
            "truncated file part",
            mp.clone(),
            format!("{valid_head}\x00\x00\x00\x18ftypmp42").into_bytes(),
            &["invalid_multipart"],
        ),
        (
            "part without a disposition",
            mp.clone(),
            format!("--{B}\r\ncontent-type: text/plain\r\n\r\ndirect\r\n--{B}--\r\n").into_bytes(),
            &["invalid_multipart"],
        ),
        (
            "huge part header",
            mp.clone(),
            format!(
                "--{B}\r\ncontent-disposition: form-data; name=\"method\"\r\nx-pad: {}\r\n\r\ndirect\r\n--{B}--\r\n",
                "a".repeat(256 * 1024)
            )
            .into_bytes(),
            &["invalid_multipart"],
        ),
        (
            "field over the limit",
            mp.clone(),
            format!("{}--{B}--\r\n", part("method", &"d".repeat(5000))).into_bytes(),
            &["parameter_invalid"],
        ),
        (
            "unknown field over the limit",
            mp.clone(),
            format!("{}{}--{B}--\r\n", part("method", "direct"), part("junk", &"j".repeat(5000))).into_bytes(),
            &["parameter_invalid"],
        ),
        (
            "10 000 parts",
            mp.clone(),
            format!("{}--{B}--\r\n", (0..10_000).map(|i| part(&format!("f{i}"), "1")).collect::<String>())
                .into_bytes(),
            &["invalid_multipart"],
        ),
        (
            "file over the limit",
            mp.clone(),
            format!("{valid_head}{}\r\n--{B}--\r\n", "v".repeat(200 * 1024)).into_bytes(),
            &["video_filesize_too_large"],
        ),
        (
            "not media",
            mp.clone(),
            format!("{valid_head}just some text, not a video\r\n--{B}--\r\n").into_bytes(),
            &["parameter_invalid"],
        ),
        (
            "method not a string",
            mp.clone(),
            format!("{}--{B}--\r\n", part("method", "\u{fffd}\u{0}")).into_bytes(),
            &["invalid_multipart", "parameter_invalid"],
        ),
    ];
    for (case, ct, body, codes) in cases {
        let answer = raw(addr, &post("/assets", &ct, &body)).await;
        assert_contract_error(case, answer, codes);
    }
    // A header block far over hyper's buffer: refused with 431 (or closed), never a crash.
    let big = format!(
        "GET /v1.3/assets HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\nx-pad: {}\r\nconnection: close\r\n\r\n",
        "p".repeat(2 * 1024 * 1024)
    );
    if let Some((status, _)) = raw(addr, big.as_bytes()).await {
        assert_eq!(status, 431);
    }
    still_serving(&env).await;
}

#[tokio::test]
async fn bad_json_on_json_routes_is_parameter_invalid() {
    let env = hostile_env().await;
    let addr = env.platform().local_addr();
    let asset = env.create("sample-image.jpg", &[]).await;
    let resp = env
        .send_json(
            Method::POST,
            "/assets/multipart-uploads",
            &serde_json::json!({"filename": "a.mp4", "type": "video", "total_size": 10}),
        )
        .await;
    let upload = expect(resp, StatusCode::CREATED, "post", "/assets/multipart-uploads").await["upload_id"]
        .as_str()
        .expect("id")
        .to_string();
    let index_body = serde_json::json!({
        "index_name": "i",
        "models": [{"model_name": "marengo3.0", "model_options": ["visual"]}]
    });
    let resp = env.send_json(Method::POST, "/indexes", &index_body).await;
    let index = resp.json::<Value>().await.expect("json")["_id"]
        .as_str()
        .unwrap_or("000000000000000000000000")
        .to_string();
    let routes = [
        ("POST", "/assets/multipart-uploads".to_string()),
        ("POST", format!("/assets/multipart-uploads/{upload}")),
        (
            "POST",
            format!("/assets/multipart-uploads/{upload}/presigned-urls"),
        ),
        ("PATCH", format!("/assets/{asset}/user-metadata")),
        ("PUT", format!("/assets/{asset}/user-metadata")),
        ("POST", "/indexes".to_string()),
        ("POST", format!("/indexes/{index}/indexed-assets")),
    ];
    let oversize = format!("{{\"pad\": \"{}\"}}", "x".repeat(64 * 1024));
    let bodies: Vec<&[u8]> = vec![
        b"{",
        b"",
        b"null",
        b"[]",
        b"\"text\"",
        b"{\"filename\": 5, \"start\": \"one\", \"completed_chunks\": {}, \"user_metadata\": [1]}",
        b"\xff\xfe\x00garbage",
        b"{\"a\":1}{\"b\":2}",
        oversize.as_bytes(),
    ];
    let deep = "[".repeat(100_000);
    for (method, path) in &routes {
        for body in bodies.iter().copied().chain(std::iter::once(deep.as_bytes())) {
            let mut req = format!(
                "{method} /v1.3{path} HTTP/1.1\r\nhost: x\r\nx-api-key: {KEY}\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            req.extend_from_slice(body);
            let case = format!(
                "{method} {path} {:?}",
                String::from_utf8_lossy(&body[..body.len().min(40)])
            );
            assert_contract_error(
                &case,
                raw(addr, &req).await,
                &[
                    "parameter_invalid",
                    "parameter_not_provided",
                    "resource_not_exist",
                ],
            );
        }
    }
    still_serving(&env).await;
}

#[tokio::test]
async fn path_traversal_in_names_and_ids_goes_nowhere() {
    let env = hostile_env().await;
    let addr = env.platform().local_addr();
    let outside = env.dir.path().parent().expect("parent").join("escaped-by-test");
    let evil_names = [
        "../../../../../../tmp/escaped-by-test",
        "..\\..\\..\\escaped-by-test",
        "/etc/passwd",
        "a/../../b",
    ];
    for name in evil_names {
        // As the filename form field and as the file part's own name.
        let resp = env.upload_sample("sample-image.jpg", &[("filename", name)]).await;
        let created = expect(resp, StatusCode::CREATED, "post", "/assets").await;
        let id = created["_id"].as_str().expect("id");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        let bytes = std::fs::read(sample("sample-image.jpg")).expect("read");
        let resp = env.upload_bytes(bytes, name, &[]).await;
        assert_eq!(resp.status(), StatusCode::CREATED, "{name}");
    }
    assert!(!outside.exists() && !std::path::Path::new("/tmp/escaped-by-test").exists());
    // Only hex-named blobs exist under the data dir's blob store.
    for e in std::fs::read_dir(env.dir.path().join("blobs"))
        .expect("blobs")
        .flatten()
    {
        let n = e.file_name().to_string_lossy().into_owned();
        assert!(
            n.bytes().all(|b| b.is_ascii_hexdigit()),
            "unexpected blob name {n}"
        );
    }
    let ids = [
        "/v1.3/assets/..%2F..%2Fplatform.db",
        "/v1.3/assets/%2e%2e",
        "/v1.3/assets/../../../../etc/passwd",
        "/v1.3/assets/..",
        "/v1.3/assets/%00",
        "/v1.3/assets/multipart-uploads/..%2F..%2Fx",
        "/v1.3/assets/multipart-uploads/../../etc",
        "/v1.3/indexes/..%2Fx/indexed-assets",
        "/_files/00000000000000000000000000000000/..%2F..%2Fplatform.db",
        "/_files/00000000000000000000000000000000/../../platform.db",
        "/_files/..%2F..%2F/original",
    ];
    for path in ids {
        let (status, body) = raw(addr, &get(path))
            .await
            .unwrap_or_else(|| panic!("{path}: no answer"));
        assert!(
            matches!(status, 400 | 401 | 404 | 405),
            "{path}: HTTP {status} {body}"
        );
        assert!(body["code"].as_str().is_some() || status == 405, "{path}: {body}");
    }
    // Chunk URLs with traversal.
    for path in ["/_uploads/..%2F..%2Fplatform.db", "/_uploads/../v1.3/assets"] {
        let req =
            format!("PUT {path} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\nab");
        let (status, _) = raw(addr, req.as_bytes()).await.expect("answer");
        assert!(matches!(status, 401 | 403 | 404 | 405), "{path}: {status}");
    }
    still_serving(&env).await;
}
