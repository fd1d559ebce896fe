//! Glob patterns for upload paths: `*` and `?` within a name, `[abc]`, `[a-z]` and `[!abc]`
//! classes, and `**` for any depth of directories. The matching is `globset`'s and the walk
//! `walkdir`'s; what is kept from a shell is that braces and backslashes are plain characters, an
//! unclosed `[` is itself, and a hidden name (a leading dot) is matched only when the pattern
//! spells a dot at the start of a name (`.*.mp4`, `clips/.cache/*`). The walk goes down real
//! directories only (never a link), so it always ends.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use walkdir::WalkDir;

/// True when `text` holds glob syntax.
pub fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The paths matching `pattern`: a directory's matches sorted by name, its files before its
/// subdirectories. A matching directory is given whole (the caller walks it), not entered.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut base = PathBuf::new();
    let mut rest: Vec<String> = Vec::new();
    for comp in Path::new(pattern).components() {
        let text = comp.as_os_str().to_string_lossy();
        if rest.is_empty() && !is_glob(&text) {
            base.push(comp);
        } else {
            rest.push(text.into_owned());
        }
    }
    let Some(matcher) = compile(&rest) else {
        return Vec::new();
    };
    let hidden_ok = rest.iter().any(|part| part.starts_with('.'));
    let root = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base.as_path()
    };
    let mut walk = WalkDir::new(root).min_depth(1).sort_by(|a, b| {
        (a.file_type().is_dir(), a.file_name()).cmp(&(b.file_type().is_dir(), b.file_name()))
    });
    if !rest.iter().any(|part| part == "**") {
        walk = walk.max_depth(rest.len());
    }
    let mut found = Vec::new();
    let mut entries = walk.into_iter();
    while let Some(next) = entries.next() {
        // Unreadable directories below the base are passed over, as a shell's glob does.
        let Ok(entry) = next else { continue };
        let is_dir = entry.file_type().is_dir();
        if !hidden_ok && entry.file_name().to_string_lossy().starts_with('.') {
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        if matcher.is_match(relative) {
            found.push(base.join(relative));
            if is_dir {
                entries.skip_current_dir();
            }
        }
    }
    found
}

/// The glob part of a pattern as one matcher; `None` when there is none or it does not compile.
fn compile(parts: &[String]) -> Option<GlobMatcher> {
    if parts.is_empty() {
        return None;
    }
    GlobBuilder::new(&literal_braces(&parts.join("/")))
        .literal_separator(true)
        .backslash_escape(false)
        .allow_unclosed_class(true)
        .build()
        .ok()
        .map(|glob| glob.compile_matcher())
}

/// `{` and `}` as the characters they are (globset reads them as alternation), written as
/// one-character classes outside a `[...]` class and left alone inside one.
fn literal_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '[' => match class_len(&chars[i..]) {
                Some(len) => {
                    out.extend(&chars[i..i + len]);
                    i += len;
                    continue;
                }
                None => out.push('['),
            },
            '{' => out.push_str("[{]"),
            '}' => out.push_str("[}]"),
            other => out.push(other),
        }
        i += 1;
    }
    out
}

/// The length of the `[...]` class `p` starts with (a `]` first in it is a member); `None` when
/// it is not closed.
fn class_len(p: &[char]) -> Option<usize> {
    let mut i = 1;
    if matches!(p.get(i), Some('!' | '^')) {
        i += 1;
    }
    // The first member may be `]` itself.
    i += 1;
    p.get(i..)?.iter().position(|c| *c == ']').map(|at| i + at + 1)
}
