//! `ferry images`: the stored references, as a table, JSON, or bare names (`-q`).

use std::time::SystemTime;

use anyhow::{Context as _, Result};
use clap::Args;

use super::Context;
use super::formats::Format;
use super::printer::{human_bytes, json, stdout, table, time_ago};
use super::stored::describe;
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry images
  ferry images --digests localhost:5000/app
  ferry images -q | xargs ferry rmi
  ferry images --format json";

#[derive(Args, Debug)]
pub struct ImagesArgs {
    /// Only images of this repository ([REGISTRY/]REPOSITORY)
    pub repository: Option<String>,
    /// Show full digests
    #[arg(long)]
    pub digests: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(ctx: &Context, args: ImagesArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let filter = match &args.repository {
        Some(r) => Some(Reference::parse_repository(r)?.full_name()),
        None => None,
    };
    let mut infos = Vec::new();
    for entry in store.refs()? {
        let info = describe(&store, &entry).with_context(|| format!("reading {}", entry.name))?;
        if filter.as_ref().is_none_or(|f| *f == info.repository) {
            infos.push(info);
        }
    }
    infos.sort_by(|a, b| a.reference.cmp(&b.reference));
    if args.format == Format::Json {
        return json(&infos);
    }
    // `-q` (global quiet) prints only references, ready for `xargs ferry rmi`.
    if ctx.quiet {
        let refs: String = infos
            .iter()
            .map(|i| {
                Reference::parse(&i.reference).map(|r| r.familiar()).unwrap_or_else(|_| i.reference.clone()) + "\n"
            })
            .collect();
        return stdout(&refs);
    }
    let now = SystemTime::now();
    let rows: Vec<Vec<String>> = infos
        .iter()
        .map(|i| {
            let digest = if args.digests { i.digest.to_string() } else { i.digest.short().to_string() };
            vec![
                i.familiar_repository.clone(),
                i.tag.clone().unwrap_or_else(|| "<none>".into()),
                digest,
                if i.platforms.is_empty() { "-".into() } else { i.platforms.join(",") },
                human_bytes(i.size),
                i.created.as_deref().map(|c| time_ago(c, now)).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    table(&["REPOSITORY", "TAG", "DIGEST", "PLATFORM", "SIZE", "CREATED"], &rows)
}
