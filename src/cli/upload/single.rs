//! `upload`: creates an asset from a file (direct, or multipart above the direct limit or on
//! request) or a URL through the library's upload engine, shows progress on stderr, waits for
//! `ready`. `--resume` finishes an interrupted multipart upload from its saved state. A failed
//! upload ends with the exact command that tries it again.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::api::types::{Asset, AssetStatus};
use crate::api::{
    Client, CreateAsset, EtagCheck, MultipartState, PollOptions, SendPlan, UploadHooks, UploadJob,
    UploadKind, UploadOptions, UploadSource, Wait, WaitReason,
};
use crate::cli::upload::progress::ProgressBar;
use crate::cli::{CliContext, CliError, UploadArgs, output, output::render};
use crate::resume::{ResumeStore, ResumeWriter};

pub async fn run(client: &Client, ctx: &CliContext, args: &UploadArgs) -> Result<(), CliError> {
    let poll = poll_options(client, args.poll_interval, args.timeout)?;
    let options = UploadOptions {
        poll,
        wait_ready: !args.no_wait,
        timeout: poll.timeout,
        concurrency: usize::from(args.concurrency),
        etag_check: EtagCheck::asked(args.verify_chunks || ctx.verify_chunks),
        force_multipart: args.multipart,
        ..UploadOptions::for_client(client)
    };
    if args.resume.is_none() && args.is_batch() {
        return crate::cli::upload::many::run(client, ctx, args, options).await;
    }
    let tty = std::io::stderr().is_terminal();
    let (job, store) = if let Some(wanted) = &args.resume {
        let store = ctx.resume_store()?;
        let state = find_state(&store, wanted, args.source())?;
        if tty {
            output::note(format!(
                "resuming upload {} of {} ({} of {} chunks acknowledged locally)",
                state.upload_id,
                state.path.display(),
                state.acknowledged.len(),
                state.total_chunks
            ));
        }
        (UploadJob::Resume(Box::new(state)), Some(store))
    } else {
        let source = UploadSource::parse(args.source().unwrap_or_default());
        if args.multipart && matches!(source, UploadSource::Url(_)) {
            return Err(CliError::Usage(
                "--multipart needs a local file, not a URL".into(),
            ));
        }
        let mut request = CreateAsset::new(source);
        request.filename = args.filename.clone();
        request.enable_hls = args.hls;
        request.enable_thumbnail = args.thumbnail;
        request.user_metadata = args
            .metadata
            .as_deref()
            .map(crate::api::parse_user_metadata)
            .transpose()
            .map_err(|e| CliError::Usage(format!("--metadata: {e}")))?;
        // A store only when a multipart upload may need it (a read-only data dir is fine else).
        let store = ctx.resume_store().ok();
        (UploadJob::New { request, plan: None }, store)
    };
    let hooks = Arc::new(CliHooks {
        tty,
        waits: !args.no_wait,
        store: store.map(ResumeWriter::new),
        bar: Mutex::new(None),
        session: Mutex::new(None),
    });
    let result = client.upload(job, &options, hooks.clone()).await;
    hooks.finish_bar();
    if let Some(writer) = &hooks.store {
        writer.flush().await;
    }
    match result {
        Ok(asset) => finish(&asset, args.json),
        Err(e) => {
            if !e.needs_a_change_first() {
                output::note(format!("to try again: {}", hooks.again_command()));
            }
            Err(e.into())
        }
    }
}

/// What the command line shows of an upload, and its saved multipart session.
struct CliHooks {
    tty: bool,
    /// Polls until final after the create.
    waits: bool,
    store: Option<ResumeWriter>,
    bar: Mutex<Option<ProgressBar>>,
    /// The multipart session, once open: a retry resumes it.
    session: Mutex<Option<String>>,
}

impl CliHooks {
    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        if let Ok(bar) = self.bar.lock()
            && let Some(bar) = bar.as_ref()
        {
            f(bar);
        }
    }

    fn finish_bar(&self) {
        self.with_bar(ProgressBar::finish);
    }

    fn say(&self, message: &str) {
        let mut shown = false;
        self.with_bar(|b| {
            b.note(message);
            shown = true;
        });
        if !shown {
            output::note(message);
        }
    }

    /// The command that tries this upload again: the same one, or a resume of its session. The
    /// API key is never printed: given on the command line, it is left out and said so.
    fn again_command(&self) -> String {
        let argv: Vec<String> = std::env::args().collect();
        let session = self.session.lock().ok().and_then(|s| s.clone());
        let (words, keyless) = again_words(&argv, session.as_deref());
        let line = words.join(" ");
        if keyless {
            format!("{line}   (with your --api-key as before)")
        } else {
            line
        }
    }
}

/// The words of [`CliHooks::again_command`], and whether an `--api-key` was left out.
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

impl UploadHooks for CliHooks {
    fn planned(&self, plan: &SendPlan) {
        let multipart = plan.kind == UploadKind::Multipart;
        if let (Some(size), Ok(mut bar)) = (plan.size, self.bar.lock()) {
            let label = if multipart {
                format!("uploading {} (multipart)", plan.stored_name)
            } else {
                format!("uploading {}", plan.stored_name)
            };
            *bar = Some(ProgressBar::new(&label, size, self.tty).counting_from_zero());
        }
    }

    fn progress(&self, sent: u64) {
        self.with_bar(|b| b.update(sent));
    }

    fn waiting(&self, wait: &Wait) {
        let secs = wait.left.as_secs_f64().ceil() as u64;
        let until = wait
            .until
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%H:%M:%S")
            .to_string();
        let message = match &wait.reason {
            WaitReason::RateLimit => format!("rate limited: waiting {secs}s (until {until})"),
            WaitReason::Retry { code } => format!("{code}: trying again in {secs}s"),
        };
        self.say(&message);
    }

    fn session(&self, state: &MultipartState) {
        if let Ok(mut s) = self.session.lock()
            && s.is_none()
        {
            *s = Some(state.upload_id.clone());
        }
        if state.size > 0
            && let Ok(mut bar) = self.bar.lock()
            && bar.is_none()
        {
            let name = state.path.file_name().map(|n| n.to_string_lossy().into_owned());
            let label = format!("uploading {} (multipart)", name.unwrap_or_default());
            *bar = Some(ProgressBar::new(&label, state.size, self.tty));
        }
        if let Some(store) = &self.store {
            store.save(state);
        }
    }

    fn session_saved(&self) -> futures_util::future::BoxFuture<'static, ()> {
        let writer = self.store.clone();
        Box::pin(async move {
            if let Some(w) = writer {
                w.flush().await;
            }
        })
    }

    fn session_done(&self, upload_id: &str) {
        if let Ok(mut s) = self.session.lock() {
            *s = None;
        }
        if let Some(store) = &self.store {
            store.remove(upload_id);
        }
    }

    fn created(&self, asset: &Asset) {
        self.finish_bar();
        if let Ok(mut bar) = self.bar.lock() {
            *bar = None;
        }
        if self.tty && self.waits && !asset.status.as_ref().is_some_and(AssetStatus::is_final) {
            output::note(format!("created {}; processing…", asset.id));
        }
    }
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

/// The saved state to resume: by upload id, or the one of SOURCE, or the only one there is.
fn find_state(store: &ResumeStore, wanted: &str, source: Option<&str>) -> Result<MultipartState, CliError> {
    if !wanted.is_empty() {
        return store.load(wanted).map_err(|e| {
            CliError::Usage(format!(
                "no resumable upload {wanted} in {}: {e}",
                store.dir().display()
            ))
        });
    }
    let mut found = match source {
        Some(path) => store.for_path(Path::new(path)),
        None => store.list(),
    };
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(CliError::Usage(format!(
            "nothing to resume{} (see `tl-assets uploads`)",
            source.map(|s| format!(" for {s}")).unwrap_or_default()
        ))),
        n => Err(CliError::Usage(format!(
            "{n} resumable uploads match; name one with --resume UPLOAD_ID (see `tl-assets uploads`)"
        ))),
    }
}

/// `--poll-interval` and `--timeout`, with the client's defaults (`index --wait` reads them too).
pub(in crate::cli) fn poll_options(
    client: &Client,
    interval: Option<f64>,
    timeout: f64,
) -> Result<PollOptions, CliError> {
    let secs = |name: &str, v: f64| {
        if v.is_finite() && v > 0.0 {
            Ok(Duration::from_secs_f64(v))
        } else {
            Err(CliError::Usage(format!(
                "{name} must be a positive number of seconds"
            )))
        }
    };
    let mut poll = PollOptions::for_client(client);
    if let Some(i) = interval {
        poll.interval = secs("--poll-interval", i)?;
    }
    poll.timeout = secs("--timeout", timeout)?;
    Ok(poll)
}

/// Prints the asset; a `failed` asset is also an error (exit 1) with the service's reason.
fn finish(asset: &Asset, json: bool) -> Result<(), CliError> {
    render::print_asset(asset, json)?;
    if asset.status == Some(AssetStatus::Failed) {
        let reason = asset
            .error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| "no reason given".into());
        return Err(CliError::AssetFailed(format!(
            "asset {} failed: {reason}",
            asset.id
        )));
    }
    Ok(())
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
