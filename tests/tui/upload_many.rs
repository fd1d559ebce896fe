//! Many files from the upload form: the preview of what the paths expand to (asked off the UI
//! thread, stale answers dropped), Enter queueing one job per file as a batch, nothing queued
//! twice, pasted lines and URLs; a snapshot of the form with a preview at 60x20, 80x24 and
//! 120x40. The batch's end, skip-existing and bad input are in `upload_batch.rs`.

use std::time::Duration;

use crate::support::upload_many::*;
use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::api::UploadSource;
use tl_assets::tui::{App, Effect, Msg, RequestId};
use tl_assets::upload_plan::{SkipReason, Skipped};

#[test]
fn typing_asks_for_a_preview_after_a_pause_and_an_older_answer_is_dropped() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    let first = plan_requests(&type_text(&mut app, "shots"));
    let last = first.last().cloned().expect("a request per change");
    assert_eq!(last.1, vec!["shots".to_string()]);
    assert!(!last.2.is_zero(), "typing waits for a pause: {last:?}");
    let older = first[first.len() - 2].0;
    let more = plan_requests(&type_text(&mut app, "/"));
    let (newest, inputs, _) = more.last().cloned().expect("the text changed");
    assert_eq!(inputs, vec!["shots/".to_string()]);

    // The answer for "shots" comes late: dropped, the form still waits for "shots/".
    app.update(Msg::UploadPlanned {
        request_id: older,
        planned: planned(files(1), Vec::new()),
    });
    assert!(form(&app).preview.planned.is_none(), "stale answer dropped");
    assert!(screen(&app, 80, 24).contains("looking at the paths"));

    app.update(Msg::UploadPlanned {
        request_id: newest,
        planned: planned(files(12), vec![not_media("/shots/notes.dat")]),
    });
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("12 media files, 12.1 kB · 1 skipped (not media: notes.dat)"),
        "{s}"
    );
    // Nothing new is asked while the text stays as it is.
    assert!(plan_requests(&app.update(Msg::Tick(now()))).is_empty());
}

#[test]
fn enter_queues_one_job_per_file_within_the_concurrency() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    let effects = app.update(code(KeyCode::Enter));
    assert!(
        effects.is_empty(),
        "the preview in flight is awaited: {effects:?}"
    );
    // A second Enter while it is awaited adds nothing.
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    let effects = answer_plan(&mut app, files(5), vec![not_media("/shots/notes.dat")]);
    assert!(app.modal.is_none(), "the form closes");
    assert_eq!(started(&effects).len(), 2, "two send at once: {effects:?}");
    assert_eq!(app.uploads.jobs.len(), 5, "one job per file");
    let labels: Vec<_> = app.uploads.jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(labels[0], "img-00.png");
    assert!(app.uploads.jobs.iter().all(|j| j.request.filename.is_none()));
    let batch = app.uploads.shown_batch().expect("a batch");
    assert_eq!(
        app.uploads.batch_line(batch),
        "batch: 5 files · 2 running · 3 queued · 1 skipped"
    );
    assert!(
        app.notices
            .flash
            .as_deref()
            .unwrap_or("")
            .contains("queued 5 uploads · 1 skipped"),
        "{:?}",
        app.notices.flash
    );
}

#[test]
fn paths_already_queued_are_not_queued_again() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    answer_plan(&mut app, files(3), Vec::new());
    assert_eq!(app.uploads.jobs.len(), 3);
    // The same folder again while the first batch runs: nothing is added.
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    let effects = answer_plan(&mut app, files(3), Vec::new());
    assert!(started(&effects).is_empty(), "{effects:?}");
    assert_eq!(app.uploads.jobs.len(), 3, "nothing uploaded twice");
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash.contains("nothing uploaded: 3 skipped (already queued"),
        "{flash}"
    );
}

#[test]
fn a_multi_line_paste_is_several_paths() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    let effects = app.update(Msg::Paste(
        "/shots/a.png\n'/shots/b c.png'\n\n/shots/a.png\n".into(),
    ));
    assert_eq!(
        form(&app).sources(),
        vec!["/shots/a.png", "/shots/b c.png", "/shots/a.png"]
    );
    let asked = plan_requests(&effects);
    assert_eq!(
        asked[0].1.len(),
        3,
        "every line goes to the expander (which plans a file once)"
    );
    assert!(screen(&app, 80, 24).contains("+ 2 more: '/shots/b c.png', …"));
    // Emptying the field drops the pasted lines too.
    for _ in 0.."/shots/a.png".len() {
        app.update(code(KeyCode::Backspace));
    }
    assert!(form(&app).sources().is_empty());
}

#[test]
fn a_paste_from_a_terminal_breaks_lines_with_cr() {
    // Terminals and tmux send a pasted line break as CR: each is still a path of its own.
    let mut app = loaded(3, 3);
    app.update(key('u'));
    app.update(Msg::Paste("/shots/a.png\r/shots/b.png\r\n/shots/*.mov\r".into()));
    assert_eq!(
        form(&app).sources(),
        vec!["/shots/a.png", "/shots/b.png", "/shots/*.mov"]
    );
}

#[test]
fn several_urls_are_one_job_each() {
    let mut app = loaded(3, 3);
    app.upload_settings.concurrency = 4;
    app.update(key('u'));
    app.update(Msg::Paste(
        "https://media.example.invalid/a.mp4\nhttps://media.example.invalid/b.mp4\nhttps://media.example.invalid/a.mp4"
            .into(),
    ));
    let effects = app.update(code(KeyCode::Enter));
    assert_eq!(
        started(&effects).len(),
        2,
        "a URL given twice goes once: {effects:?}"
    );
    assert!(matches!(
        &app.uploads.jobs[1].request.source,
        UploadSource::Url(u) if u.ends_with("b.mp4")
    ));
    // Mixed with a path, the form asks to split them.
    app.update(key('u'));
    app.update(Msg::Paste(
        "https://media.example.invalid/c.mp4\n/shots/a.png".into(),
    ));
    assert!(app.update(code(KeyCode::Enter)).is_empty());
    let (_, why) = form(&app).error.clone().expect("an inline error");
    assert!(why.contains("mix URLs and paths"), "{why}");
}

#[test]
fn a_filename_override_names_one_file() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Down));
    type_text(&mut app, "renamed.png");
    app.update(code(KeyCode::Enter));
    answer_plan(&mut app, files(2), Vec::new());
    let (field, why) = form(&app).error.clone().expect("an inline error");
    assert_eq!(field, tl_assets::tui::Field::Filename);
    assert!(why.contains("clear it to upload these 2"), "{why}");
}

/// Draws `app` at each size and compares with the stored snapshots `<name>_<w>x<h>`. Here, not
/// in the support module: the snapshot files are named after the module that asserts.
fn snap(name: &str, app: &App) {
    for (w, h) in [(60, 20), (80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

#[test]
fn snapshot_form_with_a_preview() {
    let mut app = loaded(10, 10);
    app.update(key('u'));
    type_text(&mut app, "~/shots/");
    let unreadable = Skipped {
        path: "/home/me/shots/private".into(),
        reason: SkipReason::Unreadable("Permission denied (os error 13)".into()),
    };
    let loop_ = Skipped {
        path: "/home/me/shots/loop".into(),
        reason: SkipReason::SymlinkLoop,
    };
    let mut big = files(12);
    for f in &mut big {
        f.size = 290_000_000;
    }
    answer_plan(
        &mut app,
        big,
        vec![
            not_media("/home/me/shots/notes.dat"),
            not_media("/home/me/shots/sync.db"),
            not_media("/home/me/shots/list.csv"),
            unreadable,
            loop_,
        ],
    );
    snap("form_with_preview", &app);
}

/// The pause in typing lives in the runtime: a newer expansion cancels one still waiting, so
/// only the answer for the latest text arrives (virtual time; the walk itself is real).
#[tokio::test(start_paused = true)]
async fn a_newer_expansion_cancels_one_still_waiting() {
    use tl_assets::api::{ApiKey, Client};
    use tl_assets::tui::Runtime;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.dat"), "text").expect("write");
    let client = Client::new("http://127.0.0.1:9", ApiKey::new("tlk_test")).expect("client");
    let mut runtime = Runtime::new(client);
    let inputs = vec![dir.path().display().to_string()];
    for request_id in [RequestId(1), RequestId(2)] {
        runtime.perform(Effect::PlanUpload {
            request_id,
            inputs: inputs.clone(),
            delay: Duration::from_millis(250),
        });
    }
    match runtime.next_msg().await {
        Some(Msg::UploadPlanned { request_id, planned }) => {
            assert_eq!(
                request_id,
                RequestId(2),
                "the older request was cancelled while it waited"
            );
            assert_eq!(planned.plan.skipped.len(), 1, "{planned:?}");
        }
        other => panic!("{other:?}"),
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(runtime.try_next_msg().is_none(), "no second answer");
}

/// Keys typed right after Enter, while the paths' expansion finishes, used to land in the field
/// and change what was uploaded (`big.mp4q`). Enter commits the form as it was: they are
/// dropped, the answer for the committed text queues it, and Esc would take the Enter back.
#[test]
fn keys_typed_after_enter_do_not_change_what_is_uploaded() {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "/shots/big.mp4");
    app.update(code(KeyCode::Enter));
    let (committed, inputs) = form(&app)
        .preview
        .asked
        .clone()
        .expect("Enter waits for the expansion");
    assert_eq!(inputs, vec!["/shots/big.mp4".to_string()]);
    let effects = type_text(&mut app, "q");
    app.update(Msg::Paste("more".into()));
    assert_eq!(
        form(&app).source.value(),
        "/shots/big.mp4",
        "the field is as Enter left it"
    );
    assert!(
        plan_requests(&effects).is_empty(),
        "nothing new asked: {effects:?}"
    );
    let effects = app.update(Msg::UploadPlanned {
        request_id: committed,
        planned: planned(vec![image("/shots/big.mp4", 1000)], Vec::new()),
    });
    assert!(app.modal.is_none(), "queued, the form closed: {:?}", app.modal);
    assert_eq!(started(&effects).len(), 1, "{effects:?}");
    assert_eq!(app.uploads.jobs[0].label, "big.mp4");

    // Esc between Enter and the answer takes the Enter back: the form is editable again.
    app.update(key('u'));
    type_text(&mut app, "/shots/a.png");
    app.update(code(KeyCode::Enter));
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_some(), "Esc ends the wait, not the form");
    assert!(!form(&app).preview.submit_when_ready);
    type_text(&mut app, "x");
    assert_eq!(form(&app).source.value(), "/shots/a.pngx");
}

/// The names of `names` in the order the screen draws them, top to bottom.
fn drawn_order(screen: &str, names: &[String]) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| names.iter().find(|n| line.contains(n.as_str())).cloned())
        .collect()
}

/// The uploads pane as a user works it: a batch of five shows all five under its batch line;
/// focusing the pane moves no row and `j` goes to the row drawn below; `x` on a finished row
/// says why nothing happens; `c` clearing every row gives the keys back to the list.
#[test]
fn the_uploads_pane_shows_five_keeps_its_order_and_gives_the_keys_back_when_cleared() {
    let mut app = loaded(5, 5);
    app.update(key('u'));
    type_text(&mut app, "/shots/");
    app.update(code(KeyCode::Enter));
    let first = started(&answer_plan(&mut app, files(5), Vec::new()));
    assert_eq!(first.len(), 2, "two send, three wait");
    let names: Vec<String> = (0..5).map(|i| format!("img-{i:02}.png")).collect();

    let unfocused = screen(&app, 80, 24);
    assert!(unfocused.contains("batch: 5 files"), "{unfocused}");
    let order = drawn_order(&unfocused, &names);
    assert_eq!(order.len(), 5, "all five rows under the batch line: {unfocused}");

    app.update(code(KeyCode::Tab));
    app.update(code(KeyCode::Tab));
    assert_eq!(app.focus, tl_assets::tui::Focus::Uploads);
    let focused = screen(&app, 80, 24);
    assert_eq!(
        drawn_order(&focused, &names),
        order,
        "focus moves no row: {focused}"
    );
    let selected = |app: &App| app.uploads.selected_job().map(|j| j.label.clone());
    let at = order
        .iter()
        .position(|n| Some(n) == selected(&app).as_ref())
        .expect("a row is selected");
    assert!(at < 4, "{at}");
    app.update(key('j'));
    assert_eq!(
        selected(&app).as_ref(),
        Some(&order[at + 1]),
        "j: the row drawn below"
    );

    // Every upload ends; `x` on a finished row says so.
    let ids: Vec<_> = app.uploads.jobs.iter().map(|j| j.id).collect();
    for (i, id) in ids.into_iter().enumerate() {
        app.update(Msg::UploadFinished {
            upload: id,
            result: Ok(ready_asset(i)),
        });
    }
    app.notices.flash = None;
    app.update(key('x'));
    let said = app.notices.flash.clone().unwrap_or_default();
    assert!(said.contains("nothing to cancel"), "{said:?}");

    // `c` clears them all: the pane goes, and so do its keys.
    app.update(key('c'));
    assert!(app.uploads.jobs.is_empty());
    assert_eq!(
        app.focus,
        tl_assets::tui::Focus::List,
        "the list has the keys again"
    );
    let before = app.list.selected;
    app.update(key('j'));
    assert_eq!(app.list.selected, before + 1, "j moves in the list");
}
