//! Shared by the upload-many tests (`tui/upload_many.rs`, `tui/upload_batch.rs`): the form
//! in the app, made-up media files and expansion answers, the effects that matter, and the
//! screen at a size with its snapshots.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tl_assets::api::LocalMedia;
use tl_assets::api::types::{AssetStatus, AssetType};
use tl_assets::tui::{App, Effect, Modal, Msg, Planned, RequestId, UploadForm, UploadId, view};
use tl_assets::upload_plan::{SkipReason, Skipped, UploadPlan};

use crate::tui_support::asset;

pub fn form(app: &App) -> &UploadForm {
    match &app.modal {
        Some(Modal::UploadForm(f)) => f,
        other => panic!("upload form expected, got {other:?}"),
    }
}

pub fn image(path: &str, size: u64) -> LocalMedia {
    LocalMedia {
        path: PathBuf::from(path),
        size,
        mime: "image/png".into(),
        asset_type: AssetType::Image,
    }
}

pub fn files(n: usize) -> Vec<LocalMedia> {
    (0..n)
        .map(|i| image(&format!("/shots/img-{i:02}.png"), 1_000 + i as u64))
        .collect()
}

pub fn not_media(path: &str) -> Skipped {
    Skipped {
        path: path.into(),
        reason: SkipReason::NotMedia("text, not video, audio or image".into()),
    }
}

/// The expansions asked among `effects`: (request id, inputs, delay).
pub fn plan_requests(effects: &[Effect]) -> Vec<(RequestId, Vec<String>, Duration)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::PlanUpload {
                request_id,
                inputs,
                delay,
            } => Some((*request_id, inputs.clone(), *delay)),
            _ => None,
        })
        .collect()
}

pub fn started(effects: &[Effect]) -> Vec<UploadId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartUpload { upload, .. } => Some(*upload),
            _ => None,
        })
        .collect()
}

pub fn planned(files: Vec<LocalMedia>, skipped: Vec<Skipped>) -> Box<Planned> {
    let keys = files.iter().map(|f| f.path.clone()).collect();
    Box::new(Planned {
        plan: UploadPlan { files, skipped },
        keys,
    })
}

pub fn ready_asset(i: usize) -> Box<tl_assets::api::types::Asset> {
    let mut a = asset(100 + i);
    a.status = Some(AssetStatus::Ready);
    Box::new(a)
}

pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut app = app.clone();
    app.update(Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(&app, f)).expect("draw");
    t.backend().to_string()
}
