//! `ferry catalog`: a registry's repositories, every page of them, one per line (or JSON).

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::errors::UsageError;
use super::flags::PageArgs;
use super::formats::ListFormat;
use super::listing::{lines, warn_if_looped};
use super::printer::{json, stdout};
use super::{Context, NetArgs, client_for, runtime};
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry catalog localhost:5000
  ferry catalog registry.example.com --format json | jq -r '.repositories[]'
  echo \"$TOKEN\" | ferry catalog -u admin --password-stdin registry.example.com";

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
fn registry_reference(input: &str) -> Result<Reference> {
    let host = input.strip_prefix("https://").or_else(|| input.strip_prefix("http://")).unwrap_or(input);
    let host = host.trim_end_matches('/');
    Reference::new(host, "ferry", None, None)
        .map_err(|_| UsageError::error(format!("{input:?} is not a registry host (expected HOST or HOST:PORT)")))
}

pub fn run(ctx: &Context, args: CatalogArgs) -> Result<()> {
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
