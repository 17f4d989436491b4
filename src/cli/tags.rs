//! `ferry tags`: a repository's tags, every page of them, one per line (or JSON).

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::flags::PageArgs;
use super::formats::ListFormat;
use super::listing::{lines, warn_if_looped};
use super::printer::{json, stdout};
use super::{Context, NetArgs, client_for, runtime};
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry tags redis
  ferry tags localhost:5000/team/app --format json
  ferry tags ghcr.io/org/tool | grep '^v1\\.' | sort -V | tail -1
  ferry tags --limit 10 --page-size 10 registry.example.com/big/repo";

#[derive(Args, Debug)]
pub struct TagsArgs {
    /// Repository: [REGISTRY/]REPOSITORY, without tag or digest
    pub repository: String,

    #[command(flatten)]
    pub page: PageArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: TagsArgs) -> Result<()> {
    let reference = Reference::parse_repository(&args.repository)?;
    let client = client_for(&args.net, &reference, ctx.reporter())?;
    let listing = runtime()?
        .block_on(client.read_tags(&reference, &args.page.options()))
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
