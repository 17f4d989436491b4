//! `ferry export`: a stored image's root filesystem into a directory or a tar stream (the
//! work is `export`'s; this file picks the image, pulls it on `--pull`, and picks the output).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::Args;

use super::errors::{Kind, classify};
use super::platforms::platform_or_host;
use super::printer::{human_bytes, human_duration};
use super::stored::find_named;
use super::{Context, NetArgs, client_for};
use crate::atomic_file::Output as FileOutput;
use crate::export::{self, Output};
use crate::progress::Reporter;
use crate::reference::Reference;
use crate::transfer::{self, PlatformChoice, PullOptions};

pub const EXAMPLES: &str = "\
Examples:
  ferry export localhost:5000/app:v1 -o rootfs            # a directory (created; must be empty)
  ferry export localhost:5000/app:v1 -o rootfs.tar        # one tar stream, like `docker export`
  ferry export --pull alpine -o - | tar -tv               # pull first, then stream to stdout
  ferry export --platform linux/arm64 localhost:5000/multi:v1 -o arm64-rootfs

Layers are applied in order with OCI whiteouts; every path is resolved inside the output
directory without following symlinks, and entries that would escape it are skipped with a
warning naming them. Owners are set only when run as root; device nodes need root too.";

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Stored image: a reference, or a manifest digest (sha256:…, or a unique prefix)
    pub image: String,

    /// Where to write: a directory, PATH.tar for a tar file, or - for a tar stream on stdout
    #[arg(short, long, value_name = "DIR|FILE.tar|-")]
    pub output: String,

    /// Which platform of a stored multi-platform image (default: this machine's)
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,

    /// Pull the image first (through the same path as `ferry pull`)
    #[arg(long)]
    pub pull: bool,

    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    let platform = platform_or_host(args.platform.as_deref())?;
    let store = Arc::new(ctx.open_store()?);
    let reporter = ctx.reporter();
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    if args.pull {
        let reference = Reference::parse(&args.image)?;
        let client = client_for(&args.net, &reference, reporter.clone())?;
        let options = PullOptions::defaults(PlatformChoice::One(platform.clone()), args.net.retries);
        ctx.status(format!("Pulling {}", reference.familiar()));
        let work = transfer::pull(&client, store.clone(), &reference, &options, dyn_reporter.clone());
        let pulled = super::context::interruptible(
            &reporter,
            "what was downloaded is kept: run the same export --pull again to resume",
            work,
        )?;
        reporter.finish();
        pulled.with_context(|| format!("pulling {}", reference.familiar()))?;
    }
    let _lock =
        store.lock_shared(|| ctx.status("waiting for another ferry process that is deleting from the store"))?;
    let (name, descriptor) = find_named(&store, &args.image).map_err(|e| {
        let hint = match classify(&e) {
            Kind::NotInStore => format!(
                "{} is not in the local store: pull it first (`ferry pull {}`), or pass --pull",
                args.image, args.image
            ),
            _ => format!("finding {}", args.image),
        };
        e.context(hint)
    })?;
    let reporter = ctx.reporter();
    reporter.extracting();
    let dyn_reporter: Arc<dyn Reporter> = reporter.clone();
    ctx.status(format!("Exporting {} ({platform})", name.familiar()));
    let target = Path::new(&args.output);
    let result = if args.output == "-" {
        if std::io::stdout().is_terminal() {
            bail!(
                "refusing to write a tar stream to a terminal: pass -o DIR or -o FILE.tar, or redirect standard output"
            );
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let exported = export::export(&store, &name, &descriptor, &platform, Output::Tar(&mut out), dyn_reporter);
        exported.map_err(anyhow::Error::from).and_then(|e| {
            out.flush()?;
            Ok(e)
        })
    } else if args.output.ends_with(".tar") {
        // Written beside the target and renamed over it: an interrupted export leaves no
        // half tar; a pipe or a device is written to, and a symlink followed (as `save -o`).
        (|| {
            let file = FileOutput::create(target)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            let exported = export::export(&store, &name, &descriptor, &platform, Output::Tar(&mut out), dyn_reporter)?;
            out.into_inner().map_err(|e| e.into_error())?.finish()?;
            Ok(exported)
        })()
    } else {
        export::export(&store, &name, &descriptor, &platform, Output::Directory(target), dyn_reporter)
            .map_err(anyhow::Error::from)
    };
    reporter.finish();
    let exported = result.with_context(|| {
        if args.output == "-" || args.output.ends_with(".tar") {
            format!("exporting {} to {}", name.familiar(), args.output)
        } else {
            format!("exporting {} to {} (the directory is left incomplete)", name.familiar(), target.display())
        }
    })?;
    let (_, elapsed) = reporter.moved();
    ctx.status(format!(
        "Exported {}: {} layers, {} entries, {} read in {}{}",
        name.familiar(),
        exported.layers,
        exported.applied.entries,
        human_bytes(exported.bytes),
        human_duration(elapsed),
        if exported.applied.skipped > 0 {
            format!(", {} entries skipped", exported.applied.skipped)
        } else {
            String::new()
        }
    ));
    Ok(())
}
