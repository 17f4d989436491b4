//! `ferry load` and `ferry save`: image archives in and out of the local store (the work is
//! `store::archive`'s; this file picks inputs and outputs and prints the names).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};

use super::Context;
use crate::atomic_file::Output;
use crate::platform::Platform;
use crate::reference::Reference;
use crate::store::{ArchiveFormat, Store};

pub const LOAD_EXAMPLES: &str = "\
Examples:
  ferry load -i app.tar                                   # a `docker save` archive or an OCI archive
  docker save app:v1 | ferry load                         # from standard input (gzip is fine too)
  ferry load -i ./layout --tag localhost:5000/app:v1      # an OCI layout directory whose names are bare tags
  ferry load -i app.tar && ferry push localhost:5000/app:v1";

pub const SAVE_EXAMPLES: &str = "\
Examples:
  ferry save localhost:5000/app:v1 -o app.tar             # docker archive: `docker load -i app.tar`
  ferry save localhost:5000/app:v1 localhost:5000/app:v2 | gzip > app.tar.gz
  ferry save --format oci localhost:5000/multi:v1 -o multi.tar   # every stored platform, digests unchanged
  ferry save --platform linux/arm64 localhost:5000/multi:v1 -o arm64.tar";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LoadFormat {
    /// `docker save` output: manifest.json, configs and layer tars
    Docker,
    /// A tar of an OCI image layout (`skopeo copy … oci-archive:`)
    Oci,
    /// An OCI image layout directory (`skopeo copy … oci:`)
    OciDir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SaveFormat {
    /// What `docker load` reads (and skopeo's docker-archive:): uncompressed layers
    Docker,
    /// A tar of an OCI image layout: stored blobs unchanged, whole indexes
    Oci,
}

#[derive(Args, Debug)]
pub struct LoadArgs {
    /// Archive or OCI layout directory to read; `-` reads standard input
    #[arg(short, long, default_value = "-", value_name = "FILE|DIR|-")]
    pub input: String,

    /// What the input is (detected when not given)
    #[arg(long, value_enum)]
    pub format: Option<LoadFormat>,

    /// Name for the image, instead of the names in the archive (an archive of one image)
    #[arg(short, long, value_name = "REF")]
    pub tag: Option<String>,
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

pub fn load(ctx: &Context, args: LoadArgs) -> Result<()> {
    let rename = args.tag.as_deref().map(Reference::parse).transpose()?;
    if rename.as_ref().is_some_and(|r| r.digest().is_some()) {
        bail!("--tag: a name cannot contain a digest");
    }
    let format = args.format.map(|f| match f {
        LoadFormat::Docker => ArchiveFormat::Docker,
        LoadFormat::Oci => ArchiveFormat::Oci,
        LoadFormat::OciDir => ArchiveFormat::OciDir,
    });
    let store = ctx.open_store()?;
    let _lock =
        store.lock_shared(|| ctx.status("waiting for another ferry process that is deleting from the store"))?;
    let (spooled, input) = if args.input == "-" {
        if std::io::stdin().is_terminal() {
            bail!("no archive on standard input: pass -i FILE, or pipe one in (docker save IMAGE | ferry load)");
        }
        let s = store.spool(std::io::stdin().lock()).context("reading the archive from standard input")?;
        let path = s.path().to_path_buf();
        (Some(s), path)
    } else {
        (None, PathBuf::from(&args.input))
    };
    let shown = if spooled.is_some() { "standard input".to_string() } else { input.display().to_string() };
    let loaded = store.load(&input, format, rename.as_ref()).with_context(|| format!("loading {shown}"))?;
    drop(spooled);
    let mut out = String::new();
    for image in &loaded {
        ctx.status(format!(
            "Loaded {}",
            Reference::parse(&image.name).map(|r| r.familiar()).unwrap_or(image.name.clone())
        ));
        out.push_str(&format!("{}@{}\n", image.name, image.descriptor.digest));
    }
    super::printer::stdout(&out)
}

pub fn save(ctx: &Context, args: SaveArgs) -> Result<()> {
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
    let platform = match &args.platform {
        Some(p) => Platform::parse(p)?,
        None => Platform::host(),
    };
    if args.platform.is_some() && format == ArchiveFormat::Oci {
        eprintln!("warning: --platform only applies to docker archives; an OCI archive keeps every stored platform");
    }
    if args.output == "-" {
        if std::io::stdout().is_terminal() {
            bail!("refusing to write an archive to a terminal: pass -o FILE or redirect standard output");
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        store.save(&images, format, &platform, &mut out)?;
        out.flush()?;
        return Ok(());
    }
    // A regular file is written beside the target and renamed over it, so an interrupted
    // save leaves no half archive; a pipe or a device is written to, and a symlink followed.
    let target = Path::new(&args.output);
    let result = (|| -> Result<()> {
        let output = Output::create(target)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, output);
        store.save(&images, format, &platform, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.finish()?;
        Ok(())
    })();
    result.with_context(|| format!("saving to {}", target.display()))?;
    ctx.status(format!("Saved {} image(s) to {}", images.len(), target.display()));
    Ok(())
}

/// A stored image and the name to give it in an archive.
fn find_named(store: &Store, what: &str) -> Result<(Reference, crate::manifest::Descriptor)> {
    if let Ok(entry) = super::local::lookup(store, what)
        && let Ok(name) = Reference::parse(&entry.name)
    {
        return Ok((name, entry.descriptor));
    }
    let descriptor = super::tag::find_local(store, what)?;
    Ok((Reference::parse(what)?, descriptor))
}
