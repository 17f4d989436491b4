//! Looking at an image in its registry without pulling it: `ferry manifest` (the bytes as
//! served), `ferry digest` (a `HEAD`, which Docker Hub does not count as a pull) and
//! `ferry inspect --remote` (the same JSON as `ferry inspect` of a stored image).

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::list::ListFormat;
use super::local::InspectArgs;
use super::printer::{json, stdout, stdout_bytes};
use super::{Context, NetArgs, client_for, runtime};
use crate::digest::Digest;
use crate::manifest::{self, ImageConfigSummary, Manifest, NoMatchingPlatform};
use crate::platform::Platform;
use crate::reference::Reference;
use crate::registry::{Client, FetchedManifest};

pub const MANIFEST_EXAMPLES: &str = "\
Examples:
  ferry manifest redis | jq .
  ferry manifest --platform linux/arm64 localhost:5000/app:v1
  ferry manifest localhost:5000/app:v1 | sha256sum    # = ferry digest";

pub const DIGEST_EXAMPLES: &str = "\
Examples:
  ferry digest redis
  ferry digest --platform linux/arm64 localhost:5000/app:v1
  ferry digest --format json ghcr.io/org/tool:1.2
  ferry pull \"localhost:5000/app@$(ferry digest localhost:5000/app:v1)\"";

#[derive(Args, Debug)]
pub struct ManifestArgs {
    /// Image reference: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]
    pub reference: String,

    /// For a multi-platform image, print this platform's manifest instead of the index
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,

    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Args, Debug)]
pub struct DigestArgs {
    /// Image reference: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]
    pub reference: String,

    /// For a multi-platform image, the digest of this platform's manifest instead of the
    /// index's (reads the index, which Docker Hub counts as a pull)
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Plain)]
    pub format: ListFormat,

    #[command(flatten)]
    pub net: NetArgs,
}

/// The manifest to describe: `top` itself, or, when `top` is an index, the entry for
/// `wanted` (fetched by digest, so verified). Returns it with the index's digest, if any.
async fn for_platform(
    client: &Client,
    reference: &Reference,
    top: FetchedManifest,
    wanted: &Platform,
) -> Result<(FetchedManifest, Option<Digest>)> {
    let parsed = Manifest::parse(&top.bytes, Some(&top.media_type), &reference.to_string())?;
    let Manifest::Index(index) = parsed else {
        return Ok((top, None));
    };
    let i = index.select_platform(wanted).map_err(|available| NoMatchingPlatform {
        reference: reference.familiar(),
        wanted: wanted.to_string(),
        available,
    })?;
    let child = client.get_manifest_by_digest(reference, &index.manifests[i].digest).await?;
    Ok((child, Some(top.digest)))
}

fn parse_platform(p: Option<&str>) -> Result<Option<Platform>> {
    Ok(p.map(Platform::parse).transpose()?)
}

pub fn manifest(ctx: &Context, args: ManifestArgs) -> Result<()> {
    let reference = Reference::parse(&args.reference)?;
    let wanted = parse_platform(args.platform.as_deref())?;
    let client = client_for(&args.net, &reference, ctx.reporter())?;
    let chosen = runtime()?
        .block_on(async {
            let top = client.get_manifest(&reference).await?;
            match &wanted {
                Some(p) => for_platform(&client, &reference, top, p).await.map(|(m, _)| m),
                None => Ok(top),
            }
        })
        .with_context(|| format!("fetching the manifest of {}", reference.familiar()))?;
    stdout_bytes(&chosen.bytes)
}

/// The stable `ferry digest --format json` shape.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DigestOut {
    reference: String,
    digest: Digest,
    media_type: String,
    size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_digest: Option<Digest>,
}

pub fn digest(ctx: &Context, args: DigestArgs) -> Result<()> {
    let reference = Reference::parse(&args.reference)?;
    let wanted = parse_platform(args.platform.as_deref())?;
    let client = client_for(&args.net, &reference, ctx.reporter())?;
    let out = runtime()?
        .block_on(async {
            let head = client.head_manifest(&reference).await?;
            let plain = DigestOut {
                reference: reference.to_string(),
                digest: head.digest.clone(),
                media_type: head.media_type.clone(),
                size: head.size,
                index_digest: None,
            };
            match &wanted {
                Some(p) if manifest::is_index_media_type(&head.media_type) => {
                    // By digest, so the index read is the one the HEAD named even if the tag
                    // moves in between.
                    let top = client.get_manifest(&reference.with_digest(head.digest.clone())).await?;
                    let (child, index) = for_platform(&client, &reference, top, p).await?;
                    Ok(DigestOut {
                        size: child.bytes.len() as u64,
                        digest: child.digest,
                        media_type: child.media_type,
                        index_digest: index,
                        ..plain
                    })
                }
                _ => Ok::<_, anyhow::Error>(plain),
            }
        })
        .with_context(|| format!("resolving {}", reference.familiar()))?;
    match args.format {
        ListFormat::Plain => stdout(&format!("{}\n", out.digest)),
        ListFormat::Json => json(&out),
    }
}

/// `ferry inspect --remote`: the JSON of a stored image's `inspect`, built from the registry.
pub fn inspect(ctx: &Context, args: InspectArgs) -> Result<()> {
    let reference = Reference::parse(&args.image)?;
    let wanted = match args.platform.as_deref() {
        Some(p) => Platform::parse(p)?,
        None => Platform::host(),
    };
    let client = client_for(&args.net, &reference, ctx.reporter())?;
    let out = runtime()?
        .block_on(async {
            let top = client.get_manifest(&reference).await?;
            let (chosen, index_digest) = for_platform(&client, &reference, top, &wanted).await?;
            let manifest_json: serde_json::Value = serde_json::from_slice(&chosen.bytes)?;
            let mut size = chosen.bytes.len() as u64;
            let mut platforms = Vec::new();
            let mut created = None;
            let mut config = None;
            let mut layers = None;
            if let Manifest::Image(m) =
                Manifest::parse(&chosen.bytes, Some(&chosen.media_type), &reference.to_string())?
            {
                size += m.config.size + m.layers.iter().map(|l| l.size).sum::<u64>();
                let bytes = client.get_small_blob(&reference, &m.config.digest).await?;
                // Artifacts may carry configs that are not JSON; they still get described.
                let value: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
                let summary: ImageConfigSummary =
                    value.as_ref().and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
                created = summary.created.clone();
                if let (Some(os), Some(architecture)) = (summary.os, summary.architecture) {
                    let actual =
                        Platform { os, architecture, variant: summary.variant, os_version: None, os_features: None };
                    if index_digest.is_none() && args.platform.is_some() && !wanted.matches(&actual) {
                        ctx.status(format!("warning: {} is a {actual} image, not {wanted}", reference.familiar()));
                    }
                    platforms.push(actual.to_string());
                }
                config = Some(value.unwrap_or(serde_json::Value::Null));
                layers = Some(serde_json::to_value(&m.layers)?);
            }
            let mut out = serde_json::json!({
                "reference": reference.to_string(),
                "digest": chosen.digest,
                "mediaType": chosen.media_type,
                "size": size,
                "platforms": platforms,
                "created": created,
                "manifest": manifest_json,
            });
            if let Some(i) = index_digest {
                out["indexDigest"] = serde_json::Value::String(i.to_string());
            }
            if let (Some(c), Some(l)) = (config, layers) {
                out["config"] = c;
                out["layers"] = l;
            }
            Ok::<_, anyhow::Error>(out)
        })
        .with_context(|| format!("inspecting {}", reference.familiar()))?;
    json(&out)
}
