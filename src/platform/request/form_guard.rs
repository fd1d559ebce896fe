//! A watch on the raw bytes of a `multipart/form-data` body before the parser sees them. The
//! parser buffers a part's headers until their blank line, however long they are, and accepts any
//! number of parts; this guard fails the body once one part's headers pass a limit or the parts
//! pass a count, so a hostile form cannot make the platform hold gigabytes or loop for minutes.

use axum::BoxError;
use axum::body::{Body, Bytes};
use futures_util::StreamExt;

/// Largest header block of one part (names, file names, content types are far below it).
pub(crate) const MAX_PART_HEADER_BYTES: usize = 16 * 1024;
/// Most parts in one form (the contract's form has seven fields).
pub(crate) const MAX_PARTS: usize = 100;

/// Scans for part delimiters (`\r\n--boundary`) and the blank line ending each part's headers.
#[derive(Debug)]
pub(crate) struct PartGuard {
    delim: Vec<u8>,
    /// Bytes kept from the previous piece that may begin a delimiter or a blank line.
    carry: Vec<u8>,
    in_header: bool,
    header_len: usize,
    parts: usize,
    max_header: usize,
    max_parts: usize,
}

impl PartGuard {
    pub(crate) fn new(boundary: &str, max_header: usize, max_parts: usize) -> Self {
        let mut delim = b"\r\n--".to_vec();
        delim.extend_from_slice(boundary.as_bytes());
        Self {
            delim,
            // The first delimiter has no CRLF before it: pretend there was one.
            carry: b"\r\n".to_vec(),
            in_header: false,
            header_len: 0,
            parts: 0,
            max_header,
            max_parts,
        }
    }

    /// Looks at the next piece of the body; an error once a limit is passed.
    pub(crate) fn feed(&mut self, piece: &[u8]) -> Result<(), String> {
        let old = self.carry.len();
        let mut data = std::mem::take(&mut self.carry);
        data.extend_from_slice(piece);
        let mut i = 0;
        while i < data.len() {
            if self.in_header {
                match find(&data[i..], b"\r\n\r\n") {
                    Some(q) => {
                        self.count_header(i.max(old), i + q)?;
                        self.in_header = false;
                        i += q + 4;
                    }
                    None => {
                        self.count_header(i.max(old), data.len())?;
                        let keep = (data.len() - i).min(3);
                        self.carry = data[data.len() - keep..].to_vec();
                        return Ok(());
                    }
                }
            } else {
                let Some(p) = data[i..].iter().position(|b| *b == b'\r').map(|p| p + i) else {
                    return Ok(());
                };
                let rest = &data[p..];
                if rest.len() < self.delim.len() {
                    if self.delim.starts_with(rest) {
                        self.carry = rest.to_vec();
                        return Ok(());
                    }
                    i = p + 1;
                } else if rest.starts_with(&self.delim) {
                    self.parts += 1;
                    if self.parts > self.max_parts {
                        return Err(format!("the form has more than {} parts", self.max_parts));
                    }
                    self.in_header = true;
                    self.header_len = 0;
                    i = p + self.delim.len();
                } else {
                    i = p + 1;
                }
            }
        }
        Ok(())
    }

    /// Counts header bytes `from..to` of the current buffer (carried bytes are counted once).
    fn count_header(&mut self, from: usize, to: usize) -> Result<(), String> {
        self.header_len += to.saturating_sub(from);
        if self.header_len > self.max_header {
            return Err(format!(
                "a part's headers are longer than {} bytes",
                self.max_header
            ));
        }
        Ok(())
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The body with the guard in front: it fails as soon as the guard objects.
pub(crate) fn guard_body(body: Body, boundary: &str) -> Body {
    let mut guard = PartGuard::new(boundary, MAX_PART_HEADER_BYTES, MAX_PARTS);
    let mut failed = false;
    let stream = body
        .into_data_stream()
        .map(move |item| -> Result<Bytes, BoxError> {
            if failed {
                return Err("the form was refused".into());
            }
            let bytes = item.map_err(BoxError::from)?;
            if let Err(why) = guard.feed(&bytes) {
                failed = true;
                return Err(why.into());
            }
            Ok(bytes)
        });
    Body::from_stream(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(parts: usize, header_pad: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..parts {
            out.extend_from_slice(
                format!(
                    "--B\r\ncontent-disposition: form-data; name=\"f{i}\"\r\nx-pad: {}\r\n\r\nvalue\r\n",
                    "p".repeat(header_pad)
                )
                .as_bytes(),
            );
        }
        out.extend_from_slice(b"--B--\r\n");
        out
    }

    fn feed_in_pieces(data: &[u8], piece: usize, max_header: usize, max_parts: usize) -> Result<(), String> {
        let mut g = PartGuard::new("B", max_header, max_parts);
        data.chunks(piece).try_for_each(|c| g.feed(c))
    }

    #[test]
    fn ordinary_forms_pass_whatever_the_piece_size() {
        let f = form(7, 10);
        for piece in [1, 2, 3, 5, 7, 64, 4096] {
            assert_eq!(feed_in_pieces(&f, piece, 200, 10), Ok(()), "piece {piece}");
        }
    }

    #[test]
    fn long_part_headers_and_many_parts_are_refused_whatever_the_piece_size() {
        for piece in [1, 3, 64, 1 << 20] {
            let err = feed_in_pieces(&form(1, 300), piece, 200, 10).expect_err("long header");
            assert!(err.contains("headers"), "{err}");
            let err = feed_in_pieces(&form(11, 1), piece, 200, 10).expect_err("many parts");
            assert!(err.contains("parts"), "{err}");
        }
        // The limit holds to within the 3 bytes of a split blank line.
        let len = "content-disposition: form-data; name=\"f0\"\r\nx-pad: ".len() + 2;
        for piece in [1, 4096] {
            assert!(feed_in_pieces(&form(1, 97), piece, len + 100, 10).is_ok());
            assert!(feed_in_pieces(&form(1, 101), piece, len + 100, 10).is_err());
        }
    }

    #[test]
    fn file_data_that_looks_like_headers_is_not_counted() {
        let mut f = b"--B\r\ncontent-disposition: form-data; name=\"file\"\r\n\r\n".to_vec();
        f.extend(std::iter::repeat_n(b'\r', 100_000));
        f.extend_from_slice(b"\r\n--B--\r\n");
        assert_eq!(feed_in_pieces(&f, 1000, 200, 10), Ok(()));
    }
}
