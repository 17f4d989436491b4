//! `ferry push`: find the stored image(s), push through `transfer`, print `REF@sha256:…`
//! per pushed name on stdout.

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Args;

use super::flags::UploadArgs;
use super::platforms::platform_choice;
use super::stored::find_local;
use super::summary::summary;
use super::{Context, NetArgs, client_for};
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::store::StoreError;
use crate::transfer::{self, PushItem};

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
        let source = find_local(&store, &target.to_string())?;
        (target.repository_ref(), vec![PushItem { source, target }])
    };
    let platform = platform_choice(args.platform.as_deref(), args.all_platforms)?;
    let reporter = ctx.reporter();
    if let Some(p) = &args.platform {
        let single = |d: &crate::manifest::Descriptor| {
            store.read_blob(&d.digest).ok().is_some_and(|bytes| {
                matches!(
                    crate::manifest::Manifest::parse(&bytes, Some(&d.media_type), &d.digest.to_string()),
                    Ok(crate::manifest::Manifest::Image(_))
                )
            })
        };
        for item in items.iter().filter(|i| single(&i.source)) {
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
    let work = transfer::push(&client, Arc::new(store), items, platform, &options, dyn_reporter);
    let result = super::context::interruptible(
        &reporter,
        "the registry keeps what it received: run the same push again to send the rest",
        work,
    )?;
    reporter.finish();
    let (pushed, stats) = result.map_err(|e| anyhow::Error::from(e).context(format!("pushing {shown}")))?;
    let (moved, elapsed) = reporter.moved();
    if pushed.iter().all(|p| p.up_to_date) {
        ctx.status(format!("{shown} is up to date"));
    } else {
        ctx.status(summary("Pushed", &shown, &stats, moved, elapsed));
    }
    // docker's closing line for each tag it pushed.
    for p in &pushed {
        let tag = p.target.tag().unwrap_or("latest");
        ctx.status(format!("{tag}: digest: {} size: {}", p.digest, p.size));
    }
    if pushed.is_empty() {
        bail!("nothing was pushed");
    }
    let out: String = pushed.iter().map(|p| format!("{}@{}\n", p.target.without_digest(), p.digest)).collect();
    super::printer::stdout(&out)
}
