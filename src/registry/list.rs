//! Listing what a registry holds: a repository's tags (`GET /v2/NAME/tags/list`) and the
//! registry's repositories (`GET /v2/_catalog`), page by page along
//! `Link: <url>; rel="next"` (distribution spec "Listing Tags" and "Listing Repositories";
//! RFC 8288 for the header).
//!
//! Owns parsing `Link` headers, resolving next-page links against the page that named them,
//! and the guards against servers that paginate forever: a set of pages already read, a check
//! that every page brings something new, and a page cap. A link to another host is refused, as
//! following it would carry this registry's credentials elsewhere. Never prints: a listing cut
//! short by a looping server says so in [`Listing::looped_at`] for the caller to report.

use std::collections::HashSet;

use reqwest::Method;
use reqwest::header::LINK;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::client::{Client, Request};
use super::error::RegistryError;
use crate::reference::{Action, Registry, Repository};

/// Pages read before a listing is abandoned as endless. At distribution's default page size
/// (100) that is a million entries.
pub const MAX_PAGES: usize = 10_000;

/// A listing page larger than this is not a listing.
const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The token scope distribution (and the token spec) use for `_catalog`.
pub const CATALOG_SCOPE: &str = "registry:catalog:*";

#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// `n` for the first request; later pages use whatever the server's links carry. `None`
    /// lets the server choose (asking for more than it allows is an error on some).
    pub page_size: Option<u32>,
    /// Stop once this many entries are in hand.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Each entry once, in the order the server gave them.
    pub items: Vec<String>,
    pub pages: usize,
    /// Set when the server's next link led back to a page already read (or to a page with
    /// nothing new): the listing stopped there instead of going round forever.
    pub looped_at: Option<String>,
}

/// One link of a `Link` header: its target and its parameters (names lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub params: Vec<(String, String)>,
}

impl Link {
    /// Whether `rel` (a space-separated list of relation types) includes `relation`.
    pub fn has_rel(&self, relation: &str) -> bool {
        self.params
            .iter()
            .filter(|(k, _)| k == "rel")
            .any(|(_, v)| v.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case(relation)))
    }
}

/// Parses `Link` header values (RFC 8288 §3): `<target>; param=value; param="quoted, value"`,
/// several links per value separated by commas. Malformed links are skipped, not fatal: a
/// listing without a usable next link simply ends.
pub fn parse_links<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Link> {
    let mut links = Vec::new();
    for value in values {
        let mut rest = value;
        loop {
            rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
            if rest.is_empty() {
                break;
            }
            let Some(after_lt) = rest.strip_prefix('<') else {
                // Not a link: skip to the next comma outside quotes.
                rest = skip_past_comma(rest);
                continue;
            };
            let Some(end) = after_lt.find('>') else { break };
            let target = after_lt[..end].trim().to_string();
            rest = &after_lt[end + 1..];
            let mut params = Vec::new();
            loop {
                rest = rest.trim_start();
                let Some(after_semi) = rest.strip_prefix(';') else { break };
                let after_semi = after_semi.trim_start();
                let name_end = after_semi.find(['=', ';', ',']).unwrap_or(after_semi.len());
                let name = after_semi[..name_end].trim().to_ascii_lowercase();
                rest = &after_semi[name_end..];
                let value = if let Some(after_eq) = rest.strip_prefix('=') {
                    let after_eq = after_eq.trim_start();
                    if let Some(quoted) = after_eq.strip_prefix('"') {
                        let (v, remainder) = read_quoted(quoted);
                        rest = remainder;
                        v
                    } else {
                        let end = after_eq.find([';', ',']).unwrap_or(after_eq.len());
                        rest = &after_eq[end..];
                        after_eq[..end].trim().to_string()
                    }
                } else {
                    String::new()
                };
                if !name.is_empty() {
                    params.push((name, value));
                }
            }
            links.push(Link { target, params });
            rest = skip_past_comma(rest);
        }
    }
    links
}

/// The contents of a quoted-string (its opening quote already consumed), with `\` escapes
/// undone, and what follows its closing quote.
fn read_quoted(s: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            '"' => return (out, &s[i + 1..]),
            c => out.push(c),
        }
    }
    (out, "")
}

fn skip_past_comma(s: &str) -> &str {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => return &s[i + 1..],
            _ => {}
        }
    }
    ""
}

/// The `rel="next"` target among `links`, if any.
pub fn next_link(links: &[Link]) -> Option<&str> {
    links.iter().find(|l| l.has_rel("next")).map(|l| l.target.as_str())
}

/// Resolves a next-page `link` against `page_url` (the URL the page came from) and returns
/// its path and query, to be sent to the registry's own endpoint. Links may be relative
/// (`/v2/...?last=x`, or even `?last=x`) or absolute; an absolute link must name the
/// registry's host (`api_host`): its scheme is ignored, so a TLS-terminating proxy that
/// writes `http://` links cannot downgrade the connection.
pub fn resolve_next(page_url: &str, link: &str, api_host: &str) -> Result<String, RegistryError> {
    let bad = |message: String| RegistryError::Protocol { url: page_url.to_string(), message };
    let base = url::Url::parse(page_url).map_err(|e| bad(format!("unusable page URL: {e}")))?;
    let next = base.join(link).map_err(|e| bad(format!("unusable pagination link {link:?}: {e}")))?;
    // Another scheme (`foo://host?x`) can have an empty path, and what this returns is
    // appended to the registry's base URL: it must be an http(s) path. (Found by fuzzing.)
    if !matches!(next.scheme(), "http" | "https") {
        return Err(bad(format!("the pagination link {link:?} is not an http(s) URL")));
    }
    let host = next.host_str().unwrap_or_default();
    let same_host = |authority: &str| authority.eq_ignore_ascii_case(api_host);
    let ok = match next.port() {
        Some(p) => same_host(&format!("{host}:{p}")),
        None => {
            same_host(host)
                || next.port_or_known_default().is_some_and(|p| same_host(&format!("{host}:{p}")))
                // `http://host/…` from a registry reached at `https://host`.
                || api_host.strip_suffix(":443").is_some_and(|h| h.eq_ignore_ascii_case(host))
        }
    };
    if !ok {
        return Err(bad(format!(
            "the pagination link {link:?} points at another host; not following it with this registry's credentials"
        )));
    }
    let mut out = next.path().to_string();
    if let Some(q) = next.query() {
        out.push('?');
        out.push_str(q);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct TagsPage {
    #[serde(default)]
    tags: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct CatalogPage {
    #[serde(default)]
    repositories: Option<Vec<String>>,
}

impl Client {
    /// Every tag of `repository`.
    pub async fn list_tags(&self, repository: &Repository, options: &ListOptions) -> Result<Listing, RegistryError> {
        let path = with_page_size(format!("/v2/{}/tags/list", repository.path()), options.page_size);
        let scopes = vec![repository.scope(Action::Pull)];
        self.paginate(repository.registry(), path, scopes, options, "tag list", |bytes, url| {
            Ok(parse_json::<TagsPage>(bytes, url)?.tags.unwrap_or_default())
        })
        .await
    }

    /// Every repository the registry's `_catalog` lists (which may be only those the
    /// credentials can see).
    pub async fn list_catalog(&self, registry: &Registry, options: &ListOptions) -> Result<Listing, RegistryError> {
        let path = with_page_size("/v2/_catalog".to_string(), options.page_size);
        self.paginate(registry, path, vec![CATALOG_SCOPE.to_string()], options, "catalog page", |bytes, url| {
            Ok(parse_json::<CatalogPage>(bytes, url)?.repositories.unwrap_or_default())
        })
        .await
    }

    async fn paginate(
        &self,
        registry: &Registry,
        first: String,
        scopes: Vec<String>,
        options: &ListOptions,
        what: &'static str,
        parse: impl Fn(&[u8], &str) -> Result<Vec<String>, RegistryError>,
    ) -> Result<Listing, RegistryError> {
        let mut listing = Listing { items: Vec::new(), pages: 0, looped_at: None };
        let mut seen: HashSet<String> = HashSet::new();
        let mut visited: HashSet<String> = HashSet::new();
        let mut next = Some(first);
        while let Some(path) = next.take() {
            if listing.pages >= MAX_PAGES {
                return Err(RegistryError::Protocol {
                    url: path,
                    message: format!("the registry was still paginating after {MAX_PAGES} pages; giving up"),
                });
            }
            visited.insert(path.clone());
            let req = Request::new(Method::GET, path, scopes.clone());
            let (url, links, entries) = self
                .retrying(|| async {
                    let resp = self.send_no_retry(registry, &req).await?;
                    let url = resp.url().to_string();
                    let links = parse_links(resp.headers().get_all(LINK).iter().filter_map(|v| v.to_str().ok()));
                    let body = resp.read_capped(MAX_PAGE_BYTES, what).await?;
                    let entries = parse(&body, &url)?;
                    Ok((url, links, entries))
                })
                .await?;
            listing.pages += 1;
            let had_entries = !entries.is_empty();
            let mut fresh = 0;
            for entry in entries {
                if seen.insert(entry.clone()) {
                    listing.items.push(entry);
                    fresh += 1;
                    if options.limit.is_some_and(|l| listing.items.len() >= l) {
                        return Ok(listing);
                    }
                }
            }
            let Some(link) = next_link(&links) else { break };
            let target = resolve_next(&url, link, registry.api_host())?;
            // A server that ignores `last` serves the same page under ever-new links; one
            // that links back to an earlier page goes round a cycle. Either way, stop.
            if visited.contains(&target) || (had_entries && fresh == 0) {
                listing.looped_at = Some(target);
                break;
            }
            next = Some(target);
        }
        Ok(listing)
    }
}

fn with_page_size(path: String, n: Option<u32>) -> String {
    match n {
        Some(n) => format!("{path}?n={n}"),
        None => path,
    }
}

pub(super) fn parse_json<T: DeserializeOwned>(bytes: &[u8], url: &str) -> Result<T, RegistryError> {
    serde_json::from_slice(bytes).map_err(|e| RegistryError::Protocol {
        url: url.to_string(),
        message: format!("the response is not the JSON expected: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next_of(header: &[&str]) -> Option<String> {
        next_link(&parse_links(header.iter().copied())).map(str::to_string)
    }

    #[test]
    fn link_header_shapes() {
        let cases: &[(&[&str], Option<&str>)] = &[
            // distribution: relative, quoted rel
            (&[r#"</v2/_catalog?last=b&n=2>; rel="next""#], Some("/v2/_catalog?last=b&n=2")),
            // unquoted rel, no spaces
            (
                &["<https://r.example/v2/a/tags/list?n=2&last=x>;rel=next"],
                Some("https://r.example/v2/a/tags/list?n=2&last=x"),
            ),
            // several links in one value; next is not first
            (
                &[r#"</v2/a/tags/list?last=a>; rel="prev", </v2/a/tags/list?last=c>; rel="next""#],
                Some("/v2/a/tags/list?last=c"),
            ),
            // several header fields
            (&[r#"</p1>; rel="prev""#, r#"</p3>; rel="next""#], Some("/p3")),
            // quoted params holding commas, semicolons and escaped quotes before rel
            (&[r#"</x?a=1>; title="a, \"b\"; c"; rel="next", </y>; rel="last""#], Some("/x?a=1")),
            // rel with several relation types, any case
            (&[r#"</z>; rel="last NEXT""#], Some("/z")),
            // registry-specific query parameters survive untouched
            (
                &[r#"</v2/a/tags/list?n=2&last=v1&orderby=&token=abc%3D%3D>; rel="next""#],
                Some("/v2/a/tags/list?n=2&last=v1&orderby=&token=abc%3D%3D"),
            ),
            // a URL containing a comma
            (&[r#"</v2/a/tags/list?last=a,b>; rel="next""#], Some("/v2/a/tags/list?last=a,b")),
            // no next
            (&[r#"</v2/a/tags/list?last=a>; rel="prev""#], None),
            // garbage, then a good link
            (&[r#"nonsense, </ok>; rel=next"#], Some("/ok")),
            (&[""], None),
            (&["<unterminated; rel=next"], None),
        ];
        for (header, want) in cases {
            assert_eq!(next_of(header).as_deref(), *want, "{header:?}");
        }
    }

    #[test]
    fn link_params_are_parsed() {
        let links = parse_links([r#"<a>; rel="next"; type="application/json"; Anchor=x; flag"#]);
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].params,
            vec![
                ("rel".to_string(), "next".to_string()),
                ("type".to_string(), "application/json".to_string()),
                ("anchor".to_string(), "x".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn next_links_resolve_against_the_page() {
        let page = "http://127.0.0.1:5000/v2/app/tags/list?n=2";
        let host = "127.0.0.1:5000";
        let cases: &[(&str, &str)] = &[
            ("/v2/app/tags/list?n=2&last=b", "/v2/app/tags/list?n=2&last=b"),
            ("?n=2&last=b", "/v2/app/tags/list?n=2&last=b"),
            ("list?last=b", "/v2/app/tags/list?last=b"),
            ("http://127.0.0.1:5000/v2/app/tags/list?last=b&x=1", "/v2/app/tags/list?last=b&x=1"),
            ("https://127.0.0.1:5000/v2/app/tags/list?last=b", "/v2/app/tags/list?last=b"),
        ];
        for (link, want) in cases {
            assert_eq!(resolve_next(page, link, host).unwrap(), *want, "{link}");
        }
        // Default ports, and an http:// link from a registry reached over https.
        let hub = "https://registry-1.docker.io/v2/library/redis/tags/list";
        for link in [
            "https://registry-1.docker.io/v2/library/redis/tags/list?last=7",
            "https://registry-1.docker.io:443/v2/library/redis/tags/list?last=7",
            "http://registry-1.docker.io/v2/library/redis/tags/list?last=7",
        ] {
            assert_eq!(
                resolve_next(hub, link, "registry-1.docker.io").unwrap(),
                "/v2/library/redis/tags/list?last=7",
                "{link}"
            );
        }
        assert!(resolve_next(hub, "/v2/x?last=1", "registry-1.docker.io:443").is_ok());
    }

    #[test]
    fn next_links_to_other_hosts_are_refused() {
        let page = "http://127.0.0.1:5000/v2/_catalog";
        for link in ["http://evil.example/v2/_catalog?last=a", "http://127.0.0.1:6000/v2/_catalog", "//other/v2/"] {
            let err = resolve_next(page, link, "127.0.0.1:5000").unwrap_err();
            assert!(err.to_string().contains("another host"), "{link}: {err}");
        }
    }

    #[test]
    fn next_links_that_are_not_http_are_refused() {
        // Found by fuzzing: `foo://127.0.0.1:5000?last=a` resolved to "?last=a", which the
        // lister appends to the registry's base URL.
        let page = "http://127.0.0.1:5000/v2/_catalog";
        for link in ["foo://127.0.0.1:5000?last=a", "ftp://127.0.0.1:5000/v2/_catalog?last=a"] {
            let err = resolve_next(page, link, "127.0.0.1:5000").unwrap_err();
            assert!(err.to_string().contains("not an http(s) URL"), "{link}: {err}");
        }
    }
}
