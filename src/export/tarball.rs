//! The flattened filesystem as one tar stream, as `docker export` writes it: the staged tree
//! (layers applied by `apply` in record mode) walked in name order, each entry once, with
//! the owners, modes, mtimes, xattrs and device numbers the layers gave (kept in memory, so
//! an unprivileged run writes them too), and files that share an inode written as hardlinks
//! to the first of them.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use super::apply::{FIFO_MARK, Record};

pub(super) fn write(staged: &Path, records: &BTreeMap<PathBuf, Record>, out: &mut dyn Write) -> io::Result<u64> {
    let mut tar = tar::Builder::new(out);
    tar.mode(tar::HeaderMode::Complete);
    let mut writer = Writer { staged, records, links: HashMap::new(), entries: 0 };
    writer.dir(&mut tar, Path::new(""))?;
    tar.finish()?;
    Ok(writer.entries)
}

struct Writer<'a> {
    staged: &'a Path,
    records: &'a BTreeMap<PathBuf, Record>,
    /// (device, inode) of files with several names → the first name written.
    links: HashMap<(u64, u64), PathBuf>,
    entries: u64,
}

impl Writer<'_> {
    fn dir(&mut self, tar: &mut tar::Builder<&mut dyn Write>, rel: &Path) -> io::Result<()> {
        let mut names: Vec<_> =
            fs::read_dir(self.staged.join(rel))?.map(|e| e.map(|e| e.file_name())).collect::<Result<_, _>>()?;
        names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        for name in names {
            let rel = rel.join(&name);
            let full = self.staged.join(&rel);
            let meta = fs::symlink_metadata(&full)?;
            self.entry(tar, &rel, &full, &meta)?;
            if meta.is_dir() {
                self.dir(tar, &rel)?;
            }
        }
        Ok(())
    }

    fn entry(
        &mut self,
        tar: &mut tar::Builder<&mut dyn Write>,
        rel: &Path,
        full: &Path,
        meta: &fs::Metadata,
    ) -> io::Result<()> {
        self.entries += 1;
        // Parents made implicitly by an entry deeper down: what docker makes them.
        let implicit = Record { mode: 0o755, uid: 0, gid: 0, mtime: meta.mtime().max(0) as u64, ..Record::default() };
        let record = self.records.get(rel).unwrap_or(&implicit);
        if !record.xattrs.is_empty() {
            let pax: Vec<(String, &[u8])> = record
                .xattrs
                .iter()
                .map(|(k, v)| (format!("SCHILY.xattr.{}", String::from_utf8_lossy(k)), v.as_slice()))
                .collect();
            tar.append_pax_extensions(pax.iter().map(|(k, v)| (k.as_str(), *v)))?;
        }
        let mut h = tar::Header::new_gnu();
        h.set_mode(record.mode & 0o7777);
        h.set_uid(record.uid);
        h.set_gid(record.gid);
        h.set_mtime(record.mtime);
        h.set_size(0);
        let ft = meta.file_type();
        if ft.is_dir() {
            h.set_entry_type(tar::EntryType::Directory);
            let mut name = rel.as_os_str().as_bytes().to_vec();
            name.push(b'/');
            return tar.append_data(&mut h, Path::new(std::ffi::OsStr::from_bytes(&name)), io::empty());
        }
        if ft.is_symlink() {
            h.set_entry_type(tar::EntryType::Symlink);
            let target = fs::read_link(full)?;
            return append_link(tar, &mut h, rel, target.as_os_str().as_bytes());
        }
        if record.mode & FIFO_MARK != 0 || ft.is_fifo() {
            h.set_entry_type(tar::EntryType::Fifo);
            return tar.append_data(&mut h, rel, io::empty());
        }
        if let Some((block, major, minor)) = record.device {
            h.set_entry_type(if block { tar::EntryType::Block } else { tar::EntryType::Char });
            h.set_device_major(major)?;
            h.set_device_minor(minor)?;
            return tar.append_data(&mut h, rel, io::empty());
        }
        if ft.is_char_device() || ft.is_block_device() || ft.is_socket() {
            return Ok(());
        }
        if meta.nlink() > 1 {
            let key = (meta.dev(), meta.ino());
            if let Some(first) = self.links.get(&key) {
                h.set_entry_type(tar::EntryType::Link);
                let first = first.as_os_str().as_bytes().to_vec();
                return append_link(tar, &mut h, rel, &first);
            }
            self.links.insert(key, rel.to_path_buf());
        }
        h.set_entry_type(tar::EntryType::Regular);
        h.set_size(meta.len());
        let file = fs::File::open(full)?;
        tar.append_data(&mut h, rel, io::Read::take(file, meta.len()))
    }
}

/// A link entry with its target byte for byte (the tar crate's own `append_link` rewrites a
/// target as a path: `/` would become `//`); a target too long for the header goes in a PAX
/// `linkpath` record, as docker writes it.
fn append_link(
    tar: &mut tar::Builder<&mut dyn Write>,
    h: &mut tar::Header,
    rel: &Path,
    target: &[u8],
) -> io::Result<()> {
    if target.len() >= 100 {
        tar.append_pax_extensions([("linkpath", target)])?;
    } else {
        h.set_link_name_literal(target)?;
    }
    tar.append_data(h, rel, io::empty())
}
