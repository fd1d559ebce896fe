//! Drawing: `view(&App, &mut Frame)` splits the screen with [`Areas`] and draws each pane.
//! Views only read the state; `App::now` is the only clock they see.

pub(super) mod bars;
pub(super) mod dialogs;
pub(super) mod help;
pub mod theme;
pub(super) mod wrap;

use ratatui::Frame;

use super::app::App;
use super::dialogs::Modal;
use super::layout::Areas;

/// The furthest the detail pane scrolls at the app's size (`update` clamps with it).
pub(crate) fn detail_max_scroll(app: &App) -> u16 {
    super::detail::view::max_scroll(app)
}

/// The furthest the help overlay scrolls at the app's size.
pub(crate) fn help_max_scroll(app: &App, context: super::input::keymap::Context) -> u16 {
    help::max_scroll(app, context)
}

/// Rows of text the metadata editor shows at the app's size (`update` keeps the cursor in them).
pub(crate) fn meta_editor_rows(app: &App) -> usize {
    super::meta_editor::view::text_rows(app)
}

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let areas = Areas::compute(
        area.width,
        area.height,
        app.connectivity.is_offline(),
        // The batch line too, as `App::areas` counts it, so a click lands on the row drawn.
        app.uploads.rows(),
    );
    if let Some(banner) = areas.banner {
        bars::banner(app, frame, banner);
    }
    super::list::view::draw(app, frame, areas.list);
    match &app.preview {
        Some(p) => super::preview::view::draw(app, p, frame, areas.detail),
        None => super::detail::view::draw(app, frame, areas.detail),
    }
    if let Some(r) = areas.uploads {
        super::uploads::queue_view::draw(app, frame, r);
    }
    bars::status(app, frame, areas.status);
    bars::footer(app, frame, areas.footer);
    if app.notices.current().is_some() && app.modal.is_none() {
        dialogs::notice(app, frame, area, areas.status.y);
    }
    match &app.modal {
        None => {}
        Some(Modal::Help { scroll, context }) => help::draw(app, frame, area, *scroll, *context),
        // One asset gets the plain dialog, several the summary of many.
        Some(Modal::ConfirmDelete(d)) if d.targets.len() != 1 => {
            super::delete::bulk_view::confirm_delete_many(app, frame, area, d)
        }
        Some(Modal::ConfirmDelete(d)) => super::delete::dialog_view::confirm_delete(app, frame, area, d),
        Some(Modal::ConflictDelete(d)) if d.assets.len() != 1 => {
            super::delete::bulk_view::conflict_delete_many(app, frame, area, d)
        }
        Some(Modal::ConflictDelete(d)) => super::delete::dialog_view::conflict_delete(app, frame, area, d),
        Some(Modal::DeleteSummary(s)) => super::delete::bulk_view::delete_summary(app, frame, area, s),
        Some(Modal::ConfirmQuit(choice)) => dialogs::confirm_quit(app, frame, area, *choice),
        Some(Modal::UploadForm(f)) => super::uploads::form::view::draw(app, frame, area, f),
        Some(Modal::NamePrompt(input)) => dialogs::name_prompt(app, frame, area, input),
        Some(Modal::CopyMenu(menu)) => super::copy_open::view::copy_menu(app, frame, area, menu),
        Some(Modal::IndexPicker(p)) => super::index_picker::view::draw(app, frame, area, p),
        Some(Modal::NewIndex(f)) => super::index_create::view::draw(app, frame, area, f),
        Some(Modal::ShowUrl(d)) => super::copy_open::view::show_url(app, frame, area, d),
        Some(Modal::MetaEditor { editor, discard }) => {
            super::meta_editor::view::draw(app, frame, area, editor, *discard)
        }
        Some(Modal::UploadStory(id)) => super::uploads::story_view::draw(app, frame, area, *id),
    }
    if app.theme.is_plain() {
        theme::strip_colours(frame.buffer_mut());
    }
}
