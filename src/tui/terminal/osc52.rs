//! OSC 52: asks the terminal to put text on the clipboard of the machine the user sits at, which
//! is the only clipboard that matters over SSH. The terminal does not answer, so the app can only
//! say the text was sent, never that it was copied.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Largest encoded payload sent; several terminals drop longer sequences (k9s uses the same cap).
pub const MAX_ENCODED: usize = 74_994;

/// Why a text cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub encoded: usize,
}

/// The sequence for `text`: `ESC ] 52 ; c ; <base64> ESC \`.
pub fn sequence(text: &str) -> Result<Vec<u8>, TooLarge> {
    let encoded = STANDARD.encode(text.as_bytes());
    if encoded.len() > MAX_ENCODED {
        return Err(TooLarge {
            encoded: encoded.len(),
        });
    }
    let mut out = Vec::with_capacity(encoded.len() + 10);
    out.extend_from_slice(b"\x1b]52;c;");
    out.extend_from_slice(encoded.as_bytes());
    out.extend_from_slice(b"\x1b\\");
    Ok(out)
}

/// `seq` wrapped for tmux passthrough (`ESC P tmux; … ESC \`, every inner ESC doubled), which
/// reaches the outer terminal when tmux has `allow-passthrough on`.
pub fn tmux_wrap(seq: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(seq.len() * 2 + 10);
    out.extend_from_slice(b"\x1bPtmux;");
    for &b in seq {
        if b == 0x1b {
            out.push(0x1b);
        }
        out.push(b);
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// The bytes to write: the plain sequence, which tmux itself handles when `set-clipboard` is on
/// (storing a buffer and forwarding it), then inside tmux the wrapped one for passthrough too.
/// A terminal that gets both sets the same text twice, which is harmless.
pub fn bytes_for(text: &str, tmux: bool) -> Result<Vec<u8>, TooLarge> {
    let plain = sequence(text)?;
    if !tmux {
        return Ok(plain);
    }
    let mut out = plain.clone();
    out.extend(tmux_wrap(&plain));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sequence() {
        assert_eq!(
            sequence("hello").expect("small"),
            b"\x1b]52;c;aGVsbG8=\x1b\\".to_vec()
        );
    }

    #[test]
    fn tmux_wrapped_sequence_doubles_escapes() {
        let wrapped = tmux_wrap(&sequence("hi").expect("small"));
        assert_eq!(wrapped, b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x1b\x1b\\\x1b\\".to_vec());
        let both = bytes_for("hi", true).expect("small");
        assert!(both.starts_with(b"\x1b]52;c;aGk=\x1b\\\x1bPtmux;"));
        assert_eq!(
            bytes_for("hi", false).expect("small"),
            sequence("hi").expect("small")
        );
    }

    #[test]
    fn size_cap() {
        let big = "x".repeat(MAX_ENCODED);
        let err = sequence(&big).expect_err("too large");
        assert!(err.encoded > MAX_ENCODED);
        let ok = "x".repeat(MAX_ENCODED / 4 * 3);
        assert!(sequence(&ok).is_ok());
    }
}
