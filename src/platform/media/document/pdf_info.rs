//! What a PDF says about itself, read with lopdf into the `document_*` fields (docs/contract.md
//! §16): version, page count, page 1's size, tagged, encrypted, language and the Info strings.

use std::path::Path;

use lopdf::{Dictionary, Document, Object};

use super::text_string::{decode, pdf_date};
use crate::api::types::DocumentMetadata;

/// Deepest page tree followed up from page 1 for an inherited `/MediaBox` (a loop stops here).
const MAX_TREE_DEPTH: usize = 64;

/// Reads the document fields of the PDF at `path`. Err: why the file cannot be read as a PDF.
pub(crate) fn read(path: &Path) -> Result<DocumentMetadata, String> {
    let doc = match Document::load(path) {
        Ok(doc) => doc,
        Err(e) => return locked(path).ok_or_else(|| e.to_string()),
    };
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        // Encrypted with a password lopdf does not have: its objects stay sealed.
        return locked(path).ok_or_else(|| "it is encrypted and its structure cannot be read".into());
    }
    let catalog = doc
        .catalog()
        .map_err(|_| "it has no document catalog".to_string())?;
    let pages = doc.get_pages();
    let first = pages
        .values()
        .next()
        .copied()
        .ok_or_else(|| "it has no pages".to_string())?;
    let count = doc
        .get_dict_in_dict(catalog, b"Pages")
        .ok()
        .and_then(|root| root.get(b"Count").ok())
        .and_then(|c| c.as_i64().ok())
        .and_then(|c| u32::try_from(c).ok())
        .unwrap_or(pages.len() as u32);
    let encrypted = doc.trailer.get(b"Encrypt").is_ok() || doc.was_encrypted();
    let mut m = DocumentMetadata {
        document_page_count: Some(count),
        document_pdf_version: Some(version(&doc, catalog)),
        document_is_tagged: Some(tagged(&doc, catalog)),
        document_is_encrypted: Some(encrypted),
        document_language: text(&doc, catalog, b"Lang"),
        ..DocumentMetadata::default()
    };
    if let Some([x0, y0, x1, y1]) = media_box(&doc, first) {
        m.document_page_width_pt = Some(points((x1 - x0).abs()));
        m.document_page_height_pt = Some(points((y1 - y0).abs()));
    }
    // lopdf decrypted it with the empty user password, or it was never encrypted: the Info
    // strings are readable.
    if let Some(info) = info(&doc) {
        m.document_title = text(&doc, info, b"Title");
        m.document_author = text(&doc, info, b"Author");
        m.document_subject = text(&doc, info, b"Subject");
        m.document_keywords = text(&doc, info, b"Keywords");
        m.document_creator_tool = text(&doc, info, b"Creator");
        m.document_producer = text(&doc, info, b"Producer");
        m.document_creation_date = text(&doc, info, b"CreationDate").and_then(|d| pdf_date(&d));
        m.document_modification_date = text(&doc, info, b"ModDate").and_then(|d| pdf_date(&d));
    }
    Ok(m)
}

/// The fields of an encrypted PDF whose password is not empty: only what the unencrypted parts
/// tell (version, encrypted). `None` when the file is not such a PDF.
fn locked(path: &Path) -> Option<DocumentMetadata> {
    let meta = Document::load_metadata(path).ok()?;
    meta.encrypted.then(|| DocumentMetadata {
        document_page_count: (meta.page_count > 0).then_some(meta.page_count),
        document_pdf_version: Some(meta.version),
        // The catalog cannot be read without the password; tagging is not known, and `false`
        // is what the contract asks for when a PDF does not say it is tagged.
        document_is_tagged: Some(false),
        document_is_encrypted: Some(true),
        ..DocumentMetadata::default()
    })
}

/// The header's version, replaced by the catalog's `/Version` when that is higher.
fn version(doc: &Document, catalog: &Dictionary) -> String {
    let header = doc.version.clone();
    let declared = catalog
        .get(b"Version")
        .ok()
        .and_then(|v| doc.dereference(v).ok())
        .and_then(|(_, v)| v.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    match declared {
        Some(v) if number(&v) > number(&header) => v,
        _ => header,
    }
}

fn number(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|p| p.trim().parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn tagged(doc: &Document, catalog: &Dictionary) -> bool {
    doc.get_dict_in_dict(catalog, b"MarkInfo")
        .ok()
        .and_then(|mi| mi.get(b"Marked").ok())
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| m.as_bool().ok())
        .unwrap_or(false)
}

fn info(doc: &Document) -> Option<&Dictionary> {
    let obj = doc.trailer.get(b"Info").ok()?;
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

/// A text string of `dict`, decoded; references followed.
fn text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let obj = dict.get(key).ok()?;
    let (_, obj) = doc.dereference(obj).ok()?;
    match obj {
        Object::String(bytes, _) => decode(bytes),
        Object::Name(bytes) => decode(bytes),
        _ => None,
    }
}

/// Page 1's `/MediaBox`, inherited down the page tree; `/Rotate` is not applied.
fn media_box(doc: &Document, page: lopdf::ObjectId) -> Option<[f64; 4]> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(obj) = node.get(b"MediaBox") {
            let (_, arr) = doc.dereference(obj).ok()?;
            let nums: Vec<f64> = arr
                .as_array()
                .ok()?
                .iter()
                .filter_map(|o| doc.dereference(o).ok()?.1.as_float().ok())
                .map(f64::from)
                .collect();
            return <[f64; 4]>::try_from(nums).ok();
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Points to two decimals: lopdf keeps reals as f32, whose noise would show (595.2800293).
fn points(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
