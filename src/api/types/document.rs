//! The `document_*` fields of `technical_metadata` (docs/contract.md §16): what a PDF says about
//! itself. All optional; the two booleans are always sent for a PDF, where `false` means something.

use serde::{Deserialize, Serialize};

/// The MIME types of the `document` family, the only ones `file_type` takes for documents.
pub const DOCUMENT_MIME_TYPES: [&str; 3] = ["application/pdf", "text/plain", "text/markdown"];

/// Technical metadata of a document asset, flattened into [`super::TechnicalMetadata`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_page_count: Option<u32>,
    /// The version the file declares, e.g. `"1.7"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_pdf_version: Option<String>,
    /// Width of page 1 in points (1/72 in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_page_width_pt: Option<f64>,
    /// Height of page 1 in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_page_height_pt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_is_tagged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_is_encrypted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_subject: Option<String>,
    /// One string, as the file has it (not split).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_keywords: Option<String>,
    /// The application that authored the source (the PDF's `Creator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_creator_tool: Option<String>,
    /// The application that wrote the PDF (`Producer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_producer: Option<String>,
    /// RFC 3339, UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_creation_date: Option<String>,
    /// RFC 3339, UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_modification_date: Option<String>,
}

impl DocumentMetadata {
    /// True when no field is set (an image, a video, a text file).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The fields for people, in reading order, each as `(label, value)`: what `get` prints and
    /// the TUI's detail shows. Only the fields present; the two booleans as `yes`/`no`.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let size = match (self.document_page_width_pt, self.document_page_height_pt) {
            (Some(w), Some(h)) => Some(format!("{w} x {h} pt")),
            _ => None,
        };
        let rows = [
            ("pages", self.document_page_count.map(|n| n.to_string())),
            ("page size", size),
            (
                "version",
                self.document_pdf_version.as_ref().map(|v| format!("PDF {v}")),
            ),
            ("title", self.document_title.clone()),
            ("author", self.document_author.clone()),
            ("subject", self.document_subject.clone()),
            ("keywords", self.document_keywords.clone()),
            ("language", self.document_language.clone()),
            ("creator", self.document_creator_tool.clone()),
            ("producer", self.document_producer.clone()),
            ("created", self.document_creation_date.clone()),
            ("modified", self.document_modification_date.clone()),
            ("tagged", self.document_is_tagged.map(yes_no)),
            ("encrypted", self.document_is_encrypted.map(yes_no)),
        ];
        rows.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::TechnicalMetadata;

    #[test]
    fn document_fields_round_trip_and_stay_out_of_extra() {
        let json = r#"{"file_size_bytes":9,"document_page_count":3,"document_is_tagged":false,"other":1}"#;
        let t: TechnicalMetadata = serde_json::from_str(json).expect("parse");
        assert_eq!(t.document.document_page_count, Some(3));
        assert_eq!(t.document.document_is_tagged, Some(false));
        assert!(!t.extra.contains_key("document_page_count"), "{:?}", t.extra);
        assert!(t.extra.contains_key("other"));
        let back = serde_json::to_value(&t).expect("ser");
        assert_eq!(back["document_is_tagged"], serde_json::json!(false));
        assert_eq!(back["document_page_count"], serde_json::json!(3));
    }
}
