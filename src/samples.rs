//! The sample media of `assets/`, built into the binary so the local platform can be seeded on a
//! fresh machine wherever the binary runs.

use std::path::Path;

/// `(file name, bytes)` of each sample.
pub const SAMPLES: &[(&str, &[u8])] = &[
    ("sample-video.mp4", include_bytes!("../assets/sample-video.mp4")),
    ("sample-audio.mp3", include_bytes!("../assets/sample-audio.mp3")),
    ("sample-image.jpg", include_bytes!("../assets/sample-image.jpg")),
];

/// Writes the samples into `dir` (created if needed), skipping files already there.
pub fn write_to(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in SAMPLES {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_written_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_to(dir.path()).expect("write");
        for (name, bytes) in SAMPLES {
            assert_eq!(std::fs::read(dir.path().join(name)).expect("read"), *bytes);
        }
        std::fs::write(dir.path().join("sample-image.jpg"), b"changed").expect("write");
        write_to(dir.path()).expect("write again");
        assert_eq!(
            std::fs::read(dir.path().join("sample-image.jpg")).expect("read"),
            b"changed"
        );
    }
}
