//! User metadata as a person types and reads it: one value model ([`MetaValue`]) and one
//! grammar, shared by `upload --metadata`, `meta --set`, the upload form and the metadata
//! editor. `grammar.rs` reads a `key=value` pair, `print.rs` writes a value back so that pasting
//! it into `--set` (or an editor line) stores the same value.

mod grammar;
mod print;
mod value;

pub use grammar::{PairProblem, check_pair, metadata_pair, parse_user_metadata, parse_value};
pub use print::value_text;
pub use value::{MAX_SAFE_INTEGER, MetaValue};
