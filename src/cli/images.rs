//! `ferry images`: the stored references as docker lists images: its columns, units,
//! `--digests`, `--no-trunc`, `-q` (image IDs), `--filter` (reference, dangling, before,
//! since) and `--format` (table, json, Go templates).

use std::collections::HashSet;
use std::time::SystemTime;

use anyhow::{Context as _, Result};
use clap::Args;
use serde_json::{Value, json};

use super::Context;
use super::errors::UsageError;
use super::printer::{docker_since, docker_size, docker_time, parse_rfc3339, stdout};
use super::stored::{ImageInfo, describe, lookup};
use super::template::{Column, DockerFormat, columns};
use crate::digest::Digest;
use crate::reference::{Reference, glob_match};

pub const EXAMPLES: &str = "\
Examples:
  ferry images
  ferry images --digests localhost:5000/app
  ferry images --filter reference='localhost:5000/*' --filter dangling=false
  ferry images --format 'table {{.Repository}}\\t{{.Tag}}\\t{{.Size}}'
  ferry images --format json | jq -r .Digest
  ferry rmi $(ferry images -q --filter before=redis:7)";

const TABLE: &str = "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}";
const TABLE_DIGESTS: &str = "table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}";

/// The fields of a row (docker's, and ferry's `Platform`) and their table headers.
fn image_columns() -> Vec<Column> {
    columns(&[
        ("Containers", "CONTAINERS"),
        ("CreatedAt", "CREATED AT"),
        ("CreatedSince", "CREATED"),
        ("Digest", "DIGEST"),
        ("ID", "IMAGE ID"),
        ("Platform", "PLATFORM"),
        ("Repository", "REPOSITORY"),
        ("SharedSize", "SHARED SIZE"),
        ("Size", "SIZE"),
        ("Tag", "TAG"),
        ("UniqueSize", "UNIQUE SIZE"),
        ("VirtualSize", "SIZE"),
    ])
}

#[derive(Args, Debug)]
pub struct ImagesArgs {
    /// Only this repository ([REGISTRY/]REPOSITORY[:TAG]), or those a glob matches as
    /// --filter reference does
    #[arg(value_name = "REPOSITORY[:TAG]")]
    pub repository: Option<String>,

    /// Show the DIGEST column: the digest the image was pulled by (for a platform picked
    /// from a multi-platform image, the index's)
    #[arg(long)]
    pub digests: bool,

    /// Show whole image IDs
    #[arg(long)]
    pub no_trunc: bool,

    /// Accepted as docker's: ferry keeps no intermediate images, so every image is listed
    #[arg(short, long)]
    pub all: bool,

    /// Keep only matching images: reference=GLOB (docker's familiar names: 'app', 'localhost:5000/*:v1'),
    /// dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it);
    /// repeatable (several reference globs: any; different keys: all)
    #[arg(short, long, value_name = "KEY=VALUE", value_parser = parse_filter)]
    pub filter: Vec<Filter>,

    /// table, json (one object per line), or a Go template: 'table {{.Repository}}\t{{.ID}}',
    /// '{{json .}}'; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size
    /// .VirtualSize .Platform
    #[arg(long, default_value = "table", value_parser = DockerFormat::parse, value_name = "FORMAT")]
    pub format: DockerFormat,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Reference(String),
    Dangling(bool),
    Before(String),
    Since(String),
}

fn parse_filter(s: &str) -> Result<Filter, String> {
    let (key, value) = s.split_once('=').ok_or_else(|| format!("invalid filter {s:?}: expected KEY=VALUE"))?;
    match key {
        "reference" => {
            glob_match(value, "").map_err(|e| e.to_string())?;
            Ok(Filter::Reference(value.to_string()))
        }
        "dangling" => match value {
            "true" | "1" => Ok(Filter::Dangling(true)),
            "false" | "0" => Ok(Filter::Dangling(false)),
            _ => Err(format!("invalid filter {s:?}: dangling is true or false")),
        },
        "before" => Ok(Filter::Before(value.to_string())),
        "since" => Ok(Filter::Since(value.to_string())),
        _ => Err(format!("invalid filter {s:?}: known filters are reference, dangling, before and since")),
    }
}

/// A stored reference with what the filters and the row need.
struct Listed {
    info: ImageInfo,
    reference: Option<Reference>,
    created: Option<SystemTime>,
}

pub fn run(ctx: &Context, args: ImagesArgs) -> Result<()> {
    let columns = image_columns();
    args.format.check_fields(&columns)?;
    let store = ctx.open_store()?;
    let mut listed = Vec::new();
    for entry in store.refs()? {
        let info = describe(&store, &entry).with_context(|| format!("reading {}", entry.name))?;
        let created = info.created.as_deref().and_then(parse_rfc3339);
        listed.push(Listed { reference: Reference::parse(&entry.name).ok(), info, created });
    }
    let created_of = |what: &str| -> Result<Option<SystemTime>> {
        let entry = lookup(&store, what)?;
        Ok(listed.iter().find(|l| l.info.reference == entry.name).and_then(|l| l.created))
    };
    // docker resolves several `before` to the oldest image and several `since` to the newest.
    let mut before: Option<Option<SystemTime>> = None;
    let mut since: Option<Option<SystemTime>> = None;
    for f in &args.filter {
        match f {
            Filter::Before(what) => {
                let t = created_of(what)?;
                before = Some(before.map_or(t, |b| b.min(t)));
            }
            Filter::Since(what) => {
                let t = created_of(what)?;
                since = Some(since.map_or(t, |s| s.max(t)));
            }
            _ => {}
        }
    }
    let patterns: Vec<&str> =
        args.filter.iter().filter_map(|f| if let Filter::Reference(p) = f { Some(p.as_str()) } else { None }).collect();
    let dangling = args.filter.iter().rev().find_map(|f| if let Filter::Dangling(d) = f { Some(*d) } else { None });
    // An image is dangling when no reference names it by a tag (docker: no RepoTags).
    let tagged: HashSet<Digest> = listed.iter().filter(|l| l.info.tag.is_some()).map(|l| l.info.id.clone()).collect();
    let only = match &args.repository {
        Some(r) => Some(Only::parse(r)?),
        None => None,
    };

    let mut kept = Vec::new();
    for l in listed {
        if only.as_ref().is_some_and(|o| !o.keeps(&l)) {
            continue;
        }
        if !patterns.is_empty() {
            let Some(r) = &l.reference else { continue };
            let mut any = false;
            for p in &patterns {
                any |= r.familiar_match(p)?;
            }
            if !any {
                continue;
            }
        }
        let is_dangling = !tagged.contains(&l.info.id);
        if dangling.is_some_and(|d| d != is_dangling) {
            continue;
        }
        // Strictly before / after, as docker compares creation times.
        if let Some(b) = before
            && !(l.created.is_some() && l.created < b)
        {
            continue;
        }
        if let Some(s) = since
            && l.created <= s
        {
            continue;
        }
        kept.push(l);
    }
    // Newest first, as docker lists them; the reference decides between equals.
    kept.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.info.reference.cmp(&b.info.reference)));

    let now = SystemTime::now();
    let rows: Vec<Value> = kept.iter().map(|l| row(l, args.no_trunc, now)).collect();
    let format = if ctx.quiet { DockerFormat::parse("{{.ID}}").map_err(UsageError::error)? } else { args.format };
    let default = if args.digests { TABLE_DIGESTS } else { TABLE };
    stdout(&format.render(default, &columns, &rows)?)
}

/// One row, with docker's field names and values (all strings, as docker's formatter has
/// them). Sizes are what the store holds (compressed layers), not docker's unpacked size.
fn row(l: &Listed, no_trunc: bool, now: SystemTime) -> Value {
    let i = &l.info;
    let id = if no_trunc { i.id.to_string() } else { i.id.short().to_string() };
    let digest = i.index_digest.clone().unwrap_or_else(|| i.digest.to_string());
    json!({
        "Containers": "N/A",
        "CreatedAt": l.created.map(docker_time).unwrap_or_else(|| "N/A".into()),
        "CreatedSince": l.created.map(|c| docker_since(c, now)).unwrap_or_else(|| "N/A".into()),
        "Digest": digest,
        "ID": id,
        "Platform": if i.platforms.is_empty() { "N/A".to_string() } else { i.platforms.join(",") },
        "Repository": i.familiar_repository,
        "SharedSize": "N/A",
        "Size": docker_size(i.size, 3),
        "Tag": i.tag.clone().unwrap_or_else(|| "<none>".into()),
        "UniqueSize": "N/A",
        "VirtualSize": docker_size(i.size, 4),
    })
}

/// The positional argument: a repository (every tag), a reference (that one), or a glob.
enum Only {
    Repository(String),
    Reference(String),
    Glob(String),
}

impl Only {
    fn parse(s: &str) -> Result<Only> {
        if s.contains(['*', '?', '[']) {
            glob_match(s, "").map_err(|e| UsageError::error(e.to_string()))?;
            return Ok(Only::Glob(s.to_string()));
        }
        if let Ok(r) = Reference::parse_repository(s) {
            return Ok(Only::Repository(r.full_name()));
        }
        Ok(Only::Reference(Reference::parse(s)?.to_string()))
    }

    fn keeps(&self, l: &Listed) -> bool {
        match self {
            Only::Repository(r) => l.info.repository == *r,
            Only::Reference(r) => l.info.reference == *r,
            Only::Glob(g) => l.reference.as_ref().is_some_and(|r| r.familiar_match(g).unwrap_or(false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_like_docker() {
        assert_eq!(parse_filter("reference=app:*"), Ok(Filter::Reference("app:*".into())));
        assert_eq!(parse_filter("dangling=true"), Ok(Filter::Dangling(true)));
        assert_eq!(parse_filter("before=redis:7"), Ok(Filter::Before("redis:7".into())));
        for bad in ["dangling=yes", "reference=[", "label=a", "reference"] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }
}
