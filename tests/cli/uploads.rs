//! Uploads through the binary: a multipart upload that fails part-way and is resumed from its
//! saved state, and a folder uploaded whole, then again with `--skip-existing`.

use crate::support;
use crate::support::embedded_cli::{code, json_out, run, sample, stderr};
use serde_json::json;

/// `upload --multipart` fails part-way (the server refuses chunk PUTs), leaves a resume file,
/// shows in `uploads`, and `upload --resume` finishes it without resending stored chunks.
#[tokio::test(flavor = "multi_thread")]
async fn multipart_upload_fails_then_resumes_from_the_saved_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, fake) = support::fake_multipart::start(16 * 1024).await;
    fake.lock().expect("lock").fail_puts_after = Some(3);
    let video = sample("sample-video.mp4").display().to_string();
    let cli_dir = dir.path().join("cli");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["--base-url", base.as_str(), "--api-key", "k"]
            .map(String::from)
            .to_vec();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let go = |a: Vec<String>| {
        let d = cli_dir.clone();
        tokio::task::spawn_blocking(move || run(&d, &a.iter().map(String::as_str).collect::<Vec<_>>()))
    };

    let first = go(args(&[
        "upload",
        &video,
        "--multipart",
        "--concurrency",
        "1",
        "--no-wait",
    ]))
    .await
    .expect("join");
    assert_eq!(code(&first), 1, "{}", stderr(&first));
    assert!(stderr(&first).contains("--resume"), "{}", stderr(&first));

    let listed = json_out(&go(args(&["uploads", "--json"])).await.expect("join"));
    let rows = listed.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["resumable"], true);
    assert_eq!(rows[0]["acknowledged_chunks"], 3, "{listed}");
    let upload_id = rows[0]["upload_id"].as_str().expect("id").to_string();

    fake.lock().expect("lock").fail_puts_after = None;
    let done = go(args(&["upload", "--resume", &upload_id, "--json"]))
        .await
        .expect("join");
    let asset = json_out(&done);
    assert_eq!(asset["status"], "ready");

    {
        let f = fake.lock().expect("lock");
        let session = &f.sessions[&upload_id];
        assert!(
            session.puts.values().all(|n| *n == 1),
            "no chunk sent twice: {:?}",
            session.puts
        );
        assert_eq!(
            session.assembled(),
            std::fs::read(sample("sample-video.mp4")).expect("read")
        );
    }
    let after = json_out(&go(args(&["uploads", "--json"])).await.expect("join"));
    assert_eq!(after, json!([]), "the resume file is removed once done");
}

/// A folder of ten media files and a text file: ten ready assets, the text file named as
/// skipped; `--skip-existing` then uploads nothing; `--json` gives one element per file.
#[test]
fn a_folder_uploads_its_media_and_skip_existing_then_sends_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let folder = dir.path().join("clips");
    std::fs::create_dir_all(folder.join("nested")).expect("folders");
    for i in 0..10 {
        let at = if i % 2 == 0 {
            folder.join(format!("still-{i}.jpg"))
        } else {
            folder.join("nested").join(format!("still-{i}.jpg"))
        };
        std::fs::copy(sample("sample-image.jpg"), at).expect("copy");
    }
    std::fs::write(folder.join("notes.dat"), "not media").expect("notes");
    let folder_arg = folder.display().to_string();
    let out = run(
        &data,
        &[
            "upload",
            &folder_arg,
            "--json",
            "--jobs",
            "3",
            "--poll-interval",
            "0.05",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let arr = json_out(&out);
    let items = arr.as_array().expect("array");
    assert_eq!(items.len(), 10, "{arr}");
    assert!(items.iter().all(|a| a["status"] == "ready"), "{arr}");
    let err = stderr(&out);
    assert!(err.contains("notes.dat") && err.contains("not media"), "{err}");
    assert!(err.contains("10 ready"), "{err}");
    let listed = json_out(&run(&data, &["list", "--all", "--json"]));
    let stills = listed
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["filename"].as_str().is_some_and(|n| n.starts_with("still-")))
        .count();
    assert_eq!(stills, 10, "{listed}");

    let again = run(&data, &["upload", &folder_arg, "--skip-existing", "--json"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(json_out(&again), serde_json::json!([]), "{}", stderr(&again));
    assert!(stderr(&again).contains("already uploaded"), "{}", stderr(&again));
    let listed = json_out(&run(&data, &["list", "--all", "--json"]));
    assert_eq!(
        listed.as_array().expect("list").len(),
        stills + 3,
        "nothing new beyond the 3 samples"
    );

    // A glob that matches nothing is a clear line, and with nothing sent the exit is 1.
    let none = format!("{}/*.mov", folder.display());
    let nothing = run(&data, &["upload", &none, "x.jpg"]);
    assert!(stderr(&nothing).contains("x.jpg"), "{}", stderr(&nothing));
    assert_eq!(code(&nothing), 1, "{}", stderr(&nothing));
}
