//! Read-ahead while idle, through the whole app against a real local platform on loopback,
//! behind a proxy that counts the requests: the rows around the selection are read once the row
//! under the cursor has its detail, so landing on them shows theirs at once with no request;
//! moving (even onto the row being read) drops the read-ahead; it reads one row at a time, its
//! parts together; a video or audio row brings its transcript; a rate limit or `0` stops it, and a read-only key reads ahead as any other. Timeouts only keep a broken build from
//! hanging; nothing asserts on durations.

use std::sync::Arc;
use std::time::Duration;

use crate::support::counting_proxy::{self, Seen};
use crate::support::tui_harness::{Harness, KEY, Platform};
use tl_assets::api::{ApiKey, Client};
use tl_assets::tui::{App, Effect, Keymap, Msg};

/// A platform answering every request `slow` late, holding `n` seeded assets, and an app of
/// 120x40 talking to it through the counting proxy, its first page loaded; the ids in row order.
async fn setup(n: usize, slow: &str, read_only: bool) -> (Platform, Harness, Arc<Seen>, Vec<String>) {
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
    let effects = h.app.init();
    h.runtime.perform_all(effects);
    h.until("the first page", |a| a.list.items.len() == n).await;
    let ids = (0..n)
        .map(|row| h.app.list.items[h.app.list.visible[row]].id.clone())
        .collect();
    (platform, h, seen, ids)
}

fn shown(app: &App, id: &str) -> bool {
    app.part_of.get(id).is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_idling_on_row_0_landing_on_row_1_shows_its_detail_from_the_cache() {
    for read_only in [false, true] {
        let (platform, mut h, seen, ids) = setup(4, "slow=1:50ms", read_only).await;
        h.until("row 0's detail", |a| shown(a, &ids[0])).await;
        h.until("rows 1 and 2 read ahead", |a| {
            shown(a, &ids[1]) && shown(a, &ids[2]) && a.read_ahead.pending.is_none()
        })
        .await;
        assert!(!shown(&h.app, &ids[3]), "two rows ahead by default, no more");
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
async fn read_ahead_reads_one_row_at_a_time_its_parts_together() {
    let (platform, mut h, seen, ids) = setup(5, "slow=1:100ms", false).await;
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    // Row 0's own read (indexes and entities at once) is over: from here on only read-ahead.
    seen.reset_most();
    h.until("rows 1 and 2 read ahead", |a| {
        shown(a, &ids[1]) && shown(a, &ids[2]) && a.read_ahead.pending.is_none()
    })
    .await;
    assert!(seen.count(&ids[2]) >= 2);
    // Rows, newest first: audio, video, image, …: row 1's indexes, entities and transcript go
    // together, then row 2's two sections.
    assert_eq!(
        seen.most_in_flight(),
        3,
        "one row at a time, its indexes, entities and transcript together"
    );
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_the_cursor_drops_the_read_ahead() {
    let (platform, mut h, _seen, ids) = setup(4, "slow=1:300ms", false).await;
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("row 1 being read ahead", |a| a.read_ahead.pending.is_some())
        .await;
    assert!(h.runtime.read_ahead_busy());
    // Two rows down: not onto the row being read, so the read-ahead is dropped.
    let mut effects = h.app.update(crate::tui_support::key('j'));
    effects.extend(h.app.update(crate::tui_support::key('j')));
    assert!(effects.contains(&Effect::CancelReadAhead), "{effects:?}");
    assert!(h.app.read_ahead.pending.is_none());
    h.runtime.perform_all(effects);
    assert!(!h.runtime.read_ahead_busy(), "the task is stopped");
    // Row 2's own read goes first; the dropped read of row 1 never lands in the cache.
    h.until("row 2's detail", |a| shown(a, &ids[2])).await;
    assert!(!shown(&h.app, &ids[1]));
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landing_on_the_row_being_read_reads_it_first_as_any_row() {
    let (platform, mut h, _seen, ids) = setup(3, "slow=1:300ms", false).await;
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("row 1 being read ahead", |a| a.read_ahead.pending.is_some())
        .await;
    let effects = h.app.update(crate::tui_support::key('j'));
    assert!(effects.contains(&Effect::CancelReadAhead), "{effects:?}");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::FetchPartOf { asset_id, .. } if *asset_id == ids[1])),
        "row 1's own read, both sections at once: {effects:?}"
    );
    h.runtime.perform_all(effects);
    h.until("row 1's detail", |a| shown(a, &ids[1])).await;
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_or_read_ahead_0_reads_nothing_ahead() {
    for case in ["rate limited", "read_ahead = 0"] {
        let (platform, mut h, seen, ids) = setup(3, "slow=1:20ms", false).await;
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
        assert!(h.app.read_ahead.pending.is_none(), "{case}");
        assert!(!h.runtime.read_ahead_busy(), "{case}");
        assert_eq!(seen.count(&ids[1]), 0, "{case}");
        platform.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_or_audio_row_read_ahead_brings_its_transcript_too() {
    // Rows, newest first: video, image, audio, video.
    let (platform, mut h, seen, ids) = setup(4, "slow=1:50ms", false).await;
    let audio = ids[2].clone();
    let transcript = format!("{audio}/transcription");
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("rows 1 and 2 read ahead", |a| {
        shown(a, &ids[1]) && shown(a, &audio) && a.read_ahead.pending.is_none()
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
