//! Paging on the wire: the `{data, page_info}` shape of every list response, and the query of
//! `GET /assets` (page, page size, filters as repeated keys).

use serde::{Deserialize, Serialize};

use super::AssetType;

/// Pagination block of every list response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    #[serde(default)]
    pub limit_per_page: u32,
    /// The page asked for: any page number may be asked for, so wider than `total_page`.
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub total_page: u32,
    #[serde(default)]
    pub total_results: u64,
}

/// One page of a list response: `{data, page_info}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub page_info: PageInfo,
}

impl<T> Page<T> {
    /// True when no page follows this one (`page >= total_page`, or nothing on this page).
    pub fn is_last(&self) -> bool {
        self.data.is_empty() || self.page_info.page >= u64::from(self.page_info.total_page)
    }
}

/// Query of `GET /assets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAssetsQuery {
    /// 1-based; `None` means the server default (1).
    pub page: Option<u32>,
    /// Items per page, 1..=50; `None` means the server default (10).
    pub page_limit: Option<u32>,
    /// OR-match on ids (sent as repeated `asset_ids`).
    pub asset_ids: Vec<String>,
    /// OR-match on media type (sent as repeated `asset_types`).
    pub asset_types: Vec<AssetType>,
    /// Case-insensitive substring of the filename.
    pub filename: Option<String>,
}

impl ListAssetsQuery {
    /// The query as `(key, value)` pairs, repeated keys for arrays, as the service expects.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(p) = self.page {
            pairs.push(("page", p.to_string()));
        }
        if let Some(l) = self.page_limit {
            pairs.push(("page_limit", l.to_string()));
        }
        for id in &self.asset_ids {
            pairs.push(("asset_ids", id.clone()));
        }
        for t in &self.asset_types {
            pairs.push(("asset_types", t.as_str().to_string()));
        }
        if let Some(f) = &self.filename {
            pairs.push(("filename", f.clone()));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::super::Asset;
    use super::*;

    #[test]
    fn list_query_repeats_array_keys() {
        let q = ListAssetsQuery {
            asset_ids: vec!["a".into(), "b".into()],
            asset_types: vec![AssetType::Video, AssetType::Image],
            ..Default::default()
        };
        let pairs = q.to_pairs();
        assert_eq!(pairs.iter().filter(|(k, _)| *k == "asset_ids").count(), 2);
        assert_eq!(pairs.iter().filter(|(k, _)| *k == "asset_types").count(), 2);
    }

    #[test]
    fn last_page_detection() {
        let mut p: Page<Asset> = Page {
            data: vec![],
            page_info: PageInfo {
                limit_per_page: 10,
                page: 1,
                total_page: 3,
                total_results: 25,
            },
        };
        assert!(p.is_last(), "empty data ends paging");
        p.data.push(Asset::minimal("x"));
        assert!(!p.is_last());
        p.page_info.page = 3;
        assert!(p.is_last());
    }
}
