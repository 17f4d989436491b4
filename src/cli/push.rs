//! `ferry push`: find the stored image(s), push through `transfer`, print `REF@sha256:…`
//! per pushed name on stdout.

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Args;

use super::printer::{human_bytes, human_duration};
use super::{Context, NetArgs, client_for, runtime};
use crate::platform::Platform;
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::store::StoreError;
use crate::transfer::{self, PlatformChoice, PushItem, PushOptions, PushStats};

pub const EXAMPLES: &str = "\
Examples:
  ferry push localhost:5000/app:v1
  ferry tag localhost:5000/app:v1 registry.example.com/team/app:v1 && ferry push registry.example.com/team/app:v1
  ferry push --all-tags localhost:5000/app
  ferry push --platform linux/arm64 localhost:5000/multi:v2     # one platform of a stored index
  ferry push --chunk-size 50MiB registry.example.com/big:1      # behind a proxy that limits body size
  echo \"$TOKEN\" | ferry push -u ci --password-stdin registry.example.com/team/app:1.2";

#[derive(Args, Debug)]
pub struct PushArgs {
    /// Stored image to push: [REGISTRY/]REPOSITORY[:TAG][@DIGEST] (a repository with --all-tags)
    pub reference: String,

    /// Push every stored tag of the repository
    #[arg(short, long)]
    pub all_tags: bool,

    /// From a stored multi-platform index, push only this platform's image (OS/ARCH[/VARIANT])
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", conflicts_with = "all_platforms")]
    pub platform: Option<String>,

    /// Push the whole index, every platform (the default; fails if the store lacks one)
    #[arg(long)]
    pub all_platforms: bool,

    #[command(flatten)]
    pub upload: UploadArgs,

    #[command(flatten)]
    pub net: NetArgs,
}

/// How blobs are uploaded; shared by `push` and `copy`.
#[derive(Args, Debug)]
pub struct UploadArgs {
    /// Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub chunk_size: Option<u64>,

    /// Blobs to upload at once
    #[arg(short, long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

impl UploadArgs {
    pub fn options(&self, retries: u32) -> PushOptions {
        PushOptions { jobs: self.jobs as usize, retries, chunk_size: self.chunk_size }
    }
}

/// `1048576`, `512k`, `8M`, `8MiB`, `1G` (binary units either way).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a size (e.g. 8MiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use k, M or G)")),
    };
    let size = n.checked_shl(shift).filter(|v| v >> shift == n).ok_or_else(|| format!("{s:?} is too large"))?;
    if size == 0 {
        return Err("the size must be more than 0".into());
    }
    Ok(size)
}

pub fn platform_choice(platform: Option<&str>, all: bool) -> Result<Option<PlatformChoice>> {
    Ok(match (platform, all) {
        (_, true) => Some(PlatformChoice::All),
        (Some(p), false) => Some(PlatformChoice::One(Platform::parse(p)?)),
        (None, false) => None,
    })
}

/// The "Pushed …" / "Copied …" status line.
pub fn summary(verb: &str, what: &str, stats: &PushStats, moved: u64, elapsed: std::time::Duration) -> String {
    let mut parts = Vec::new();
    if stats.uploaded > 0 {
        parts.push(format!("{} uploaded", stats.uploaded));
    }
    if stats.mounted > 0 {
        parts.push(format!("{} mounted", stats.mounted));
    }
    if stats.present > 0 {
        parts.push(format!("{} already there", stats.present));
    }
    let blobs = if parts.is_empty() { "no blobs".to_string() } else { format!("blobs: {}", parts.join(", ")) };
    if moved == 0 {
        return format!("{verb} {what}: {blobs}; nothing to upload");
    }
    format!(
        "{verb} {what}: {blobs}; {} sent in {} ({}/s)",
        human_bytes(moved),
        human_duration(elapsed),
        human_bytes((moved as f64 / elapsed.as_secs_f64().max(0.001)) as u64)
    )
}

pub fn run(ctx: &Context, args: PushArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let (repository, items) = if args.all_tags {
        let repo = Reference::parse_repository(&args.reference)?;
        let mut items = Vec::new();
        for entry in store.refs()? {
            if let Ok(r) = Reference::parse(&entry.name)
                && r.repository_ref() == repo
                && r.tag().is_some()
                && r.digest().is_none()
            {
                items.push(PushItem { source: entry.descriptor, target: r });
            }
        }
        items.sort_by_key(|i| i.target.to_string());
        if items.is_empty() {
            return Err(StoreError::NotFound { name: format!("{} (any tag)", repo.familiar()) }.into());
        }
        (repo, items)
    } else {
        let target = Reference::parse(&args.reference)?;
        let source = super::tag::find_local(&store, &target.to_string())?;
        (target.repository_ref(), vec![PushItem { source, target }])
    };
    let platform = platform_choice(args.platform.as_deref(), args.all_platforms)?;
    let reporter = ctx.reporter();
    if let Some(p) = &args.platform {
        for item in items.iter().filter(|i| !crate::manifest::is_index_media_type(&i.source.media_type)) {
            reporter.event(crate::progress::Event::Warning(format!(
                "{} is a single-platform image: --platform {p} does not apply to it",
                item.target.familiar()
            )));
        }
    }
    reporter.uploading();
    let client = client_for(&args.net, &repository, reporter.clone())?;
    let options = args.upload.options(args.net.retries);
    let shown =
        if args.all_tags { format!("{} (all tags)", repository.familiar()) } else { items[0].target.familiar() };
    ctx.status(format!("Pushing {shown}"));
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    let result = runtime()?.block_on(transfer::push(&client, Arc::new(store), items, platform, &options, dyn_reporter));
    reporter.finish();
    let (pushed, stats) = result.map_err(|e| anyhow::Error::from(e).context(format!("pushing {shown}")))?;
    let (moved, elapsed) = reporter.moved();
    if pushed.iter().all(|p| p.up_to_date) {
        ctx.status(format!("{shown} is up to date"));
    } else {
        ctx.status(summary("Pushed", &shown, &stats, moved, elapsed));
    }
    if pushed.is_empty() {
        bail!("nothing was pushed");
    }
    let out: String = pushed.iter().map(|p| format!("{}@{}\n", p.target.without_digest(), p.digest)).collect();
    super::printer::stdout(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("8M"), Ok(8 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("MiB").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
