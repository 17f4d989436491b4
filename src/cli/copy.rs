//! `ferry copy SRC DST`: registry to registry through `transfer::copy`, printing
//! `DST@sha256:…` on stdout; `--all-tags SRC_REPO DST_REPO` copies every tag (or those
//! `--tags REGEX` matches) through `transfer::copy_tags`, one such line per tag, and a
//! copied/skipped/failed summary. Nothing is stored locally.

use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;

use super::errors::UsageError;
use super::flags::UploadArgs;
use super::registries::served_line;
use super::summary::summary;
use super::{Context, NetArgs, client_for_pair, runtime};
use crate::platform::Platform;
use crate::progress::Event;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::registry::ListOptions;
use crate::transfer::{self, CopyPlatforms, TagOutcome};

pub const EXAMPLES: &str = "\
Examples:
  ferry copy localhost:5000/app:v1 registry.example.com/team/app:v1
  ferry copy registry.example.com/team/app:rc1 registry.example.com/team/app:1.0     # same registry: mounts, no upload
  ferry copy ghcr.io/org/tool:2 localhost:5000/tool:2 --platform linux/amd64,linux/arm64
  echo \"$TOKEN\" | ferry copy -u ci --password-stdin localhost:5000/app:v1 registry.example.com/app:v1
  ferry copy --all-tags docker.io/library/redis mirror.internal:5000/library/redis --tags '7\\..*'

--all-tags skips tags the destination already has at the source's digest, so a rerun
resumes an interrupted copy; it exits 1 when any tag failed.

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

    /// Copy every tag of the source repository to the same tags in the destination
    /// repository (both given without tag or digest)
    #[arg(long)]
    pub all_tags: bool,

    /// With --all-tags: only the tags this regular expression matches whole (e.g. 'v1\..*')
    #[arg(long, value_name = "REGEX", requires = "all_tags")]
    pub tags: Option<String>,

    /// With --all-tags: tags to copy at once
    #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=32))]
    pub tag_jobs: u16,

    #[command(flatten)]
    pub upload: UploadArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: CopyArgs) -> Result<()> {
    let platforms = if args.platform.is_empty() {
        CopyPlatforms::All
    } else {
        CopyPlatforms::Only(args.platform.iter().map(|p| Platform::parse(p)).collect::<Result<_, _>>()?)
    };
    if args.all_tags {
        return all_tags(ctx, &args, &platforms);
    }
    let src = Reference::parse(&args.source)?;
    let dst = Reference::parse(&args.destination)?;
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
    if let Some(line) = served_line(&client, &src) {
        ctx.status(line);
    }
    super::printer::stdout(&format!("{}@{}\n", dst.without_digest(), pushed.digest))
}

/// `--all-tags`: list the source's tags (from a mirror when one serves tag reads), keep
/// those `--tags` matches, copy them a few at a time.
fn all_tags(ctx: &Context, args: &CopyArgs, platforms: &CopyPlatforms) -> Result<()> {
    let src = Reference::parse_repository(&args.source)?;
    let dst = Reference::parse_repository(&args.destination)?;
    let filter = match &args.tags {
        // Matched whole, as a tag filter is read ("v1\..*" should not match "xv1.2").
        Some(re) => Some(
            regex::Regex::new(&format!("^(?:{re})$"))
                .map_err(|e| UsageError::error(format!("--tags {re:?} is not a regular expression: {e}")))?,
        ),
        None => None,
    };
    let reporter = ctx.reporter();
    reporter.uploading();
    let client = client_for_pair(&args.net, &dst, Some(&src), reporter.clone())?;
    let options = args.upload.options(args.net.retries);
    let rt = runtime()?;
    let listing = rt
        .block_on(client.read_tags(&src, &ListOptions::default()))
        .with_context(|| format!("listing the tags of {}", src.familiar()))?;
    let tags: Vec<String> =
        listing.items.into_iter().filter(|t| filter.as_ref().is_none_or(|f| f.is_match(t))).collect();
    let what = format!("{} to {}", src.familiar(), dst.familiar());
    ctx.status(format!("Copying {} tags of {what}", tags.len()));
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    let outcomes = rt.block_on(transfer::copy_tags(
        &client,
        &src,
        &dst,
        tags,
        platforms,
        &options,
        args.tag_jobs as usize,
        dyn_reporter,
    ));
    reporter.finish();
    let (mut copied, mut skipped, mut failed) = (0, 0, 0);
    let mut out = String::new();
    for (tag, outcome) in &outcomes {
        let (count, d) = match outcome {
            TagOutcome::Copied(d) => (&mut copied, d),
            TagOutcome::Skipped(d) => (&mut skipped, d),
            TagOutcome::Failed(e) => {
                failed += 1;
                // Each failure said once, in full, before the summary.
                let mut text = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    let s_text = s.to_string();
                    if !text.contains(&s_text) {
                        text.push_str(&format!(": {s_text}"));
                    }
                    source = s.source();
                }
                reporter.event(Event::Warning(format!("tag {tag}: {text}")));
                continue;
            }
        };
        *count += 1;
        out.push_str(&format!("{}:{tag}@{d}\n", dst.full_name()));
    }
    super::printer::stdout(&out)?;
    ctx.status(format!("Copied {what}: {copied} tags copied, {skipped} already there, {failed} failed"));
    if let Some(line) = served_line(&client, &src) {
        ctx.status(line);
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} tags of {what} could not be copied", outcomes.len());
    }
    Ok(())
}
