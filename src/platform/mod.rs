//! The local platform: an offline server of the Assets HTTP contract (axum routes, SQLite + blob
//! store, media probing and rules, background processing, faults).
