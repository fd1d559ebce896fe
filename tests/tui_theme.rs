//! The config file's `[theme]` colours reach the panes: the focused border is drawn in the
//! accent colour and the unfocused one in the dim colour. (Its own test binary: the colours are
//! set once per process.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod tui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tl_assets::tui::{Msg, set_theme_colours, view};
use tui_support::*;

#[test]
fn the_theme_colours_paint_focused_and_unfocused_borders() {
    set_theme_colours(Color::Magenta, Color::Gray);
    let mut app = loaded(10, 10);
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
