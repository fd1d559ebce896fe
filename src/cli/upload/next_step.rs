//! What a failed upload tells its user to run next. Before the asset exists: the same command
//! again (or a resume of its multipart session). Once it exists (a multipart upload completed, a
//! direct one answered), running the upload again would store a second copy, so the asset id is
//! named with the command that follows it instead.

use std::path::Path;

use serde_json::{Map, Value};

/// The step after a failed upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Nothing was created: this command line tries the upload again.
    Again(String),
    /// The asset exists: follow it, do not upload again.
    Follow {
        asset_id: String,
        /// The command that shows it.
        command: String,
    },
}

impl NextStep {
    /// The asset `asset_id` exists: `tl-assets get ID` follows it.
    pub fn follow(asset_id: &str) -> Self {
        let argv0 = std::env::args().next();
        Self::Follow {
            asset_id: asset_id.to_string(),
            command: format!("{} get {}", program_name(argv0.as_deref()), shell_quote(asset_id)),
        }
    }

    /// The lines for people, after the error's own.
    pub fn text(&self) -> String {
        match self {
            Self::Again(command) => format!("to try again: {command}"),
            Self::Follow { asset_id, command } => format!(
                "the upload itself is complete: asset {asset_id} exists (do not upload it again)\n\
                 to follow it: {command}"
            ),
        }
    }

    /// The fields it adds to the `--json` error object.
    pub fn json_fields(&self, into: &mut Map<String, Value>) {
        match self {
            Self::Again(command) => {
                into.insert("again".into(), command.clone().into());
            }
            Self::Follow { asset_id, command } => {
                into.insert("asset_id".into(), asset_id.clone().into());
                into.insert("follow".into(), command.clone().into());
            }
        }
    }
}

/// The command that tries this upload again: the same one, or a resume of its session. The API
/// key is never printed: given on the command line, it is left out and said so.
pub fn again_command(session: Option<&str>) -> String {
    let argv: Vec<String> = std::env::args().collect();
    let (words, keyless) = again_words(&argv, session);
    let line = words.join(" ");
    if keyless {
        format!("{line}   (with your --api-key as before)")
    } else {
        line
    }
}

/// The words of [`again_command`], and whether an `--api-key` was left out.
fn again_words(argv: &[String], session: Option<&str>) -> (Vec<String>, bool) {
    let mut words = vec![program_name(argv.first().map(String::as_str))];
    let mut keyless = false;
    let mut args = argv.iter().skip(1).peekable();
    while let Some(arg) = args.next() {
        if arg == "--api-key" {
            args.next();
            keyless = true;
            continue;
        }
        if arg.starts_with("--api-key=") {
            keyless = true;
            continue;
        }
        if arg == "upload"
            && let Some(id) = session
        {
            words.extend(["upload".into(), "--resume".into(), id.to_string()]);
            return (words, keyless);
        }
        words.push(shell_quote(arg));
    }
    (words, keyless)
}

/// `tl-assets`, or the path the program was started as when it is not on the `PATH` by name.
fn program_name(argv0: Option<&str>) -> String {
    match argv0 {
        Some(p) if Path::new(p).file_name().is_some_and(|n| n == "tl-assets") && !p.contains('/') => p.into(),
        Some(p) if !p.is_empty() => shell_quote(p),
        _ => "tl-assets".into(),
    }
}

/// A word as a POSIX shell reads it back unchanged.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("a.mp4"), "a.mp4");
        assert_eq!(shell_quote("my clip.mp4"), "'my clip.mp4'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(program_name(Some("tl-assets")), "tl-assets");
        assert_eq!(program_name(Some("/opt/x y/tl-assets")), "'/opt/x y/tl-assets'");
    }

    #[test]
    fn the_command_again_never_holds_the_key() {
        let argv: Vec<String> = [
            "tl-assets",
            "--api-key",
            "tlk_secret",
            "--api-key=tlk_2",
            "upload",
            "a b.mp4",
        ]
        .map(String::from)
        .to_vec();
        let (words, keyless) = again_words(&argv, None);
        assert_eq!(words.join(" "), "tl-assets upload 'a b.mp4'");
        assert!(keyless);
        let (words, _) = again_words(&argv, Some("up_1"));
        assert_eq!(words.join(" "), "tl-assets upload --resume up_1");
    }
}
