//! Polling something until it reaches a final state, on tokio's clock (so tests can run it on
//! virtual time): fetch, report, stop when final, else sleep the interval; give up after the
//! timeout.

use std::future::Future;

use tokio::time::Instant;

use super::error::ApiError;
use super::poll::PollOptions;

/// Fetches with `fetch` until `is_final` holds for the answer, calling `on_update` with every
/// answer; after `options.timeout` fails with `timed_out()`'s message. Errors of `fetch` end the
/// polling (retries are the fetch's own business).
pub(crate) async fn poll_until<T, F, Fut>(
    options: PollOptions,
    mut fetch: F,
    is_final: impl Fn(&T) -> bool,
    mut on_update: impl FnMut(&T),
    timed_out: impl FnOnce() -> String,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let started = Instant::now();
    loop {
        let got = fetch().await?;
        on_update(&got);
        if is_final(&got) {
            return Ok(got);
        }
        if started.elapsed() >= options.timeout {
            return Err(ApiError::TimedOut(timed_out()));
        }
        tokio::time::sleep(options.interval).await;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn options() -> PollOptions {
        PollOptions {
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(60),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn stops_at_the_first_final_answer_one_interval_apart() {
        let started = Instant::now();
        let mut answers = vec![3, 2, 1, 0].into_iter();
        let mut seen = Vec::new();
        let got = poll_until(
            options(),
            || std::future::ready(Ok(answers.next().unwrap_or(0))),
            |n| *n == 0,
            |n| seen.push(*n),
            || "never".into(),
        )
        .await
        .expect("final");
        assert_eq!((got, seen), (0, vec![3, 2, 1, 0]));
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(15),
            "three sleeps between four polls"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_timeout_and_passes_errors_on() {
        let started = Instant::now();
        let mut polls = 0;
        let e = poll_until(
            options(),
            || {
                polls += 1;
                std::future::ready(Ok(1))
            },
            |n: &i32| *n == 0,
            |_| {},
            || "still indexing".into(),
        )
        .await
        .expect_err("times out");
        assert_eq!(e.to_string(), "still indexing");
        assert_eq!((polls, started.elapsed()), (13, Duration::from_secs(60)));

        let e = poll_until(
            options(),
            || std::future::ready(Err::<i32, _>(ApiError::Internal("gone".into()))),
            |_| true,
            |_| {},
            || "never".into(),
        )
        .await
        .expect_err("the fetch failed");
        assert_eq!(e.to_string(), "gone");
    }
}
