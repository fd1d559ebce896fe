//! Read-ahead while the selection rests, through the whole app against a real local platform on
//! loopback, behind a proxy that counts the requests: the rows around the selection are read
//! once the row under the cursor has its detail, so landing on them shows theirs at once with no
//! request; a video or audio row brings its transcript; a rate limit or `0` stops it, and a
//! read-only key reads ahead as any other. Moving while reads are on their way:
//! `read_ahead_moving.rs`. Timeouts only keep a broken build from hanging; nothing asserts on
//! durations.

use std::sync::Arc;
use std::time::Duration;

use crate::support::counting_proxy::{self, Rewrite, Seen};
use crate::support::tui_harness::{Harness, KEY, Platform};
use tl_assets::api::{ApiKey, Client};
use tl_assets::tui::{App, Keymap, Msg};

/// A platform answering every request `slow` late, holding `n` seeded assets, and an app of
/// 120x40 reading `rows` rows ahead, talking to it through the counting proxy, its first page
/// loaded; the ids in row order.
pub(crate) async fn setup(
    n: usize,
    slow: &str,
    read_only: bool,
    rows: usize,
) -> (Platform, Harness, Arc<Seen>, Vec<String>) {
    let platform = Platform::start_with(|c| {
        tl_assets::platform::seed_synthetic(&c.data_dir, n).expect("seed");
        c.faults = Some(slow.parse().expect("fault spec"));
    })
    .await;
    let (base, seen) = counting_proxy::start(platform.running.base_url()).await;
    let client = Client::new(&base, ApiKey::new(KEY)).expect("client");
    let mut h = Harness::sized(client, (120, 40), |r| r);
    h.app = App::new("local", read_only, Keymap::defaults(), h.app.now);
    h.app.size = (120, 40);
    h.app.read_ahead.rows = rows;
    let effects = h.app.init();
    h.runtime.perform_all(effects);
    h.until("the first page", |a| a.list.items.len() == n).await;
    let ids = (0..n)
        .map(|row| h.app.list.items[h.app.list.visible[row]].id.clone())
        .collect();
    (platform, h, seen, ids)
}

pub(crate) fn shown(app: &App, id: &str) -> bool {
    app.part_of.get(id).is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_idling_on_row_0_landing_on_row_1_shows_its_detail_from_the_cache() {
    for read_only in [false, true] {
        let (platform, mut h, seen, ids) = setup(4, "slow=1:50ms", read_only, 2).await;
        h.until("row 0's detail", |a| shown(a, &ids[0])).await;
        h.until("rows 1 and 2 read ahead", |a| {
            shown(a, &ids[1]) && shown(a, &ids[2]) && a.read_ahead.in_flight.is_empty()
        })
        .await;
        assert!(!shown(&h.app, &ids[3]), "two rows ahead, no more");
        let asked = seen.count(&ids[1]);
        assert!(
            asked >= 2,
            "row 1's indexes and entities were read ahead: {asked}"
        );
        h.keys("j");
        let screen = h.screen();
        assert!(
            !screen.contains("loading…"),
            "row 1's detail shows at once:\n{screen}"
        );
        // Landing on it reads ahead further, never row 1 again.
        h.until("row 3 read ahead", |a| shown(a, &ids[3])).await;
        assert_eq!(
            seen.count(&ids[1]),
            asked,
            "no request for row 1 after landing on it"
        );
        platform.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_or_read_ahead_0_reads_nothing_ahead() {
    for case in ["rate limited", "read_ahead = 0"] {
        let (platform, mut h, seen, ids) = setup(3, "slow=1:20ms", false, 2).await;
        if case == "rate limited" {
            let now = h.app.now;
            h.app
                .connectivity
                .rate_limited(now, Some(Duration::from_secs(600)), None);
        } else {
            h.app.read_ahead.rows = 0;
        }
        h.until("row 0's detail", |a| shown(a, &ids[0])).await;
        // Give a read-ahead every chance to start: another message through `update`.
        h.press(Msg::Resize(120, 40));
        assert!(h.app.read_ahead.in_flight.is_empty(), "{case}");
        assert_eq!(h.runtime.read_ahead_running(), 0, "{case}");
        assert_eq!(seen.count(&ids[1]), 0, "{case}");
        platform.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_or_audio_row_read_ahead_brings_its_transcript_too() {
    // Rows, newest first: video, image, audio, video.
    let (platform, mut h, seen, ids) = setup(4, "slow=1:50ms", false, 2).await;
    let audio = ids[2].clone();
    let transcript = format!("{audio}/transcription");
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("rows 1 and 2 read ahead", |a| {
        shown(a, &ids[1]) && shown(a, &audio) && a.read_ahead.in_flight.is_empty()
    })
    .await;
    assert!(
        h.app.transcripts.get(&audio).is_some(),
        "the audio row's transcript (none: a 404) is kept"
    );
    assert!(
        h.app.transcripts.get(&ids[1]).is_none(),
        "an image has none to read"
    );
    assert_eq!(seen.count(&transcript), 1);
    h.keys("jj");
    let screen = h.screen();
    assert!(
        screen.contains("no transcript") && !screen.contains("loading…"),
        "row 2's detail, its transcript included, shows at once:\n{screen}"
    );
    // Landing on it reads ahead further (past the settle time of any read the landing asked
    // for), never row 2's transcript again.
    h.until("row 3 read ahead", |a| shown(a, &ids[3])).await;
    assert_eq!(seen.count(&transcript), 1, "landing on it read nothing again");
    platform.stop().await;
}

/// The answers the proxy changes for one case: a 429 to row 1's reads, or rate headers saying
/// how much of a window of 100 is left on every answer.
fn rate_answers(case: &str, row_1: &str) -> Rewrite {
    let left = |n: u32| Rewrite {
        part: "/v1.3/".to_string(),
        status: None,
        headers: vec![
            "X-Ratelimit-Limit: 100".to_string(),
            format!("X-Ratelimit-Remaining: {n}"),
        ],
    };
    match case {
        "429" => Rewrite {
            part: row_1.to_string(),
            status: Some("HTTP/1.1 429 Too Many Requests".to_string()),
            headers: vec!["Retry-After: 1".to_string()],
        },
        "9 of 100 left" => left(9),
        _ => left(50),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_or_under_a_tenth_of_the_window_left_stops_read_ahead() {
    for case in ["429", "9 of 100 left", "50 of 100 left"] {
        let (platform, mut h, seen, ids) = setup(4, "slow=1:20ms", false, 1).await;
        seen.rewrite(Some(rate_answers(case, &ids[1])));
        // A page read again, so every case's client has heard the headers before row 0's
        // detail (the first page came before the proxy changed anything).
        h.keys("r");
        h.until("row 0's detail", |a| {
            shown(a, &ids[0]) && a.list.pending.is_none()
        })
        .await;
        h.until("row 1's read-ahead over", |a| {
            a.read_ahead.in_flight.is_empty() && (a.read_ahead.resting || shown(a, &ids[1]))
        })
        .await;
        let asked = seen.count(&ids[1]);
        match case {
            "429" => {
                assert!(h.app.read_ahead.resting, "{case}");
                assert!(asked >= 2, "{case}: row 1 was asked for, once: {asked}");
            }
            "9 of 100 left" => {
                assert!(h.app.read_ahead.resting, "{case}");
                assert_eq!(asked, 0, "{case}: the rest of the window is the user's");
            }
            _ => {
                assert!(
                    !h.app.read_ahead.resting && shown(&h.app, &ids[1]),
                    "{case}: read ahead"
                );
                platform.stop().await;
                continue;
            }
        }
        // Resting: another message starts nothing, nor asks again.
        h.press(Msg::Resize(120, 40));
        assert!(h.app.read_ahead.in_flight.is_empty(), "{case}");
        assert_eq!(h.runtime.read_ahead_running(), 0, "{case}");
        assert_eq!(seen.count(&ids[1]), asked, "{case}: never retried");
        assert!(!shown(&h.app, &ids[1]), "{case}");
        platform.stop().await;
    }
}
