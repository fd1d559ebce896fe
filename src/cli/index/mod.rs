//! The commands about what an asset is part of: `indexes`, `index` (and `index create`/`delete`)
//! and `used-by`, with their arguments and the lookup of the index a user names.

pub(super) mod index_admin;
pub(super) mod index_args;
pub(super) mod index_lookup;
pub(super) mod indexes;
pub(super) mod send_to_index;
pub(super) mod used_by;
