//! The name index against SQLite's own answer, across writes by this and another connection.

use super::*;
use crate::platform::store::asset_query::tests::naive;
use crate::platform::store::asset_query::{ListFilter, page};
use crate::platform::store::db::Store;

fn by_name(filename: &str, kinds: &[&str]) -> ListFilter {
    ListFilter {
        filename: Some(filename.into()),
        kinds: kinds.iter().map(|k| (*k).to_string()).collect(),
        ..ListFilter::default()
    }
}

/// Every filename filter, paged, against the obvious query.
fn check_names(c: &mut Connection, names: &mut NameIndex, stage: &str) {
    let filters = [
        by_name("sun", &[]),
        by_name("SUNSET", &["video"]),
        by_name("un", &["audio", "image"]),
        by_name("SUNRISE", &[]),
        by_name("ünï", &[]),
        by_name(".mov", &[]),
        by_name("-0000", &["nothing"]),
        by_name("no such name", &[]),
    ];
    for f in &filters {
        for (limit, offset) in [(50, 0), (7, 0), (7, 14), (3, 60), (50, 200)] {
            let (rows, total) = page(c, names, f, limit, offset).unwrap();
            let got: Vec<String> = rows.into_iter().map(|r| r.row.id).collect();
            assert_eq!(
                (got, total),
                naive(c, f, limit, offset),
                "{stage}: {f:?} {limit} {offset}"
            );
        }
    }
}

#[test]
fn filename_pages_follow_writes_by_this_and_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let ids = crate::platform::seed_synthetic(dir.path(), 120).unwrap();
    let path = dir.path().join("platform.sqlite3");
    let ours = Store::open(&path).unwrap();
    let theirs = Store::open(&path).unwrap();
    let mut c = ours.conn_for_tests();
    let mut names = NameIndex::default();
    check_names(&mut c, &mut names, "fresh");

    // Another connection (another process on the same data dir) renames, deletes, hides and
    // adds: the index built above is stale.
    {
        let o = theirs.conn_for_tests();
        o.execute(
            "UPDATE assets SET filename = 'Ünïcode SUNRISE.mp4' WHERE id = ?1",
            [&ids[3]],
        )
        .unwrap();
        o.execute("DELETE FROM assets WHERE id = ?1", [&ids[4]]).unwrap();
        o.execute("UPDATE assets SET blob_ready = 0 WHERE id = ?1", [&ids[7]])
            .unwrap();
        o.execute(
            "INSERT INTO assets (id, seq, method, status, filename, file_type, created_ms, \
             file_token, blob_ready) VALUES ('late', (SELECT MAX(seq) + 1 FROM assets), 'direct', \
             'ready', 'Late-Sunset.MOV', 'video/quicktime', 0, 'token', 1)",
            [],
        )
        .unwrap();
    }
    check_names(&mut c, &mut names, "after another connection wrote");

    // This connection writes.
    c.execute(
        "UPDATE assets SET filename = 'sunrise-again.wav' WHERE id = ?1",
        [&ids[10]],
    )
    .unwrap();
    c.execute("UPDATE assets SET blob_ready = 1 WHERE id = ?1", [&ids[7]])
        .unwrap();
    check_names(&mut c, &mut names, "after this connection wrote");
}

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn the_name_index_follows_every_kind_of_write_as_it_comes() {
    let dir = tempfile::tempdir().unwrap();
    crate::platform::seed_synthetic(dir.path(), 300).unwrap();
    let path = dir.path().join("platform.sqlite3");
    let (ours, theirs) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
    let mut c = ours.conn_for_tests();
    let o = theirs.conn_for_tests();
    let mut names = NameIndex::default();
    check_names(&mut c, &mut names, "fresh");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let words = ["Sunset", "sunrise", "Ünïcode", "clip", "harbor", "x.MOV"];
    let types = ["video/mp4", "audio/mpeg", "image/jpeg", "Video/MP4"];
    for step in 0..400 {
        // Half the writes from another connection, as another process on the same data dir.
        let w = if rng.below(2) == 0 { &*c } else { &o };
        let some_id = |rng: &mut Rng| -> String {
            w.query_row(
                "SELECT id FROM assets ORDER BY seq LIMIT 1 OFFSET ?1",
                [rng.below(250) as i64],
                |r| r.get(0),
            )
            .unwrap_or_else(|_| "none".into())
        };
        let name = format!("{}-{step}.mp4", words[rng.below(words.len())]);
        let kind = types[rng.below(types.len())];
        match rng.below(7) {
            // A new upload (reusing the newest seq when the newest was deleted).
            0 | 1 => {
                w.execute(
                    "INSERT INTO assets (id, seq, method, status, filename, file_type, \
                     created_ms, file_token, blob_ready) VALUES (?1, (SELECT MAX(seq) + 1 FROM assets), \
                     'direct', 'ready', ?2, ?3, 0, 'token', 1)",
                    rusqlite::params![format!("new{step}"), name, kind],
                )
                .unwrap();
            }
            2 => {
                w.execute("DELETE FROM assets WHERE id = ?1", [some_id(&mut rng)])
                    .unwrap();
            }
            3 => {
                w.execute(
                    "UPDATE assets SET filename = ?2 WHERE id = ?1",
                    rusqlite::params![some_id(&mut rng), name],
                )
                .unwrap();
            }
            4 => {
                w.execute(
                    "UPDATE assets SET file_type = ?2 WHERE id = ?1",
                    rusqlite::params![some_id(&mut rng), kind],
                )
                .unwrap();
            }
            // Hidden and shown again (a multipart upload completing lands mid-list).
            5 => {
                w.execute(
                    "UPDATE assets SET blob_ready = 1 - blob_ready WHERE id = ?1",
                    [some_id(&mut rng)],
                )
                .unwrap();
            }
            // Not a listing change: the index must not need to look at it.
            _ => {
                w.execute(
                    "UPDATE assets SET status = 'failed' WHERE id = ?1",
                    [some_id(&mut rng)],
                )
                .unwrap();
            }
        }
        if step % 3 == 0 {
            check_names(&mut c, &mut names, &format!("step {step}"));
        }
    }
    check_names(&mut c, &mut names, "after the random writes");

    // More changes than are applied one by one, then more than the log keeps.
    for burst in [MAX_APPLIED as usize + 10, 5_000] {
        let tx = o.unchecked_transaction().unwrap();
        for i in 0..burst {
            tx.execute(
                "UPDATE assets SET filename = ?2 WHERE id = ?1",
                rusqlite::params![format!("new{}", i % 5), format!("burst-sunset-{i}.mp4")],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        check_names(&mut c, &mut names, &format!("after a burst of {burst}"));
    }
}
