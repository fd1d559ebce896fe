//! The wire enums stored in SQLite as their wire strings, so rows hold `AssetStatus` and friends
//! instead of strings compared to literals. A value this version does not know reads back as the
//! enum's `Other`, as on the wire.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::api::types::{AssetStatus, DerivedStatus, UploadMethod, UploadSessionStatus};

macro_rules! sql_text_enum {
    ($($name:ty),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str().map(<$name>::from)
            }
        }
    )+};
}

sql_text_enum!(AssetStatus, DerivedStatus, UploadMethod, UploadSessionStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_sqlite_as_their_wire_text() {
        let c = rusqlite::Connection::open_in_memory().expect("db");
        c.execute_batch("CREATE TABLE t (s TEXT)").expect("table");
        c.execute("INSERT INTO t VALUES (?1)", [AssetStatus::Ready])
            .expect("insert");
        let text: String = c.query_row("SELECT s FROM t", [], |r| r.get(0)).expect("text");
        assert_eq!(text, "ready");
        let back: AssetStatus = c.query_row("SELECT s FROM t", [], |r| r.get(0)).expect("enum");
        assert_eq!(back, AssetStatus::Ready);
        c.execute("UPDATE t SET s = 'archived'", []).expect("update");
        let other: AssetStatus = c.query_row("SELECT s FROM t", [], |r| r.get(0)).expect("other");
        assert_eq!(other, AssetStatus::Other("archived".into()));
    }
}
