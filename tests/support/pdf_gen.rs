//! A tiny PDF writer for tests and benches: real, valid files (cross-reference table with exact
//! offsets) with N pages of text and a coloured box, an Info dictionary of raw string bytes
//! (so UTF-16BE and PDFDocEncoding can be tried), a language, tagging and a catalog version.
#![allow(dead_code)]

use std::fmt::Write as _;

/// What the generated PDF holds.
#[derive(Debug, Clone)]
pub struct PdfSpec {
    pub pages: u32,
    pub width: f64,
    pub height: f64,
    /// The header's version, e.g. `"1.4"`.
    pub header_version: &'static str,
    /// The catalog's `/Version`, if any.
    pub catalog_version: Option<&'static str>,
    /// Info entries: key and the raw bytes of its string.
    pub info: Vec<(&'static str, Vec<u8>)>,
    pub lang: Option<&'static str>,
    pub tagged: bool,
    /// Lines of body text on each page besides its heading (a fuller page to parse and draw).
    pub text_lines: u32,
}

impl Default for PdfSpec {
    fn default() -> Self {
        Self {
            pages: 1,
            width: 595.28,
            height: 841.89,
            header_version: "1.4",
            catalog_version: None,
            info: Vec::new(),
            lang: None,
            tagged: false,
            text_lines: 0,
        }
    }
}

/// A PDF string of raw bytes, as hex.
fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("<");
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s.push('>');
    s
}

/// `text` in UTF-16BE with its byte-order mark, as a PDF text string wants it.
pub fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// Writes the PDF `spec` describes.
pub fn pdf(spec: &PdfSpec) -> Vec<u8> {
    // Objects: 1 catalog, 2 page tree, 3 font, 4 info, then a page and its content per page.
    let mut objects: Vec<String> = Vec::new();
    let mut catalog = String::from("<< /Type /Catalog /Pages 2 0 R");
    if let Some(v) = spec.catalog_version {
        let _ = write!(catalog, " /Version /{v}");
    }
    if let Some(l) = spec.lang {
        let _ = write!(catalog, " /Lang {}", hex(l.as_bytes()));
    }
    if spec.tagged {
        catalog.push_str(" /MarkInfo << /Marked true >>");
    }
    catalog.push_str(" >>");
    objects.push(catalog);
    let kids: Vec<String> = (0..spec.pages).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    // The MediaBox sits on the tree's root and is inherited by every page.
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} /MediaBox [0 0 {} {}] >>",
        kids.join(" "),
        spec.pages,
        spec.width,
        spec.height
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    let mut info = String::from("<<");
    for (k, v) in &spec.info {
        let _ = write!(info, " /{k} {}", hex(v));
    }
    info.push_str(" >>");
    objects.push(info);
    for i in 0..spec.pages {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            6 + 2 * i
        ));
        let mut content = format!(
            "0.1 0.3 0.8 rg 72 72 {} {} re f\nBT /F1 36 Tf 72 {} Td (Page {}) Tj ET\n",
            spec.width - 144.0,
            spec.height / 3.0,
            spec.height - 120.0,
            i + 1
        );
        if spec.text_lines > 0 {
            content.push_str("0 0 0 rg BT /F1 9 Tf 11 TL 72 ");
            let _ = writeln!(content, "{} Td", spec.height - 150.0);
            for l in 0..spec.text_lines {
                let _ = writeln!(
                    content,
                    "(Line {l} of page {}: the tide turns at the harbour wall, twice a day.) '",
                    i + 1
                );
            }
            content.push_str("ET\n");
        }
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = format!(
        "%PDF-{}\n%\u{00e2}\u{00e3}\u{00cf}\u{00d3}\n",
        spec.header_version
    )
    .into_bytes();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(table, "{off:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

/// The PDF `spec` describes, encrypted (RC4, 128 bits) with `user_password` (empty: anyone may
/// open it, as most "protected" PDFs) and an owner password.
pub fn encrypted_pdf(spec: &PdfSpec, user_password: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&pdf(spec)).expect("own PDF loads");
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::default(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}
