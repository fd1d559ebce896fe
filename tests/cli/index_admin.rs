//! `index create` and `index delete` as a user runs them against the embedded local platform:
//! names and models checked with messages saying what to change, read-only refusal, `--json`,
//! and the delete question on a terminal (a pty of `script`, util-linux) naming the index and how
//! many assets it holds.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::embedded_cli::{code, json_out, run, sample, stderr};

/// Creates an index named `name` with the default model; its id.
fn create(d: &Path, name: &str) -> String {
    let out = run(d, &["index", "create", name, "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json_out(&out)["_id"].as_str().expect("_id").to_string()
}

fn index_names(d: &Path) -> Vec<String> {
    let list = json_out(&run(d, &["indexes", "--json"]));
    list.as_array()
        .expect("array")
        .iter()
        .map(|i| i["index_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn index_create_checks_the_name_and_the_model_before_sending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let out = run(d, &["index", "create", "harbor"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(id.len(), 24, "stdout is the new id: {id:?}");
    assert!(
        stderr(&out).contains("marengo3.0 (visual, audio)"),
        "{}",
        stderr(&out)
    );

    let refused = [
        (vec!["index", "create", "harbor"], "already exists"),
        (vec!["index", "create", "   "], "empty or only spaces"),
        (
            vec!["index", "create", "x", "--model", "pegasus1.2:visual"],
            "only model is marengo3.0",
        ),
        (
            vec!["index", "create", "x", "--model", "marengo3.0:visual,text"],
            "visual and/or audio",
        ),
        (
            vec!["index", "create", "x", "--model", "marengo3.0:"],
            "at least one model option",
        ),
        (vec!["--read-only", "index", "create", "x"], "--read-only is set"),
    ];
    for (args, says) in refused {
        let out = run(d, &args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(index_names(d), vec!["harbor"], "nothing refused was made");

    let dock = json_out(&run(
        d,
        &[
            "index",
            "create",
            " dock ",
            "--model",
            "marengo3.0:audio",
            "--json",
        ],
    ));
    assert_eq!(dock["index_name"], "dock");
    assert_eq!(dock["models"][0]["model_options"], serde_json::json!(["audio"]));
    assert_eq!(
        code(&run(d, &["--read-only", "index", "delete", "dock", "--yes"])),
        2
    );
    assert_eq!(index_names(d).len(), 2, "read-only deleted nothing");
}

#[test]
fn index_delete_asks_naming_the_index_and_its_assets_and_refuses_an_ambiguous_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let id = create(d, "harbor");
    let video = sample("sample-video.mp4");
    let up = json_out(&run(d, &["upload", video.to_str().expect("utf-8"), "--json"]));
    let asset = up["_id"].as_str().expect("asset id").to_string();
    let sent = run(d, &["index", &asset, "--into", "harbor"]);
    assert_eq!(code(&sent), 0, "{}", stderr(&sent));

    let answer = |reply: &[u8]| {
        let bin = env!("CARGO_BIN_EXE_tl-assets");
        let inner = format!("'{bin}' --data-dir '{}' index delete harbor", d.display());
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
            .write_all(reply)
            .expect("answer");
        let out = child.wait_with_output().expect("wait");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let screen = answer(b"n\n");
    assert!(
        screen.contains(&format!(
            "Delete index \"harbor\" ({id}) (the 1 asset indexed in it"
        )),
        "{screen}"
    );
    assert!(screen.contains("not deleted"), "{screen}");
    assert_eq!(index_names(d), vec!["harbor"], "answered no: still there");
    let screen = answer(b"y\n");
    assert!(
        screen.contains(&format!("deleted index \"harbor\" ({id})")),
        "{screen}"
    );
    assert!(index_names(d).is_empty(), "answered yes: gone");
    assert_eq!(code(&run(d, &["get", &asset])), 0, "the asset itself stays");

    create(d, "Dock");
    create(d, "dock side");
    let other = create(d, "DOCK SIDE");
    let out = run(d, &["index", "delete", "Dock Side", "--yes"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let msg = stderr(&out);
    assert!(msg.contains("matches 2 indexes") && msg.contains(&other), "{msg}");
    let out = run(d, &["index", "delete", "DOCK SIDE", "--yes", "--json"]);
    assert_eq!(code(&out), 0, "an exact name picks one: {}", stderr(&out));
    assert_eq!(json_out(&out)["_id"], other.as_str());
    let out = run(d, &["index", "delete", "dock side"]);
    assert_eq!(code(&out), 2, "no terminal and no --yes");
    assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
    assert_eq!(index_names(d).len(), 2);
}
