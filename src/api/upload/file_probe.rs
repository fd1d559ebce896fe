//! Looking at a local file before it is sent: it exists, is a readable non-empty file, and its
//! first bytes say video, audio or image, or its name says document (`.pdf`, `.txt`, `.md`, any
//! case; a `.pdf` must start as one). (The platform's probe of received media is another
//! thing, in `platform/media/probe.rs`.)

use std::path::{Path, PathBuf};

use crate::api::error::ApiError;
use crate::api::types::AssetType;

/// What a local file was found to be before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMedia {
    pub path: PathBuf,
    pub size: u64,
    pub mime: String,
    pub asset_type: AssetType,
}

/// Checks a local file before upload: exists, is a file, readable, non-empty, sniffed as
/// video/audio/image. The size limits are left to the caller, which decides direct vs multipart.
pub fn inspect_file(path: &Path) -> Result<LocalMedia, ApiError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ApiError::LocalFile(format!("{shown}: no such file")),
        std::io::ErrorKind::PermissionDenied => ApiError::LocalFile(format!("{shown}: permission denied")),
        _ => ApiError::LocalFile(format!("{shown}: {e}")),
    })?;
    if meta.is_dir() {
        return Err(ApiError::LocalFile(format!(
            "{shown}: is a directory, not a file"
        )));
    }
    if !meta.is_file() {
        return Err(ApiError::LocalFile(format!("{shown}: not a regular file")));
    }
    if meta.len() == 0 {
        return Err(ApiError::LocalFile(format!("{shown}: file is empty")));
    }
    let mut head = [0u8; 8192];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path)
            .map_err(|e| ApiError::LocalFile(format!("{shown}: cannot read: {e}")))?;
        f.read(&mut head)
            .map_err(|e| ApiError::LocalFile(format!("{shown}: cannot read: {e}")))?
    };
    if let Some(doc) = document_mime(path) {
        if doc == "application/pdf" && memchr::memmem::find(&head[..n.min(1024)], b"%PDF-").is_none() {
            return Err(ApiError::LocalFile(format!(
                "{shown}: named .pdf but not a PDF (no %PDF- header); rename it to what it is"
            )));
        }
        return Ok(LocalMedia {
            path: path.to_path_buf(),
            size: meta.len(),
            mime: doc.to_string(),
            asset_type: AssetType::Document,
        });
    }
    let kind = infer::get(&head[..n]);
    let mime = kind.map(|k| k.mime_type().to_string());
    let asset_type = mime.as_deref().and_then(AssetType::from_mime);
    match (mime, asset_type) {
        (Some(mime), Some(asset_type)) => Ok(LocalMedia {
            path: path.to_path_buf(),
            size: meta.len(),
            mime,
            asset_type,
        }),
        (Some(mime), None) => Err(ApiError::LocalFile(format!(
            "{shown}: {mime} is not a video, audio, image or document file"
        ))),
        (None, _) => Err(ApiError::LocalFile(format!(
            "{shown}: not a recognised video, audio, image or document (.pdf, .txt, .md) file"
        ))),
    }
}

/// The document MIME type a file name claims, by its extension without case.
fn document_mime(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some("application/pdf"),
        "txt" => Some("text/plain"),
        "md" => Some("text/markdown"),
        _ => None,
    }
}

/// [`inspect_file`] on a blocking thread: it stats and reads the file.
pub async fn inspect_file_off_thread(path: PathBuf) -> Result<LocalMedia, ApiError> {
    tokio::task::spawn_blocking(move || inspect_file(&path))
        .await
        .map_err(|e| ApiError::Internal(format!("file check failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_rejects_bad_inputs_clearly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = inspect_file(&dir.path().join("nope.mp4")).expect_err("missing");
        assert!(missing.to_string().contains("no such file"));
        let isdir = inspect_file(dir.path()).expect_err("dir");
        assert!(isdir.to_string().contains("directory"));
        let empty = dir.path().join("empty.mp4");
        std::fs::write(&empty, b"").expect("write");
        assert!(
            inspect_file(&empty)
                .expect_err("empty")
                .to_string()
                .contains("empty")
        );
        let text = dir.path().join("notes.bin");
        std::fs::write(&text, b"hello, this is not media").expect("write");
        assert!(
            inspect_file(&text)
                .expect_err("text")
                .to_string()
                .contains("not a recognised")
        );
    }

    #[test]
    fn inspect_accepts_the_samples() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let v = inspect_file(&root.join("sample-video.mp4")).expect("video");
        assert_eq!(v.asset_type, AssetType::Video);
        let a = inspect_file(&root.join("sample-audio.mp3")).expect("audio");
        assert_eq!(a.asset_type, AssetType::Audio);
        let i = inspect_file(&root.join("sample-image.jpg")).expect("image");
        assert_eq!(i.asset_type, AssetType::Image);
    }

    #[test]
    fn documents_are_known_by_their_name_and_a_fake_pdf_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let md = dir.path().join("NOTES.MD");
        std::fs::write(&md, b"# notes").expect("write");
        let doc = inspect_file(&md).expect("markdown");
        assert_eq!(
            (doc.asset_type, doc.mime.as_str()),
            (AssetType::Document, "text/markdown")
        );
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").expect("write");
        assert_eq!(inspect_file(&pdf).expect("pdf").mime, "application/pdf");
        let fake = dir.path().join("b.pdf");
        std::fs::write(&fake, b"just words").expect("write");
        let err = inspect_file(&fake).expect_err("fake pdf").to_string();
        assert!(err.contains("not a PDF"), "{err}");
    }
}
