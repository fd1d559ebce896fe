//! Property test of the probe of uploaded bytes: the sample media, truncated, with bytes flipped,
//! inserted or overwritten, and plain noise behind real magic numbers, are probed and judged by
//! the rules. Nothing may panic. `TL_ASSETS_FUZZ_CASES=N` sets the number of cases (default 64).

use std::sync::atomic::{AtomicU64, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::platform::limits::Limits;
use crate::platform::media::probe::{probe, sniff_bytes};
use crate::platform::media::rules::{Origin, check};

const VIDEO: &[u8] = include_bytes!("../../../assets/sample-video.mp4");
const AUDIO: &[u8] = include_bytes!("../../../assets/sample-audio.mp3");
const IMAGE: &[u8] = include_bytes!("../../../assets/sample-image.jpg");

/// Magic numbers of the formats the probe knows, to get noise past the sniffing.
const MAGICS: &[&[u8]] = &[
    b"\x00\x00\x00\x18ftypmp42",
    b"\x00\x00\x00\x14ftypqt  ",
    b"\x1aE\xdf\xa3",
    b"RIFF\x24\x00\x00\x00WAVEfmt ",
    b"ID3\x03\x00",
    b"\xff\xfb\x90",
    b"fLaC\x00\x00\x00\x22",
    b"OggS\x00\x02",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"#EXTM3U\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(Vec<(usize, u8)>),
    Insert(usize, Vec<u8>),
    MagicThenNoise(usize, Vec<u8>),
    Noise(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let sample = 0usize..3;
    let m = prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 1..64).prop_map(Mutation::Flip),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..512))
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (0..MAGICS.len(), proptest::collection::vec(any::<u8>(), 0..4096))
            .prop_map(|(a, b)| Mutation::MagicThenNoise(a, b)),
        proptest::collection::vec(any::<u8>(), 0..4096).prop_map(Mutation::Noise),
    ];
    (sample, m)
}

fn apply(sample: usize, m: &Mutation) -> Vec<u8> {
    let mut bytes = [VIDEO, AUDIO, IMAGE][sample].to_vec();
    match m {
        Mutation::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
        Mutation::Flip(flips) => {
            for (at, b) in flips {
                let i = at % bytes.len();
                bytes[i] = *b;
            }
        }
        Mutation::Insert(at, extra) => {
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, extra.iter().copied());
        }
        Mutation::MagicThenNoise(which, noise) => {
            bytes = MAGICS[*which].to_vec();
            bytes.extend_from_slice(noise);
        }
        Mutation::Noise(noise) => bytes = noise.clone(),
    }
    bytes
}

#[test]
#[allow(clippy::print_stderr)] // reports how many cases it tried
fn probing_mutated_media_never_panics() {
    let cases = std::env::var("TL_ASSETS_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("input");
    let limits = Limits::default();
    let runs = AtomicU64::new(0);
    let broken = AtomicU64::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&mutation(), |(sample, m)| {
        let bytes = apply(sample, &m);
        let _ = sniff_bytes(&bytes[..bytes.len().min(8192)]);
        std::fs::write(&path, &bytes).expect("write");
        let (kind, probed) = probe(&path).expect("probe reads the file");
        prop_assert_eq!(probed.size, bytes.len() as u64);
        for origin in [Origin::Direct, Origin::Url, Origin::Multipart] {
            if check(kind, &probed, origin, &limits).is_err() {
                broken.fetch_add(1, Ordering::Relaxed);
            }
        }
        runs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    eprintln!(
        "probe fuzz: {} inputs probed, {} rule refusals",
        runs.load(Ordering::Relaxed),
        broken.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
