//! The text of the form's path field: quotes and shell escapes taken off a pasted path, and the
//! split of a typed path into the directory to list and the name to complete.

use std::path::PathBuf;

/// `text` trimmed, without one pair of surrounding quotes (`"/tmp/a b.mp4"`, `'…'`), and with
/// shell-escaped spaces (`a\ b.mp4`) unescaped when it was not quoted.
pub fn unquote(text: &str) -> String {
    let text = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q))
            && !inner.is_empty()
        {
            return inner.to_string();
        }
    }
    text.replace("\\ ", " ")
}

/// Splits `dir/partial` into the directory to list and the name prefix to complete.
pub fn split_for_completion(text: &str) -> (PathBuf, String) {
    if text.is_empty() {
        return (PathBuf::from("."), String::new());
    }
    if text.ends_with('/') {
        return (PathBuf::from(text), String::new());
    }
    match text.rfind('/') {
        Some(i) => (
            PathBuf::from(if i == 0 { "/" } else { &text[..i] }),
            text[i + 1..].to_string(),
        ),
        None => (PathBuf::from("."), text.to_string()),
    }
}

/// The directory part of the typed text, kept verbatim (with its trailing slash).
pub(in crate::tui) fn dir_text(text: &str) -> String {
    text.rfind('/')
        .map_or_else(String::new, |i| text[..=i].to_string())
}

pub(in crate::tui) fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut end = first.len();
    for n in names {
        end = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_paths_lose_their_quotes() {
        assert_eq!(unquote("\"/tmp/a b.mp4\""), "/tmp/a b.mp4");
        assert_eq!(unquote("  '/tmp/a b.mp4'\n"), "/tmp/a b.mp4");
        assert_eq!(unquote("/tmp/a\\ b.mp4"), "/tmp/a b.mp4");
        assert_eq!(unquote("/tmp/it's.mp4"), "/tmp/it's.mp4");
        assert_eq!(unquote("\"\""), "\"\"");
    }

    #[test]
    fn completion_split() {
        assert_eq!(
            split_for_completion("media/ha"),
            (PathBuf::from("media"), "ha".into())
        );
        assert_eq!(
            split_for_completion("media/"),
            (PathBuf::from("media/"), String::new())
        );
        assert_eq!(split_for_completion("ha"), (PathBuf::from("."), "ha".into()));
        assert_eq!(split_for_completion("/ha"), (PathBuf::from("/"), "ha".into()));
        assert_eq!(common_prefix(["harbor.mp4", "harbour.mov"].into_iter()), "harbo");
    }
}
