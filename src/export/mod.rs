//! `export`: a stored image's root filesystem, flattened, into a directory or a tar stream:
//! what `docker export $(docker create IMAGE)` gives, without a container.
//!
//! - `layer`: a layer blob read as the tar stream it stands for, decompressed (gzip, multi-
//!   member too; zstd; none) on a thread of its own, and verified against its digest and its
//!   `diff_id`; the next layers decompress while the current one is applied.
//! - `apply`: layers applied in order to a directory, OCI whiteouts and all, every path
//!   resolved under the root without following a symlink (the safety rules are there).
//! - `tarball`: the applied tree written as one tar stream.
//!
//! A failed export leaves the directory partly written (it says so); a tar stream is staged
//! in the store's `tmp/` and removed whatever happens (by the next process to open the store
//! when this one is killed).

mod apply;
mod layer;
mod tarball;

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

pub use apply::Applied;

use crate::archive::{diff_ids_of, platform_manifest};
use crate::manifest::{Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::{Event, Reporter};
use crate::reference::Reference;
use crate::store::{Store, StoreError, io_err};
use crate::walk::Document;

/// Where the filesystem goes.
pub enum Output<'a> {
    /// A directory: created when absent, and it must be empty.
    Directory(&'a Path),
    /// One tar stream (a file, standard output).
    Tar(&'a mut dyn Write),
}

/// What an export did.
#[derive(Debug, Default)]
pub struct Exported {
    pub layers: usize,
    /// Compressed bytes read.
    pub bytes: u64,
    pub applied: Applied,
}

/// Layers decompressed at once, the one being applied included: as many as there are cores
/// (inflating is CPU-bound), at least two so that applying and inflating overlap.
fn in_flight() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)
}

/// Exports the image `image` (for `platform` when it is an index) named `name`.
pub fn export(
    store: &Store,
    name: &Reference,
    image: &Descriptor,
    platform: &Platform,
    output: Output<'_>,
    reporter: Arc<dyn Reporter>,
) -> Result<Exported, StoreError> {
    let image = platform_manifest(store, image, platform, name)?;
    let walk = store.walk(&image)?.complete(&name.familiar())?;
    let Some(Document { manifest: Manifest::Image(m), .. }) = walk.root() else {
        return Err(StoreError::Archive { what: name.familiar(), message: "not an image manifest".into() });
    };
    let config = store.read_blob(&m.config.digest)?;
    let diff_ids = diff_ids_of(&config);
    if diff_ids.len() != m.layers.len() {
        return Err(StoreError::Archive {
            what: name.familiar(),
            message: format!(
                "its config lists {} diff_ids for {} layers: it cannot be flattened",
                diff_ids.len(),
                m.layers.len()
            ),
        });
    }
    let total: u64 = m.layers.iter().map(|l| l.size).sum();
    reporter.event(Event::Plan { blobs: m.layers.len(), total_bytes: total, missing_bytes: total });
    let layers: Vec<(Descriptor, crate::digest::Digest)> = m.layers.iter().cloned().zip(diff_ids).collect();

    match output {
        Output::Directory(dest) => {
            prepare_dir(dest)?;
            let applied = apply_all(store, &layers, dest, false, &reporter)?.0;
            Ok(Exported { layers: layers.len(), bytes: total, applied })
        }
        Output::Tar(out) => {
            let staged = store.temp_dir()?;
            let (applied, records) = apply_all(store, &layers, staged.path(), true, &reporter)?;
            tarball::write(staged.path(), &records, out).map_err(io_err("writing the tar stream of", staged.path()))?;
            Ok(Exported { layers: layers.len(), bytes: total, applied })
        }
    }
}

/// A directory to export into: created when absent, refused unless empty (an export never
/// mixes an image's files with others, nor removes a user's).
fn prepare_dir(dest: &Path) -> Result<(), StoreError> {
    // Followed if a symlink: the user named it (inside it, nothing is ever followed).
    match std::fs::metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dest).map_err(io_err("creating", dest))?;
        }
        Err(e) => return Err(StoreError::Io { action: "reading", path: dest.to_path_buf(), source: e }),
        Ok(m) if m.is_dir() => {
            let mut entries = std::fs::read_dir(dest).map_err(io_err("reading", dest))?;
            if entries.next().is_some() {
                return Err(StoreError::Io {
                    action: "exporting into",
                    path: dest.to_path_buf(),
                    source: io::Error::new(io::ErrorKind::AlreadyExists, "the directory is not empty"),
                });
            }
        }
        Ok(_) => {
            return Err(StoreError::Io {
                action: "exporting into",
                path: dest.to_path_buf(),
                source: io::Error::new(io::ErrorKind::AlreadyExists, "not a directory"),
            });
        }
    }
    Ok(())
}

type Records = std::collections::BTreeMap<std::path::PathBuf, apply::Record>;

/// Applies every layer in order, decompressing up to [`in_flight`] at once.
fn apply_all(
    store: &Store,
    layers: &[(Descriptor, crate::digest::Digest)],
    root: &Path,
    record: bool,
    reporter: &Arc<dyn Reporter>,
) -> Result<(Applied, Records), StoreError> {
    let mut applier = apply::Applier::new(root, record, &**reporter).map_err(io_err("opening", root))?;
    let start = |i: usize| {
        let (layer, diff_id) = &layers[i];
        layer::LayerStream::start(store.blob_path(&layer.digest), layer.clone(), diff_id.clone(), reporter.clone())
    };
    let mut pending = std::collections::VecDeque::new();
    for i in 0..layers.len().min(in_flight()) {
        pending.push_back(start(i)?);
    }
    for (i, (layer, _)) in layers.iter().enumerate() {
        let mut stream = pending.pop_front().expect("started in order");
        let applied = applier.apply_layer(layer.digest.short(), &mut stream);
        if let Err(e) = applied {
            // A short stream is the reader's failure (a damaged blob), said as such.
            stream.verdict()?;
            return Err(StoreError::Io { action: "applying a layer to", path: root.to_path_buf(), source: e });
        }
        stream.finish()?;
        reporter.event(Event::BlobDone { digest: layer.digest.clone() });
        if i + in_flight() < layers.len() {
            pending.push_back(start(i + in_flight())?);
        }
    }
    applier.finish().map_err(io_err("setting directory modes in", root))?;
    let counts = applier.counts.clone();
    Ok((counts, applier.into_records()))
}
