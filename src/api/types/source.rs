//! Where a connector import came from (docs/contract.md §16): `Asset.source`, present only when
//! `method` is `connector`. Every field is optional and the enums are open, so a newer server's
//! provider or type never breaks the client.

use serde::{Deserialize, Serialize};

/// `Asset.source`: the kind of origin and its details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetSource {
    /// Only `connector` today.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<SourceDetails>,
}

/// The file at the provider it was imported from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDetails {
    /// Only `google_drive` today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The file's ID at the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Its name there at import time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_filename: Option<String>,
    /// A link to it at the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_link: Option<String>,
}

impl AssetSource {
    /// `(label, value)` rows for a person, in the wire's order (`Name` is the original file
    /// name at the provider); absent fields are left out.
    pub fn rows(&self) -> Vec<(&'static str, &str)> {
        let details = self.details.as_ref();
        [
            ("Type", self.kind.as_deref()),
            ("Provider", details.and_then(|d| d.provider.as_deref())),
            ("Source ID", details.and_then(|d| d.source_id.as_deref())),
            ("Name", details.and_then(|d| d.original_filename.as_deref())),
            ("Link", details.and_then(|d| d.source_link.as_deref())),
        ]
        .into_iter()
        .filter_map(|(label, v)| v.map(|v| (label, v)))
        .collect()
    }
}
