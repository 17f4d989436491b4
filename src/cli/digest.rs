//! `ferry digest`: the digest a reference resolves to, from a `HEAD` request (which Docker
//! Hub does not count as a pull).

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::formats::ListFormat;
use super::platforms::{for_platform, parse_platform};
use super::printer::{json, stdout};
use super::registries::served_by;
use super::{Context, NetArgs, client_for, runtime};
use crate::digest::Digest;
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry digest redis
  ferry digest --platform linux/arm64 localhost:5000/app:v1
  ferry digest --format json ghcr.io/org/tool:1.2
  ferry pull \"localhost:5000/app@$(ferry digest localhost:5000/app:v1)\"";

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
    /// The endpoints that answered, when mirrors are configured for this reference.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    served_by: Vec<String>,
}

pub fn run(ctx: &Context, args: DigestArgs) -> Result<()> {
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
                served_by: Vec::new(),
            };
            match &wanted {
                Some(p) => {
                    // Whether it is an index is decided by parsing it, never by the media
                    // type a HEAD reports. By digest, so the document read is the one the
                    // HEAD named even if the tag moves in between.
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
                None => Ok::<_, anyhow::Error>(plain),
            }
        })
        .with_context(|| format!("resolving {}", reference.familiar()))?;
    let out = DigestOut { served_by: served_by(&client, &reference), ..out };
    match args.format {
        ListFormat::Plain => stdout(&format!("{}\n", out.digest)),
        ListFormat::Json => json(&out),
    }
}
