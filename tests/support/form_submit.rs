//! Submitting a file through the upload form in `App::update`, with the path expansion answered
//! by the test, reading which uploads the app then starts, and moving to the uploads pane.
#![allow(dead_code)]

use std::path::PathBuf;

use crossterm::event::KeyCode;
use tl_assets::api::LocalMedia;
use tl_assets::api::types::AssetType;
use tl_assets::tui::{App, Effect, Focus, UploadId};

use crate::tui_support::{code, key, submit_files, type_text};

/// What the file check says of `path`.
pub fn media(path: &str, size: u64, t: AssetType) -> LocalMedia {
    LocalMedia {
        path: PathBuf::from(path),
        size,
        mime: "video/mp4".into(),
        asset_type: t,
    }
}

/// Opens the form, submits `path` and answers the file check with `size` bytes of `t`.
pub fn submit(app: &mut App, path: &str, size: u64, t: AssetType) -> Vec<Effect> {
    app.update(key('u'));
    type_text(app, path);
    submit_files(app, vec![media(path, size, t)])
}

pub fn started(effects: &[Effect]) -> Vec<(UploadId, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartUpload {
                upload, multipart, ..
            } => Some((*upload, *multipart)),
            _ => None,
        })
        .collect()
}

/// Moves the keyboard to the uploads pane.
pub fn focus_uploads(app: &mut App) {
    while app.focus != Focus::Uploads {
        app.update(code(KeyCode::Tab));
    }
}
