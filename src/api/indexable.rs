//! What an index can hold, and what a new index may be made of: the one rule the local
//! platform, the CLI and the TUI's index picker share, so an asset the platform would fail is
//! named before anything is sent, and a model the service no longer takes is refused before the
//! call.

use crate::api::types::{Asset, AssetStatus, AssetType, IndexModel};

/// The one model the service takes for new indexes (later SDK releases, docs/contract.md §16).
pub const INDEX_MODEL: &str = "marengo3.0";

/// The model options an index's model may analyse; one or both.
pub const MODEL_OPTIONS: &[&str] = &["visual", "audio"];

/// Why an index cannot hold `asset`, or `None` when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unindexable {
    /// Not `ready` yet (or failed): the service refuses it with 400.
    NotReady(String),
    /// Media an index cannot hold (an image, a document, an unknown type): accepted by the
    /// service, then `failed` once it has been validated.
    WrongMedia(String),
}

impl Unindexable {
    /// Short words for a list: `not ready (processing)`, `an image`.
    pub fn short(&self) -> String {
        match self {
            Self::NotReady(status) => format!("not ready ({status})"),
            Self::WrongMedia(kind) => kind.clone(),
        }
    }
}

/// Checks `asset` against what an index can hold: ready, and video or audio.
pub fn check(asset: &Asset) -> Option<Unindexable> {
    match &asset.status {
        Some(AssetStatus::Ready) => {}
        Some(other) => return Some(Unindexable::NotReady(other.to_string())),
        None => return Some(Unindexable::NotReady("unknown".into())),
    }
    media_problem(asset.file_type.as_deref()).map(Unindexable::WrongMedia)
}

/// `None` for video and audio; otherwise what the file is, for a message (`an image`).
pub fn media_problem(file_type: Option<&str>) -> Option<String> {
    match file_type.and_then(AssetType::from_mime) {
        Some(AssetType::Video | AssetType::Audio) => None,
        Some(AssetType::Image) => Some("an image".into()),
        _ => match file_type.and_then(|t| t.split('/').next()) {
            Some("application" | "text") => Some("a document".into()),
            Some(other) if !other.is_empty() => Some(format!("a file of type {other}")),
            _ => Some("a file of unknown type".into()),
        },
    }
}

/// The failure message of an indexed asset whose media an index cannot hold.
pub fn wrong_media_message(kind: &str) -> String {
    format!(
        "The asset is {kind}; an index ({INDEX_MODEL}) holds video and audio only. \
         Remove it from the index and index a video or audio asset instead."
    )
}

/// Checks a model option list: each of [`MODEL_OPTIONS`], none twice, at least one. The error
/// names what to change.
pub fn check_model_options(options: &[String]) -> Result<(), String> {
    if options.is_empty() {
        return Err(format!(
            "give at least one model option: {}",
            MODEL_OPTIONS.join(", ")
        ));
    }
    for (i, o) in options.iter().enumerate() {
        if !MODEL_OPTIONS.contains(&o.as_str()) {
            return Err(format!(
                "the model option {o:?} is not known; use {}",
                MODEL_OPTIONS.join(" and/or ")
            ));
        }
        if options[..i].contains(o) {
            return Err(format!("the model option {o:?} is given twice"));
        }
    }
    Ok(())
}

/// A model as written on the command line or in the TUI's form: `marengo3.0:visual,audio`, or
/// `marengo3.0` alone for both options. Spaces around the parts are ignored. The error says what
/// to change.
pub fn parse_model_spec(spec: &str) -> Result<IndexModel, String> {
    let (name, options) = match spec.split_once(':') {
        Some((name, options)) => (name.trim(), Some(options)),
        None => (spec.trim(), None),
    };
    if name != INDEX_MODEL {
        let shown = if name.is_empty() { "(none)" } else { name };
        return Err(format!(
            "the model {shown:?} is not offered for new indexes; the only model is {INDEX_MODEL} \
             (e.g. {INDEX_MODEL}:visual,audio)"
        ));
    }
    let options: Vec<String> = match options {
        None => MODEL_OPTIONS.iter().map(|o| o.to_string()).collect(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string)
            .collect(),
    };
    check_model_options(&options)?;
    Ok(IndexModel {
        model_name: name.to_string(),
        model_options: options,
    })
}

/// An index name as a person typed it: surrounding spaces dropped; blank or holding control
/// characters refused, saying what to change.
pub fn check_index_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the index name is empty or only spaces; give it at least one visible character".into());
    }
    if name.chars().any(char::is_control) {
        return Err("the index name holds a control character (a tab, a new line…); remove it".into());
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_video_and_audio_can_be_indexed() {
        assert_eq!(media_problem(Some("video/mp4")), None);
        assert_eq!(media_problem(Some("audio/mpeg")), None);
        assert_eq!(media_problem(Some("image/jpeg")).as_deref(), Some("an image"));
        assert_eq!(
            media_problem(Some("application/pdf")).as_deref(),
            Some("a document")
        );
        assert_eq!(media_problem(None).as_deref(), Some("a file of unknown type"));
        assert!(wrong_media_message("an image").contains("video and audio only"));
    }

    #[test]
    fn model_specs_and_names_are_read_as_people_write_them() {
        let m = parse_model_spec("marengo3.0").expect("alone");
        assert_eq!(m.model_options, vec!["visual", "audio"]);
        let m = parse_model_spec(" marengo3.0 : audio ").expect("one option");
        assert_eq!(
            (m.model_name.as_str(), m.model_options),
            ("marengo3.0", vec!["audio".to_string()])
        );
        assert!(
            parse_model_spec("pegasus1.2:visual")
                .unwrap_err()
                .contains("only model is marengo3.0")
        );
        assert!(parse_model_spec(":visual").unwrap_err().contains("(none)"));
        assert!(
            parse_model_spec("marengo3.0:")
                .unwrap_err()
                .contains("at least one")
        );
        assert!(
            parse_model_spec("marengo3.0:visual,text")
                .unwrap_err()
                .contains("\"text\"")
        );
        assert_eq!(check_index_name("  harbor ").as_deref(), Ok("harbor"));
        assert!(check_index_name(" \t ").unwrap_err().contains("empty"));
        assert!(check_index_name("a\nb").unwrap_err().contains("control"));
    }

    #[test]
    fn model_options_are_checked_with_what_to_change() {
        let opts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_model_options(&opts(&["visual", "audio"])).is_ok());
        assert!(
            check_model_options(&opts(&[]))
                .unwrap_err()
                .contains("at least one")
        );
        assert!(
            check_model_options(&opts(&["text"]))
                .unwrap_err()
                .contains("visual and/or audio")
        );
        assert!(
            check_model_options(&opts(&["audio", "audio"]))
                .unwrap_err()
                .contains("twice")
        );
    }
}
