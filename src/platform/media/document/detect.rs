//! Which document a file is (docs/contract.md §16.2): `%PDF-` in the first 1024 bytes is a PDF;
//! valid UTF-8 (a BOM allowed) without NUL bytes is text, Markdown when named `.md`. The name's
//! extension, compared without case, must agree with the content.

use std::io::Read;
use std::path::Path;

/// What the name of a file claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claimed {
    Pdf,
    Text,
    Markdown,
    /// Any other extension, or none.
    Other,
}

/// The claim of a file name, from its extension without case (`NOTES.MD` is Markdown).
pub(crate) fn claimed(filename: &str) -> Claimed {
    let ext = Path::new(filename)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("pdf") => Claimed::Pdf,
        Some("txt") => Claimed::Text,
        Some("md") => Claimed::Markdown,
        _ => Claimed::Other,
    }
}

/// True when `%PDF-` appears in the first 1024 bytes.
pub(crate) fn starts_as_pdf(path: &Path) -> std::io::Result<bool> {
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)?.take(1024).read_to_end(&mut head)?;
    Ok(memchr::memmem::find(&head, b"%PDF-").is_some())
}

/// True when the file ends in `%%EOF` (trailing whitespace or a few bytes of junk allowed): a
/// PDF without it was cut short.
pub(crate) fn ends_as_pdf(path: &Path) -> std::io::Result<bool> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(1024)))?;
    let mut tail = Vec::with_capacity(1024);
    file.read_to_end(&mut tail)?;
    Ok(memchr::memmem::rfind(&tail, b"%%EOF").is_some())
}

/// Why a file is not text, if it is not: the byte offset of the first bad byte and what it is.
pub(crate) fn text_problem(path: &Path) -> std::io::Result<Option<String>> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the end of the previous read.
    let mut carry = 0usize;
    let mut offset = 0u64;
    loop {
        let n = file.read(&mut buf[carry..])?;
        let filled = carry + n;
        if n == 0 {
            return Ok((carry > 0).then(|| format!("it ends inside a UTF-8 character (byte {offset})")));
        }
        let chunk = &buf[..filled];
        if let Some(i) = memchr::memchr(0, chunk) {
            return Ok(Some(format!("it holds a NUL byte at byte {}", offset + i as u64)));
        }
        let good = match std::str::from_utf8(chunk) {
            Ok(_) => filled,
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => {
                let at = offset + e.valid_up_to() as u64;
                return Ok(Some(format!("it is not valid UTF-8 (byte {at})")));
            }
        };
        buf.copy_within(good..filled, 0);
        carry = filled - good;
        offset += good as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f");
        std::fs::write(&path, bytes).expect("write");
        (dir, path)
    }

    #[test]
    fn extensions_ignore_case() {
        assert_eq!(claimed("NOTES.MD"), Claimed::Markdown);
        assert_eq!(claimed("a.Pdf"), Claimed::Pdf);
        assert_eq!(claimed("a.txt"), Claimed::Text);
        assert_eq!(claimed("a.markdown"), Claimed::Other);
        assert_eq!(claimed("pdf"), Claimed::Other);
    }

    #[test]
    fn text_checks_span_read_boundaries() {
        // A two-byte character cut by the 64 KiB read boundary is still fine.
        let mut bytes = vec![b'a'; 64 * 1024 - 1];
        bytes.extend_from_slice("é and more".as_bytes());
        let (_d, p) = file(&bytes);
        assert_eq!(text_problem(&p).expect("read"), None);
        let (_d, p) = file(b"caf\xe9 latin-1");
        assert!(
            text_problem(&p)
                .expect("read")
                .is_some_and(|w| w.contains("byte 3"))
        );
        let (_d, p) = file(b"a\0b");
        assert!(text_problem(&p).expect("read").is_some_and(|w| w.contains("NUL")));
        let (_d, p) = file(b"cut \xc3");
        assert!(text_problem(&p).expect("read").is_some());
        let (_d, p) = file(b"\xEF\xBB\xBFwith a BOM");
        assert_eq!(text_problem(&p).expect("read"), None);
    }
}
