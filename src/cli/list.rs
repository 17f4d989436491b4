//! `ferry tags` and `ferry catalog`: what a repository or a registry holds, every page of it,
//! one entry per line (or JSON).

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::printer::{json, stdout};
use super::{Context, NetArgs, client_for, runtime};
use crate::reference::Reference;
use crate::registry::{ListOptions, Listing};

pub const TAGS_EXAMPLES: &str = "\
Examples:
  ferry tags redis
  ferry tags localhost:5000/team/app --format json
  ferry tags ghcr.io/org/tool | grep '^v1\\.' | sort -V | tail -1
  ferry tags --limit 10 --page-size 10 registry.example.com/big/repo";

pub const CATALOG_EXAMPLES: &str = "\
Examples:
  ferry catalog localhost:5000
  ferry catalog registry.example.com --format json | jq -r '.repositories[]'
  echo \"$TOKEN\" | ferry catalog -u admin --password-stdin registry.example.com";

/// Output of the listing commands: one entry per line (for scripts and pipes), or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One entry per line, nothing else
    Plain,
    /// A JSON object (see the README for its shape)
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct PageArgs {
    /// Stop after N entries
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Entries to ask for per request; registries cap it (default: the registry's choice)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Plain)]
    pub format: ListFormat,
}

impl PageArgs {
    fn options(&self) -> ListOptions {
        ListOptions { page_size: self.page_size, limit: self.limit.map(|l| l as usize) }
    }
}

#[derive(Args, Debug)]
pub struct TagsArgs {
    /// Repository: [REGISTRY/]REPOSITORY, without tag or digest
    pub repository: String,

    #[command(flatten)]
    pub page: PageArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Args, Debug)]
pub struct CatalogArgs {
    /// Registry host, e.g. localhost:5000 or registry.example.com
    pub registry: String,

    #[command(flatten)]
    pub page: PageArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

/// The registry a user names on its own (`localhost:5000`, `https://r.example/`), as a
/// reference to some repository on it: the client keys --insecure and credentials by a
/// reference's registry.
pub fn registry_reference(input: &str) -> Result<Reference> {
    let host = input.strip_prefix("https://").or_else(|| input.strip_prefix("http://")).unwrap_or(input);
    let host = host.trim_end_matches('/');
    Reference::new(host, "ferry", None, None)
        .map_err(|_| anyhow::anyhow!("{input:?} is not a registry host (expected HOST or HOST:PORT)"))
}

/// Shown even with -q, like every warning: a script should learn that its list may be short.
fn warn_if_looped(what: &str, listing: &Listing) {
    if let Some(url) = &listing.looped_at {
        eprintln!(
            "warning: the registry's next-page link for {what} leads back to entries already listed ({url}); \
             stopped after {} pages, so the list may be incomplete",
            listing.pages
        );
    }
}

fn lines(items: &[String]) -> String {
    items.iter().map(|i| format!("{i}\n")).collect()
}

pub fn tags(ctx: &Context, args: TagsArgs) -> Result<()> {
    let reference = Reference::parse_repository(&args.repository)?;
    let client = client_for(&args.net, &reference, ctx.reporter())?;
    let listing = runtime()?
        .block_on(client.list_tags(&reference.repository_name(), &args.page.options()))
        .with_context(|| format!("listing the tags of {}", reference.familiar()))?;
    warn_if_looped(&reference.familiar(), &listing);
    match args.page.format {
        ListFormat::Plain => stdout(&lines(&listing.items)),
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                repository: String,
                tags: &'a [String],
            }
            json(&Out { repository: reference.full_name(), tags: &listing.items })
        }
    }
}

pub fn catalog(ctx: &Context, args: CatalogArgs) -> Result<()> {
    let probe = registry_reference(&args.registry)?;
    let client = client_for(&args.net, &probe, ctx.reporter())?;
    let listing = runtime()?
        .block_on(client.list_catalog(&probe.registry_name(), &args.page.options()))
        .with_context(|| format!("listing the repositories of {}", probe.registry()))?;
    warn_if_looped(probe.registry(), &listing);
    match args.page.format {
        ListFormat::Plain => stdout(&lines(&listing.items)),
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                registry: &'a str,
                repositories: &'a [String],
            }
            json(&Out { registry: probe.registry(), repositories: &listing.items })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_are_named_as_users_write_them() {
        for (input, registry, api_host) in [
            ("localhost:5000", "localhost:5000", "localhost:5000"),
            ("https://registry.example.com/", "registry.example.com", "registry.example.com"),
            ("http://127.0.0.1:5000", "127.0.0.1:5000", "127.0.0.1:5000"),
            ("index.docker.io", "docker.io", "registry-1.docker.io"),
            ("[::1]:5000", "[::1]:5000", "[::1]:5000"),
        ] {
            let r = registry_reference(input).unwrap();
            assert_eq!((r.registry(), r.api_host()), (registry, api_host), "{input}");
        }
        for bad in ["", "not a host", "host/path", "-bad-"] {
            assert!(registry_reference(bad).is_err(), "{bad}");
        }
    }
}
