//! Property test of `POST /assets` form parsing: a valid form, broken in random ways (cut short,
//! bytes overwritten, pieces repeated or inserted, boundary or content type changed), is sent to
//! a platform. Every answer is 201 or a 4xx with the contract's error body; never a 5xx, a hang
//! or a dead server. `TL_ASSETS_FUZZ_CASES=N` sets the number of cases (default 48).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::platform_support::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::StatusCode;
use serde_json::Value;

const B: &str = "fuzzBoundary7";

fn valid_form() -> Vec<u8> {
    let image = std::fs::read(sample("sample-image.jpg")).expect("read");
    let mut out = Vec::new();
    for (name, value) in [
        ("method", "direct"),
        ("filename", "still.jpg"),
        ("enable_thumbnail", "true"),
        ("user_metadata", r#"{"take":2}"#),
    ] {
        out.extend_from_slice(
            format!("--{B}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    out.extend_from_slice(
        format!(
            "--{B}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"still.jpg\"\r\n\
             content-type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(&image);
    out.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    None,
    Truncate(usize),
    Overwrite(Vec<(usize, u8)>),
    Insert(usize, Vec<u8>),
    Repeat(usize, usize, u8),
    Remove(usize, usize),
    Header(usize, String),
}

fn mutation() -> impl Strategy<Value = (Mutation, usize)> {
    let m = prop_oneof![
        Just(Mutation::None),
        any::<usize>().prop_map(Mutation::Truncate),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16).prop_map(Mutation::Overwrite),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..256))
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), 1usize..400, 1u8..20).prop_map(|(a, b, c)| Mutation::Repeat(a, b, c)),
        (any::<usize>(), 1usize..400).prop_map(|(a, b)| Mutation::Remove(a, b)),
        (any::<usize>(), "[ -~\r\n]{0,300}").prop_map(|(a, b)| Mutation::Header(a, b)),
    ];
    (m, 0usize..6)
}

fn apply(form: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = form.to_vec();
    let at = |i: &usize, len: usize| i % (len + 1);
    match m {
        Mutation::None => {}
        Mutation::Truncate(i) => b.truncate(at(i, b.len())),
        Mutation::Overwrite(w) => {
            for (i, v) in w {
                let n = b.len();
                b[i % n] = *v;
            }
        }
        Mutation::Insert(i, extra) => {
            let p = at(i, b.len());
            b.splice(p..p, extra.iter().copied());
        }
        Mutation::Repeat(i, len, times) => {
            let s = at(i, b.len());
            let e = (s + len).min(b.len());
            let piece = b[s..e].to_vec();
            for _ in 0..*times {
                b.splice(s..s, piece.iter().copied());
            }
        }
        Mutation::Remove(i, len) => {
            let s = at(i, b.len());
            let e = (s + len).min(b.len());
            b.drain(s..e);
        }
        Mutation::Header(i, text) => {
            // Inside the first part's headers region, somewhere.
            let p = 2 + B.len() + 2 + i % 40;
            b.splice(p..p, text.bytes());
        }
    }
    b
}

fn content_type(which: usize) -> String {
    match which {
        0 | 1 => format!("multipart/form-data; boundary={B}"),
        2 => format!("multipart/form-data; boundary=\"{B}\"; charset=utf-8"),
        3 => "multipart/form-data; boundary=other".into(),
        4 => format!("Multipart/Form-Data;BOUNDARY={B}"),
        _ => format!("multipart/mixed; boundary={B}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutated_forms_get_201_or_a_contract_error() {
    let cases = std::env::var("TL_ASSETS_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48);
    let env = Env::start_with(|c| {
        c.processing_delay = Duration::from_secs(3600);
        c.limits.body_idle_timeout = Duration::from_secs(5);
    })
    .await;
    let form = valid_form();
    let handle = tokio::runtime::Handle::current();
    let (created, refused) = (AtomicU64::new(0), AtomicU64::new(0));
    let codes = std::sync::Mutex::new(std::collections::BTreeMap::<String, u64>::new());
    let result = tokio::task::block_in_place(|| {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        runner.run(&mutation(), |(m, ct)| {
            let body = apply(&form, &m);
            let send = env
                .http
                .post(env.url("/assets"))
                .header("x-api-key", KEY)
                .header("content-type", content_type(ct))
                .body(body)
                .send();
            let resp = handle
                .block_on(async { tokio::time::timeout(Duration::from_secs(60), send).await })
                .map_err(|_| TestCaseError::fail("no answer within 60 s"))?
                .map_err(|e| TestCaseError::fail(format!("transport: {e}")))?;
            let status = resp.status();
            let body: Value = handle.block_on(resp.json()).unwrap_or(Value::Null);
            if status == StatusCode::CREATED {
                created.fetch_add(1, Ordering::Relaxed);
            } else {
                prop_assert!(status.is_client_error(), "HTTP {status} {body} for {m:?}");
                let code = body["code"].as_str().unwrap_or_default().to_string();
                prop_assert!(!code.is_empty() && body["message"].is_string(), "{body}");
                refused.fetch_add(1, Ordering::Relaxed);
                *codes.lock().expect("codes").entry(code).or_default() += 1;
            }
            Ok(())
        })
    });
    eprintln!(
        "form fuzz: {} created, {} refused, codes {:?}",
        created.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
        codes.lock().expect("codes")
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let resp = env.upload_sample("sample-image.jpg", &[]).await;
    assert_eq!(resp.status(), StatusCode::CREATED, "still serving");
}
