//! `ferry copy SRC DST`: registry to registry through `transfer::copy`, printing
//! `DST@sha256:…` on stdout. Nothing is stored locally.

use std::sync::Arc;

use anyhow::Result;
use clap::Args;

use super::flags::UploadArgs;
use super::summary::summary;
use super::{Context, NetArgs, client_for_pair, runtime};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::transfer::{self, CopyPlatforms};

pub const EXAMPLES: &str = "\
Examples:
  ferry copy localhost:5000/app:v1 registry.example.com/team/app:v1
  ferry copy registry.example.com/team/app:rc1 registry.example.com/team/app:1.0     # same registry: mounts, no upload
  ferry copy ghcr.io/org/tool:2 localhost:5000/tool:2 --platform linux/amd64,linux/arm64
  echo \"$TOKEN\" | ferry copy -u ci --password-stdin localhost:5000/app:v1 registry.example.com/app:v1

Stored logins (ferry login, docker's config.json, helpers) are used for both registries and
--insecure applies to both; credentials given with --username apply to the destination
registry (and to the source when both are the same registry).";

#[derive(Args, Debug)]
pub struct CopyArgs {
    /// Image to copy: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]
    pub source: String,

    /// Where to put it: [REGISTRY/]REPOSITORY[:TAG]
    pub destination: String,

    /// Copy only these platforms of an index (comma-separated or repeated): one gives that
    /// platform's image, several a new index listing just them
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_delimiter = ',', conflicts_with = "all_platforms")]
    pub platform: Vec<String>,

    /// Copy the whole index unchanged, digest included (the default)
    #[arg(long)]
    pub all_platforms: bool,

    #[command(flatten)]
    pub upload: UploadArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: CopyArgs) -> Result<()> {
    let src = Reference::parse(&args.source)?;
    let dst = Reference::parse(&args.destination)?;
    let platforms = if args.platform.is_empty() {
        CopyPlatforms::All
    } else {
        CopyPlatforms::Only(args.platform.iter().map(|p| Platform::parse(p)).collect::<Result<_, _>>()?)
    };
    let reporter = ctx.reporter();
    reporter.uploading();
    let client = client_for_pair(&args.net, &dst, Some(&src), reporter.clone())?;
    let options = args.upload.options(args.net.retries);
    let what = format!("{} to {}", src.familiar(), dst.familiar());
    ctx.status(format!("Copying {what}"));
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    let result = runtime()?.block_on(transfer::copy(&client, &src, &dst, &platforms, &options, dyn_reporter));
    reporter.finish();
    let (pushed, stats) = result.map_err(|e| anyhow::Error::from(e).context(format!("copying {what}")))?;
    let (moved, elapsed) = reporter.moved();
    if pushed.up_to_date {
        ctx.status(format!("{} is up to date", dst.familiar()));
    } else {
        ctx.status(summary("Copied", &what, &stats, moved, elapsed));
    }
    super::printer::stdout(&format!("{}@{}\n", dst.without_digest(), pushed.digest))
}
