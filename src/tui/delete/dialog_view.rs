//! The delete dialogs of one asset: "delete this?", and the conflict dialog when indexed assets
//! use it (with its "really force?" step). A delete of many draws `bulk_view.rs` instead.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::delete::dialog_data::{ConfirmDelete, ConflictDelete, ConflictStep, References};
use crate::tui::view::dialogs::{buttons, draw_box, frame_box, key_line};
use crate::tui::view::theme;

pub fn confirm_delete(app: &App, frame: &mut Frame, screen: Rect, d: &ConfirmDelete) {
    let [one] = d.targets.as_slice() else {
        // Several targets are drawn by `bulk_view`; the caller picks.
        return;
    };
    let mut body = vec![
        Line::from(vec![
            Span::raw("Delete "),
            Span::styled(one.name.clone(), app.theme.key()),
            Span::raw("?"),
        ]),
        Line::styled(format!("id {}", one.id), app.theme.label()),
    ];
    // What the detail showed: a plain delete would be refused, so the force is asked here.
    let proceed = if d.forces() {
        let which = if d.in_indexes.len() == 1 {
            "index"
        } else {
            "indexes"
        };
        let n = d.indexed;
        let assets = if n == 1 { "indexed asset" } else { "indexed assets" };
        body.push(Line::from(vec![
            Span::raw(format!("It is in {which} ")),
            Span::styled(d.in_indexes.join(", "), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(": deleting it also removes its {n} {assets}.")),
        ]));
        body.push(Line::styled("This cannot be undone.", app.theme.error()));
        "Force delete"
    } else {
        body.push(Line::raw("This cannot be undone."));
        "Delete"
    };
    let keep = [
        Line::raw(""),
        buttons(d.choice, "Cancel", proceed, true),
        Line::raw(""),
        key_line(app),
    ];
    draw_box(
        frame,
        screen,
        60,
        frame_box(app.theme, "Delete asset", true),
        &body,
        &keep,
    );
}

pub fn conflict_delete(app: &App, frame: &mut Frame, screen: Rect, d: &ConflictDelete) {
    let [one] = d.assets.as_slice() else {
        return;
    };
    let (name, references) = (&one.target.name, &one.references);
    let confirming_force = d.step == ConflictStep::ConfirmForce;
    let mut body = Vec::new();
    let count = d.known_references();
    let proceed = if confirming_force {
        body.push(Line::from(vec![
            Span::raw("Really force-delete "),
            Span::styled(name.clone(), app.theme.key()),
            Span::raw("?"),
        ]));
        body.push(Line::raw(match count {
            Some(n) => format!("This also removes the {n} indexed asset(s) that use it."),
            None => "This also removes every indexed asset that uses it.".to_string(),
        }));
        body.push(Line::styled("It cannot be undone.", app.theme.error()));
        "Force delete"
    } else {
        body.push(Line::from(vec![
            Span::styled(name.clone(), app.theme.key()),
            Span::raw(" is used by indexed assets, so it was not deleted."),
        ]));
        match references {
            References::Loading => body.push(Line::styled(
                format!("{} looking up which indexes use it…", theme::spinner(app.now)),
                app.theme.label(),
            )),
            References::Loaded { total, .. } => {
                body.push(Line::raw(format!("{total} indexed asset(s) in these indexes:")));
                let names = references.index_names();
                for name in names.iter().take(4) {
                    body.push(Line::styled(
                        format!("  • {name}"),
                        Style::new().add_modifier(Modifier::BOLD),
                    ));
                }
                if names.len() > 4 {
                    body.push(Line::styled(
                        format!("  … and {} more", names.len() - 4),
                        app.theme.label(),
                    ));
                }
            }
            References::Unknown(why) => body.push(Line::styled(
                format!("Could not list them ({why})."),
                app.theme.label(),
            )),
        }
        body.push(Line::raw("Force deletes the asset and those indexed assets."));
        "Force…"
    };
    let keep = [
        Line::raw(""),
        buttons(d.choice, "Cancel", proceed, true),
        Line::raw(""),
        key_line(app),
    ];
    let title = if confirming_force {
        "Confirm force delete"
    } else {
        "Asset in use"
    };
    draw_box(frame, screen, 66, frame_box(app.theme, title, true), &body, &keep);
}
