//! Glob patterns for upload paths: `*` and `?` within a name, `[abc]`, `[a-z]` and `[!abc]`
//! classes, and `**` for any depth of directories. As in a shell, a wildcard does not match a
//! leading dot. `**` goes down real directories only (never a link), so it always ends.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// True when `text` holds glob syntax.
pub fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The paths matching `pattern`, sorted within each directory.
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
    if rest.is_empty() {
        return Vec::new();
    }
    let mut current = vec![base];
    for (i, part) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let mut next = Vec::new();
        for dir in &current {
            if part == "**" {
                let mut seen = HashSet::new();
                below(dir, &mut next, &mut seen);
                continue;
            }
            for name in names(dir) {
                if !matches(part, &name) || (name.starts_with('.') && !part.starts_with('.')) {
                    continue;
                }
                let path = dir.join(&name);
                if last || path.is_dir() {
                    next.push(path);
                }
            }
        }
        current = next;
    }
    current
}

/// The entry names of `dir` (the current directory when empty), sorted.
fn names(dir: &Path) -> Vec<String> {
    let at = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut names: Vec<String> = fs::read_dir(at)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `dir` and every real directory below it, each once.
fn below(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) {
    if !seen.insert(dir.to_path_buf()) {
        return;
    }
    out.push(dir.to_path_buf());
    let at = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(rd) = fs::read_dir(at) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| dir.join(e.file_name()))
        .collect();
    dirs.sort();
    for d in dirs {
        below(&d, out, seen);
    }
}

/// Does `name` match the one-component `pattern`?
pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    // Where the last `*` was, and how much of the name it had taken: backtrack to take one more.
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ni += 1;
                continue;
            }
            Some('[') => match class(&p[pi..], n[ni]) {
                Some((true, len)) => {
                    pi += len;
                    ni += 1;
                    continue;
                }
                None if n[ni] == '[' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            },
            Some(c) if *c == n[ni] => {
                pi += 1;
                ni += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A `[...]` class at the start of `p`: whether `c` is in it, and the class's length. `None` when
/// the bracket is not closed (then it is a plain `[`, matched by the caller as a character).
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while let Some(&x) = p.get(i) {
        if x == ']' && !first {
            return Some((hit != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-')
            && let Some(&hi) = p.get(i + 2)
            && hi != ']'
        {
            hit |= x <= c && c <= hi;
            i += 3;
        } else {
            hit |= x == c;
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards_and_classes() {
        assert!(matches("*.mp4", "clip.mp4"));
        assert!(!matches("*.mp4", "clip.mp4.txt"));
        assert!(matches("c?ip*", "clip-01.mov"));
        assert!(matches("take[0-9].wav", "take7.wav"));
        assert!(!matches("take[!0-9].wav", "take7.wav"));
        assert!(matches("[ab]*", "b"));
        assert!(matches("*a*b*c", "xxaxxbxxc"));
        assert!(!matches("*a*b*c", "xxaxxcxxb"));
        assert!(matches("[x", "[x"), "an unclosed bracket is itself");
        assert!(matches("", ""));
        assert!(!matches("?", ""));
    }
}
