//! What bulk deletes draw: the dialogs of a delete of many (one asset uses the single-delete
//! dialogs in `delete/dialog_view.rs`). Every line is cut to the box, so the boxes keep their
//! height.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::dialog_data::{ConfirmDelete, ConflictDelete, ConflictStep, DeleteSummary, References};
use crate::format;
use crate::tui::app::App;
use crate::tui::view::dialogs::{buttons, draw_box, frame_box, key_line};
use crate::tui::view::theme::{self, Theme};

/// Names listed in a dialog before "… and N more".
const NAMES_SHOWN: usize = 5;

/// `text` cut to `width` characters, with `…` when cut.
fn fit(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` word-wrapped to `width`, one line each.
fn prose(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    crate::tui::view::wrap::words(text, usize::from(width))
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// Bullet lines for `names`, at most [`NAMES_SHOWN`], then how many more.
fn bullets(theme: Theme, names: impl ExactSizeIterator<Item = String>, width: u16) -> Vec<Line<'static>> {
    let n = names.len();
    let mut lines: Vec<Line> = names
        .take(NAMES_SHOWN)
        .map(|name| Line::raw(fit(&format!("  • {name}"), width)))
        .collect();
    if n > NAMES_SHOWN {
        lines.push(Line::styled(
            format!("  … and {} more", n - NAMES_SHOWN),
            theme.label(),
        ));
    }
    lines
}

/// The inner width of a box `width` wide on `screen`.
fn inner_width(screen: Rect, width: u16) -> u16 {
    width.min(screen.width).saturating_sub(2)
}

pub fn confirm_delete_many(app: &App, frame: &mut Frame, screen: Rect, d: &ConfirmDelete) {
    let w = inner_width(screen, 64);
    let n = d.targets.len();
    let mut lines = vec![Line::styled(
        fit(
            &format!("Delete {n} assets ({})?", format::size(d.total_size())),
            w,
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    lines.extend(bullets(app.theme, d.targets.iter().map(|t| t.name.clone()), w));
    let hidden = app.marks.hidden(&app.list);
    if hidden > 0 {
        lines.extend(prose(
            &format!("{hidden} of them not shown in the list (filtered out)."),
            w,
            app.theme.label(),
        ));
    }
    lines.push(Line::raw("This cannot be undone."));
    let keep = [
        Line::raw(""),
        buttons(d.choice, "Cancel", &format!("Delete {n}"), true),
        Line::raw(""),
        key_line(app),
    ];
    draw_box(
        frame,
        screen,
        64,
        frame_box(app.theme, "Delete assets", true),
        &lines,
        &keep,
    );
}

/// What uses one refused asset, in a few words.
fn uses(app: &App, references: &References) -> String {
    match references {
        References::Loading => format!("{} looking up…", theme::spinner(app.now)),
        References::Loaded { total, .. } => {
            format!("{} ({total} indexed)", references.index_names().join(", "))
        }
        References::Unknown(why) => format!("could not list them ({why})"),
    }
}

pub fn conflict_delete_many(app: &App, frame: &mut Frame, screen: Rect, d: &ConflictDelete) {
    let w = inner_width(screen, 72);
    let m = d.assets.len();
    let mut lines = Vec::new();
    let (title, proceed) = match d.step {
        ConflictStep::Review => {
            lines.extend(prose(
                &format!("{m} assets are used by indexed assets, so they were not deleted:"),
                w,
                Style::new(),
            ));
            let rows = d
                .assets
                .iter()
                .map(|a| format!("{} — {}", a.target.name, uses(app, &a.references)));
            lines.extend(bullets(app.theme, rows.collect::<Vec<_>>().into_iter(), w));
            lines.extend(prose(
                "Force deletes them and the indexed assets that use them.",
                w,
                Style::new(),
            ));
            ("Assets in use", format!("Force delete these {m}"))
        }
        ConflictStep::ConfirmForce => {
            lines.push(Line::styled(
                fit(&format!("Really force-delete these {m} assets?"), w),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            lines.extend(prose(
                &match d.known_references() {
                    Some(k) => format!("This also removes the {k} indexed asset(s) that use them."),
                    None => "This also removes every indexed asset that uses them.".to_string(),
                },
                w,
                Style::new(),
            ));
            lines.push(Line::styled("It cannot be undone.", app.theme.error()));
            ("Confirm force delete", format!("Force delete {m}"))
        }
    };
    let keep = [
        Line::raw(""),
        buttons(d.choice, "Cancel", &proceed, true),
        Line::raw(""),
        key_line(app),
    ];
    draw_box(
        frame,
        screen,
        72,
        frame_box(app.theme, title, true),
        &lines,
        &keep,
    );
}

pub fn delete_summary(app: &App, frame: &mut Frame, screen: Rect, s: &DeleteSummary) {
    let w = inner_width(screen, 64);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut deleted = format!("Deleted {}", s.deleted.len());
    if s.forced > 0 {
        deleted.push_str(&format!(" ({} with force)", s.forced));
    }
    if !s.already_gone.is_empty() {
        deleted.push_str(&format!(" · {} were already gone", s.already_gone.len()));
    }
    let mut lines = vec![Line::styled(fit(&deleted, w), bold)];
    if !s.kept.is_empty() {
        lines.push(Line::styled(format!("Kept {} (in use):", s.kept.len()), bold));
        lines.extend(bullets(app.theme, s.kept.iter().map(|t| t.name.clone()), w));
    }
    if !s.failed.is_empty() {
        lines.push(Line::styled(
            format!("Failed {}:", s.failed.len()),
            bold.fg(ratatui::style::Color::Red),
        ));
        let rows: Vec<String> = s
            .failed
            .iter()
            .map(|(t, why)| format!("{} — {why}", t.name))
            .collect();
        lines.extend(bullets(app.theme, rows.into_iter(), w));
    }
    let keep = [Line::raw(""), key_line(app)];
    draw_box(
        frame,
        screen,
        64,
        frame_box(app.theme, "Delete finished", false),
        &lines,
        &keep,
    );
}
