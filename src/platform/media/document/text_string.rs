//! PDF text strings and dates as the wire wants them: strings decoded from UTF-16BE (with its
//! BOM), UTF-8 (with its BOM, PDF 2.0) or PDFDocEncoding; `D:` dates turned into RFC 3339 in UTC.

/// PDFDocEncoding's bytes 0x80..=0xA0 (the rest agrees with Latin-1, 0x7F and 0x9F unused).
const PDF_DOC_HIGH: [char; 33] = [
    '\u{2022}', '\u{2020}', '\u{2021}', '\u{2026}', '\u{2014}', '\u{2013}', '\u{0192}', '\u{2044}',
    '\u{2039}', '\u{203A}', '\u{2212}', '\u{2030}', '\u{201E}', '\u{201C}', '\u{201D}', '\u{2018}',
    '\u{2019}', '\u{201A}', '\u{2122}', '\u{FB01}', '\u{FB02}', '\u{0141}', '\u{0152}', '\u{0160}',
    '\u{0178}', '\u{017D}', '\u{0131}', '\u{0142}', '\u{0153}', '\u{0161}', '\u{017E}', '\u{FFFD}',
    '\u{20AC}',
];

/// PDFDocEncoding's bytes 0x18..=0x1F (breve, caron, circumflex, dot, hungarumlaut, ogonek,
/// ring, tilde).
const PDF_DOC_LOW: [char; 8] = [
    '\u{02D8}', '\u{02C7}', '\u{02C6}', '\u{02D9}', '\u{02DD}', '\u{02DB}', '\u{02DA}', '\u{02DC}',
];

/// Decodes a PDF text string; control characters are dropped and the result trimmed. `None`
/// when nothing printable is left.
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    let text: String = if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| pdf_doc_char(b)).collect()
    };
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (!clean.is_empty()).then(|| clean.to_string())
}

fn pdf_doc_char(b: u8) -> char {
    match b {
        0x18..=0x1F => PDF_DOC_LOW[usize::from(b - 0x18)],
        0x80..=0xA0 => PDF_DOC_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Turns a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year optional) into RFC 3339
/// in UTC. `None` when it is not a date.
pub(crate) fn pdf_date(text: &str) -> Option<String> {
    let s = text.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 4 || digits % 2 != 0 || digits > 14 {
        return None;
    }
    let num = |from: usize, default: i64| -> Option<i64> {
        if from + 2 > digits && from >= 4 {
            return Some(default);
        }
        s.get(from..from + if from == 0 { 4 } else { 2 })?.parse().ok()
    };
    let (year, month, day) = (num(0, 0)?, num(4, 1)?, num(6, 1)?);
    let (hour, minute, second) = (num(8, 0)?, num(10, 0)?, num(12, 0)?);
    let offset_secs = offset_seconds(&s[digits..])?;
    let dt = jiff::civil::DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        // A leap second (60) is the minute's last second.
        i8::try_from(second.min(59)).ok()?,
        0,
    )
    .ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset_secs).ok()?;
    let ts = offset.to_timestamp(dt).ok()?;
    Some(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The offset part of a PDF date: empty or `Z` is UTC, else `+HH'mm'` / `-HH'mm` / `+HH`.
fn offset_seconds(rest: &str) -> Option<i32> {
    let rest = rest.trim();
    let sign = match rest.chars().next() {
        None | Some('Z') => return Some(0),
        Some('+') => 1,
        Some('-') => -1,
        Some(_) => return None,
    };
    let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    Some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_decode_from_each_encoding() {
        assert_eq!(
            decode(b"\xFE\xFF\x00T\x00i\x00d\x00e\x20\x14").as_deref(),
            Some("Tide\u{2014}")
        );
        assert_eq!(
            decode(b"Caf\xe9 \x8dquoted\x8e \x93").as_deref(),
            Some("Café \u{201C}quoted\u{201D} \u{FB01}")
        );
        assert_eq!(decode(b"\xEF\xBB\xBFna\xC3\xAFve").as_deref(), Some("naïve"));
        assert_eq!(decode(b"  \x01 ").as_deref(), None);
    }

    #[test]
    fn dates_become_rfc3339_utc() {
        assert_eq!(
            pdf_date("D:20260105111200+01'00'").as_deref(),
            Some("2026-01-05T10:12:00Z")
        );
        assert_eq!(
            pdf_date("D:20260105101200Z").as_deref(),
            Some("2026-01-05T10:12:00Z")
        );
        assert_eq!(pdf_date("D:2026").as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(
            pdf_date("D:202601051012-05'30").as_deref(),
            Some("2026-01-05T15:42:00Z")
        );
        assert_eq!(pdf_date("20260105").as_deref(), Some("2026-01-05T00:00:00Z"));
        assert_eq!(pdf_date("yesterday"), None);
        assert_eq!(pdf_date("D:20261340"), None);
    }
}
