//! The query behind `GET /assets`: one page of listed assets, newest first, and the total, read
//! from one snapshot. Plain and single-type listings take the total from the maintained counts
//! and walk the list index from whichever end is nearer the page; a filename filter searches an
//! in-memory copy of the listed names ([`NameIndex`], in `name_index.rs`); other filters scan once for the matching
//! `seq`s. Either way only the page's rows are then loaded.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};

use crate::platform::store::name_index::NameIndex;
use crate::platform::store::rows::asset_row::AssetRow;

/// The columns of a listed row: those of `ASSET_COLUMNS` with `user_metadata` left out (NULL in
/// its place, so `AssetRow::from_row` reads the rest as usual), then the metadata as text when
/// it is at most [`INLINE_META_MAX`] bytes, then its length. The metadata is never parsed for a
/// list: 50 rows of up to 1 MiB each, parsed into JSON trees, cost ~10× their size in memory.
fn list_columns() -> String {
    format!(
        "id, method, status, filename, file_type, created_ms, NULL, \
         enable_hls, enable_thumbnail, hls_status, thumb_status, file_token, size, duration, \
         technical_metadata, error_message, blob_ready, source, \
         CASE WHEN length(CAST(user_metadata AS BLOB)) <= {INLINE_META_MAX} THEN user_metadata END, \
         length(CAST(user_metadata AS BLOB))"
    )
}

/// Metadata up to this many bytes comes with its row; longer metadata is read one asset at a
/// time while the answer is written, so a page holds at most 50 × 64 KiB of it at once.
pub(crate) const INLINE_META_MAX: usize = 65536;

/// A listed row and its user metadata as stored (JSON text).
#[derive(Debug)]
pub(crate) struct ListedAsset {
    /// The row, its `user_metadata` left `None`.
    pub row: AssetRow,
    pub meta: MetaText,
}

/// The stored user metadata of a listed row.
#[derive(Debug)]
pub(crate) enum MetaText {
    None,
    Inline(String),
    /// Longer than [`INLINE_META_MAX`]: to be read when the row is written.
    Deferred,
}

fn listed_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListedAsset> {
    let row = AssetRow::from_row(r)?;
    let text: Option<String> = r.get(18)?;
    let len: Option<i64> = r.get(19)?;
    let meta = match (text, len) {
        (Some(t), _) => MetaText::Inline(t),
        (None, Some(_)) => MetaText::Deferred,
        (None, None) => MetaText::None,
    };
    Ok(ListedAsset { row, meta })
}

/// The stored user metadata of one asset; `None` when it has none or is gone.
pub(crate) fn meta_text(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT user_metadata FROM assets WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

/// The filters of a list request (all ANDed; values within one filter ORed).
#[derive(Debug, Clone, Default)]
pub(crate) struct ListFilter {
    pub ids: Vec<String>,
    /// `video`, `audio`, `image`.
    pub kinds: Vec<String>,
    /// Case-insensitive substring of the filename.
    pub filename: Option<String>,
}

/// One page (`limit` rows after `offset`) and the total number of matching assets. `names` is
/// the connection's [`NameIndex`], brought up to date here when a filename filter needs it.
pub(crate) fn page(
    conn: &mut Connection,
    names: &mut NameIndex,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<(Vec<ListedAsset>, u64)> {
    let tx = conn.transaction()?;
    let result = match &filter.filename {
        None if filter.ids.is_empty() && filter.kinds.len() <= 1 => {
            counted(&tx, filter.kinds.first().map(String::as_str), limit, offset)
        }
        Some(name) if filter.ids.is_empty() => {
            names.refresh(&tx)?;
            let (seqs, total) = names.search(name, &filter.kinds, offset, limit);
            Ok((rows_by_seq(&tx, seqs)?, total))
        }
        _ => scanned(&tx, filter, limit, offset),
    }?;
    tx.commit()?;
    Ok(result)
}

/// No filter or one type: the total is a sum of counts; the page is found by skipping index
/// entries from the nearer end (the last page costs as little as the first).
fn counted(
    conn: &Connection,
    kind: Option<&str>,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<(Vec<ListedAsset>, u64)> {
    let total: i64 = match kind {
        None => conn.query_row("SELECT COALESCE(SUM(n), 0) FROM asset_counts", [], |r| r.get(0))?,
        Some(k) => conn.query_row(
            "SELECT COALESCE(SUM(n), 0) FROM asset_counts WHERE kind = ?1",
            [k],
            |r| r.get(0),
        )?,
    };
    let total = total.max(0);
    if offset >= total {
        return Ok((Vec::new(), total as u64));
    }
    let from_end = total - offset - limit;
    let reversed = from_end < offset;
    let (order, lim, off) = if reversed {
        ("ASC", limit + from_end.min(0), from_end.max(0))
    } else {
        ("DESC", limit, offset)
    };
    let kind_clause = if kind.is_some() { "AND kind = ?3" } else { "" };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM assets WHERE blob_ready = 1 {kind_clause} \
         ORDER BY seq {order} LIMIT ?1 OFFSET ?2",
        list_columns()
    ))?;
    let mut args = vec![SqlValue::Integer(lim), SqlValue::Integer(off)];
    args.extend(kind.map(|k| SqlValue::Text(k.to_string())));
    let mut rows = stmt
        .query_map(params_from_iter(args.iter()), listed_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    if reversed {
        rows.reverse();
    }
    Ok((rows, total as u64))
}

/// Any other filter (ids, several types): one pass for the matching `seq`s (the total), then the
/// page's rows by `seq`.
fn scanned(
    conn: &Connection,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<(Vec<ListedAsset>, u64)> {
    let mut clauses = vec!["blob_ready = 1".to_string()];
    let mut args: Vec<SqlValue> = Vec::new();
    if !filter.ids.is_empty() {
        clauses.push(format!("id IN ({})", vec!["?"; filter.ids.len()].join(", ")));
        args.extend(filter.ids.iter().cloned().map(SqlValue::Text));
    }
    if !filter.kinds.is_empty() {
        clauses.push(format!("kind IN ({})", vec!["?"; filter.kinds.len()].join(", ")));
        args.extend(filter.kinds.iter().cloned().map(SqlValue::Text));
    }
    if let Some(f) = &filter.filename {
        let escaped = f.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        clauses.push("lower(filename) LIKE lower(?) ESCAPE '\\'".to_string());
        args.push(SqlValue::Text(format!("%{escaped}%")));
    }
    let seqs: Vec<i64> = conn
        .prepare_cached(&format!(
            "SELECT seq FROM assets WHERE {} ORDER BY seq DESC",
            clauses.join(" AND ")
        ))?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let total = seqs.len() as u64;
    let page = seqs
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    Ok((rows_by_seq(conn, page)?, total))
}

/// The rows with these `seq`s, newest first.
fn rows_by_seq(conn: &Connection, seqs: Vec<i64>) -> rusqlite::Result<Vec<ListedAsset>> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<SqlValue> = seqs.into_iter().map(SqlValue::Integer).collect();
    let marks = vec!["?"; wanted.len()].join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM assets WHERE seq IN ({marks}) ORDER BY seq DESC",
        list_columns()
    ))?;
    stmt.query_map(params_from_iter(wanted.iter()), listed_from_row)?
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::platform::store::db::Store;

    /// The list reads the columns a row reads, metadata aside.
    #[test]
    fn list_columns_are_the_row_columns_with_metadata_as_text() {
        use crate::platform::store::rows::asset_row::ASSET_COLUMNS;
        let plain = ASSET_COLUMNS.replace("user_metadata", "NULL");
        let list = list_columns();
        assert!(list.starts_with(&format!("{plain}, ")), "{list}");
    }

    /// The obvious query, to compare against.
    pub(crate) fn naive(c: &Connection, f: &ListFilter, limit: i64, offset: i64) -> (Vec<String>, u64) {
        let all: Vec<(String, Option<String>, String)> = c
            .prepare("SELECT id, file_type, filename FROM assets WHERE blob_ready = 1 ORDER BY seq DESC")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let hits: Vec<String> = all
            .into_iter()
            .filter(|(id, ft, name)| {
                (f.ids.is_empty() || f.ids.contains(id))
                    && (f.kinds.is_empty()
                        || f.kinds.iter().any(|k| {
                            ft.as_deref()
                                .is_some_and(|t| t.to_lowercase().starts_with(&format!("{k}/")))
                        }))
                    && f.filename
                        .as_ref()
                        .is_none_or(|s| name.to_lowercase().contains(&s.to_lowercase()))
            })
            .map(|(id, _, _)| id)
            .collect();
        let total = hits.len() as u64;
        (
            hits.into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect(),
            total,
        )
    }

    #[test]
    fn pages_and_totals_match_the_obvious_query_after_writes() {
        let dir = tempfile::tempdir().unwrap();
        let ids = crate::platform::seed_synthetic(dir.path(), 103).unwrap();
        let store = Store::open(&dir.path().join("platform.sqlite3")).unwrap();
        let mut c = store.conn_for_tests();
        c.execute("DELETE FROM assets WHERE id = ?1", [&ids[5]]).unwrap();
        c.execute("UPDATE assets SET blob_ready = 0 WHERE id = ?1", [&ids[9]])
            .unwrap();
        c.execute(
            "UPDATE assets SET file_type = 'Video/MP4' WHERE id = ?1",
            [&ids[10]],
        )
        .unwrap();
        let filters = [
            ListFilter::default(),
            ListFilter {
                kinds: vec!["video".into()],
                ..ListFilter::default()
            },
            ListFilter {
                kinds: vec!["audio".into(), "image".into()],
                ..ListFilter::default()
            },
            ListFilter {
                filename: Some("SUN".into()),
                ..ListFilter::default()
            },
            ListFilter {
                ids: vec![ids[0].clone(), ids[9].clone(), ids[50].clone()],
                ..ListFilter::default()
            },
        ];
        let mut names = NameIndex::default();
        for f in &filters {
            for limit in [1, 7, 50] {
                for offset in (0..110).step_by(limit as usize) {
                    let (rows, total) = page(&mut c, &mut names, f, limit, offset).unwrap();
                    let got: Vec<String> = rows.into_iter().map(|r| r.row.id).collect();
                    assert_eq!(
                        (got, total),
                        naive(&c, f, limit, offset),
                        "{f:?} {limit} {offset}"
                    );
                }
            }
        }
    }
}
