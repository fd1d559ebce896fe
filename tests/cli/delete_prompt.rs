//! `delete` on a terminal asks first, naming each asset by its file and saying which ids do not
//! exist. The terminal is a pty of `script` (util-linux), which gives the command a terminal for
//! stdin; the answer is typed into it.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::embedded_cli::{code, json_out, run, sample};

#[test]
fn the_delete_question_names_the_files_and_the_ids_that_do_not_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let image = sample("sample-image.jpg");
    let up = json_out(&run(
        d,
        &[
            "upload",
            image.to_str().expect("utf-8"),
            "--filename",
            "holiday.jpg",
            "--json",
        ],
    ));
    let id = up["_id"].as_str().expect("id").to_string();
    let missing = "66b1f0c2a9e4d31b7c0f5a12";
    let bin = env!("CARGO_BIN_EXE_tl-assets");
    let inner = format!("'{bin}' --data-dir '{}' delete {id} {missing}", d.display());
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &inner, "/dev/null"])
        .env_remove("TWELVE_LABS_API_KEY")
        .env_remove("TWELVE_LABS_BASE_URL")
        .env("TL_ASSETS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"n\n")
        .expect("answer");
    let out = child.wait_with_output().expect("wait");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains(&format!("These ids do not exist: {missing}")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("Delete asset holiday.jpg ({id})?")),
        "{screen}"
    );
    assert!(screen.contains("not deleted"), "{screen}");
    assert_eq!(code(&run(d, &["get", &id])), 0, "answered no: still there");
}
