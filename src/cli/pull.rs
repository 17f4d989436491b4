//! `ferry pull`: parse, pull through `transfer`, print `REF@sha256:…` on stdout.

use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::Args;

use super::context::interruptible;
use super::errors::{Kind, classify};
use super::formats::ListFormat;
use super::platforms::platform_choice;
use super::printer::{human_bytes, human_duration};
use super::reporter::CliReporter;
use super::{Context, NetArgs, client_for, runtime};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::{Client, ListOptions};
use crate::store::Store;
use crate::transfer::{self, PlatformChoice, PullOptions};

pub const EXAMPLES: &str = "\
Examples:
  ferry pull redis                              # docker.io/library/redis:latest, this machine's platform
  ferry pull localhost:5000/app:v1 --platform linux/arm64
  ferry pull ghcr.io/org/tool@sha256:<digest> --all-platforms
  ferry pull --all-tags localhost:5000/team/app   # every tag, one REF@digest line each
  echo \"$TOKEN\" | ferry pull -u me --password-stdin registry.example.com/team/app:1.2

Environment:
  FERRY_NO_DIRECT_IO=1   write blobs through the page cache (by default blobs of 1 MiB and
                         up are written with direct I/O where the filesystem allows it)
  CONTAINERS_REGISTRIES_CONF=FILE
                         the registries.conf whose mirrors reads go through (default: the
                         user's, else /etc/containers/registries.conf; see --registries-conf)
  FERRY_DOCKER_DAEMON_JSON=FILE[:FILE]
                         docker daemon.json files whose registry-mirrors serve Docker Hub
                         names (default: /etc/docker/daemon.json, ~/.config/docker/daemon.json)";

#[derive(Args, Debug)]
pub struct PullArgs {
    /// Image reference: [REGISTRY/]REPOSITORY[:TAG][@DIGEST] (with --all-tags: a repository)
    pub reference: String,

    /// Platform to pick from a multi-platform image (OS/ARCH[/VARIANT], or one word as docker
    /// takes it: arm64, armhf, i386, linux…); default: this machine's
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", conflicts_with = "all_platforms")]
    pub platform: Option<String>,

    /// Store every platform of a multi-platform image (the whole index)
    #[arg(long)]
    pub all_platforms: bool,

    /// Pull every tag of the repository
    #[arg(short = 'a', long)]
    pub all_tags: bool,

    /// Output on stdout: `REF@DIGEST` (plain), or one JSON object per pulled reference (json):
    /// reference, digest, platform, blob counts, bytes downloaded, whether the name moved, and
    /// which endpoints served when mirrors are configured
    #[arg(long, value_enum, default_value_t = ListFormat::Plain, value_name = "FORMAT")]
    pub format: ListFormat,

    /// Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)
    #[arg(short, long, default_value_t = PullOptions::DEFAULT_JOBS, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Connections one big blob may use at once, fetching bounded ranges (added while they
    /// speed it up, within --jobs); 1 fetches every blob in one stream
    #[arg(long, default_value_t = PullOptions::DEFAULT_MAX_CONNECTIONS_PER_BLOB, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_connections_per_blob: u16,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: PullArgs) -> Result<()> {
    let platform = platform_choice(args.platform.as_deref(), args.all_platforms)?
        .unwrap_or_else(|| PlatformChoice::One(Platform::host()));
    let options = PullOptions {
        platform,
        jobs: args.jobs as usize,
        retries: args.net.retries,
        max_connections_per_blob: args.max_connections_per_blob as usize,
    };
    if args.all_tags {
        return pull_all_tags(ctx, &args, &options);
    }
    let reference = Reference::parse(&args.reference)?;
    // docker says so when the tag was left out, and so does ferry.
    if Reference::parse_repository(&args.reference).is_ok() {
        ctx.status("Using default tag: latest");
    }
    let store = Arc::new(ctx.open_store()?);
    let reporter = ctx.reporter();
    let client = client_for(&args.net, &reference, reporter.clone())?;
    let pulled = pull_one(ctx, &client, &store, &reference, &options, &reporter)?;
    print_pulled(args.format, &client, &reference, &pulled)
}

/// `REF@DIGEST`, or with `--format json` one object per line (JSON Lines, so `--all-tags`
/// gives one per tag).
fn print_pulled(format: ListFormat, client: &Client, reference: &Reference, pulled: &transfer::Pulled) -> Result<()> {
    match format {
        ListFormat::Plain => super::printer::stdout(&format!("{}@{}\n", reference.without_digest(), pulled.digest)),
        ListFormat::Json => {
            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Out {
                reference: String,
                digest: String,
                media_type: String,
                #[serde(skip_serializing_if = "Option::is_none")]
                platform: Option<String>,
                blobs: usize,
                blobs_fetched: usize,
                bytes_downloaded: u64,
                updated: bool,
                #[serde(skip_serializing_if = "Vec::is_empty")]
                served_by: Vec<String>,
            }
            let out = Out {
                reference: reference.without_digest().to_string(),
                digest: pulled.digest.to_string(),
                media_type: pulled.stored.media_type.clone(),
                platform: pulled.platform.as_ref().map(ToString::to_string),
                blobs: pulled.stats.blobs,
                blobs_fetched: pulled.stats.blobs_fetched,
                bytes_downloaded: pulled.stats.bytes_fetched,
                updated: pulled.updated,
                served_by: super::registries::served_by(client, reference),
            };
            super::printer::stdout(&(serde_json::to_string(&out)? + "\n"))
        }
    }
}

/// `pull --all-tags`: each tag of the repository in turn, as docker does; a tag that fails
/// does not stop the others, and the command fails at the end naming how many did.
fn pull_all_tags(ctx: &Context, args: &PullArgs, options: &PullOptions) -> Result<()> {
    let repository = Reference::parse_repository(&args.reference)
        .map_err(|e| anyhow::Error::from(e).context("--all-tags takes a repository without a tag or digest"))?;
    let store = Arc::new(ctx.open_store()?);
    let reporter = ctx.reporter();
    let client = client_for(&args.net, &repository, reporter.clone())?;
    let listing = runtime()?
        .block_on(client.read_tags(&repository, &ListOptions::default()))
        .with_context(|| format!("listing the tags of {}", repository.familiar()))?;
    if listing.items.is_empty() {
        bail!("{} has no tags", repository.familiar());
    }
    // In a stable order, whatever order the registry lists them in.
    let mut tags = listing.items;
    tags.sort();
    let mut failed = 0;
    for tag in &tags {
        let reference = repository.with_tag(tag)?;
        match pull_one(ctx, &client, &store, &reference, options, &reporter) {
            Ok(pulled) => print_pulled(args.format, &client, &reference, &pulled)?,
            Err(e) => {
                failed += 1;
                ctx.status(format!("error: {e:#}"));
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} tags of {} could not be pulled", tags.len(), repository.familiar());
    }
    Ok(())
}

const RESUME_PULL: &str = "what was downloaded is kept: run the same pull again to resume";

/// Pulls one reference and tells the user how it went: ferry's summary, then docker's
/// `Digest:` and `Status:` lines (all on stderr).
fn pull_one(
    ctx: &Context,
    client: &Arc<Client>,
    store: &Arc<Store>,
    reference: &Reference,
    options: &PullOptions,
    reporter: &Arc<CliReporter>,
) -> Result<transfer::Pulled> {
    ctx.status(format!("Pulling {}", reference.familiar()));
    reporter.restart();
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    let work = transfer::pull(client, store.clone(), reference, options, dyn_reporter);
    let result = interruptible(reporter, RESUME_PULL, work)?;
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
        if pulled.updated {
            ctx.status(format!("{}{platform}: all {} blobs already stored", reference.familiar(), pulled.stats.blobs));
        }
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
    if let Some(line) = super::registries::served_line(client, reference) {
        ctx.status(line);
    }
    ctx.status(format!("Digest: {}", pulled.digest));
    // "Up to date" only when the name already pointed here: a tag just created (even over
    // blobs the store had) is docker's "Downloaded newer image".
    if pulled.updated {
        ctx.status(format!("Status: Downloaded newer image for {}", reference.familiar()));
    } else {
        ctx.status(format!("Status: Image is up to date for {}", reference.familiar()));
    }
    Ok(pulled)
}
