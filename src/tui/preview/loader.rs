//! The runtime half of the preview: one task at a time walks the frames of a job, each from the
//! disk cache or else through one ffmpeg child (so at most one decoder runs), decodes and
//! encodes it for the terminal off the async workers, and sends it back. A new job, `Esc` or quit
//! aborts the task, which drops (and so kills) its ffmpeg child. A failure that would repeat for
//! every frame (the stream does not answer, has no video) fails the rest of the job at once
//! instead of waiting out the time limit once per frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui_image::picker::Picker;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::frames::segments::{self, SegmentMap};
use crate::frames::{Ffmpeg, FrameCache, FrameError, FrameKey, FrameRequest, extract, waveform};
use crate::tui::detail::thumbnail::loader::decode;
use crate::tui::detail::thumbnail::{MAX_EDGE, Thumb, encode};
use crate::tui::msg::Msg;

/// What the preview's runtime half is given at start.
#[derive(Debug, Clone)]
pub struct PreviewSetup {
    /// ffmpeg, or the line that says why there is none.
    pub ffmpeg: Result<Ffmpeg, String>,
    /// The disk cache (`None`: frames are not kept across runs).
    pub cache: Option<FrameCache>,
    /// How long ffmpeg may wait on the stream for one frame (or the strip).
    pub timeout: Duration,
}

impl PreviewSetup {
    /// No ffmpeg and no cache: a runtime nobody set the preview up for.
    pub fn unset() -> Self {
        Self {
            ffmpeg: Err("ffmpeg not set up for this runtime".into()),
            cache: None,
            timeout: extract::READ_TIMEOUT,
        }
    }

    /// ffmpeg from `configured` or `PATH`, the cache in `cache_dir` bounded to `cache_mb`.
    pub fn new(configured: Option<&std::path::Path>, cache_dir: Option<PathBuf>, cache_mb: u64) -> Self {
        Self {
            ffmpeg: Ffmpeg::locate(configured),
            cache: cache_dir.map(|d| FrameCache::new(d, cache_mb)),
            timeout: extract::READ_TIMEOUT,
        }
    }

    /// The same with another read time limit (tests use a short one).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// One job of frames.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameJob {
    pub job: u64,
    pub asset_id: String,
    pub source: String,
    pub times: Vec<f64>,
    /// Cells of each frame's picture.
    pub cells: (u16, u16),
}

/// Runs the preview's jobs.
pub struct PreviewLoader {
    setup: PreviewSetup,
    picker: Option<Picker>,
    task: Option<AbortHandle>,
    /// ffmpeg children started so far (tests and benchmarks read it).
    started: Arc<AtomicUsize>,
    /// Reads playlists and segments: the thumbnails' client (`None`: ffmpeg reads them).
    http: Option<reqwest::Client>,
}

impl PreviewLoader {
    /// A loader with `setup`, reading streams with `http` (the client thumbnails are read with).
    pub fn new(setup: PreviewSetup, http: Option<reqwest::Client>) -> Self {
        Self {
            setup,
            picker: None,
            task: None,
            started: Arc::default(),
            http,
        }
    }

    /// Encodes with `picker` from now on (`None`: pictures off).
    pub fn set_picker(&mut self, picker: Option<Picker>) {
        self.picker = picker;
    }

    /// ffmpeg children started since the runtime began.
    pub fn decoders_started(&self) -> usize {
        self.started.load(Ordering::SeqCst)
    }

    /// Stops the running job (its ffmpeg child is killed with it).
    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }

    /// Starts `job`, stopping the one before.
    pub fn frames(&mut self, job: FrameJob, tx: UnboundedSender<Msg>) {
        self.stop();
        let http = self.http.clone();
        let ffmpeg = self.setup.ffmpeg.clone();
        let (cache, picker, started, timeout) = (
            self.setup.cache.clone(),
            self.picker.clone(),
            self.started.clone(),
            self.setup.timeout,
        );
        let task = tokio::spawn(async move {
            let mut cache_warned = false;
            // Set by a failure every later frame would repeat.
            let mut given_up: Option<String> = None;
            let mut stream = Stream::new(http, &job.source, timeout);
            for (index, at) in job.times.iter().copied().enumerate() {
                let result = match &given_up {
                    Some(why) => Err(FrameFail::Other(format!("not tried: {why}"))),
                    None => {
                        let cache = cache.as_ref();
                        let decoder = Decoder {
                            ffmpeg: &ffmpeg,
                            started: &started,
                            timeout,
                        };
                        one_frame(&decoder, &mut stream, cache, picker.as_ref(), &job, at).await
                    }
                };
                let (result, cache_error) = match result {
                    Ok((thumb, from_cache, cache_error)) => (Ok((thumb, from_cache)), cache_error),
                    Err(FrameFail::Decoder(e)) => {
                        if e.repeats() {
                            given_up = Some(e.to_string());
                        }
                        (Err(e.to_string()), None)
                    }
                    Err(FrameFail::Other(e)) => (Err(e), None),
                };
                let cache_error = cache_error.filter(|_| !std::mem::replace(&mut cache_warned, true));
                let msg = Msg::PreviewFrame {
                    job: job.job,
                    index,
                    result,
                    cache_error,
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        self.task = Some(task.abort_handle());
    }

    /// Starts the loudness strip of `span` in `buckets` slices, stopping the job before.
    pub fn peaks(
        &mut self,
        job: u64,
        source: String,
        span: (f64, f64),
        buckets: usize,
        tx: UnboundedSender<Msg>,
    ) {
        self.stop();
        let ffmpeg = self.setup.ffmpeg.clone();
        let (started, timeout) = (self.started.clone(), self.setup.timeout);
        let task = tokio::spawn(async move {
            let result = match &ffmpeg {
                Err(e) => Err(e.clone()),
                Ok(ff) => {
                    started.fetch_add(1, Ordering::SeqCst);
                    waveform::peaks(&ff.path, &source, span, buckets, timeout)
                        .await
                        .map_err(|e| e.to_string())
                }
            };
            let _ = tx.send(Msg::PreviewPeaks { job, result });
        });
        self.task = Some(task.abort_handle());
    }
}

/// The pixel size a frame of `cells` is asked for at (the cell size times cells, at most
/// [`MAX_EDGE`] on its longest side).
fn pixels(picker: &Picker, cells: (u16, u16)) -> (u32, u32) {
    let f = picker.font_size();
    let (w, h) = (
        u32::from(cells.0) * u32::from(f.width.max(1)),
        u32::from(cells.1) * u32::from(f.height.max(1)),
    );
    let scale = (f64::from(MAX_EDGE) / f64::from(w.max(h).max(1))).min(1.0);
    (
        ((f64::from(w) * scale) as u32).max(2),
        ((f64::from(h) * scale) as u32).max(2),
    )
}

type FrameOut = (Thumb, bool, Option<String>);

/// Why one frame is missing: ffmpeg's error (which may repeat for every frame) or another line.
enum FrameFail {
    Decoder(FrameError),
    Other(String),
}

impl From<String> for FrameFail {
    fn from(s: String) -> Self {
        Self::Other(s)
    }
}

impl From<&str> for FrameFail {
    fn from(s: &str) -> Self {
        Self::Other(s.to_string())
    }
}

/// ffmpeg, the count of its children, and the time one frame may take.
struct Decoder<'a> {
    ffmpeg: &'a Result<Ffmpeg, String>,
    started: &'a AtomicUsize,
    timeout: Duration,
}

/// A job's stream: its playlist read into a segment map on the first frame the cache does not
/// have, so each frame costs one request for its segment, over a kept-alive connection (see
/// [`segments`]).
struct Stream<'a> {
    http: Option<reqwest::Client>,
    source: &'a str,
    timeout: Duration,
    /// `None`: not read yet; `Some(None)`: not mapped, ffmpeg reads the playlist.
    map: Option<Option<SegmentMap>>,
    /// The last init section read (fragmented MP4), by URL: one serves the whole stream.
    init: Option<(String, Vec<u8>)>,
}

impl<'a> Stream<'a> {
    fn new(http: Option<reqwest::Client>, source: &'a str, timeout: Duration) -> Self {
        let remote = source.starts_with("http://") || source.starts_with("https://");
        Self {
            map: (!remote || http.is_none()).then_some(None),
            http,
            source,
            timeout,
            init: None,
        }
    }

    /// What ffmpeg reads for the frame at `at` (a frame `height` pixels high): the bytes of the
    /// segment that holds it (init section first) and the offset into it, or `None` and `at`
    /// for the playlist itself.
    async fn place(&mut self, at: f64, height: u32) -> Result<(Option<Vec<u8>>, f64), FrameError> {
        let Some(http) = &self.http else {
            return Ok((None, at));
        };
        if self.map.is_none() {
            let map = segments::resolve(http, self.source, height, self.timeout / 2).await?;
            self.map = Some(map);
        }
        let Some(spot) = self.map.as_ref().and_then(|m| m.as_ref()?.locate(at)) else {
            return Ok((None, at));
        };
        let mut bytes = Vec::new();
        if let Some(init) = spot.init {
            if self.init.as_ref().is_none_or(|(url, _)| url != init) {
                let got = segments::fetch_segment(http, init, self.timeout / 2).await?;
                self.init = Some((init.to_string(), got));
            }
            if let Some((_, got)) = &self.init {
                bytes.extend_from_slice(got);
            }
        }
        bytes.extend(segments::fetch_segment(http, spot.url, self.timeout / 2).await?);
        Ok((Some(bytes), spot.offset))
    }
}

/// The PNG of the frame at `at` from ffmpeg: fed the segment that holds it when the stream is
/// mapped, else (or when that gives no frame) given the playlist.
async fn run_ffmpeg(
    decoder: &Decoder<'_>,
    ff: &Ffmpeg,
    stream: &mut Stream<'_>,
    job: &FrameJob,
    at: f64,
    (width, height): (u32, u32),
) -> Result<Vec<u8>, FrameError> {
    let (started, timeout) = (decoder.started, decoder.timeout);
    let whole = FrameRequest {
        source: job.source.clone(),
        at,
        width,
        height,
        segment: None,
    };
    let from_segment = match stream.place(at, height).await {
        Ok((Some(segment), offset)) => {
            let req = FrameRequest {
                at: offset,
                segment: Some(segment),
                ..whole.clone()
            };
            started.fetch_add(1, Ordering::SeqCst);
            extract::extract(&ff.path, &req, timeout).await
        }
        Ok((None, _)) => Err(FrameError::Failed("the stream is not mapped".into())),
        // A stream that does not answer stays an error: it would repeat for every frame.
        Err(e) => Err(e),
    };
    match from_segment {
        // A segment that could not be read, a moment after its last picture (the next is in the
        // next segment), one ffmpeg cannot read alone, or no map: given the playlist, ffmpeg
        // reads on, or says what is wrong as it always did.
        Err(FrameError::Failed(why)) => {
            tracing::debug!(%why, at, "no frame from a lone segment; asking with the playlist");
            started.fetch_add(1, Ordering::SeqCst);
            extract::extract(&ff.path, &whole, timeout).await
        }
        other => other,
    }
}

/// One frame: from the cache, else from ffmpeg (then kept); encoded for the terminal.
async fn one_frame(
    decoder: &Decoder<'_>,
    stream: &mut Stream<'_>,
    cache: Option<&FrameCache>,
    picker: Option<&Picker>,
    job: &FrameJob,
    at: f64,
) -> Result<FrameOut, FrameFail> {
    let picker = picker.ok_or("pictures are off (image = \"off\", or no way to draw them here)")?;
    let (width, height) = pixels(picker, job.cells);
    let key = FrameKey {
        asset_id: job.asset_id.clone(),
        at_ms: (at * 1000.0).round() as u64,
        width,
        height,
    };
    let cached = match cache {
        Some(c) => {
            let (c, k) = (c.clone(), key.clone());
            tokio::task::spawn_blocking(move || c.get(&k))
                .await
                .ok()
                .flatten()
        }
        None => None,
    };
    let from_cache = cached.is_some();
    let mut cache_error = None;
    let png = match cached {
        Some(png) => png,
        None => {
            let ff = decoder
                .ffmpeg
                .as_ref()
                .map_err(|e| FrameFail::Decoder(FrameError::Start(e.clone())))?;
            let png = run_ffmpeg(decoder, ff, stream, job, at, (width, height))
                .await
                .map_err(FrameFail::Decoder)?;
            if let Some(c) = cache {
                let (c, k, p) = (c.clone(), key.clone(), png.clone());
                let put = tokio::task::spawn_blocking(move || c.put(&k, &p)).await;
                if let Ok(Err(e)) = put {
                    tracing::info!(error = %e, "frame cache not writable");
                    cache_error = Some(format!("frame cache not writable ({e}): frames are not kept"));
                }
            }
            png
        }
    };
    let (picker, cells) = (picker.clone(), job.cells);
    let thumb = tokio::task::spawn_blocking(move || {
        let image = decode(&png).map_err(|e| format!("corrupt frame: {e}"))?;
        encode(&picker, &image, cells).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())??;
    Ok((thumb, from_cache, cache_error))
}
