//! Each resource as stored, with its conversion to the wire form.

pub(in crate::platform) mod asset_row;
pub(in crate::platform) mod entity_row;
pub(in crate::platform) mod indexed_asset_row;
pub(in crate::platform) mod transcript_row;
pub(in crate::platform) mod upload_session;
