//! `ferry manifest`: an image's manifest exactly as the registry serves it (or one
//! platform's, from an index).

use anyhow::{Context as _, Result};
use clap::Args;

use super::platforms::{for_platform, parse_platform};
use super::printer::stdout_bytes;
use super::{Context, NetArgs, client_for, runtime};
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry manifest redis | jq .
  ferry manifest --platform linux/arm64 localhost:5000/app:v1
  ferry manifest localhost:5000/app:v1 | sha256sum    # = ferry digest";

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

pub fn run(ctx: &Context, args: ManifestArgs) -> Result<()> {
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
