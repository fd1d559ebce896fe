//! The asset list: the loaded pages and their order, the local filter, server filters and
//! paging, sorting, the run to the end, refreshes (asked and automatic), and the list's view.

pub(super) mod asset_list;
pub(super) mod auto_refresh;
pub(super) mod auto_refresh_flow;
pub(super) mod filter;
pub(super) mod ingest;
pub(super) mod page_fetch;
pub(super) mod page_requests;
pub(super) mod refresh;
pub(super) mod removed_ids;
pub(super) mod sort;
pub(super) mod sort_flow;
pub(super) mod to_end;
pub(super) mod to_end_flow;
pub(super) mod view;
