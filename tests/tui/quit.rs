//! Quitting: `q` leaves at once when nothing runs; with uploads running it asks first (Cancel
//! focused), because quitting stops them. Ctrl-C and a signal still leave at once.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::tui::{App, Choice, Effect, Modal, Msg};

/// A loaded app with one URL upload running.
fn uploading() -> App {
    let mut app = loaded(3, 3);
    app.update(key('u'));
    type_text(&mut app, "https://media.example.invalid/harbor.mp4");
    let effects = app.update(code(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::StartUpload { .. }]),
        "{effects:?}"
    );
    assert!(app.uploads.any_active());
    app
}

#[test]
fn q_quits_at_once_when_no_upload_runs() {
    let mut app = loaded(3, 3);
    app.update(key('q'));
    assert!(app.should_quit);
}

#[test]
fn q_with_an_upload_running_asks_with_cancel_focused() {
    let mut app = uploading();
    assert!(app.update(key('q')).is_empty());
    assert!(!app.should_quit, "not yet: an upload runs");
    assert!(matches!(app.modal, Some(Modal::ConfirmQuit(Choice::Cancel))));
    app.update(code(KeyCode::Enter));
    assert!(!app.should_quit, "Enter on Cancel stays");
    assert!(app.modal.is_none());
    assert!(app.uploads.any_active(), "the upload keeps running");

    app.update(key('q'));
    app.update(code(KeyCode::Esc));
    assert!(!app.should_quit && app.modal.is_none(), "Esc stays too");

    app.update(key('q'));
    app.update(code(KeyCode::Right));
    assert!(matches!(app.modal, Some(Modal::ConfirmQuit(Choice::Proceed))));
    app.update(code(KeyCode::Enter));
    assert!(app.should_quit, "confirmed");
}

#[test]
fn q_after_the_upload_finished_quits_without_asking() {
    let mut app = uploading();
    let id = app.uploads.jobs[0].id;
    let mut done = asset(9);
    done.status = Some(tl_assets::api::types::AssetStatus::Ready);
    app.update(Msg::UploadFinished {
        upload: id,
        result: Ok(Box::new(done)),
    });
    app.update(key('q'));
    assert!(app.should_quit);
}

#[test]
fn ctrl_c_and_a_signal_quit_even_with_uploads_running() {
    let mut app = uploading();
    app.update(ctrl('c'));
    assert!(app.should_quit);
    let mut app = uploading();
    app.update(Msg::Quit);
    assert!(app.should_quit);
}
