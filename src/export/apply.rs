//! Applying layer tar streams, in order, to a directory: the one place ferry writes an
//! image's files, and the one place that decides what a hostile entry may do.
//!
//! Every path is resolved component by component from a descriptor of the root
//! (`openat` with `O_NOFOLLOW | O_DIRECTORY`): no symlink is ever followed, inside the root or
//! out of it, so nothing a layer contains can make ferry write outside the root. An entry
//! whose parent is not a real directory (a symlink, a file) is skipped with a warning; docker
//! itself never writes such a layer (its diffs name the real paths). A name with `..` that
//! would climb above the root is skipped; an absolute name is taken relative to the root (as
//! docker does), with a warning. A hardlink's target is resolved the same way and must
//! already be in the root (and not be a directory); a symlink is written as it is (its target
//! is text, never traversed here).
//!
//! OCI whiteouts: `.wh.NAME` removes NAME from the layers below, `.wh..wh..opq` empties its
//! directory of what the layers below put there; neither touches what the same layer wrote.
//! A directory replaced by a file (or the reverse) is removed whole first.
//!
//! Metadata: modes, mtimes and xattrs are set where the filesystem takes them (xattrs it
//! refuses are counted in one warning); owners only when running as root; device nodes only
//! as root (skipped otherwise, counted in one warning). Directories stay writable by their
//! owner until every layer is applied, then get their modes and mtimes, deepest first.
//!
//! In `record` mode (for a tar stream, see `tarball`), the tree is only a staging copy: the
//! files' bytes and structure are written, and each entry's metadata (owner, mode, mtime,
//! xattrs, device numbers) is kept in memory for the tar writer, so even an unprivileged run
//! gives what the layers say.

use std::collections::{BTreeMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags, Timespec, Timestamps, XattrFlags};

use crate::progress::{Event, Reporter};

const WHITEOUT: &[u8] = b".wh.";
const OPAQUE: &[u8] = b".wh..wh..opq";
/// Hostile or odd entries named one by one; past this, only counted.
const MAX_NAMED_WARNINGS: u64 = 50;

/// What an entry says about itself, kept for the tar writer in `record` mode.
#[derive(Debug, Clone, Default)]
pub(super) struct Record {
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
    pub xattrs: Vec<(Vec<u8>, Vec<u8>)>,
    /// Character or block device: (is_block, major, minor). Staged as an empty file.
    pub device: Option<(bool, u32, u32)>,
}

/// Counts of what was written and skipped.
#[derive(Debug, Default, Clone)]
pub struct Applied {
    pub entries: u64,
    pub skipped: u64,
    pub devices_skipped: u64,
    pub xattrs_refused: u64,
}

pub(super) struct Applier<'a> {
    root: OwnedFd,
    root_path: PathBuf,
    privileged: bool,
    /// Staging for a tar stream: metadata kept here rather than on disk.
    records: Option<BTreeMap<PathBuf, Record>>,
    /// Directory modes and mtimes, set once every layer is in.
    dirs: BTreeMap<PathBuf, (u32, Option<u64>)>,
    /// Paths the current layer wrote (and their parents): whiteouts leave them alone.
    this_layer: HashSet<PathBuf>,
    /// The last parent directory opened, reused by the next entry in the same directory.
    cached: Option<(PathBuf, OwnedFd)>,
    reporter: &'a dyn Reporter,
    layer: String,
    pub counts: Applied,
    named: u64,
}

/// Why an entry was not applied (said in a warning, never fatal).
struct Refused(String);

type Outcome = Result<Result<(), Refused>, io::Error>;

fn refuse<T>(why: impl Into<String>) -> Result<Result<T, Refused>, io::Error> {
    Ok(Err(Refused(why.into())))
}

impl<'a> Applier<'a> {
    pub(super) fn new(root: &Path, record: bool, reporter: &'a dyn Reporter) -> io::Result<Applier<'a>> {
        let fd = rustix::fs::open(root, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
        Ok(Applier {
            root: fd,
            root_path: root.to_path_buf(),
            privileged: rustix::process::geteuid().is_root(),
            records: record.then(BTreeMap::new),
            dirs: BTreeMap::new(),
            this_layer: HashSet::new(),
            cached: None,
            reporter,
            layer: String::new(),
            counts: Applied::default(),
            named: 0,
        })
    }

    pub(super) fn into_records(self) -> BTreeMap<PathBuf, Record> {
        self.records.unwrap_or_default()
    }

    fn warn(&mut self, what: &[u8], why: &str) {
        self.counts.skipped += 1;
        self.note(what, why);
    }

    /// A warning naming an entry (the first ones only).
    fn note(&mut self, what: &[u8], why: &str) {
        self.named += 1;
        if self.named <= MAX_NAMED_WARNINGS {
            // A name is shown whole up to a screenful; a hostile one can be megabytes long.
            let shown = &what[..what.len().min(200)];
            let more = if what.len() > shown.len() { format!("… ({} bytes)", what.len()) } else { String::new() };
            let name = String::from_utf8_lossy(shown) + more.as_str();
            self.reporter.event(Event::Warning(format!("layer {}: {name:?}: {why}", self.layer)));
        }
    }

    /// Applies one layer's tar stream. An I/O failure of the destination (a full disk) or a
    /// malformed tar stream is an error; a hostile entry is a warning.
    pub(super) fn apply_layer(&mut self, layer: &str, stream: impl Read) -> io::Result<()> {
        self.layer = layer.to_string();
        self.this_layer.clear();
        self.cached = None;
        let mut archive = tar::Archive::new(stream);
        for entry in archive.entries()? {
            let mut entry = entry?;
            let raw = entry.path_bytes().into_owned();
            match self.apply_entry(&raw, &mut entry)? {
                Ok(()) => self.counts.entries += 1,
                Err(Refused(why)) => self.warn(&raw, &why),
            }
        }
        Ok(())
    }

    /// Warnings that sum up the run; call once, after the last layer.
    pub(super) fn finish(&mut self) -> io::Result<()> {
        self.cached = None;
        if self.records.is_none() {
            // Deepest first: a parent's mtime is set after its children's changes.
            let dirs = std::mem::take(&mut self.dirs);
            for (path, (mode, mtime)) in dirs.iter().rev() {
                let comps: Vec<&OsStr> = path.iter().collect();
                let Ok(Ok(fd)) = self.open_dir(&comps, false) else { continue };
                rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode & 0o7777))?;
                if let Some(t) = mtime {
                    rustix::fs::futimens(&fd, &times(*t))?;
                }
            }
        }
        if self.named > MAX_NAMED_WARNINGS {
            let more = self.named - MAX_NAMED_WARNINGS;
            self.reporter.event(Event::Warning(format!("{more} more odd entries (not named)")));
        }
        if self.counts.devices_skipped > 0 {
            self.reporter.event(Event::Warning(format!(
                "{} device nodes skipped: creating them needs root",
                self.counts.devices_skipped
            )));
        }
        if self.counts.xattrs_refused > 0 {
            self.reporter.event(Event::Warning(format!(
                "{} extended attributes not set: the filesystem (or an unprivileged user) refused them",
                self.counts.xattrs_refused
            )));
        }
        Ok(())
    }

    fn apply_entry<R: Read>(&mut self, raw: &[u8], entry: &mut tar::Entry<R>) -> Outcome {
        let comps = match clean(raw) {
            Ok(c) => c,
            Err(why) => return refuse(why),
        };
        if raw.starts_with(b"/") {
            self.note(raw, "an absolute name, taken relative to the root");
        }
        let Some((name, parents)) = comps.split_last() else {
            // The root itself: its metadata is DEST's, left as the user made it.
            return Ok(Ok(()));
        };
        let path: PathBuf = comps.iter().collect();
        let kind = entry.header().entry_type();
        if name.as_bytes().starts_with(WHITEOUT) {
            return self.whiteout(parents, name.as_bytes());
        }
        if matches!(kind, tar::EntryType::XGlobalHeader | tar::EntryType::XHeader) {
            return Ok(Ok(()));
        }
        let parent = match self.open_dir(parents, true)? {
            Ok(fd) => fd,
            Err(why) => return refuse(why.0),
        };
        let mut prefix = PathBuf::new();
        for p in parents {
            prefix.push(p);
            if self.this_layer.insert(prefix.clone()) && !self.dirs.contains_key(&prefix) {
                self.dirs.insert(prefix.clone(), (0o755, None));
            }
        }
        self.this_layer.insert(path.clone());
        let record = self.record_of(entry)?;
        let existing = rustix::fs::statat(&parent, *name, AtFlags::SYMLINK_NOFOLLOW).ok();
        let existing_dir = existing.as_ref().map(|s| FileType::from_raw_mode(s.st_mode) == FileType::Directory);

        if kind == tar::EntryType::Directory {
            if existing_dir == Some(false) {
                rustix::fs::unlinkat(&parent, *name, AtFlags::empty())?;
            }
            if existing_dir != Some(true) {
                rustix::fs::mkdirat(&parent, *name, Mode::from_raw_mode(0o700))?;
            }
            let dir = open_child_dir(&parent, name)?;
            self.set_owner(&dir, &record)?;
            self.set_xattrs(&dir, &record);
            self.dirs.insert(path.clone(), (record.mode, Some(record.mtime)));
            self.keep(path, record);
            return Ok(Ok(()));
        }

        // Anything else replaces what is there, a directory included (with its contents).
        if hardlink_to_itself(kind, entry, &comps) {
            return Ok(Ok(()));
        }
        if let Some(is_dir) = existing_dir {
            self.remove(&parent, name, is_dir, &path)?;
        }
        match kind {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                let fd = rustix::fs::openat(
                    &parent,
                    *name,
                    OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                    Mode::from_raw_mode(0o600),
                )?;
                let mut file = File::from(fd);
                copy(entry, &mut file)?;
                self.set_file_meta(&file, &record)?;
            }
            tar::EntryType::Symlink => {
                let Some(target) = entry.link_name_bytes() else { return refuse("a symlink without a target") };
                rustix::fs::symlinkat(OsStr::from_bytes(&target), &parent, *name)?;
                if self.records.is_none() {
                    if self.privileged {
                        let (u, g) = ids(&record);
                        rustix::fs::chownat(&parent, *name, Some(u), Some(g), AtFlags::SYMLINK_NOFOLLOW)?;
                    }
                    rustix::fs::utimensat(&parent, *name, &times(record.mtime), AtFlags::SYMLINK_NOFOLLOW)?;
                }
            }
            tar::EntryType::Link => {
                let Some(target) = entry.link_name_bytes() else { return refuse("a hardlink without a target") };
                let target_comps = match clean(&target) {
                    Ok(c) if !c.is_empty() => c,
                    Ok(_) => return refuse("a hardlink to the root directory"),
                    Err(why) => return refuse(format!("hardlink target: {why}")),
                };
                let (tname, tparents) = target_comps.split_last().expect("not empty");
                let tparent = match self.open_dir(tparents, false)? {
                    Ok(fd) => fd,
                    Err(Refused(why)) => return refuse(format!("hardlink target: {why}")),
                };
                match rustix::fs::statat(&tparent, *tname, AtFlags::SYMLINK_NOFOLLOW) {
                    Ok(s) if FileType::from_raw_mode(s.st_mode) == FileType::Directory => {
                        return refuse("a hardlink to a directory");
                    }
                    Ok(_) => {}
                    Err(_) => {
                        return refuse(format!(
                            "a hardlink to {:?}, which is not in the image (at least not yet)",
                            String::from_utf8_lossy(&target)
                        ));
                    }
                }
                rustix::fs::linkat(&tparent, *tname, &parent, *name, AtFlags::empty())?;
                if let Some(records) = &mut self.records {
                    let tpath: PathBuf = target_comps.iter().collect();
                    let shared = records.get(&tpath).cloned().unwrap_or(record);
                    records.insert(path, shared);
                }
                return Ok(Ok(()));
            }
            tar::EntryType::Fifo if self.records.is_none() => {
                rustix::fs::mknodat(&parent, *name, FileType::Fifo, Mode::from_raw_mode(record.mode & 0o7777), 0)?;
                self.chown_at(&parent, name, &record)?;
            }
            tar::EntryType::Char | tar::EntryType::Block | tar::EntryType::Fifo => {
                let block = kind == tar::EntryType::Block;
                if self.records.is_some() {
                    // Staged as an empty file: the tar writer writes the device (or FIFO).
                    let fd = rustix::fs::openat(
                        &parent,
                        *name,
                        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                        Mode::from_raw_mode(0o600),
                    )?;
                    drop(fd);
                    let mut record = record;
                    let (major, minor) = device(entry.header());
                    record.device = Some((block, major, minor));
                    if kind == tar::EntryType::Fifo {
                        record.device = None;
                        record.mode |= FIFO_MARK;
                    }
                    self.keep(path, record);
                    return Ok(Ok(()));
                }
                if !self.privileged {
                    self.counts.devices_skipped += 1;
                    return Ok(Ok(()));
                }
                let (major, minor) = device(entry.header());
                let ft = if block { FileType::BlockDevice } else { FileType::CharacterDevice };
                rustix::fs::mknodat(
                    &parent,
                    *name,
                    ft,
                    Mode::from_raw_mode(record.mode & 0o7777),
                    rustix::fs::makedev(major, minor),
                )?;
                self.chown_at(&parent, name, &record)?;
            }
            other => return refuse(format!("an entry of type {other:?}, which a root filesystem cannot hold")),
        }
        self.keep(path, record);
        Ok(Ok(()))
    }

    fn keep(&mut self, path: PathBuf, record: Record) {
        if let Some(records) = &mut self.records {
            records.insert(path, record);
        }
    }

    fn record_of<R: Read>(&self, entry: &mut tar::Entry<R>) -> io::Result<Record> {
        let h = entry.header();
        // A blank numeric field is 0, as Go's archive/tar (docker's) reads it.
        let mut record = Record {
            mode: h.mode().unwrap_or(0),
            uid: h.uid().unwrap_or(0),
            gid: h.gid().unwrap_or(0),
            mtime: h.mtime().unwrap_or(0),
            xattrs: Vec::new(),
            device: None,
        };
        if let Some(pax) = entry.pax_extensions()? {
            for ext in pax {
                let ext = ext?;
                let key = ext.key_bytes();
                let value = ext.value_bytes();
                if let Some(name) = key.strip_prefix(b"SCHILY.xattr.") {
                    record.xattrs.push((name.to_vec(), value.to_vec()));
                } else if key == b"uid" {
                    record.uid = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok()).unwrap_or(record.uid);
                } else if key == b"gid" {
                    record.gid = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok()).unwrap_or(record.gid);
                } else if key == b"mtime" {
                    let secs = std::str::from_utf8(value).ok().and_then(|v| v.split('.').next()?.parse().ok());
                    record.mtime = secs.unwrap_or(record.mtime);
                }
            }
        }
        Ok(record)
    }

    fn set_owner(&mut self, fd: &impl AsFd, record: &Record) -> io::Result<()> {
        if self.privileged && self.records.is_none() {
            let (u, g) = ids(record);
            rustix::fs::fchown(fd, Some(u), Some(g))?;
        }
        Ok(())
    }

    fn chown_at(&mut self, parent: &OwnedFd, name: &OsStr, record: &Record) -> io::Result<()> {
        if self.privileged {
            let (u, g) = ids(record);
            rustix::fs::chownat(parent, name, Some(u), Some(g), AtFlags::SYMLINK_NOFOLLOW)?;
        }
        Ok(())
    }

    fn set_xattrs(&mut self, fd: &impl AsFd, record: &Record) {
        if self.records.is_some() {
            return;
        }
        for (name, value) in &record.xattrs {
            if rustix::fs::fsetxattr(fd, OsStr::from_bytes(name), value, XattrFlags::empty()).is_err() {
                self.counts.xattrs_refused += 1;
            }
        }
    }

    /// Owner first: changing it clears setuid bits, which the mode then sets.
    fn set_file_meta(&mut self, file: &File, record: &Record) -> io::Result<()> {
        if self.records.is_some() {
            return Ok(());
        }
        self.set_owner(file, record)?;
        rustix::fs::fchmod(file, Mode::from_raw_mode(record.mode & 0o7777))?;
        self.set_xattrs(file, record);
        rustix::fs::futimens(file, &times(record.mtime))?;
        Ok(())
    }

    /// `.wh.NAME` removes NAME as the layers below left it; `.wh..wh..opq` removes what the
    /// layers below put in its directory.
    fn whiteout(&mut self, parents: &[&OsStr], name: &[u8]) -> Outcome {
        let dir_path: PathBuf = parents.iter().collect();
        let parent = match self.open_dir(parents, false)? {
            Ok(fd) => fd,
            // Nothing below to hide (or a parent that is a symlink: nothing to follow).
            Err(_) => return Ok(Ok(())),
        };
        if name == OPAQUE {
            self.this_layer.insert(dir_path.clone());
            self.remove_lower_children(&parent, &dir_path)?;
            return Ok(Ok(()));
        }
        let hidden = &name[WHITEOUT.len()..];
        if hidden.is_empty() || hidden == b"." || hidden == b".." || hidden.starts_with(WHITEOUT) {
            // `.wh..wh.plnk` and the like are aufs's bookkeeping, not whiteouts.
            return Ok(Ok(()));
        }
        let hidden = OsStr::from_bytes(hidden);
        let path = dir_path.join(hidden);
        if self.this_layer.contains(&path) {
            return Ok(Ok(()));
        }
        if let Ok(s) = rustix::fs::statat(&parent, hidden, AtFlags::SYMLINK_NOFOLLOW) {
            let is_dir = FileType::from_raw_mode(s.st_mode) == FileType::Directory;
            self.remove(&parent, hidden, is_dir, &path)?;
        }
        Ok(Ok(()))
    }

    fn remove_lower_children(&mut self, dir: &OwnedFd, dir_path: &Path) -> io::Result<()> {
        let mut children = Vec::new();
        for entry in rustix::fs::Dir::read_from(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name != b"." && name != b".." {
                children.push((OsString::from_vec(name.to_vec()), entry.file_type() == FileType::Directory));
            }
        }
        for (name, is_dir) in children {
            let path = dir_path.join(&name);
            if !self.this_layer.contains(&path) {
                self.remove(dir, &name, is_dir, &path)?;
            } else if is_dir {
                let child = open_child_dir(dir, &name)?;
                self.remove_lower_children(&child, &path)?;
            }
        }
        Ok(())
    }

    /// Removes `name` (a whole tree when a directory) without following any symlink, and
    /// forgets what was kept about it.
    fn remove(&mut self, parent: &OwnedFd, name: &OsStr, is_dir: bool, path: &Path) -> io::Result<()> {
        if is_dir {
            remove_tree(parent, name)?;
            self.cached = None;
            self.dirs.retain(|p, _| !p.starts_with(path));
        } else {
            rustix::fs::unlinkat(parent, name, AtFlags::empty())?;
        }
        if let Some(records) = &mut self.records {
            records.retain(|p, _| !p.starts_with(path));
        }
        Ok(())
    }

    /// Opens the directory `comps` names under the root, one component at a time, never
    /// following a symlink; missing directories are created when `create`.
    fn open_dir(&mut self, comps: &[&OsStr], create: bool) -> io::Result<Result<OwnedFd, Refused>> {
        let path: PathBuf = comps.iter().collect();
        if let Some((cached, fd)) = &self.cached
            && *cached == path
        {
            return Ok(Ok(fd.try_clone()?));
        }
        let mut fd = self.root.try_clone()?;
        let mut walked = PathBuf::new();
        for c in comps {
            walked.push(c);
            let next = match open_child_dir(&fd, c) {
                Ok(next) => next,
                Err(e) if e.kind() == io::ErrorKind::NotFound && create => {
                    rustix::fs::mkdirat(&fd, *c, Mode::from_raw_mode(0o755))?;
                    if self.records.is_none() {
                        // Writable by its owner until the end (then 0755, as docker makes it).
                        rustix::fs::chmodat(&fd, *c, Mode::from_raw_mode(0o755), AtFlags::empty())?;
                    }
                    open_child_dir(&fd, c)?
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Ok(Err(Refused(format!("{} does not exist", walked.display()))));
                }
                // ELOOP: a symlink, never followed; ENOTDIR: a file.
                Err(e)
                    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
                        || e.raw_os_error() == Some(rustix::io::Errno::NOTDIR.raw_os_error()) =>
                {
                    return Ok(Err(Refused(format!(
                        "{} is not a directory (a symlink is never followed)",
                        walked.display()
                    ))));
                }
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("opening {}: {e}", self.root_path.join(&walked).display()),
                    ));
                }
            };
            fd = next;
        }
        self.cached = Some((path, fd.try_clone()?));
        Ok(Ok(fd))
    }
}

/// Set in a staged FIFO's recorded mode (outside the permission bits) so the tar writer
/// writes a FIFO, not the empty file that stands for it.
pub(super) const FIFO_MARK: u32 = 1 << 31;

fn open_child_dir(parent: &impl AsFd, name: &OsStr) -> io::Result<OwnedFd> {
    Ok(rustix::fs::openat(
        parent,
        name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// Removes a directory tree through descriptors: a symlink inside is unlinked, never
/// followed.
fn remove_tree(parent: &impl AsFd, name: &OsStr) -> io::Result<()> {
    let dir = open_child_dir(parent, name)?;
    // A directory a layer made unreadable: make it ours to empty first.
    let _ = rustix::fs::fchmod(&dir, Mode::from_raw_mode(0o700));
    let mut children = Vec::new();
    for entry in rustix::fs::Dir::read_from(&dir)? {
        let entry = entry?;
        let n = entry.file_name().to_bytes();
        if n != b"." && n != b".." {
            children.push((OsString::from_vec(n.to_vec()), entry.file_type() == FileType::Directory));
        }
    }
    for (child, is_dir) in children {
        if is_dir {
            remove_tree(&dir, &child)?;
        } else {
            rustix::fs::unlinkat(&dir, &child, AtFlags::empty())?;
        }
    }
    rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR)?;
    Ok(())
}

/// The longest entry name taken: Linux's `PATH_MAX`. A longer one (a PAX header can carry
/// any length) names nothing a program could open, and would let a layer nest directories
/// deep enough to exhaust the stack of the recursive removal that replacing them takes.
const NAME_MAX_BYTES: usize = 4096;

/// An entry's name as components under the root: `.` and empty components dropped, `..`
/// taken lexically; a name that climbs above the root, or is longer than `PATH_MAX`, is
/// refused.
pub(super) fn clean(raw: &[u8]) -> Result<Vec<&OsStr>, String> {
    if raw.len() > NAME_MAX_BYTES {
        return Err(format!("a name of {} bytes (more than {NAME_MAX_BYTES})", raw.len()));
    }
    let mut out: Vec<&OsStr> = Vec::new();
    for c in raw.split(|b| *b == b'/') {
        match c {
            b"" | b"." => {}
            b".." => {
                if out.pop().is_none() {
                    return Err("a name that climbs out of the root (..)".into());
                }
            }
            c => out.push(OsStr::from_bytes(c)),
        }
    }
    Ok(out)
}

fn hardlink_to_itself<R: Read>(kind: tar::EntryType, entry: &tar::Entry<R>, comps: &[&OsStr]) -> bool {
    kind == tar::EntryType::Link
        && entry.link_name_bytes().is_some_and(|t| clean(&t).is_ok_and(|t| t.as_slice() == comps))
}

/// A device's numbers; a FIFO's header may leave them blank.
fn device(h: &tar::Header) -> (u32, u32) {
    (h.device_major().ok().flatten().unwrap_or(0), h.device_minor().ok().flatten().unwrap_or(0))
}

fn ids(record: &Record) -> (rustix::fs::Uid, rustix::fs::Gid) {
    // Ids past 32 bits cannot be owners on Linux; they wrap to nobody's rather than fail.
    let uid = u32::try_from(record.uid).unwrap_or(u32::MAX - 1);
    let gid = u32::try_from(record.gid).unwrap_or(u32::MAX - 1);
    (rustix::fs::Uid::from_raw(uid), rustix::fs::Gid::from_raw(gid))
}

fn times(mtime: u64) -> Timestamps {
    let t = Timespec { tv_sec: i64::try_from(mtime).unwrap_or(i64::MAX), tv_nsec: 0 };
    Timestamps { last_access: t, last_modification: t }
}

/// Copies an entry's bytes with a large buffer (the default 8 KiB one costs syscalls).
fn copy(from: &mut impl Read, to: &mut File) -> io::Result<u64> {
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_climbing_out_is_refused() {
        let s = |v: Vec<&OsStr>| v.iter().map(|c| c.to_str().unwrap().to_string()).collect::<Vec<_>>().join("/");
        assert_eq!(s(clean(b"./usr/bin/").unwrap()), "usr/bin");
        assert_eq!(s(clean(b"/etc//passwd").unwrap()), "etc/passwd");
        assert_eq!(s(clean(b"a/b/../c").unwrap()), "a/c");
        assert_eq!(s(clean(b"./").unwrap()), "");
        assert!(clean(b"../x").is_err());
        assert!(clean(b"a/../../x").is_err());
        assert!(clean(b"/../etc").is_err());
        let deep = "a/".repeat(NAME_MAX_BYTES / 2);
        assert_eq!(clean(deep.as_bytes()).unwrap().len(), NAME_MAX_BYTES / 2);
        let deeper = format!("{deep}b");
        assert!(clean(deeper.as_bytes()).unwrap_err().contains("more than 4096"));
    }
}
