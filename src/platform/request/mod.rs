//! Reading requests: query pairs, paging and sorting, JSON body fields, the guard on
//! `multipart/form-data` bodies, and the rule for names people give.

pub(super) mod body_fields;
pub(super) mod form_guard;
pub(super) mod http_util;
pub(super) mod metadata_rules;
pub(super) mod text_rules;
