//! The one walk of an image's graph: from a root descriptor through indexes (any depth) to
//! image manifests and their config and layers. Every command that needs to know what an
//! image consists of — pull, push, copy, load, save, `images`, garbage collection, mount
//! sources — walks with [`Walker`], so they all agree on it: what pull stores, GC keeps and
//! save writes.
//!
//! A document's kind is decided by parsing it ([`Manifest::parse`], by its own `mediaType`
//! and else its shape), never by comparing a descriptor's media type with a list; only
//! documents are read (the root and index entries), never configs or layers, and a document
//! declared bigger than [`MAX_MANIFEST_SIZE`] is refused before it is read. Each document is
//! checked against its descriptor (size, then digest with [`Digest::verify`]) when it is
//! fed. Cycles and nesting deeper than [`MAX_DEPTH`] are refused.
//!
//! Sans I/O: the walker says which document it needs next ([`Walker::need`]) and the caller
//! fetches it from wherever it is walking (a registry, the store, an archive) and hands the
//! bytes over ([`Walker::feed`]) or says it is not there ([`Walker::absent`]). Sync and
//! async callers thus drive the same logic.

use std::collections::HashSet;

use bytes::Bytes;

use crate::digest::{Digest, DigestMismatch};
use crate::manifest::{Descriptor, MAX_MANIFEST_SIZE, Manifest, ManifestError};

/// Indexes nest at most this deep below the root (an index of indexes of manifests is 2).
/// Real images use 1; the limit bounds the work a hostile graph can ask for.
pub const MAX_DEPTH: usize = 8;

/// A manifest or index read during a walk: its descriptor (as its parent, or the caller for
/// the root, gave it), its exact bytes and what they parse to.
#[derive(Debug, Clone)]
pub struct Document {
    pub descriptor: Descriptor,
    pub bytes: Bytes,
    pub manifest: Manifest,
}

/// Why a document was not walked into.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WalkError {
    #[error("manifest {digest} is declared as {size} bytes, more than the {MAX_MANIFEST_SIZE} a manifest may have")]
    TooLarge { digest: Digest, size: u64 },
    #[error("manifest {digest} is {actual} bytes, but is declared as {declared}")]
    WrongSize { digest: Digest, declared: u64, actual: u64 },
    #[error(transparent)]
    Digest(#[from] DigestMismatch),
    #[error("manifest {digest}: indexes nested more than {MAX_DEPTH} deep")]
    TooDeep { digest: Digest },
    #[error("manifest {digest} lists itself (through its own entries)")]
    Cycle { digest: Digest },
    #[error("{0}")]
    Manifest(String),
    #[error("{what} is incomplete: {} not available", missing.join(", "))]
    Incomplete { what: String, missing: Vec<String> },
}

impl From<ManifestError> for WalkError {
    fn from(e: ManifestError) -> Self {
        WalkError::Manifest(e.to_string())
    }
}

/// What a walk found.
#[derive(Debug, Default, Clone)]
pub struct Walk {
    /// Every document read, each once, children before parents: the root (when it was
    /// read) is last.
    pub manifests: Vec<Document>,
    /// Configs and layers, each once, in the order first met.
    pub blobs: Vec<Descriptor>,
    /// Documents the walk asked for that the source lacked.
    pub missing: Vec<Descriptor>,
    /// Blobs the source lacks, when the caller checks (the walker reads no blobs).
    pub missing_blobs: Vec<Descriptor>,
    /// Documents refused, with why; their entries were not walked.
    pub refused: Vec<(Descriptor, WalkError)>,
}

impl Walk {
    /// Everything was read and nothing is missing.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.missing_blobs.is_empty() && self.refused.is_empty()
    }

    /// The root document, when the walk read it.
    pub fn root(&self) -> Option<&Document> {
        self.manifests.last()
    }

    /// The walk, when complete; else the first refusal, or what is missing. `what` names
    /// the image in the error.
    pub fn complete(mut self, what: &str) -> Result<Walk, WalkError> {
        if !self.refused.is_empty() {
            return Err(self.refused.swap_remove(0).1);
        }
        if !self.missing.is_empty() || !self.missing_blobs.is_empty() {
            return Err(WalkError::Incomplete { what: what.to_string(), missing: self.missing_names() });
        }
        Ok(self)
    }

    /// How to name what is missing: an index entry by its platform, else by digest.
    pub fn missing_names(&self) -> Vec<String> {
        self.missing
            .iter()
            .chain(&self.missing_blobs)
            .map(|d| match &d.platform {
                Some(p) => format!("{p} ({})", d.digest),
                None => d.digest.to_string(),
            })
            .collect()
    }

    /// Every digest the walk met: documents read, blobs, and what was missing or refused
    /// (which garbage collection must keep too: a refused document is still referenced).
    pub fn digests(&self) -> impl Iterator<Item = &Digest> {
        self.manifests
            .iter()
            .map(|m| &m.descriptor.digest)
            .chain(self.blobs.iter().map(|d| &d.digest))
            .chain(self.missing.iter().chain(&self.missing_blobs).map(|d| &d.digest))
            .chain(self.refused.iter().map(|(d, _)| &d.digest))
    }
}

/// An index being walked: its document and the next of its entries to visit.
struct Frame {
    document: Document,
    next: usize,
    depth: usize,
}

/// A depth-first walk from one root; see the module note.
pub struct Walker {
    root: Option<Descriptor>,
    /// The document last handed out by `need`, with its depth, until fed or absent.
    waiting: Option<(Descriptor, usize)>,
    /// The indexes on the path from the root to the current document.
    stack: Vec<Frame>,
    /// Documents already met, so a manifest shared by two entries is walked once.
    seen: HashSet<Digest>,
    seen_blobs: HashSet<Digest>,
    walk: Walk,
}

impl Walker {
    pub fn new(root: Descriptor) -> Walker {
        Walker {
            root: Some(root),
            waiting: None,
            stack: Vec::new(),
            seen: HashSet::new(),
            seen_blobs: HashSet::new(),
            walk: Walk::default(),
        }
    }

    /// The next document whose bytes the walk needs (the same one again until it is fed or
    /// declared absent), or `None` when the walk is done.
    pub fn need(&mut self) -> Option<Descriptor> {
        if let Some((d, _)) = &self.waiting {
            return Some(d.clone());
        }
        if let Some(root) = self.root.take()
            && let Some(d) = self.ask(root, 0)
        {
            return Some(d);
        }
        loop {
            let frame = self.stack.last_mut()?;
            let Manifest::Index(index) = &frame.document.manifest else {
                unreachable!("only indexes are stacked");
            };
            match index.manifests.get(frame.next).cloned() {
                Some(child) => {
                    frame.next += 1;
                    let depth = frame.depth + 1;
                    if let Some(d) = self.ask(child, depth) {
                        return Some(d);
                    }
                }
                None => {
                    let done = self.stack.pop().expect("a frame");
                    self.walk.manifests.push(done.document);
                }
            }
        }
    }

    /// Hands out `d` unless it must not (or need not) be read.
    fn ask(&mut self, d: Descriptor, depth: usize) -> Option<Descriptor> {
        if self.stack.iter().any(|f| f.document.descriptor.digest == d.digest) {
            let digest = d.digest.clone();
            self.walk.refused.push((d, WalkError::Cycle { digest }));
            return None;
        }
        if !self.seen.insert(d.digest.clone()) {
            return None;
        }
        let refusal = if depth > MAX_DEPTH {
            Some(WalkError::TooDeep { digest: d.digest.clone() })
        } else if d.size > MAX_MANIFEST_SIZE {
            Some(WalkError::TooLarge { digest: d.digest.clone(), size: d.size })
        } else {
            None
        };
        if let Some(e) = refusal {
            self.walk.refused.push((d, e));
            return None;
        }
        self.waiting = Some((d.clone(), depth));
        Some(d)
    }

    /// The bytes of the document [`Walker::need`] asked for. They are checked against its
    /// descriptor (size, digest) and parsed; a document that fails is refused, not walked.
    pub fn feed(&mut self, bytes: impl Into<Bytes>) {
        let (d, depth) = self.waiting.take().expect("feed answers need");
        let bytes = bytes.into();
        match accept(&d, &bytes) {
            Err(e) => self.walk.refused.push((d, e)),
            Ok(manifest) => {
                let document = Document { descriptor: d, bytes, manifest };
                match &document.manifest {
                    Manifest::Image(m) => {
                        for b in std::iter::once(&m.config).chain(&m.layers) {
                            if self.seen_blobs.insert(b.digest.clone()) {
                                self.walk.blobs.push(b.clone());
                            }
                        }
                        self.walk.manifests.push(document);
                    }
                    Manifest::Index(_) => self.stack.push(Frame { document, next: 0, depth }),
                }
            }
        }
    }

    /// The document [`Walker::need`] asked for is not there.
    pub fn absent(&mut self) {
        let (d, _) = self.waiting.take().expect("absent answers need");
        self.walk.missing.push(d);
    }

    /// What the walk found; call once [`Walker::need`] has returned `None`.
    pub fn finish(self) -> Walk {
        debug_assert!(self.waiting.is_none() && self.stack.is_empty(), "the walk is not done");
        self.walk
    }
}

/// Checks a document against its descriptor and parses it.
fn accept(d: &Descriptor, bytes: &[u8]) -> Result<Manifest, WalkError> {
    if bytes.len() as u64 != d.size {
        return Err(WalkError::WrongSize { digest: d.digest.clone(), declared: d.size, actual: bytes.len() as u64 });
    }
    d.digest.verify(bytes)?;
    Ok(Manifest::parse(bytes, Some(&d.media_type), d.digest.as_str())?)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::manifest::{OCI_CONFIG, OCI_INDEX, OCI_MANIFEST};

    /// Documents by digest, and a walk over them.
    #[derive(Default)]
    struct Docs(HashMap<Digest, Vec<u8>>);

    impl Docs {
        fn add(&mut self, media_type: &str, bytes: Vec<u8>) -> Descriptor {
            let d = Descriptor::new(media_type, Digest::sha256_of(&bytes), bytes.len() as u64);
            self.0.insert(d.digest.clone(), bytes);
            d
        }

        fn image(&mut self, media_type: &str, seed: &str) -> Descriptor {
            let config = Digest::sha256_of(seed.as_bytes());
            let layer = Digest::sha256_of(format!("{seed}-layer").as_bytes());
            let body = format!(
                r#"{{"schemaVersion":2,"mediaType":"{media_type}","config":{{"mediaType":"{OCI_CONFIG}","digest":"{config}","size":1}},"layers":[{{"mediaType":"{OCI_INDEX}","digest":"{layer}","size":99999999}}]}}"#
            );
            self.add(media_type, body.into_bytes())
        }

        fn index(&mut self, entries: &[&Descriptor]) -> Descriptor {
            let list: Vec<String> = entries.iter().map(|d| serde_json::to_string(d).unwrap()).collect();
            let body = format!(r#"{{"schemaVersion":2,"manifests":[{}]}}"#, list.join(","));
            self.add(OCI_INDEX, body.into_bytes())
        }

        fn walk(&self, root: &Descriptor) -> (Walk, Vec<Digest>) {
            let mut asked = Vec::new();
            let mut w = Walker::new(root.clone());
            while let Some(d) = w.need() {
                asked.push(d.digest.clone());
                match self.0.get(&d.digest) {
                    Some(b) => w.feed(b.clone()),
                    None => w.absent(),
                }
            }
            (w.finish(), asked)
        }
    }

    #[test]
    fn nested_indexes_are_walked_children_first_and_by_shape() {
        let mut docs = Docs::default();
        let a = docs.image("application/vnd.oci.image.manifest.v1+json; charset=utf-8", "a");
        let mut b = docs.image(OCI_MANIFEST, "b");
        b.media_type = "application/vnd.example.artifact".into(); // the parent's word is not the kind
        let inner = docs.index(&[&a, &b]);
        let root = docs.index(&[&inner, &a]);
        let (walk, asked) = docs.walk(&root);
        assert!(walk.is_complete(), "{walk:?}");
        let order: Vec<&Digest> = walk.manifests.iter().map(|m| &m.descriptor.digest).collect();
        assert_eq!(order, [&a.digest, &b.digest, &inner.digest, &root.digest]);
        assert_eq!(asked.len(), 4, "a shared manifest is read once");
        assert_eq!(walk.blobs.len(), 4, "two configs and two layers");
        assert_eq!(walk.root().unwrap().descriptor.digest, root.digest);
        // Layers are never read, even one that claims to be an index.
        assert!(walk.blobs.iter().all(|l| !asked.contains(&l.digest)));
    }

    #[test]
    fn absent_entries_make_a_walk_incomplete() {
        let mut docs = Docs::default();
        let a = docs.image(OCI_MANIFEST, "a");
        let mut gone = Descriptor::new(OCI_MANIFEST, Digest::sha256_of(b"gone"), 10);
        gone.platform = Some(crate::platform::Platform::parse("linux/arm64").unwrap());
        let root = docs.index(&[&a, &gone]);
        let (walk, _) = docs.walk(&root);
        assert!(!walk.is_complete());
        assert_eq!(walk.missing, [gone.clone()]);
        let err = walk.clone().complete("app:v1").unwrap_err().to_string();
        assert!(err.contains("app:v1") && err.contains("linux/arm64") && err.contains(gone.digest.as_str()), "{err}");
        assert!(walk.digests().any(|d| *d == gone.digest), "what is missing is still referenced");
    }

    #[test]
    fn oversized_documents_are_refused_before_they_are_read() {
        let mut docs = Docs::default();
        let mut big = docs.image(OCI_MANIFEST, "big");
        big.size = MAX_MANIFEST_SIZE + 1;
        let root = docs.index(&[&big]);
        let (walk, asked) = docs.walk(&root);
        assert_eq!(asked, std::slice::from_ref(&root.digest), "the big entry was never asked for");
        assert!(matches!(walk.refused[..], [(_, WalkError::TooLarge { .. })]), "{walk:?}");
        assert!(walk.complete("x").unwrap_err().to_string().contains("more than the 4194304"));
    }

    #[test]
    fn substituted_and_mis_sized_documents_are_refused() {
        let mut docs = Docs::default();
        let a = docs.image(OCI_MANIFEST, "a");
        let bytes = docs.0[&a.digest].clone();
        let mut tampered = bytes.clone();
        tampered[10] ^= 1;
        let mut longer = a.clone();
        longer.size += 1;
        for (root, fed, want) in [(longer, &bytes, "declared as"), (a.clone(), &tampered, "does not match its digest")]
        {
            let mut w = Walker::new(root);
            w.need().unwrap();
            w.feed(fed.clone());
            assert!(w.need().is_none());
            let walk = w.finish();
            assert!(walk.manifests.is_empty() && walk.blobs.is_empty());
            assert!(walk.refused[0].1.to_string().contains(want), "{:?}", walk.refused);
        }
        // A sha512 name is checked with sha512.
        let d512 = Descriptor::new(OCI_MANIFEST, Digest::sha512_of(&bytes), bytes.len() as u64);
        for (fed, ok) in [(&bytes, true), (&tampered, false)] {
            let mut w = Walker::new(d512.clone());
            w.need().unwrap();
            w.feed(fed.clone());
            assert!(w.need().is_none());
            assert_eq!(w.finish().is_complete(), ok);
        }
    }

    #[test]
    fn cycles_and_deep_nesting_are_refused() {
        // A digest cannot name a document that contains it, so verified content cannot form
        // a cycle; an entry naming an index on the current path is refused all the same.
        let mut docs = Docs::default();
        let leaf = docs.image(OCI_MANIFEST, "leaf");
        let inner = docs.index(&[&leaf]);
        let mut w = Walker::new(inner.clone());
        w.need().unwrap();
        w.feed(docs.0[&inner.digest].clone());
        w.stack[0].document.descriptor.digest = leaf.digest.clone(); // as if it listed itself
        assert!(w.need().is_none(), "an entry naming an index on the path is not read");
        assert!(matches!(w.finish().refused[..], [(_, WalkError::Cycle { .. })]));

        // Nesting: an index of an index of ... deeper than the limit.
        let mut docs = Docs::default();
        let mut d = docs.image(OCI_MANIFEST, "leaf");
        for _ in 0..=MAX_DEPTH {
            d = docs.index(&[&d]);
        }
        let (walk, _) = docs.walk(&d);
        assert!(matches!(walk.refused[..], [(_, WalkError::TooDeep { .. })]), "{walk:?}");
        assert!(walk.blobs.is_empty());
    }
}
