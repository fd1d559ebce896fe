//! With `NO_COLOR` the UI draws no colour at all, yet stays usable: the selection is reversed,
//! the focused pane's border is bold, an error's code is bold, and a half-block thumbnail (a
//! picture only through its colours) is left out. The config file's `[theme]` colours reach the
//! panes. Each app carries its own theme, so both live in one test binary.

use crate::tui_support::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui_image::picker::Picker;
use tl_assets::api::ApiError;
use tl_assets::terminal_env::ImageProtocol;
use tl_assets::tui::thumbnail::{ThumbKey, downscale, encode};
use tl_assets::tui::{Effect, Msg, Notice, Theme, view};

#[test]
fn no_colour_anywhere_but_selection_focus_and_errors_still_stand_out() {
    let mut app = loaded(10, 10);
    app.theme = Theme::default().plain();
    app.surroundings.image = Some(ImageProtocol::Halfblocks);
    let effects = app.update(Msg::Resize(120, 40));
    let Some(Effect::FetchThumbnail { id, url, cells }) = effects.into_iter().next() else {
        panic!("no thumbnail asked for");
    };
    let sample = include_bytes!("../../assets/sample-image.jpg");
    let image = downscale(image::load_from_memory(sample).expect("sample decodes"));
    let thumb = encode(&Picker::halfblocks(), &image, cells).expect("encodes");
    app.update(Msg::ThumbnailLoaded {
        key: ThumbKey { id, url, cells },
        result: Ok(thumb),
    });
    app.notices.push(Notice::from_error(
        "loading",
        &ApiError::from_response(500, None, ""),
    ));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    terminal.draw(|f| view(&app, f)).expect("draw");
    let buf = terminal.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "a cell kept a colour"
    );
    let row_of = |text: &str| {
        (0..40).find(|&y| {
            let line: String = (0..120).map(|x| buf[(x, y)].symbol()).collect();
            line.contains(text)
        })
    };
    let selected = row_of(&asset(0).id).expect("first asset drawn");
    assert!(
        buf[(2, selected)].modifier.contains(Modifier::REVERSED),
        "the selected row is reversed"
    );
    assert!(
        buf[(0, 0)].modifier.contains(Modifier::BOLD),
        "the focused list's border is bold"
    );
    assert!(
        !buf.content.iter().any(|c| matches!(c.symbol(), "▀" | "▄")),
        "no colourless half-block picture"
    );
    let error = row_of("server_error").expect("the error pop-up");
    let x = (0..120)
        .find(|&x| buf[(x, error)].symbol() == "s" && buf[(x + 1, error)].symbol() == "e")
        .expect("code");
    assert!(
        buf[(x, error)].modifier.contains(Modifier::BOLD),
        "the code is bold"
    );
}

/// The config file's `[theme]` colours: the focused border in the accent colour, the
/// unfocused one in the dim colour.
#[test]
fn the_theme_colours_paint_focused_and_unfocused_borders() {
    let mut app = loaded(10, 10);
    app.theme = Theme::default().with_colours(Color::Magenta, Color::Gray);
    app.update(Msg::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    terminal.draw(|f| view(&app, f)).expect("draw");
    let buf = terminal.backend().buffer();
    // The list (focused) starts at the left edge; the detail pane's corner is the next `┌`.
    let list_corner = &buf[(0, 0)];
    assert_eq!(list_corner.symbol(), "┌");
    assert_eq!(list_corner.fg, Color::Magenta);
    let detail_x = (1..120)
        .find(|&x| buf[(x, 0)].symbol() == "┌")
        .expect("a second pane");
    assert_eq!(buf[(detail_x, 0)].fg, Color::Gray);
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg != Color::Cyan && c.bg != Color::Cyan),
        "no default accent left"
    );
}
