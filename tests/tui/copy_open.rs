//! `y`/`Y` copy, `o` open and the URL dialog, thumbnails wished for by the selection: fed as
//! messages to `App::update`, effects checked (no terminal, no network).

use crate::tui_support::*;
use crossterm::event::KeyCode;
use tl_assets::terminal_env::{ClipboardPlan, Launch, NATIVE_TOOLS};
use tl_assets::tui::thumbnail::{ThumbKey, encode};
use tl_assets::tui::{App, Effect, Modal, Msg, osc52};

fn with_hls(mut app: App) -> App {
    let url = "http://127.0.0.1:9/_files/tok/hls/index.m3u8";
    app.list.items[0].hls =
        serde_json::from_value(serde_json::json!({"status": "ready", "manifest_url": url})).expect("hls");
    app
}

/// Answers the read of the selected asset that `o` or `Y` asked for (file URLs expire, so they
/// hand out fresh ones) with `change` applied to it; the effects of the answer.
fn answer_read(
    app: &mut App,
    effects: Vec<Effect>,
    change: impl FnOnce(&mut tl_assets::api::types::Asset),
) -> Vec<Effect> {
    let Some(Effect::FetchDetail { request_id, id }) = effects.into_iter().next() else {
        panic!("the asset is not read again first");
    };
    let mut asset = app.list.selected_asset().expect("selected").clone();
    assert_eq!(asset.id, id);
    change(&mut asset);
    app.update(Msg::DetailLoaded {
        request_id,
        result: Ok(Box::new(asset)),
    })
}

#[test]
fn open_and_the_copy_menu_hand_out_the_fresh_url_of_a_new_read() {
    let mut app = with_hls(loaded(5, 5));
    app.surroundings.player = Launch::SystemOpener;
    let fresh = "http://127.0.0.1:9/_files/fresh/hls/index.m3u8";
    let renew = |a: &mut tl_assets::api::types::Asset| {
        a.hls = serde_json::from_value(serde_json::json!({"status": "ready", "manifest_url": fresh}))
            .expect("hls");
    };
    let effects = app.update(key('o'));
    let effects = answer_read(&mut app, effects, renew);
    assert!(
        matches!(&effects[..], [Effect::Open { url, .. }] if url == fresh),
        "{effects:?}"
    );

    let mut app = with_hls(loaded(5, 5));
    app.surroundings.clipboard = ClipboardPlan::Native(NATIVE_TOOLS[0]);
    let effects = app.update(key('Y'));
    assert!(
        matches!(&app.modal, Some(Modal::CopyMenu(_))),
        "the menu opens at once"
    );
    answer_read(&mut app, effects, renew);
    let effects = app.update(key('2'));
    assert!(
        matches!(&effects[..], [Effect::RunClipboardTool { text, .. }] if text == fresh),
        "{effects:?}"
    );
}

#[test]
fn y_sends_the_id_as_osc52_bytes() {
    let mut app = loaded(5, 5);
    let id = app.list.items[0].id.clone();
    let effects = app.update(key('y'));
    let expected = osc52::sequence(&id).expect("small");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::WriteTerminal { bytes, done }
            if *bytes == expected && done.contains("sent to terminal clipboard (OSC 52)"))),
        "{effects:?}"
    );
}

#[test]
fn inside_tmux_the_wrapped_sequence_follows() {
    let mut app = loaded(5, 5);
    app.surroundings.clipboard = ClipboardPlan::Osc52 { tmux: true };
    let effects = app.update(key('y'));
    let Some(Effect::WriteTerminal { bytes, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    assert!(bytes.windows(7).any(|w| w == b"\x1bPtmux;"), "not wrapped");
}

#[test]
fn native_tool_and_off() {
    let mut app = loaded(5, 5);
    app.surroundings.clipboard = ClipboardPlan::Native(NATIVE_TOOLS[1]);
    let effects = app.update(key('y'));
    assert!(matches!(&effects[..], [Effect::RunClipboardTool { tool, .. }] if tool.program == "wl-copy"));
    app.update(Msg::CopyDone {
        result: Err(tl_assets::tui::CopyError::Tool {
            program: "wl-copy",
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"),
        }),
    });
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("copy failed: wl-copy: No such file or directory")
    );
    app.surroundings.clipboard = ClipboardPlan::Off;
    assert!(
        app.update(key('y'))
            .iter()
            .all(|e| !matches!(e, Effect::WriteTerminal { .. }))
    );
    assert!(app.notices.flash.as_deref().is_some_and(|f| f.contains("off")));
}

#[test]
fn copy_menu_skips_missing_values_and_copies_the_choice() {
    let mut app = with_hls(loaded(5, 5));
    app.surroundings.clipboard = ClipboardPlan::Native(NATIVE_TOOLS[0]);
    app.update(key('Y'));
    let Some(Modal::CopyMenu(menu)) = &app.modal else {
        panic!("menu not open");
    };
    assert_eq!(menu.entries.len(), 4);
    app.update(code(KeyCode::Down));
    let effects = app.update(code(KeyCode::Enter));
    assert!(app.modal.is_none());
    assert!(
        matches!(&effects[..], [Effect::RunClipboardTool { text, label, .. }]
            if text.ends_with("index.m3u8") && label == "HLS URL"),
        "{effects:?}"
    );
    // Without HLS, the menu jumps over it; 4 picks JSON.
    let mut app = loaded(5, 5);
    app.update(key('Y'));
    let effects = app.update(key('4'));
    assert!(
        matches!(&effects[..], [Effect::WriteTerminal { done, .. }] if done.starts_with("JSON")),
        "{effects:?}"
    );
    app.update(key('Y'));
    assert!(app.update(key('2')).is_empty(), "HLS is not available");
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_none());
}

#[test]
fn too_large_for_osc52_is_a_message() {
    let mut app = loaded(5, 5);
    app.list.items[0].id = "x".repeat(osc52::MAX_ENCODED);
    // Nothing is written; the asset now shown only asks for its indexes, entities and transcript.
    let effects = app.update(key('y'));
    assert!(
        matches!(
            &effects[..],
            [Effect::FetchPartOf { .. }, Effect::FetchTranscript { .. }]
        ),
        "{effects:?}"
    );
    assert!(
        app.notices
            .flash
            .as_deref()
            .is_some_and(|f| f.contains("too large"))
    );
}

#[test]
fn open_over_ssh_shows_the_url_and_offers_copy() {
    let mut app = with_hls(loaded(5, 5));
    app.surroundings.player = Launch::ShowUrl("over SSH");
    let effects = app.update(key('o'));
    assert!(answer_read(&mut app, effects, |_| {}).is_empty());
    let Some(Modal::ShowUrl(d)) = &app.modal else {
        panic!("no URL dialog");
    };
    assert!(d.url.ends_with("index.m3u8") && d.reason.contains("over SSH"));
    let effects = app.update(code(KeyCode::Enter));
    assert!(
        matches!(&effects[..], [Effect::WriteTerminal { .. }]),
        "{effects:?}"
    );
    assert!(app.modal.is_none());
}

#[test]
fn open_locally_launches_and_a_failure_shows_the_url() {
    let mut app = loaded(5, 5);
    app.surroundings.browser = Launch::SystemOpener;
    let effects = app.update(key('o'));
    let effects = answer_read(&mut app, effects, |_| {});
    let [Effect::Open { title, url, launch }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!((title.as_str(), launch), ("thumbnail", &Launch::SystemOpener));
    app.update(Msg::OpenDone {
        title: title.clone(),
        url: url.clone(),
        result: Err(tl_assets::tui::OpenError::Opener("no opener".into())),
    });
    assert!(matches!(&app.modal, Some(Modal::ShowUrl(d)) if d.reason.contains("no opener")));
    app.update(code(KeyCode::Esc));
    assert!(app.modal.is_none());
}

#[test]
fn thumbnails_are_wished_once_per_selection_and_kept() {
    let mut app = loaded(5, 5);
    assert!(app.thumb_key().is_none(), "thumbnails are off by default");
    app.surroundings.image = Some(tl_assets::terminal_env::ImageProtocol::Halfblocks);
    let effects = app.update(Msg::Resize(120, 40));
    let [Effect::FetchThumbnail { id, url, cells }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(id, &app.list.items[0].id);
    assert!(url.ends_with("/0/thumb.jpg"));
    let key0 = ThumbKey {
        id: id.clone(),
        url: url.clone(),
        cells: *cells,
    };
    // Moving down wishes the next; moving back wishes the first again.
    assert!(matches!(
        &app.update(key('j'))[..],
        [.., Effect::FetchThumbnail { .. }]
    ));
    let image = image::DynamicImage::new_rgb8(64, 36);
    let thumb = encode(&ratatui_image::picker::Picker::halfblocks(), &image, key0.cells).expect("encode");
    app.update(Msg::ThumbnailLoaded {
        key: key0.clone(),
        result: Ok(thumb),
    });
    let back = app.update(key('k'));
    assert!(
        !back.iter().any(|e| matches!(e, Effect::FetchThumbnail { .. })),
        "a kept thumbnail is not fetched again: {back:?}"
    );
    assert!(app.thumbs.get(&key0).is_some());
}

fn screen(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| tl_assets::tui::view(app, f)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn a_missing_url_says_why_and_yet_only_while_it_is_being_made() {
    let mut app = loaded(5, 5);
    // A video uploaded without HLS or a thumbnail: it will never have either.
    app.list.items[0].thumbnail = None;
    app.update(key('o'));
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash == "nothing to open: HLS not requested, thumbnail not requested",
        "{flash}"
    );
    app.update(key('Y'));
    assert!(
        screen(&app).contains("HLS URL — none: HLS not requested"),
        "{}",
        screen(&app)
    );
    app.update(key('2'));
    assert_eq!(
        app.notices.flash.as_deref(),
        Some("no HLS URL to copy: HLS not requested")
    );
    app.update(code(KeyCode::Esc));
    // While HLS is being made, it is "yet".
    app.list.items[0].hls = serde_json::from_value(serde_json::json!({"status": "processing"})).expect("hls");
    app.update(key('o'));
    let flash = app.notices.flash.clone().unwrap_or_default();
    assert!(
        flash == "nothing to open yet: HLS still processing, thumbnail not requested",
        "{flash}"
    );
}
