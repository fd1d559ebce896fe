//! The new-index form: the name line, the model (the one the service takes) with its two
//! options as ticks, what is wrong, and the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::api::indexable::INDEX_MODEL;
use crate::tui::app::App;
use crate::tui::index_create::form::{Field, NewIndexForm};
use crate::tui::view::dialogs::{draw_box, frame_box};
use crate::tui::view::wrap::ellipsis;

/// Widest the box gets.
const WIDTH: u16 = 64;
/// Where the name's text starts in the box: after `Name  `.
const NAME_AT: u16 = 7;

pub fn draw(app: &App, frame: &mut Frame, screen: Rect, form: &NewIndexForm) {
    let width = screen.width.saturating_sub(4).min(WIDTH);
    let inner = usize::from(width.saturating_sub(2));
    let focus = |f: Field| {
        if form.field == f {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        }
    };
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let mut body = vec![
        Line::from(vec![
            Span::styled("Name ", app.theme.label()),
            Span::raw(" "),
            Span::styled(
                ellipsis(form.name.value(), inner.saturating_sub(usize::from(NAME_AT))),
                focus(Field::Name),
            ),
        ]),
        Line::from(vec![
            Span::styled("Model ", app.theme.label()),
            Span::raw(format!("{INDEX_MODEL} (the one model new indexes take)")),
        ]),
        Line::from(vec![
            Span::styled("Options ", app.theme.label()),
            Span::styled(format!("{} visual", tick(form.visual)), focus(Field::Visual)),
            Span::raw("  "),
            Span::styled(format!("{} audio", tick(form.audio)), focus(Field::Audio)),
        ]),
    ];
    if form.sending.is_some() {
        body.push(Line::styled("creating…", app.theme.label()));
    }
    if let Some(e) = &form.error {
        body.push(Line::styled(e.clone(), app.theme.error()));
    }
    let keep = [
        Line::raw(""),
        Line::styled(
            "Enter create · Tab next · Space tick · Esc back",
            app.theme.label(),
        )
        .centered(),
    ];
    let area = draw_box(
        frame,
        screen,
        width,
        frame_box(app.theme, "New index", false),
        &body,
        &keep,
    );
    if form.field == Field::Name && form.sending.is_none() {
        let x =
            area.x + NAME_AT + (form.name.visual_cursor() as u16).min(area.width.saturating_sub(NAME_AT + 2));
        frame.set_cursor_position((x, area.y + 1));
    }
}
