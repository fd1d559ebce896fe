//! Document assets (docs/contract.md §16): PDF, plain text and Markdown. At upload, which
//! document a file is and whether its name agrees ([`check_upload`]); in processing, the
//! `document_*` fields read with lopdf and a PDF's first page rendered with hayro ([`process`]).
//! Pure Rust: nothing on PATH is needed.

mod detect;
mod pdf_info;
mod text_string;
mod thumbnail;

use std::path::Path;

use crate::api::types::{DerivedStatus, TechnicalMetadata};
use crate::platform::error::ErrorAnswer;
use crate::platform::limits::Limits;
use crate::platform::media::probe::Probed;
use crate::platform::media::rules::Origin;
use detect::Claimed;

pub(crate) const PDF: &str = "application/pdf";
const TEXT: &str = "text/plain";
const MARKDOWN: &str = "text/markdown";

/// Decides at upload whether the file at `path`, named `filename`, is a document. `Ok(None)`: it
/// is not one (the media rules decide). `Ok(Some)`: an accepted document, with its MIME type and
/// size. Err: a 400 saying what is wrong and what to change.
pub(crate) async fn check_upload(
    path: &Path,
    filename: &str,
    origin: Origin,
    limits: &Limits,
) -> Result<Option<Probed>, ErrorAnswer> {
    let (path, name, limits) = (path.to_path_buf(), filename.to_string(), limits.clone());
    tokio::task::spawn_blocking(move || check_blocking(&path, &name, origin, &limits))
        .await
        .map_err(ErrorAnswer::internal)?
}

fn check_blocking(
    path: &Path,
    filename: &str,
    origin: Origin,
    limits: &Limits,
) -> Result<Option<Probed>, ErrorAnswer> {
    let claimed = detect::claimed(filename);
    let is_pdf = detect::starts_as_pdf(path).map_err(ErrorAnswer::internal)?;
    if claimed == Claimed::Other && !is_pdf {
        return Ok(None);
    }
    let size = std::fs::metadata(path).map_err(ErrorAnswer::internal)?.len();
    let max = match origin {
        Origin::Url => limits.document_url_max_bytes,
        _ => limits.document_direct_max_bytes,
    };
    if size > max {
        return Err(invalid(format!(
            "The document is too large: {size} bytes; the most a document may have on this path is {max} bytes. \
             Send a larger document with method=url, or split it."
        )));
    }
    let mime = match (claimed, is_pdf) {
        (Claimed::Other, _) => {
            return Err(invalid(format!(
                "The file is a PDF but its name {filename:?} does not end in .pdf. Rename it to end in .pdf."
            )));
        }
        (Claimed::Pdf, false) => {
            return Err(invalid(format!(
                "The file {filename:?} is named .pdf but is not a PDF (no %PDF- header). Upload the real PDF, or rename the file to what it is."
            )));
        }
        (Claimed::Text | Claimed::Markdown, true) => {
            return Err(invalid(format!(
                "The file {filename:?} is a PDF named as text. Rename it to end in .pdf."
            )));
        }
        (Claimed::Pdf, true) => {
            check_pdf(path, filename)?;
            PDF
        }
        (Claimed::Text | Claimed::Markdown, false) => {
            if let Some(why) = detect::text_problem(path).map_err(ErrorAnswer::internal)? {
                return Err(invalid(format!(
                    "The file {filename:?} is named as text but {why}. Save it as UTF-8 text, or rename it to what it is."
                )));
            }
            if claimed == Claimed::Markdown {
                MARKDOWN
            } else {
                TEXT
            }
        }
    };
    Ok(Some(Probed {
        mime: mime.to_string(),
        size,
        ..Probed::default()
    }))
}

/// A PDF must be whole and readable now, so nothing unreadable is stored.
fn check_pdf(path: &Path, filename: &str) -> Result<(), ErrorAnswer> {
    if !detect::ends_as_pdf(path).map_err(ErrorAnswer::internal)? {
        return Err(invalid(format!(
            "The PDF {filename:?} is cut short (it does not end with %%EOF). Upload the complete file."
        )));
    }
    pdf_info::read(path).map(|_| ()).map_err(|why| {
        invalid(format!(
            "The PDF {filename:?} is damaged and cannot be read ({why}). Upload an undamaged copy."
        ))
    })
}

fn invalid(message: String) -> ErrorAnswer {
    ErrorAnswer::bad_request(
        "parameter_invalid",
        format!("file parameter is invalid. {message}"),
    )
}

/// What processing a document produced.
pub(crate) struct Processed {
    pub tech: TechnicalMetadata,
    /// `Some` only for a PDF with a thumbnail asked for.
    pub thumbnail: Option<DerivedStatus>,
    /// Set when the document could not be read (the asset fails with this message).
    pub error: Option<String>,
}

/// Reads a stored document's fields and, for a PDF when `thumbnail_to` is given, renders page 1
/// there. Blocking CPU work: runs on the blocking pool, inside the processing pool's limit.
pub(crate) async fn process(blob: &Path, mime: &str, size: u64, thumbnail_to: Option<&Path>) -> Processed {
    let (blob, mime, thumb) = (
        blob.to_path_buf(),
        mime.to_string(),
        thumbnail_to.map(Path::to_path_buf),
    );
    let job = tokio::task::spawn_blocking(move || process_blocking(&blob, &mime, size, thumb.as_deref()));
    job.await.unwrap_or_else(|e| Processed {
        tech: TechnicalMetadata::default(),
        thumbnail: Some(DerivedStatus::Error),
        error: Some(format!("The document could not be processed: {e}.")),
    })
}

fn process_blocking(blob: &Path, mime: &str, size: u64, thumbnail_to: Option<&Path>) -> Processed {
    let mut tech = TechnicalMetadata {
        file_size_bytes: Some(size),
        file_mime_type: Some(mime.to_string()),
        ..TechnicalMetadata::default()
    };
    if mime != PDF {
        return Processed {
            tech,
            thumbnail: None,
            error: None,
        };
    }
    let fields = pdf_info::read(blob);
    let thumbnail = thumbnail_to.map(|dst| match thumbnail::render_first_page(blob, dst) {
        Ok(()) => DerivedStatus::Ready,
        Err(why) => {
            tracing::info!(%why, "no PDF thumbnail");
            DerivedStatus::Error
        }
    });
    match fields {
        Ok(fields) => {
            tech.document = fields;
            Processed {
                tech,
                thumbnail,
                error: None,
            }
        }
        Err(why) => Processed {
            tech,
            thumbnail: Some(DerivedStatus::Error),
            error: Some(format!("The PDF cannot be read: {why}.")),
        },
    }
}
