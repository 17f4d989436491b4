//! `ferry search`: docker's `search`, table and filters included, against Docker Hub's index
//! by default and against any registry named as `HOST/TERM` (its `/v1/search`, else its
//! catalog, saying which on stderr).

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::errors::UsageError;
use super::printer::{ellipsis, json, stdout, table};
use super::template::{DockerFormat, columns};
use super::{Context, NetArgs, client_for, runtime};
use crate::reference::{DOCKER_HUB, Reference};
use crate::registry::search::{DEFAULT_LIMIT, DOCKER_HUB_INDEX, MAX_LIMIT};
use crate::registry::{SearchResult, SearchSource};

pub const EXAMPLES: &str = "\
Examples:
  ferry search redis
  ferry search --filter is-official=true --limit 5 postgres
  ferry search --filter stars=100 --no-trunc nginx
  ferry search --format json alpine | jq -r '.results[].name'
  ferry search --format '{{.Name}}\t{{.StarCount}}' nginx
  ferry search localhost:5000/app    # its /v1/search, else its catalog

Docker Hub's index is https://index.docker.io; FERRY_DOCKER_HUB_INDEX=URL sends Hub
searches to a mirror or a test server instead.";

/// docker's description cut-off in the search table.
const DESCRIPTION_WIDTH: usize = 45;

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// What to look for; HOST/TERM searches that registry instead of Docker Hub
    pub term: String,

    /// Results to ask for (1 to 100); filters apply to these, as docker's do
    #[arg(long, default_value_t = DEFAULT_LIMIT, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=MAX_LIMIT as i64))]
    pub limit: u32,

    /// Keep only matching results: stars=N (at least N stars), is-official=true|false,
    /// is-automated=true|false; repeatable
    #[arg(short, long, value_name = "KEY=VALUE", value_parser = parse_filter)]
    pub filter: Vec<Filter>,

    /// Show whole descriptions (the table cuts them at 45 characters)
    #[arg(long)]
    pub no_trunc: bool,

    /// table, json (ferry's object, below), or a Go template as docker's: '{{.Name}}',
    /// 'table {{.Name}}\t{{.StarCount}}', '{{json .}}'; fields: .Name .Description
    /// .StarCount .IsOfficial .IsAutomated
    #[arg(long, default_value = "table", value_parser = DockerFormat::parse, value_name = "FORMAT")]
    pub format: DockerFormat,

    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Stars(u64),
    IsOfficial(bool),
    IsAutomated(bool),
}

impl Filter {
    fn keeps(&self, r: &SearchResult) -> bool {
        match *self {
            Filter::Stars(n) => r.star_count >= n,
            Filter::IsOfficial(b) => r.is_official == b,
            Filter::IsAutomated(b) => r.is_automated == b,
        }
    }
}

fn parse_filter(s: &str) -> Result<Filter, String> {
    let (key, value) = s.split_once('=').ok_or_else(|| format!("invalid filter {s:?}: expected KEY=VALUE"))?;
    let boolean = |v: &str| match v {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(format!("invalid filter {s:?}: {key} is true or false")),
    };
    match key {
        "stars" => value
            .parse()
            .map(Filter::Stars)
            .map_err(|_| format!("invalid filter {s:?}: stars is a whole number (at least that many stars)")),
        "is-official" => boolean(value).map(Filter::IsOfficial),
        "is-automated" => boolean(value).map(Filter::IsAutomated),
        _ => Err(format!("invalid filter {s:?}: known filters are stars, is-official and is-automated")),
    }
}

/// docker's `splitReposSearchTerm`: the first component names a registry only if it looks
/// like a host; Docker Hub's names (`docker.io`, `index.docker.io`) mean the Hub.
fn split_term(term: &str) -> (Option<&str>, &str) {
    match term.split_once('/') {
        Some((host, rest)) if host.contains(['.', ':']) || host == "localhost" => {
            if host == DOCKER_HUB || host == "index.docker.io" { (None, rest) } else { (Some(host), rest) }
        }
        _ => (None, term),
    }
}

/// The stable `--format json` shape.
#[derive(Serialize)]
struct Output<'a> {
    registry: &'a str,
    query: &'a str,
    source: SearchSource,
    results: &'a [SearchResult],
}

/// docker's search fields and headers.
fn search_columns() -> Vec<super::template::Column> {
    columns(&[
        ("Description", "DESCRIPTION"),
        ("IsAutomated", "AUTOMATED"),
        ("IsOfficial", "OFFICIAL"),
        ("Name", "NAME"),
        ("StarCount", "STARS"),
    ])
}

pub fn run(ctx: &Context, args: SearchArgs) -> Result<()> {
    args.format.check_fields(&search_columns())?;
    let (host, term) = split_term(&args.term);
    if term.is_empty() && host.is_none() {
        return Err(UsageError::error("give a term to search Docker Hub for"));
    }
    let registry = host.unwrap_or(DOCKER_HUB);
    // The client keys --insecure and credentials by a reference's registry; any repository
    // on that registry serves.
    let probe = Reference::new(registry, "ferry-search", None, None)
        .with_context(|| format!("{registry:?} is not a registry host"))?;
    let reporter = ctx.reporter();
    let client = client_for(&args.net, &probe, reporter)?;
    let rt = runtime()?;
    let outcome = match host {
        None => {
            let index = std::env::var("FERRY_DOCKER_HUB_INDEX").unwrap_or_else(|_| DOCKER_HUB_INDEX.to_string());
            let results = rt
                .block_on(client.search_docker_hub(&index, term, args.limit))
                .with_context(|| format!("searching Docker Hub for {term:?}"))?;
            crate::registry::SearchOutcome { results, source: SearchSource::Search }
        }
        Some(_) => {
            let outcome = rt
                .block_on(client.search_registry(&probe.registry_name(), term, args.limit))
                .with_context(|| format!("searching {registry} for {term:?}"))?;
            match outcome.source {
                SearchSource::Search => ctx.status(format!("Searched {registry} with its search API (/v1/search)")),
                SearchSource::Catalog => ctx.status(format!(
                    "{registry} has no search API (/v1/search); matched {term:?} against its catalog instead"
                )),
            }
            outcome
        }
    };
    let results: Vec<SearchResult> =
        outcome.results.into_iter().filter(|r| args.filter.iter().all(|f| f.keeps(r))).collect();
    let description = |r: &SearchResult| {
        let description = r.description.replace(['\n', '\r'], " ");
        if args.no_trunc { description } else { ellipsis(&description, DESCRIPTION_WIDTH) }
    };
    match &args.format {
        DockerFormat::Json => {
            return json(&Output { registry, query: term, source: outcome.source, results: &results });
        }
        DockerFormat::Template(_) => {
            // docker's search context: every value a string, official and automated as "[OK]".
            let ok = |b: bool| if b { "[OK]" } else { "" };
            let rows: Vec<serde_json::Value> = results
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "Description": description(r),
                        "IsAutomated": ok(r.is_automated),
                        "IsOfficial": ok(r.is_official),
                        "Name": r.name,
                        "StarCount": r.star_count.to_string(),
                    })
                })
                .collect();
            return stdout(&args.format.render("", &search_columns(), &rows)?);
        }
        DockerFormat::Table => {}
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let description = description(r);
            vec![
                r.name.clone(),
                description,
                r.star_count.to_string(),
                if r.is_official { "[OK]".into() } else { String::new() },
            ]
        })
        .collect();
    table(&["NAME", "DESCRIPTION", "STARS", "OFFICIAL"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_name_a_registry_only_when_it_looks_like_a_host() {
        assert_eq!(split_term("redis"), (None, "redis"));
        assert_eq!(split_term("bitnami/redis"), (None, "bitnami/redis"));
        assert_eq!(split_term("localhost/app"), (Some("localhost"), "app"));
        assert_eq!(split_term("127.0.0.1:5000/app"), (Some("127.0.0.1:5000"), "app"));
        assert_eq!(split_term("quay.io/coreos/etcd"), (Some("quay.io"), "coreos/etcd"));
        assert_eq!(split_term("docker.io/redis"), (None, "redis"));
        assert_eq!(split_term("index.docker.io/redis"), (None, "redis"));
    }

    #[test]
    fn filters_parse_like_docker() {
        assert_eq!(parse_filter("stars=3"), Ok(Filter::Stars(3)));
        assert_eq!(parse_filter("is-official=true"), Ok(Filter::IsOfficial(true)));
        assert_eq!(parse_filter("is-automated=false"), Ok(Filter::IsAutomated(false)));
        for bad in ["stars", "stars=x", "is-official=yes", "name=redis"] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }
}
