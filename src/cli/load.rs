//! `ferry load`: images from a docker or OCI archive, or an OCI layout directory, into the
//! store (the work is `archive`'s; this file picks the input and prints the names).

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};

use super::Context;
use super::errors::UsageError;
use crate::archive::{self, ArchiveFormat, LayerCompression};
use crate::reference::Reference;

pub const EXAMPLES: &str = "\
Examples:
  ferry load -i app.tar                                   # a `docker save` archive or an OCI archive
  docker save app:v1 | ferry load                         # from standard input (gzip is fine too)
  ferry load -i ./layout --tag localhost:5000/app:v1      # an OCI layout directory whose names are bare tags
  ferry load -i app.tar && ferry push localhost:5000/app:v1
  ferry load -i app.tar --compression zstd                # zstd layers (an OCI manifest)";

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
pub enum LoadCompression {
    /// gzip, every core at once (members of 4 MiB; the same digests on any machine)
    Gzip,
    /// zstd, every core at once: smaller and faster to decompress; not read by docker before 23
    Zstd,
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

    /// How to compress a docker archive's uncompressed layers (OCI archives are stored as
    /// they are)
    #[arg(long, value_enum, default_value_t = LoadCompression::Gzip)]
    pub compression: LoadCompression,
}

pub fn run(ctx: &Context, args: LoadArgs) -> Result<()> {
    let rename = args.tag.as_deref().map(Reference::parse).transpose()?;
    if rename.as_ref().is_some_and(|r| r.digest().is_some()) {
        return Err(UsageError::error("--tag: a name cannot contain a digest"));
    }
    let format = args.format.map(|f| match f {
        LoadFormat::Docker => ArchiveFormat::Docker,
        LoadFormat::Oci => ArchiveFormat::Oci,
        LoadFormat::OciDir => ArchiveFormat::OciDir,
    });
    let compression = match args.compression {
        LoadCompression::Gzip => LayerCompression::Gzip,
        LoadCompression::Zstd => LayerCompression::Zstd,
    };
    let store = ctx.open_store()?;
    let _lock =
        store.lock_shared(|| ctx.status("waiting for another ferry process that is deleting from the store"))?;
    let loaded = if args.input == "-" {
        if std::io::stdin().is_terminal() {
            bail!("no archive on standard input: pass -i FILE, or pipe one in (docker save IMAGE | ferry load)");
        }
        archive::load_stream(&store, std::io::stdin().lock(), "standard input", format, rename.as_ref(), compression)
            .context("loading standard input")?
    } else {
        archive::load(&store, Path::new(&args.input), format, rename.as_ref(), compression)
            .with_context(|| format!("loading {}", args.input))?
    };
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
