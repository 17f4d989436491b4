//! `ferry save`: stored images to an archive that `docker load` and skopeo read (the work
//! is `store::archive`'s; this file picks the images and the output).

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};

use super::Context;
use super::platforms::platform_or_host;
use super::stored::find_named;
use crate::archive::{self, ArchiveFormat};
use crate::atomic_file::Output;

pub const EXAMPLES: &str = "\
Examples:
  ferry save localhost:5000/app:v1 -o app.tar             # docker archive: `docker load -i app.tar`
  ferry save localhost:5000/app:v1 localhost:5000/app:v2 | gzip > app.tar.gz
  ferry save --format oci localhost:5000/multi:v1 -o multi.tar   # every stored platform, digests unchanged
  ferry save --platform linux/arm64 localhost:5000/multi:v1 -o arm64.tar";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SaveFormat {
    /// What `docker load` reads (and skopeo's docker-archive:): uncompressed layers
    Docker,
    /// A tar of an OCI image layout: stored blobs unchanged, whole indexes
    Oci,
}

#[derive(Args, Debug)]
pub struct SaveArgs {
    /// Stored images: references, or manifest digests (sha256:…, or a unique prefix)
    #[arg(required = true)]
    pub images: Vec<String>,

    /// Where to write the archive; `-` is standard output
    #[arg(short, long, default_value = "-", value_name = "FILE|-")]
    pub output: String,

    /// Archive format
    #[arg(long, value_enum, default_value_t = SaveFormat::Docker)]
    pub format: SaveFormat,

    /// Which platform of a stored multi-platform image a docker archive gets (default: this
    /// machine's)
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
}

pub fn run(ctx: &Context, args: SaveArgs) -> Result<()> {
    let platform = platform_or_host(args.platform.as_deref())?;
    let store = ctx.open_store()?;
    let _lock =
        store.lock_shared(|| ctx.status("waiting for another ferry process that is deleting from the store"))?;
    let mut images = Vec::new();
    for what in &args.images {
        images.push(find_named(&store, what)?);
    }
    let format = match args.format {
        SaveFormat::Docker => ArchiveFormat::Docker,
        SaveFormat::Oci => ArchiveFormat::Oci,
    };
    if args.platform.is_some() && format == ArchiveFormat::Oci {
        eprintln!("warning: --platform only applies to docker archives; an OCI archive keeps every stored platform");
    }
    if args.output == "-" {
        if std::io::stdout().is_terminal() {
            bail!("refusing to write an archive to a terminal: pass -o FILE or redirect standard output");
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        archive::save(&store, &images, format, &platform, &mut out)?;
        out.flush()?;
        return Ok(());
    }
    // A regular file is written beside the target and renamed over it, so an interrupted
    // save leaves no half archive; a pipe or a device is written to, and a symlink followed.
    let target = Path::new(&args.output);
    let result = (|| -> Result<()> {
        let output = Output::create(target)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, output);
        archive::save(&store, &images, format, &platform, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.finish()?;
        Ok(())
    })();
    result.with_context(|| format!("saving to {}", target.display()))?;
    ctx.status(format!("Saved {} image(s) to {}", images.len(), target.display()));
    Ok(())
}
