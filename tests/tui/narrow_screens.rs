//! Screens that used to lose text at small sizes: long and wide-character names in the list,
//! long error messages, long URLs, the About lines, and the footer's words against the box's.
//! Each is snapshotted at 60x20, 80x24 and 120x40 (and the list at 45 columns too), with asserts
//! on what must show.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::ApiError;
use tl_assets::terminal_env::Launch;
use tl_assets::tui::{App, Effect, Msg, view};

const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (120, 40)];

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut app = app.clone();
    app.update(Msg::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| view(&app, f)).expect("draw");
    terminal.backend().to_string()
}

/// Snapshots `app` at each size as `<name>_<w>x<h>` and returns the screens.
fn snap(name: &str, app: &App) -> Vec<((u16, u16), String)> {
    SIZES
        .iter()
        .map(|&(w, h)| {
            let screen = draw(app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
            ((w, h), screen)
        })
        .collect()
}

/// The rows of a box `box_w` wide centred on a `w`-column screen, inside its border, trimmed.
fn box_rows(screen: &str, w: u16, box_w: u16) -> Vec<String> {
    let x0 = usize::from((w - box_w) / 2 + 1);
    screen
        .lines()
        .map(|l| {
            let row: String = l
                .trim_matches('"')
                .chars()
                .skip(x0)
                .take(usize::from(box_w - 2))
                .collect();
            row.trim().to_string()
        })
        .collect()
}

fn named(names: &[&str]) -> App {
    let mut app = loaded(names.len(), names.len() as u64);
    for (a, n) in app.list.items.iter_mut().zip(names) {
        a.filename = Some((*n).to_string());
    }
    app
}

#[test]
fn narrow_lists_keep_the_name_and_cut_it_with_an_ellipsis() {
    let app = named(&[
        "big_buck_bunny_1080p_surround.mp4",
        "東京の港の夕暮れ_4k_final.mp4",
        "b.mp4",
    ]);
    let screens = snap("narrow_list", &app);
    for ((w, _), screen) in &screens {
        assert!(
            screen.contains("big_buck_bunny"),
            "{w}: the name keeps its room\n{screen}"
        );
        assert!(screen.contains("東京の港"), "{w}:\n{screen}");
    }
    let at_45 = draw(&app, 45, 20);
    insta::assert_snapshot!("narrow_list_45x20", at_45);
    assert!(at_45.contains("› ▶ big_buck_bunny_1080p"), "{at_45}");
    assert!(at_45.contains("…"), "a cut name ends in an ellipsis:\n{at_45}");
    assert!(at_45.contains("ready"), "the status still shows:\n{at_45}");
    // Wide characters take two columns: the row still ends at the frame.
    let row = at_45.lines().find(|l| l.contains("東京")).unwrap_or_default();
    let row = row.split('"').nth(1).unwrap_or_default();
    assert!(row.ends_with("ready     │"), "{row:?}");
}

#[test]
fn a_long_error_keeps_its_hint_and_its_key_line() {
    let mut app = loaded(10, 10);
    let effects = app.update(code(KeyCode::Enter));
    let Some(tl_assets::tui::Effect::FetchDetail { request_id, .. }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let message = "The asset could not be read because the storage backend answered with a \
                   checksum that does not match the bytes it holds; the upload may have been cut \
                   short by a proxy that limits request bodies.";
    app.update(Msg::DetailLoaded {
        request_id,
        result: Err(ApiError::from_response(
            500,
            None,
            &format!(r#"{{"code":"internal_error","message":"{message}"}}"#),
        )),
    });
    for ((w, _), screen) in snap("long_error", &app) {
        assert!(screen.contains("hint:"), "{w}: the hint is cut\n{screen}");
        assert!(
            screen.contains("Esc dismiss"),
            "{w}: the key line is cut\n{screen}"
        );
        assert!(screen.contains("checksum"), "{w}: the message wraps\n{screen}");
    }
}

#[test]
fn a_long_url_breaks_after_separators_and_the_footer_says_what_the_box_says() {
    let mut app = loaded(5, 5);
    let url = "http://127.0.0.1:41234/_files/6f0e1d2c3b4a59687766554433221100/hls/66b1f0c2a9e4d31b7c0f0000/index.m3u8";
    app.list.items[0].hls =
        serde_json::from_value(serde_json::json!({"status": "ready", "manifest_url": url})).expect("hls");
    app.surroundings.player = Launch::ShowUrl("over SSH");
    // `o` reads the asset again for a fresh URL first; the read brings the same one.
    let effects = app.update(key('o'));
    let Some(Effect::FetchDetail { request_id, .. }) = effects.into_iter().next() else {
        panic!("the asset is not read again first");
    };
    let asset = app.list.items[0].clone();
    app.update(Msg::DetailLoaded {
        request_id,
        result: Ok(Box::new(asset)),
    });
    for ((w, h), screen) in snap("long_url", &app) {
        let rows = box_rows(&screen, w, (w - 4).min(100));
        let pieces: Vec<&String> = rows
            .iter()
            .filter(|r| !r.is_empty() && url.contains(r.as_str()))
            .collect();
        assert_eq!(
            pieces.iter().map(|p| p.as_str()).collect::<String>(),
            url,
            "{w}: the URL is whole\n{screen}"
        );
        for piece in &pieces[..pieces.len() - 1] {
            assert!(piece.ends_with('/'), "{w}: broken mid-token: {piece:?}\n{screen}");
        }
        let footer = screen.lines().nth(usize::from(h) - 1).unwrap_or_default();
        assert!(
            footer.contains("Enter confirm") && footer.contains("Esc close"),
            "{footer}"
        );
        assert!(screen.contains("Enter confirm · Esc close"), "{screen}");
    }
}

#[test]
fn dialogs_and_the_footer_use_the_same_words() {
    let mut app = loaded(5, 5);
    app.update(key('d'));
    for (w, h) in SIZES {
        let screen = draw(&app, w, h);
        let footer = screen.lines().nth(usize::from(h) - 1).unwrap_or_default();
        assert!(
            footer.contains("Enter confirm") && footer.contains("Esc cancel"),
            "{footer}"
        );
        assert!(screen.contains("Enter confirm · Esc cancel"), "{screen}");
    }
    app.update(code(KeyCode::Esc));
    app.update(key('?'));
    let screen = draw(&app, 80, 24);
    let footer = screen.lines().nth(23).unwrap_or_default();
    assert!(footer.contains("Esc close"), "{footer}");
    assert!(screen.contains("Esc close"), "{screen}");
}

#[test]
fn about_lines_wrap_instead_of_being_cut() {
    let mut app = loaded(5, 5);
    let log = "/home/someone/.local/state/tl-assets/logs/tl-assets-2026-08-01T12-00-00.log";
    app.surroundings.about = vec![
        (
            "terminal".into(),
            "xterm-256color (tmux 3.4, outer terminal unknown)".into(),
        ),
        ("log file".into(), log.into()),
    ];
    app.update(key('?'));
    for (w, h) in SIZES {
        let mut app = app.clone();
        app.update(Msg::Resize(w, h));
        app.update(key('G'));
        let screen = draw(&app, w, h);
        insta::assert_snapshot!(format!("about_wrapped_{w}x{h}"), screen);
        let rows = box_rows(&screen, w, w.min(72));
        let joined: String = rows
            .iter()
            .map(|r| r.trim_start_matches("log file").trim())
            .collect();
        assert!(joined.contains(log), "{w}: the log path is cut\n{screen}");
    }
}

#[test]
fn a_message_longer_than_the_status_bar_is_read_whole_in_the_footer_row() {
    let mut app = loaded(5, 5);
    app.list.items[0].thumbnail = None;
    app.update(key('o'));
    for (w, h) in SIZES {
        let screen = draw(&app, w, h);
        let message = "nothing to open: HLS not requested, thumbnail not requested";
        assert!(screen.contains(message), "{w}x{h}:\n{screen}");
    }
}
