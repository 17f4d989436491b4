//! `ferry inspect`: an image's manifest and configuration as JSON, from the store or, with
//! `--remote`, from its registry (nothing is pulled); both give the same shape.

use anyhow::{Context as _, Result};
use clap::Args;

use super::platforms::{for_platform, platform_or_host};
use super::printer::json;
use super::stored::{describe, lookup};
use super::{Context, client_for, runtime};
use crate::manifest::{ImageConfigSummary, Manifest};
use crate::platform::Platform;
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry inspect redis
  ferry inspect localhost:5000/app:v1 | jq .config.config.Env
  ferry inspect --remote --platform linux/arm64 redis:7 | jq '{digest, size, created}'";

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

pub fn run(ctx: &Context, args: InspectArgs) -> Result<()> {
    if args.remote {
        return remote(ctx, args);
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

/// `ferry inspect --remote`: the JSON of a stored image's `inspect`, built from the registry.
fn remote(ctx: &Context, args: InspectArgs) -> Result<()> {
    let reference = Reference::parse(&args.image)?;
    let wanted = platform_or_host(args.platform.as_deref())?;
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
