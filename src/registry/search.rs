//! Searching for repositories: the `/v1/search` API that Docker Hub's index serves (and that
//! Quay and Nexus copy), with a fallback for registries that lack it — distribution among
//! them — to the `_catalog` listing filtered by substring.
//!
//! Owns the request (`GET /v1/search?q=TERM&n=LIMIT`) and the response shape
//! (`{"query","num_results","results":[{"name","description","star_count","is_official",
//! "is_automated"}]}`), as Docker Hub's index serves it (docker's `registry.SearchResults`). Docker Hub's index is public and
//! is asked directly, without the `/v2/` ping or a token; other registries are asked like any
//! registry request (ping, challenge, credentials). Filtering and display are the caller's.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Client, Request};
use super::error::RegistryError;
use super::gate::Exchange;
use super::list::{ListOptions, parse_json};
use crate::reference::Registry;

/// Where Docker Hub's search lives (docker's `IndexServer`, minus the `/v1/`).
pub const DOCKER_HUB_INDEX: &str = "https://index.docker.io";

/// docker's default and maximum result counts.
pub const DEFAULT_LIMIT: u32 = 25;
pub const MAX_LIMIT: u32 = 100;

const MAX_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;

/// One search hit, in Docker Hub's field names (the stable `--format json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchResult {
    pub name: String,
    pub description: String,
    pub star_count: u64,
    pub is_official: bool,
    pub is_automated: bool,
}

/// How a registry was searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchSource {
    /// Its `/v1/search` API.
    Search,
    /// Its `_catalog`, matched by substring (the registry has no search API).
    Catalog,
}

#[derive(Debug, Clone)]
pub struct SearchOutcome {
    pub results: Vec<SearchResult>,
    pub source: SearchSource,
}

#[derive(Deserialize)]
struct WireResponse {
    results: Vec<WireResult>,
}

// Docker Hub sends `null` descriptions, and other implementations leave fields out.
#[derive(Deserialize)]
struct WireResult {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    star_count: Option<u64>,
    #[serde(default)]
    is_official: Option<bool>,
    #[serde(default)]
    is_automated: Option<bool>,
}

impl From<WireResult> for SearchResult {
    fn from(w: WireResult) -> SearchResult {
        SearchResult {
            name: w.name,
            description: w.description.unwrap_or_default(),
            star_count: w.star_count.unwrap_or(0),
            is_official: w.is_official.unwrap_or(false),
            is_automated: w.is_automated.unwrap_or(false),
        }
    }
}

fn search_path(term: &str, limit: u32) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", term)
        .append_pair("n", &limit.to_string())
        .finish();
    format!("/v1/search?{query}")
}

/// Whether a failed `/v1/search` means "this registry has no search API" (so the catalog is
/// worth a try) rather than a failure to report.
fn lacks_search_api(e: &RegistryError) -> bool {
    matches!(e.status(), Some(400 | 404 | 405 | 501))
        || matches!(e, RegistryError::Protocol { .. } | RegistryError::TooLarge { .. })
}

impl Client {
    /// Searches Docker Hub's index at `index` (normally [`DOCKER_HUB_INDEX`]; a mirror or a
    /// test server otherwise).
    pub async fn search_docker_hub(
        &self,
        index: &str,
        term: &str,
        limit: u32,
    ) -> Result<Vec<SearchResult>, RegistryError> {
        let url = format!("{}{}", index.trim_end_matches('/'), search_path(term, limit));
        let parsed = url::Url::parse(&url)
            .map_err(|e| RegistryError::Protocol { url: url.clone(), message: format!("not a usable index: {e}") })?;
        self.retrying(|| async {
            // Docker Hub's index is public: no credentials go to it.
            let resp = self.exchange(Exchange::new(Method::GET, parsed.clone())).await?;
            let body = resp.read_capped(MAX_RESPONSE_BYTES, "search response").await?;
            let wire: WireResponse = parse_json(&body, &url)?;
            Ok(wire.results.into_iter().map(SearchResult::from).collect())
        })
        .await
    }

    /// Searches another registry: its `/v1/search` when it has one, else its catalog,
    /// keeping repositories whose name contains `term` (case-insensitively) and naming them
    /// `REGISTRY/REPOSITORY` so they can be pulled as shown.
    pub async fn search_registry(
        &self,
        registry: &Registry,
        term: &str,
        limit: u32,
    ) -> Result<SearchOutcome, RegistryError> {
        let req = Request::new(Method::GET, search_path(term, limit), vec![]);
        let api = self
            .retrying(|| async {
                let resp = self.send_no_retry(registry, &req).await?;
                let url = resp.url().to_string();
                let body = resp.read_capped(MAX_RESPONSE_BYTES, "search response").await?;
                let wire: WireResponse = parse_json(&body, &url)?;
                Ok(wire.results.into_iter().map(SearchResult::from).collect::<Vec<_>>())
            })
            .await;
        match api {
            Ok(results) => return Ok(SearchOutcome { results, source: SearchSource::Search }),
            Err(e) if lacks_search_api(&e) => {}
            Err(e) => return Err(e),
        }
        let needle = term.to_lowercase();
        let catalog = self.list_catalog(registry, &ListOptions::default()).await?;
        let results = catalog
            .items
            .into_iter()
            .filter(|repo| repo.to_lowercase().contains(&needle))
            .take(limit as usize)
            .map(|repo| SearchResult {
                name: format!("{}/{repo}", registry.name()),
                description: String::new(),
                star_count: 0,
                is_official: false,
                is_automated: false,
            })
            .collect();
        Ok(SearchOutcome { results, source: SearchSource::Catalog })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_path_encodes_the_term() {
        assert_eq!(search_path("redis", 25), "/v1/search?q=redis&n=25");
        assert_eq!(search_path("a b&c", 3), "/v1/search?q=a+b%26c&n=3");
    }

    #[test]
    fn hub_results_tolerate_nulls_and_missing_fields() {
        let body = br#"{"num_pages":1,"num_results":2,"page_size":25,"query":"x","results":[
            {"name":"redis","description":null,"star_count":12000,"is_official":true,"is_automated":false},
            {"name":"me/x"}]}"#;
        let wire: WireResponse = parse_json(body, "u").unwrap();
        let results: Vec<SearchResult> = wire.results.into_iter().map(SearchResult::from).collect();
        assert_eq!(results[0].description, "");
        assert!(results[0].is_official);
        assert_eq!(results[1].star_count, 0);
    }

    #[test]
    fn missing_search_apis_are_recognised() {
        let status = |status| RegistryError::Status {
            method: "GET".into(),
            url: "u".into(),
            status,
            errors: vec![],
            retry_after: None,
        };
        assert!(lacks_search_api(&status(404)));
        assert!(lacks_search_api(&status(405)));
        assert!(!lacks_search_api(&status(401)));
        assert!(!lacks_search_api(&status(503)));
        assert!(lacks_search_api(&RegistryError::Protocol { url: "u".into(), message: "not JSON".into() }));
    }
}
