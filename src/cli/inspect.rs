//! `ferry inspect`: an image's manifest and configuration as JSON, from the store or, with
//! `--remote`, from its registry (nothing is pulled); both give the same shape: ferry's own
//! fields and docker's (`Id`, `RepoTags`, `RepoDigests`, `Architecture`, `Os`, `Config`,
//! `RootFS`…). Several images give a JSON array; `--format` runs a Go template on each.

use anyhow::{Context as _, Result};
use clap::Args;

use super::platforms::{for_platform, platform_or_host};
use super::printer::{json, stdout};
use super::stored::{describe, image_id, lookup};
use super::template::Template;
use super::{Context, client_for, runtime};
use crate::digest::Digest;
use crate::manifest::{ImageConfigSummary, Manifest};
use crate::platform::Platform;
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry inspect redis
  ferry inspect localhost:5000/app:v1 | jq .config.config.Env
  ferry inspect --format '{{.Id}} {{json .Config.Env}}' redis alpine
  ferry inspect --remote --platform linux/arm64 redis:7 | jq '{digest, size, created}'";

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Stored images: reference, image ID or manifest digest (sha256:…, or a unique prefix of
    /// its hex); with --remote, image references in their registries. One image prints an
    /// object, several a JSON array
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,

    /// A Go template run on each image's JSON, one line per image: '{{.Id}}',
    /// '{{.Config.Env}}', '{{json .RootFS}}', '{{.digest}}'
    #[arg(short, long, value_name = "TEMPLATE", value_parser = Template::parse)]
    pub format: Option<Template>,

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
    let mut found = Vec::new();
    let mut failed = None;
    for image in &args.images {
        let one = if args.remote { remote(ctx, &args, image) } else { local(ctx, image) };
        match one {
            Ok(v) => found.push(v),
            // As docker: the images found are printed, then the first failure is reported.
            Err(e) if args.images.len() > 1 => {
                if failed.is_none() {
                    failed = Some(e);
                } else {
                    eprintln!("error: {e:#}");
                }
            }
            Err(e) => return Err(e),
        }
    }
    match &args.format {
        Some(t) => {
            let mut out = String::new();
            for v in &found {
                out.push_str(&t.execute(v)?);
                out.push('\n');
            }
            stdout(&out)?;
        }
        None if args.images.len() == 1 => json(&found[0])?,
        None => json(&found)?,
    }
    failed.map_or(Ok(()), Err)
}

/// docker's fields, the same for a stored image and a remote one: the image ID (the
/// config's digest, or an index's own), the names it goes by, and what its config says.
fn docker_fields(
    out: &mut serde_json::Value,
    id: &Digest,
    repo_tags: Vec<String>,
    repo_digests: Vec<String>,
    config: Option<&serde_json::Value>,
) {
    out["Id"] = id.to_string().into();
    out["RepoTags"] = repo_tags.into();
    out["RepoDigests"] = repo_digests.into();
    out["Size"] = out["size"].clone();
    let Some(config) = config.filter(|c| c.is_object()) else {
        return;
    };
    let text = |key: &str| config.get(key).cloned().unwrap_or_else(|| "".into());
    out["Parent"] = "".into();
    out["Comment"] = text("comment");
    out["Created"] = text("created");
    out["Author"] = text("author");
    out["Config"] = config.get("config").cloned().unwrap_or(serde_json::Value::Null);
    out["Architecture"] = text("architecture");
    if let Some(v) = config.get("variant") {
        out["Variant"] = v.clone();
    }
    out["Os"] = text("os");
    let rootfs = config.get("rootfs");
    out["RootFS"] = serde_json::json!({
        "Type": rootfs.and_then(|r| r.get("type")).cloned().unwrap_or_else(|| "layers".into()),
        "Layers": rootfs.and_then(|r| r.get("diff_ids")).cloned().unwrap_or_else(|| serde_json::json!([])),
    });
}

/// `RepoTags` and `RepoDigests` of a reference: its familiar form when it has a tag, and its
/// repository at the digest it was pulled by.
fn names_of(reference: &Reference, pulled_by: &str) -> (Vec<String>, Vec<String>) {
    let tags = reference.tag().map(|_| reference.without_digest().familiar()).into_iter().collect();
    (tags, vec![format!("{}@{pulled_by}", reference.repository_ref().familiar())])
}

fn local(ctx: &Context, image: &str) -> Result<serde_json::Value> {
    let store = ctx.open_store()?;
    let entry = lookup(&store, image)?;
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
    let mut config = None;
    if let Manifest::Image(m) = Manifest::parse(&manifest_bytes, Some(&d.media_type), &entry.name)? {
        let value: serde_json::Value = serde_json::from_slice(&store.read_blob(&m.config.digest)?)?;
        out["config"] = value.clone();
        out["layers"] = serde_json::to_value(&m.layers)?;
        config = Some(value);
    }
    // Every stored name of the same image, as docker lists an image's tags and digests.
    let (mut repo_tags, mut repo_digests) = (Vec::new(), Vec::new());
    for other in store.refs()? {
        if image_id(&store, &other.descriptor).ok().as_ref() != Some(&info.id) {
            continue;
        }
        let Ok(reference) = Reference::parse(&other.name) else { continue };
        let pulled_by = other.descriptor.annotation(crate::transfer::INDEX_ANNOTATION).map(str::to_string);
        let (tags, digests) = names_of(&reference, &pulled_by.unwrap_or_else(|| other.descriptor.digest.to_string()));
        repo_tags.extend(tags.into_iter().filter(|t| !repo_tags.contains(t)).collect::<Vec<_>>());
        repo_digests.extend(digests.into_iter().filter(|t| !repo_digests.contains(t)).collect::<Vec<_>>());
    }
    // In name order, as docker's reference store lists them.
    repo_tags.sort();
    repo_digests.sort();
    docker_fields(&mut out, &info.id, repo_tags, repo_digests, config.as_ref());
    Ok(out)
}

/// `ferry inspect --remote`: the JSON of a stored image's `inspect`, built from the registry.
fn remote(ctx: &Context, args: &InspectArgs, image: &str) -> Result<serde_json::Value> {
    let reference = Reference::parse(image)?;
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
            let mut config_digest = None;
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
                config_digest = Some(m.config.digest.clone());
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
            let pulled_by = index_digest.as_ref().unwrap_or(&chosen.digest).to_string();
            let (tags, digests) = names_of(&reference, &pulled_by);
            if let Some(i) = index_digest {
                out["indexDigest"] = serde_json::Value::String(i.to_string());
            }
            let id = config_digest.unwrap_or_else(|| chosen.digest.clone());
            docker_fields(&mut out, &id, tags, digests, config.as_ref());
            if let (Some(c), Some(l)) = (config, layers) {
                out["config"] = c;
                out["layers"] = l;
            }
            Ok::<_, anyhow::Error>(out)
        })
        .with_context(|| format!("inspecting {}", reference.familiar()))?;
    Ok(out)
}
