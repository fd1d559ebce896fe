//! Reading the cues of a text subtitle track, as ffmpeg writes it out: WebVTT (what every text
//! codec but ASS is turned into) and ASS/SSA (kept as is, for its `Name` field). Markup is
//! stripped, line breaks become spaces, empty cues are dropped. Nothing is guessed: a cue whose
//! times cannot be read makes the whole track unreadable.

/// One cue: times in milliseconds, clean text, and the speaker when the cue names one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    pub speaker: Option<String>,
}

/// Reads a WebVTT document. Speakers come from `<v Name>` spans.
pub(crate) fn parse_webvtt(doc: &str) -> Result<Vec<Cue>, String> {
    let doc = doc.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    if !doc.starts_with("WEBVTT") {
        return Err("the track does not read as WebVTT (no WEBVTT header)".into());
    }
    let mut cues = Vec::new();
    for block in doc.split("\n\n").skip(1) {
        let mut lines = block.lines().filter(|l| !l.trim().is_empty()).peekable();
        // An identifier line may come before the timing line.
        let Some(first) = lines.next() else { continue };
        if first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION") {
            continue;
        }
        let timing = if first.contains("-->") {
            first
        } else {
            match lines.next() {
                Some(l) if l.contains("-->") => l,
                _ => return Err(format!("a cue has no timing line: {:?}", short(first))),
            }
        };
        let (start_ms, end_ms) = parse_timing(timing)?;
        let raw: Vec<&str> = lines.collect();
        let speaker = raw.iter().find_map(|l| voice_of(l));
        let text = clean_text(&raw.join("\n"));
        push(&mut cues, start_ms, end_ms, text, speaker);
    }
    Ok(cues)
}

/// Reads an ASS/SSA script's `Dialogue:` events. Speakers come from the `Name` field.
pub(crate) fn parse_ass(doc: &str) -> Result<Vec<Cue>, String> {
    let doc = doc.trim_start_matches('\u{feff}');
    let mut format: Option<Vec<String>> = None;
    let mut in_events = false;
    let mut cues = Vec::new();
    for line in doc.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('[') {
            in_events = line.eq_ignore_ascii_case("[events]");
            continue;
        }
        if !in_events {
            continue;
        }
        if let Some(f) = line.strip_prefix("Format:") {
            format = Some(f.split(',').map(|s| s.trim().to_ascii_lowercase()).collect());
            continue;
        }
        let Some(rest) = line.strip_prefix("Dialogue:") else {
            continue;
        };
        let fields = format
            .as_ref()
            .ok_or("the [Events] section has no Format line before its first Dialogue")?;
        let parts: Vec<&str> = rest.splitn(fields.len(), ',').collect();
        if parts.len() != fields.len() {
            return Err(format!("a Dialogue line has too few fields: {:?}", short(line)));
        }
        let field = |name: &str| fields.iter().position(|f| f == name).map(|i| parts[i].trim());
        let (Some(start), Some(end), Some(text)) = (field("start"), field("end"), field("text")) else {
            return Err("the Format line names no Start, End or Text".into());
        };
        let start_ms = parse_clock(start).ok_or_else(|| format!("unreadable start time {start:?}"))?;
        let end_ms = parse_clock(end).ok_or_else(|| format!("unreadable end time {end:?}"))?;
        let speaker = field("name").filter(|n| !n.is_empty()).map(str::to_string);
        let text = text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ");
        push(&mut cues, start_ms, end_ms, clean_text(&text), speaker);
    }
    Ok(cues)
}

fn push(cues: &mut Vec<Cue>, start_ms: u64, end_ms: u64, text: String, speaker: Option<String>) {
    if text.is_empty() {
        return;
    }
    cues.push(Cue {
        start_ms,
        end_ms: end_ms.max(start_ms),
        text,
        speaker,
    });
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

/// `00:01.500 --> 00:02.000 align:start` → (1500, 2000).
fn parse_timing(line: &str) -> Result<(u64, u64), String> {
    let bad = || format!("unreadable cue timing {:?}", short(line));
    let (a, b) = line.split_once("-->").ok_or_else(bad)?;
    let b = b.split_whitespace().next().ok_or_else(bad)?;
    let start = parse_clock(a.trim()).ok_or_else(bad)?;
    let end = parse_clock(b).ok_or_else(bad)?;
    Ok((start, end))
}

/// `hh:mm:ss.fff`, `mm:ss.fff`, `h:mm:ss.cc` (ASS) or with a comma (SRT) → milliseconds.
pub(crate) fn parse_clock(s: &str) -> Option<u64> {
    let s = s.trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let parts: Vec<&str> = whole.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 || frac.len() > 3 {
        return None;
    }
    let mut secs: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 4 {
            return None;
        }
        let n: u64 = p.parse().ok()?;
        if i > 0 && n >= 60 {
            return None;
        }
        secs = secs * 60 + n;
    }
    let ms = if frac.is_empty() {
        0
    } else if frac.bytes().all(|b| b.is_ascii_digit()) {
        let padded = format!("{frac:0<3}");
        padded.parse::<u64>().ok()?
    } else {
        return None;
    };
    Some(secs * 1000 + ms)
}

/// The name in a `<v Name>` or `<v.class Name>` span at the start of a line.
fn voice_of(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("<v")?;
    let rest = rest.strip_prefix(|c: char| c == ' ' || c == '.' || c == '\t')?;
    let inner = rest.split('>').next()?;
    // `<v.loud Ann>`: the classes end at the first blank.
    let name = if line.trim_start().starts_with("<v.") {
        inner.split_once(' ').map_or("", |(_, n)| n)
    } else {
        inner
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Tags (`<i>`, `<c.x>`, `<v Ann>`, `<00:01.000>`), ASS overrides (`{\i1}`) and the common
/// entities removed; line breaks turned into spaces; blanks folded; trimmed.
pub(crate) fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // A tag ends at '>'; an unclosed '<' is kept as text.
                let rest: String = chars.clone().collect();
                match rest.find('>') {
                    Some(end) if !rest[..end].contains('\n') => {
                        for _ in 0..rest[..=end].chars().count() {
                            chars.next();
                        }
                    }
                    _ => out.push(c),
                }
            }
            '{' if chars.peek() == Some(&'\\') => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[path = "cues_tests.rs"]
mod tests;
