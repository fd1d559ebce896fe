//! The create rule on virtual time: rate limits are waited out (and shared), an answer that may
//! mean "created" is reconciled before anything is sent again, a request that never left is
//! simply sent again, and a real refusal fails at once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;
use crate::api::upload::wait::{Wait, WaitReason};

fn asset(id: &str) -> Asset {
    serde_json::from_value(serde_json::json!({"_id": id, "status": "processing", "filename": "a.mp4"}))
        .expect("asset")
}

fn rate_limited(secs: u64) -> ApiError {
    ApiError::RateLimited {
        code: "too_many_requests".into(),
        message: String::new(),
        retry_after: Some(Duration::from_secs(secs)),
    }
}

fn server_error() -> ApiError {
    ApiError::from_response(500, None, "")
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(5),
    }
}

/// Answers in turn, then success.
struct Script(Mutex<Vec<Result<Asset, ApiError>>>);

impl Script {
    fn new(mut answers: Vec<Result<Asset, ApiError>>) -> Self {
        answers.reverse();
        Self(Mutex::new(answers))
    }
    fn next(&self) -> Result<Asset, ApiError> {
        self.0
            .lock()
            .expect("lock")
            .pop()
            .unwrap_or_else(|| Ok(asset("new")))
    }
}

fn steps<'a>(gate: &'a RateGate, deadline: Duration, on_wait: Option<&'a WaitFn>) -> Steps<'a> {
    Steps {
        policy: policy(),
        gate,
        deadline: Instant::now() + deadline,
        on_wait,
    }
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_is_waited_out_as_often_as_the_server_names_a_reset() {
    let gate = RateGate::default();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let on_wait: WaitFn = Arc::new(move |w: &Wait| seen.lock().expect("lock").push(w.clone()));
    // More 429s than the policy has retries: waits are not retries.
    let script = Script::new(vec![
        Err(rate_limited(41)),
        Err(rate_limited(41)),
        Err(rate_limited(41)),
        Err(rate_limited(41)),
        Err(rate_limited(41)),
    ]);
    let start = Instant::now();
    let calls = Mutex::new(0);
    let got = steps(&gate, Duration::from_secs(3600), Some(&on_wait))
        .create_once(
            || {
                *calls.lock().expect("lock") += 1;
                std::future::ready(script.next())
            },
            |_| std::future::ready(Ok(None)),
        )
        .await
        .expect("created after the waits");
    assert_eq!(got.id, "new");
    assert_eq!(*calls.lock().expect("lock"), 6);
    assert_eq!(start.elapsed(), Duration::from_secs(5 * 41));
    let waits = waits.lock().expect("lock");
    assert_eq!(waits.len(), 5);
    assert!(
        waits
            .iter()
            .all(|w| w.reason == WaitReason::RateLimit && w.left == Duration::from_secs(41))
    );
}

#[tokio::test(start_paused = true)]
async fn a_reset_past_the_timeout_fails_at_once() {
    let gate = RateGate::default();
    let script = Script::new(vec![Err(rate_limited(120))]);
    let start = Instant::now();
    let err = steps(&gate, Duration::from_secs(60), None)
        .create_once(
            || std::future::ready(script.next()),
            |_| std::future::ready(Ok(None)),
        )
        .await
        .expect_err("reset too late");
    assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn one_refusal_holds_back_every_upload_of_the_client() {
    let gate = RateGate::default();
    let start = Instant::now();
    let first = Script::new(vec![Err(rate_limited(10))]);
    let second_sent_at = Mutex::new(Vec::new());
    let first_steps = steps(&gate, Duration::from_secs(600), None);
    let a = first_steps.create_once(
        || std::future::ready(first.next()),
        |_| std::future::ready(Ok(None)),
    );
    let b = async {
        // Starts after the first learnt the window is spent.
        tokio::time::sleep(Duration::from_secs(1)).await;
        steps(&gate, Duration::from_secs(600), None)
            .create_once(
                || {
                    second_sent_at.lock().expect("lock").push(start.elapsed());
                    std::future::ready(Ok(asset("b")))
                },
                |_| std::future::ready(Ok(None)),
            )
            .await
    };
    let (a, b) = tokio::join!(a, b);
    assert_eq!(
        (a.expect("a").id, b.expect("b").id),
        ("new".to_string(), "b".to_string())
    );
    assert_eq!(
        *second_sent_at.lock().expect("lock"),
        vec![Duration::from_secs(10)],
        "the second upload sent nothing into the closed window"
    );
}

#[tokio::test(start_paused = true)]
async fn a_server_error_is_reconciled_and_the_created_asset_adopted() {
    for lost in [
        server_error(),
        ApiError::from_response(408, None, ""),
        ApiError::Transport {
            message: "connection closed before message completed".into(),
            not_sent: false,
        },
    ] {
        let gate = RateGate::default();
        let script = Script::new(vec![Err(lost)]);
        let (calls, looks) = (Mutex::new(0), Mutex::new(0));
        let got = steps(&gate, Duration::from_secs(600), None)
            .create_once(
                || {
                    *calls.lock().expect("lock") += 1;
                    std::future::ready(script.next())
                },
                |_| {
                    *looks.lock().expect("lock") += 1;
                    std::future::ready(Ok(Some(asset("adopted"))))
                },
            )
            .await
            .expect("adopted");
        assert_eq!(got.id, "adopted");
        assert_eq!(
            (*calls.lock().expect("lock"), *looks.lock().expect("lock")),
            (1, 1)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn nothing_found_means_send_again_and_a_failed_look_is_repeated_not_skipped() {
    let gate = RateGate::default();
    let script = Script::new(vec![Err(server_error())]);
    let looks = Script::new(vec![Err(server_error())]);
    let calls = Mutex::new(0);
    let got = steps(&gate, Duration::from_secs(600), None)
        .create_once(
            || {
                *calls.lock().expect("lock") += 1;
                std::future::ready(script.next())
            },
            // First look fails, the second finds nothing.
            |_| std::future::ready(looks.next().map(|_| None)),
        )
        .await
        .expect("created on the second send");
    assert_eq!(got.id, "new");
    assert_eq!(*calls.lock().expect("lock"), 2);
}

#[tokio::test(start_paused = true)]
async fn a_request_that_never_left_is_sent_again_without_a_look() {
    let gate = RateGate::default();
    let script = Script::new(vec![Err(ApiError::Transport {
        message: "connection refused".into(),
        not_sent: true,
    })]);
    let looks = Mutex::new(0);
    steps(&gate, Duration::from_secs(600), None)
        .create_once(
            || std::future::ready(script.next()),
            |_| {
                *looks.lock().expect("lock") += 1;
                std::future::ready(Ok(None))
            },
        )
        .await
        .expect("created");
    assert_eq!(*looks.lock().expect("lock"), 0);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_about_the_request_fails_at_once() {
    let gate = RateGate::default();
    let script = Script::new(vec![Err(ApiError::from_response(
        400,
        None,
        r#"{"code":"parameter_invalid","message":"bad"}"#,
    ))]);
    let calls = Mutex::new(0);
    let err = steps(&gate, Duration::from_secs(600), None)
        .create_once(
            || {
                *calls.lock().expect("lock") += 1;
                std::future::ready(script.next())
            },
            |_| std::future::ready(Ok(None)),
        )
        .await
        .expect_err("400");
    assert_eq!(err.code(), "parameter_invalid");
    assert_eq!(*calls.lock().expect("lock"), 1);
}

#[test]
fn only_an_asset_that_attempt_may_have_made_is_adopted() {
    let began: jiff::Timestamp = "2026-08-01T10:42:07.600Z".parse().expect("ts");
    let mk = |id: &str, name: &str, created: &str, size: Option<u64>| -> Asset {
        let mut a = asset(id);
        a.filename = Some(name.into());
        a.created_at = Some(created.into());
        a.size = size;
        a
    };
    let none = HashSet::new();
    let same_second = mk("a", "a.mp4", "2026-08-01T10:42:07Z", Some(10));
    assert!(may_have_created(&same_second, "a.mp4", Some(10), began, &none));
    assert!(
        may_have_created(&same_second, "a.mp4", None, began, &none),
        "size unknown here"
    );
    let earlier = mk("b", "a.mp4", "2026-08-01T10:42:06Z", Some(10));
    assert!(!may_have_created(&earlier, "a.mp4", Some(10), began, &none));
    let other_size = mk("c", "a.mp4", "2026-08-01T10:43:00Z", Some(11));
    assert!(!may_have_created(&other_size, "a.mp4", Some(10), began, &none));
    let other_name = mk("d", "a copy.mp4", "2026-08-01T10:43:00Z", Some(10));
    assert!(!may_have_created(&other_name, "a.mp4", Some(10), began, &none));
    let known: HashSet<String> = ["a".to_string()].into();
    assert!(!may_have_created(&same_second, "a.mp4", Some(10), began, &known));
}

/// A batch left to run must get through a bad minute: an upload is retried until its deadline,
/// however many times that takes (the policy's retry count bounds idempotent calls only).
#[tokio::test(start_paused = true)]
async fn server_errors_are_retried_until_the_deadline_not_a_number_of_times() {
    let gate = RateGate::default();
    let failures = policy().max_retries as usize * 3;
    let script = Script::new((0..failures).map(|_| Err(server_error())).collect());
    let created = steps(&gate, Duration::from_secs(600), None)
        .create_once(
            || std::future::ready(script.next()),
            |_| std::future::ready(Ok(None)),
        )
        .await
        .expect("created after many failures");
    assert_eq!(created.id, "new");

    // The same failures against a deadline they outlast end in the last error.
    let script = Script::new((0..failures).map(|_| Err(server_error())).collect());
    let err = steps(&gate, Duration::from_secs(2), None)
        .create_once(
            || std::future::ready(script.next()),
            |_| std::future::ready(Ok(None)),
        )
        .await
        .expect_err("the deadline ends it");
    assert_eq!(err.status(), Some(500));
}
