//! Commands on the local store only: `images`, `inspect`, `rmi`, `prune`.

use std::time::SystemTime;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::printer::{human_bytes, json, stdout, table, time_ago};
use crate::digest::Digest;
use crate::manifest::{self, Descriptor, ImageConfigSummary, Manifest};
use crate::platform::Platform;
use crate::reference::Reference;
use crate::store::{RefEntry, Store, StoreError};
use crate::transfer::INDEX_ANNOTATION;

pub const IMAGES_EXAMPLES: &str = "\
Examples:
  ferry images
  ferry images --digests localhost:5000/app
  ferry images -q | xargs ferry rmi
  ferry images --format json";

pub const INSPECT_EXAMPLES: &str = "\
Examples:
  ferry inspect redis
  ferry inspect localhost:5000/app:v1 | jq .config.config.Env
  ferry inspect --remote --platform linux/arm64 redis:7 | jq '{digest, size, created}'";

pub const RMI_EXAMPLES: &str = "\
Examples:
  ferry rmi redis
  ferry rmi localhost:5000/app:v1 localhost:5000/app:v2";

pub const PRUNE_EXAMPLES: &str = "\
Examples:
  ferry prune
  ferry prune --keep-partials --format json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

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

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// A stored image: reference, or manifest digest (sha256:…, or a unique prefix of its
    /// hex); with --remote, an image reference in its registry
    pub image: String,

    /// Inspect the image in its registry instead of the store (nothing is pulled)
    #[arg(long)]
    pub remote: bool,

    /// With --remote: the platform to describe from a multi-platform image; default: this machine's
    #[arg(long, requires = "remote", value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,

    #[command(flatten)]
    pub net: super::NetArgs,
}

#[derive(Args, Debug)]
pub struct RmiArgs {
    /// References to remove
    #[arg(required = true)]
    pub images: Vec<String>,
}

#[derive(Args, Debug)]
pub struct PruneArgs {
    /// Keep partial downloads (so interrupted pulls can still resume)
    #[arg(long)]
    pub keep_partials: bool,
    /// Output format for the report
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One row of `images`: the facts about a stored reference. camelCase, like `inspect` and
/// the OCI documents themselves.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImageInfo {
    reference: String,
    repository: String,
    tag: Option<String>,
    digest: Digest,
    media_type: String,
    size: u64,
    created: Option<String>,
    platforms: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_digest: Option<String>,
    #[serde(skip)]
    familiar_repository: String,
}

/// Sum of blob sizes an entry uses (manifests, configs, layers present in the store), and
/// the config summary / platforms for display.
fn describe(store: &Store, entry: &RefEntry) -> Result<ImageInfo> {
    let reference = Reference::parse(&entry.name).ok();
    let d = &entry.descriptor;
    let mut size = d.size;
    let mut created = None;
    let mut platforms = Vec::new();
    let mut image = |desc: &Descriptor, size: &mut u64| -> Result<()> {
        let bytes = store.read_blob(&desc.digest)?;
        if let Manifest::Image(m) = Manifest::parse(&bytes, Some(&desc.media_type), &desc.digest.to_string())? {
            *size += m.config.size + m.layers.iter().map(|l| l.size).sum::<u64>();
            let summary: ImageConfigSummary = store
                .read_blob(&m.config.digest)
                .ok()
                .and_then(|c| serde_json::from_slice(&c).ok())
                .unwrap_or_default();
            if created.is_none() {
                created = summary.created.clone();
            }
            if let (Some(os), Some(arch)) = (summary.os, summary.architecture) {
                platforms.push(
                    Platform { os, architecture: arch, variant: summary.variant, os_version: None, os_features: None }
                        .to_string(),
                );
            }
        }
        Ok(())
    };
    if manifest::is_index_media_type(&d.media_type) {
        for child in store.children(d)? {
            if store.has_blob(&child.digest) {
                size += child.size;
                image(&child, &mut size)?;
            }
        }
    } else {
        image(d, &mut size)?;
    }
    Ok(ImageInfo {
        reference: entry.name.clone(),
        repository: reference.as_ref().map(|r| r.full_name()).unwrap_or_else(|| entry.name.clone()),
        familiar_repository: reference
            .as_ref()
            .map(|r| {
                let f = r.repository_ref().familiar();
                f.strip_suffix(":latest").map(str::to_string).unwrap_or(f)
            })
            .unwrap_or_else(|| entry.name.clone()),
        tag: reference.as_ref().and_then(|r| r.tag().map(str::to_string)),
        digest: d.digest.clone(),
        media_type: d.media_type.clone(),
        size,
        created,
        platforms,
        index_digest: d.annotation(INDEX_ANNOTATION).map(str::to_string),
    })
}

pub fn images(ctx: &Context, args: ImagesArgs) -> Result<()> {
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

/// Finds a stored image by reference, by digest, or by a unique digest-hex prefix.
pub(super) fn lookup(store: &Store, what: &str) -> Result<RefEntry> {
    let refs = store.refs()?;
    if let Ok(r) = Reference::parse(what) {
        let name = r.to_string();
        if let Some(e) = refs.iter().find(|e| e.name == name) {
            return Ok(e.clone());
        }
    }
    let hex = what.strip_prefix("sha256:").unwrap_or(what);
    if hex.len() >= 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        let matches: Vec<&RefEntry> = refs.iter().filter(|e| e.descriptor.digest.hex().starts_with(hex)).collect();
        let distinct: std::collections::HashSet<&Digest> = matches.iter().map(|e| &e.descriptor.digest).collect();
        match distinct.len() {
            1 => return Ok(matches[0].clone()),
            0 => {}
            _ => bail!("{what} matches several images; give more of the digest"),
        }
    }
    Err(StoreError::NotFound { name: what.to_string() }.into())
}

pub fn inspect(ctx: &Context, args: InspectArgs) -> Result<()> {
    if args.remote {
        return super::remote::inspect(ctx, args);
    }
    let store = ctx.open_store()?;
    let entry = lookup(&store, &args.image)?;
    let d = &entry.descriptor;
    let manifest_bytes = store.read_blob(&d.digest)?;
    let manifest_json: serde_json::Value = serde_json::from_slice(&manifest_bytes)?;
    let info = describe(&store, &entry)?;
    let mut out = serde_json::json!({
        "reference": entry.name,
        "digest": d.digest,
        "mediaType": d.media_type,
        "size": info.size,
        "platforms": info.platforms,
        "created": info.created,
        "manifest": manifest_json,
    });
    if let Some(i) = info.index_digest {
        out["indexDigest"] = serde_json::Value::String(i);
    }
    if let Manifest::Image(m) = Manifest::parse(&manifest_bytes, Some(&d.media_type), &entry.name)? {
        let config: serde_json::Value = serde_json::from_slice(&store.read_blob(&m.config.digest)?)?;
        out["config"] = config;
        out["layers"] = serde_json::to_value(&m.layers)?;
    }
    json(&out)
}

pub fn rmi(ctx: &Context, args: RmiArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let lock = store.lock_exclusive(|| ctx.status("waiting for other ferry processes using the store"))?;
    let mut removed = String::new();
    let mut missing = Vec::new();
    for image in &args.images {
        match lookup(&store, image) {
            Ok(entry) => {
                store.remove_ref(&entry.name)?;
                let shown = Reference::parse(&entry.name).map(|r| r.familiar()).unwrap_or(entry.name);
                removed.push_str(&format!("{shown}\n"));
            }
            Err(e) if e.downcast_ref::<StoreError>().is_some_and(|s| matches!(s, StoreError::NotFound { .. })) => {
                missing.push(e)
            }
            Err(e) => return Err(e),
        }
    }
    // Blobs only the removed references used; partial downloads stay resumable.
    let report = store.gc(&lock, true)?;
    stdout(&removed)?;
    if report.blobs_removed > 0 {
        ctx.status(format!("Deleted {} blobs ({})", report.blobs_removed, human_bytes(report.blob_bytes)));
    }
    match missing.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub fn prune(ctx: &Context, args: PruneArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let lock = store.lock_exclusive(|| ctx.status("waiting for other ferry processes using the store"))?;
    let report = store.gc(&lock, args.keep_partials)?;
    if args.format == Format::Json {
        return json(&report);
    }
    stdout(&format!(
        "Removed {} unreferenced blobs ({}) and {} partial downloads ({}); {} reclaimed\n",
        report.blobs_removed,
        human_bytes(report.blob_bytes),
        report.partials_removed,
        human_bytes(report.partial_bytes),
        human_bytes(report.blob_bytes + report.partial_bytes)
    ))
}
