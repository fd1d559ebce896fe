//! Read-ahead while the cursor moves, through the whole app against a real local platform on
//! loopback behind the counting proxy of `read_ahead.rs`: several rows are read at once, never
//! more than the bound of requests; a key leaves the reads of rows still ahead alone and the row
//! it lands on waits for its read instead of asking again; the reads of rows passed are
//! cancelled, and the landed row's own read goes first; keys at a steady pace slower than the
//! read-ahead's wait land on rows already read. Timeouts only keep a broken build from hanging;
//! the one paced test leaves room for a loaded machine.

use std::cell::Cell;
use std::time::Duration;

use crate::read_ahead::{setup, shown};
use crate::support::tui_harness::Harness;
use crate::tui_support::{code, key};
use crossterm::event::KeyCode;
use tl_assets::tui::{Effect, READ_AHEAD_MAX_REQUESTS};

/// Feeds background results to the app for `period`, then draws.
async fn pump_for(h: &mut Harness, period: Duration) {
    let end = tokio::time::Instant::now() + period;
    while let Ok(Some(msg)) = tokio::time::timeout_at(end, h.runtime.next_msg()).await {
        let effects = h.app.update(msg);
        h.runtime.perform_all(effects);
    }
    h.draw();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_rows_are_read_at_once_never_more_requests_than_the_bound() {
    let (platform, mut h, seen, ids) = setup(14, "slow=1:300ms", false, 10).await;
    h.until("row 0's detail, its transcript too", |a| {
        shown(a, &ids[0]) && a.part_of.pending.is_none() && a.transcripts.pending.is_none()
    })
    .await;
    // Row 0's own reads are over: from here on only read-ahead.
    seen.reset_most();
    h.until("rows 1 to 10 read ahead", |a| {
        ids[1..=10].iter().all(|id| shown(a, id)) && a.read_ahead.in_flight.is_empty()
    })
    .await;
    let most = seen.most_in_flight();
    assert!(
        most <= READ_AHEAD_MAX_REQUESTS,
        "at most {READ_AHEAD_MAX_REQUESTS} at once: {most}"
    );
    // One row makes at most 3 requests here (indexes, entities, a transcript; no thumbnails).
    assert!(most > 3, "more than one row at once: {most}");
    assert!(!shown(&h.app, &ids[11]), "ten rows ahead, no more");
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_leaves_the_reads_ahead_alone_and_the_landed_row_waits_for_its_read() {
    let (platform, mut h, seen, ids) = setup(8, "slow=1:300ms", false, 2).await;
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("rows 1 and 2 being read", |a| a.read_ahead.in_flight.len() == 2)
        .await;
    let row_1 = h.app.read_ahead.in_flight[0].clone();
    assert_eq!(row_1.job.asset_id, ids[1]);
    let effects = h.app.update(key('j'));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::CancelReadAhead { .. })),
        "rows 1 and 2 are still ahead: {effects:?}"
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::FetchPartOf { .. })),
        "row 1's detail waits for its read-ahead: {effects:?}"
    );
    assert_eq!(h.app.part_of.pending, Some((ids[1].clone(), row_1.request_id)));
    h.runtime.perform_all(effects);
    h.until("row 1's detail", |a| {
        shown(a, &ids[1]) && a.part_of.pending.is_none()
    })
    .await;
    h.until("row 1's read-ahead over", |a| {
        a.read_ahead.in_flight.iter().all(|f| f.job.asset_id != ids[1])
    })
    .await;
    assert_eq!(
        seen.count(&ids[1]),
        row_1.job.requests(),
        "row 1 was asked for once, by its read-ahead"
    );
    h.until("row 3 read ahead", |a| shown(a, &ids[3])).await;
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jump_cancels_the_reads_of_rows_passed_and_the_landed_row_goes_first() {
    let (platform, mut h, seen, ids) = setup(40, "slow=1:300ms", false, 2).await;
    h.until("row 0's detail", |a| shown(a, &ids[0])).await;
    h.until("rows 1 and 2 being read", |a| a.read_ahead.in_flight.len() == 2)
        .await;
    let passed: Vec<_> = h.app.read_ahead.in_flight.iter().map(|f| f.request_id).collect();
    let effects = h.app.update(code(KeyCode::PageDown));
    let landed = h.app.list.selected;
    assert!(landed > 3, "a page down: {landed}");
    for request_id in &passed {
        assert!(
            effects.contains(&Effect::CancelReadAhead {
                request_id: *request_id
            }),
            "rows 1 and 2 are behind: {effects:?}"
        );
    }
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::FetchPartOf { asset_id, .. } if *asset_id == ids[landed])),
        "the landed row's own read: {effects:?}"
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::ReadAhead { .. })),
        "no read-ahead beside the landed row's own read: {effects:?}"
    );
    h.runtime.perform_all(effects);
    assert_eq!(
        h.runtime.read_ahead_running(),
        0,
        "the passed rows' tasks are stopped"
    );
    let beside = Cell::new(false);
    h.until("the landed row's detail", |a| {
        beside.set(beside.get() || (a.part_of.pending.is_some() && !a.read_ahead.in_flight.is_empty()));
        shown(a, &ids[landed])
    })
    .await;
    assert!(
        !beside.get(),
        "no read-ahead started while the landed row's own read was on its way"
    );
    let asked = (seen.count(&ids[1]), seen.count(&ids[2]));
    h.until("the two rows below read ahead", |a| {
        shown(a, &ids[landed + 1]) && shown(a, &ids[landed + 2]) && a.read_ahead.in_flight.is_empty()
    })
    .await;
    assert!(
        !shown(&h.app, &ids[1]) && !shown(&h.app, &ids[2]),
        "passed rows are not read"
    );
    assert_eq!(
        (seen.count(&ids[1]), seen.count(&ids[2])),
        asked,
        "nor asked for later"
    );
    platform.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_at_a_steady_pace_land_on_rows_read_ahead() {
    // A key every 300 ms, answers 300 ms late: reading one row at a time once the selection
    // rests (150 ms) fell a row behind at every key. Reading the window ahead while the cursor
    // moves has 5 keys (1.5 s) to read each row, room for a loaded machine.
    let (platform, mut h, seen, ids) = setup(40, "slow=1:300ms", false, 5).await;
    h.until("row 0's detail and rows 1 to 5", |a| {
        ids[..=5].iter().all(|id| shown(a, id)) && a.read_ahead.in_flight.is_empty()
    })
    .await;
    seen.reset_most();
    let mut missed = Vec::new();
    for row in 1..=16 {
        h.keys("j");
        let screen = h.screen();
        if screen.contains("loading…") {
            missed.push(row);
        }
        pump_for(&mut h, Duration::from_millis(300)).await;
    }
    assert!(
        missed.len() <= 2,
        "the landed row's detail showed at once but on rows {missed:?}"
    );
    let most = seen.most_in_flight();
    assert!(
        most <= READ_AHEAD_MAX_REQUESTS,
        "at most {READ_AHEAD_MAX_REQUESTS} at once: {most}"
    );
    platform.stop().await;
}
