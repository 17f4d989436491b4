//! `ferry pull`: parse, pull through `transfer`, print `REF@sha256:…` on stdout.

use std::sync::Arc;

use anyhow::Result;
use clap::Args;

use super::errors::{Kind, classify};
use super::platforms::platform_choice;
use super::printer::{human_bytes, human_duration};
use super::{Context, NetArgs, client_for, runtime};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::transfer::{self, PlatformChoice, PullOptions};

pub const EXAMPLES: &str = "\
Examples:
  ferry pull redis                              # docker.io/library/redis:latest, this machine's platform
  ferry pull localhost:5000/app:v1 --platform linux/arm64
  ferry pull ghcr.io/org/tool@sha256:<digest> --all-platforms
  echo \"$TOKEN\" | ferry pull -u me --password-stdin registry.example.com/team/app:1.2

Environment:
  FERRY_NO_DIRECT_IO=1   write blobs through the page cache (by default blobs of 1 MiB and
                         up are written with direct I/O where the filesystem allows it)";

#[derive(Args, Debug)]
pub struct PullArgs {
    /// Image reference: [REGISTRY/]REPOSITORY[:TAG][@DIGEST]
    pub reference: String,

    /// Platform to pick from a multi-platform image (OS/ARCH[/VARIANT]); default: this machine's
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", conflicts_with = "all_platforms")]
    pub platform: Option<String>,

    /// Store every platform of a multi-platform image (the whole index)
    #[arg(long)]
    pub all_platforms: bool,

    /// Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)
    #[arg(short, long, default_value_t = 6, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Connections one big blob may use at once, fetching bounded ranges (added while they
    /// speed it up, within --jobs); 1 fetches every blob in one stream
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_connections_per_blob: u16,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: PullArgs) -> Result<()> {
    let reference = Reference::parse(&args.reference)?;
    let platform = platform_choice(args.platform.as_deref(), args.all_platforms)?
        .unwrap_or_else(|| PlatformChoice::One(Platform::host()));
    let store = Arc::new(ctx.open_store()?);
    let reporter = ctx.reporter();
    let client = client_for(&args.net, &reference, reporter.clone())?;
    let options = PullOptions {
        platform,
        jobs: args.jobs as usize,
        retries: args.net.retries,
        max_connections_per_blob: args.max_connections_per_blob as usize,
    };
    ctx.status(format!("Pulling {}", reference.familiar()));
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    let result = runtime()?.block_on(transfer::pull(&client, store, &reference, &options, dyn_reporter));
    reporter.finish();
    let pulled = result.map_err(|e| {
        let e = anyhow::Error::from(e);
        let context = match classify(&e) {
            Kind::ManifestUnknown => match (reference.digest(), reference.tag()) {
                (Some(d), _) => format!("{} has no manifest {d}", reference.repository_ref().familiar()),
                (None, Some(t)) => format!("tag {t:?} not found in {}", reference.repository_ref().familiar()),
                (None, None) => format!("{} not found", reference.familiar()),
            },
            _ => format!("pulling {}", reference.familiar()),
        };
        e.context(context)
    })?;
    let (moved, elapsed) = reporter.moved();
    let platform = pulled.platform.as_ref().map(|p| format!(" ({p})")).unwrap_or_default();
    if pulled.stats.blobs_fetched == 0 {
        ctx.status(format!("{}{platform} is up to date", reference.familiar()));
    } else {
        ctx.status(format!(
            "Pulled {}{platform}: {} of {} blobs, {} in {} ({}/s)",
            reference.familiar(),
            pulled.stats.blobs_fetched,
            pulled.stats.blobs,
            human_bytes(moved),
            human_duration(elapsed),
            human_bytes((moved as f64 / elapsed.as_secs_f64().max(0.001)) as u64)
        ));
    }
    super::printer::stdout(&format!("{}@{}\n", reference.without_digest(), pulled.digest))
}
