//! The fuzz targets' bodies: one plain function per target, taking the fuzzer's bytes.
//!
//! Shared by the libFuzzer targets (`fuzz/fuzz_targets/*.rs`, nightly, `cargo fuzz`) and the
//! stable replay test (`tests/fuzz_smoke.rs`), both through `#[path]`, so the library never
//! depends on a fuzzing crate and `cargo test` never needs nightly. Each body only calls
//! ferry's public API and asserts what must hold for every input: no panic, round trips,
//! bounded work. An assertion that fails is a finding, exactly like a panic inside ferry.

#![allow(dead_code)]

use std::collections::HashSet;
use std::io::Write;

use ferry::credentials::docker_config::{ConfigFile, ConfigSource};
use ferry::credentials::{Credential, Env};
use ferry::digest::Digest;
use ferry::manifest::{self, Descriptor, Manifest};
use ferry::mirrors::Mirrors;
use ferry::platform::Platform;
use ferry::reference::{Action, Reference};
use ferry::registry::{challenge, list};
use ferry::walk::Walker;

/// A target's body: the fuzzer's bytes in, a panic out when a property fails.
pub type Body = fn(&[u8]);

/// Every target: its name (the directory under `fuzz/corpus/` and `fuzz/regressions/`, and
/// the `cargo fuzz` target) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("reference", reference),
    ("platform", platform),
    ("challenge", challenge),
    ("link", link),
    ("manifest", manifest),
    ("walk", walk),
    ("docker_archive", docker_archive),
    ("docker_config", docker_config),
    ("registries_conf", registries_conf),
];

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `Reference::parse` and `parse_repository`: whatever parses shows as a string that parses
/// back to the same reference (full form, familiar form, serde, `Reference::new` from parts).
pub fn reference(data: &[u8]) {
    let s = text(data);
    if let Ok(r) = Reference::parse(&s) {
        let shown = r.to_string();
        assert_eq!(Reference::parse(&shown).expect("Display re-parses"), r, "{shown}");
        let familiar = r.familiar();
        assert_eq!(Reference::parse(&familiar).expect("familiar re-parses"), r, "{familiar}");
        let json = serde_json::to_string(&r).expect("serialises");
        assert_eq!(serde_json::from_str::<Reference>(&json).expect("deserialises"), r, "{json}");
        let rebuilt = Reference::new(r.registry(), r.repository(), r.tag(), r.digest().cloned())
            .expect("its own parts are valid");
        assert_eq!(rebuilt, r);
        let _ = r.repository_name().scope(Action::Pull);
        let _ = (r.api_host(), r.manifest_reference(), r.repository_ref().to_string());
        if let Some(tag) = r.tag() {
            assert_eq!(r.without_digest().with_tag(tag).expect("its own tag is valid").tag(), Some(tag));
        }
    }
    if let Ok(r) = Reference::parse_repository(&s) {
        assert!(r.tag().is_none() && r.digest().is_none());
        let shown = r.to_string();
        assert_eq!(Reference::parse_repository(&shown).expect("Display re-parses"), r, "{shown}");
    }
}

/// `Platform::parse` and the selector: the first line is a wanted platform, the rest an index
/// (JSON) to choose from. A parsed platform shows as a string that parses back to it; the
/// selector's choice is an entry that matches.
pub fn platform(data: &[u8]) {
    let s = text(data);
    let (first, rest) = s.split_once('\n').unwrap_or((&s, ""));
    let wanted = match Platform::parse(first) {
        Ok(p) => {
            let shown = p.to_string();
            let again = Platform::parse(&shown).expect("Display re-parses");
            assert_eq!(again.to_string(), shown);
            assert!(p.matches(&again) && again.matches(&p), "{shown}");
            p
        }
        Err(_) => Platform::host(),
    };
    if let Ok(Manifest::Index(index)) = Manifest::parse(rest.as_bytes(), None, "fuzz") {
        match index.select_platform(&wanted) {
            Ok(i) => {
                let chosen = index.manifests[i].platform.as_ref().expect("only entries with a platform match");
                assert!(wanted.matches(chosen), "{wanted} chose {chosen}");
            }
            Err(_) => {
                assert!(index.manifests.iter().filter_map(|d| d.platform.as_ref()).all(|p| !wanted.matches(p)));
            }
        }
    }
}

/// `WWW-Authenticate`: each line is one header value. Parsing never panics, and the
/// challenges of several headers are those of each, in order.
pub fn challenge(data: &[u8]) {
    let s = text(data);
    let headers: Vec<&str> = s.split('\n').collect();
    let all = challenge::parse_all(headers.iter().copied());
    let each: Vec<_> = headers.iter().flat_map(|h| challenge::parse(h)).collect();
    assert_eq!(all, each);
    for c in &all {
        assert!(!c.scheme.is_empty());
        let _ = (c.param("realm"), c.param("service"), c.param("scope"));
    }
}

/// `Link` headers: the first line is the page URL, the second the registry's host, the rest
/// header values. A next link that resolves is a path on that host.
pub fn link(data: &[u8]) {
    let s = text(data);
    let mut lines = s.split('\n');
    let page = lines.next().unwrap_or_default();
    let host = lines.next().unwrap_or_default();
    let values: Vec<&str> = lines.collect();
    let links = list::parse_links(values.iter().copied());
    for l in &links {
        let _ = l.has_rel("next");
    }
    for target in links.iter().map(|l| l.target.as_str()).chain(list::next_link(&links)) {
        if let Ok(path) = list::resolve_next(page, target, host) {
            assert!(path.starts_with('/'), "{path:?}");
        }
    }
}

/// `Manifest::parse` under each media-type hint; a parsed index can choose a platform.
pub fn manifest(data: &[u8]) {
    for hint in [None, Some(manifest::OCI_INDEX), Some(manifest::DOCKER_MANIFEST), Some("application/json")] {
        let _ = manifest::media_type_of(data, hint);
        match Manifest::parse(data, hint, "fuzz") {
            Ok(Manifest::Index(index)) => {
                if let Ok(i) = index.select_platform(&Platform::host()) {
                    assert!(i < index.manifests.len());
                }
            }
            Ok(Manifest::Image(m)) => {
                let _ = m.layers.iter().map(|l| l.size).fold(m.config.size, u64::saturating_add);
            }
            Err(_) => {}
        }
    }
}

/// Documents separated by NUL bytes, the first the root, walked by `walk::Walker`. So that
/// the fuzzer can build trees without computing hashes, `@N` in document `i` (N a digit > i)
/// becomes document N's digest and `#N` its size, later documents first. The walk ends,
/// asks for each document once, and keeps only documents that match their descriptors.
pub fn walk(data: &[u8]) {
    let raw: Vec<&[u8]> = data.split(|b| *b == 0).take(10).collect();
    let mut docs: Vec<Vec<u8>> = vec![Vec::new(); raw.len()];
    let mut digests: Vec<Digest> = vec![Digest::sha256_of(b""); raw.len()];
    for i in (0..raw.len()).rev() {
        let mut out = Vec::with_capacity(raw[i].len());
        let mut j = 0;
        while j < raw[i].len() {
            let b = raw[i][j];
            let n = raw[i].get(j + 1).filter(|d| d.is_ascii_digit()).map(|d| (d - b'0') as usize);
            match (b, n) {
                (b'@', Some(n)) if n > i && n < raw.len() => {
                    out.extend_from_slice(digests[n].as_str().as_bytes());
                    j += 2;
                }
                (b'#', Some(n)) if n > i && n < raw.len() => {
                    out.extend_from_slice(docs[n].len().to_string().as_bytes());
                    j += 2;
                }
                _ => {
                    out.push(b);
                    j += 1;
                }
            }
        }
        digests[i] = Digest::sha256_of(&out);
        docs[i] = out;
    }
    let root = Descriptor::new(manifest::OCI_INDEX, digests[0].clone(), docs[0].len() as u64);
    let mut walker = Walker::new(root);
    let mut asked = HashSet::new();
    while let Some(d) = walker.need() {
        assert!(asked.insert(d.digest.clone()), "the walker asked for {} twice", d.digest);
        match digests.iter().position(|g| *g == d.digest) {
            Some(i) => walker.feed(docs[i].clone()),
            None => walker.absent(),
        }
    }
    let walked = walker.finish();
    for doc in &walked.manifests {
        assert_eq!(doc.bytes.len() as u64, doc.descriptor.size);
        doc.descriptor.digest.verify(&doc.bytes).expect("a walked document matches its digest");
    }
    let complete = walked.is_complete();
    assert_eq!(walked.complete("fuzz").is_ok(), complete);
}

/// A docker archive (`ferry load`'s reading of `manifest.json`): the input is the archive's
/// `manifest.json`, beside a config (`config.json`, one layer), that layer (`layer.tar`), a
/// symlink to it (`link.tar`) and a symlink loop (`loop`), loaded into a fresh store.
pub fn docker_archive(data: &[u8]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let layer = {
        let mut b = tar::Builder::new(Vec::new());
        append(&mut b, "hello.txt", b"hello\n");
        b.into_inner().expect("tar")
    };
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
        Digest::sha256_of(&layer)
    );
    let mut archive = tar::Builder::new(Vec::new());
    append(&mut archive, "manifest.json", data);
    append(&mut archive, "config.json", config.as_bytes());
    append(&mut archive, "layer.tar", &layer);
    for (name, target) in [("link.tar", "layer.tar"), ("loop", "loop")] {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        h.set_mode(0o777);
        archive.append_link(&mut h, name, target).expect("tar");
    }
    let path = dir.path().join("archive.tar");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&archive.into_inner().expect("tar")))
        .expect("write the archive");
    let store = ferry::store::Store::open(&dir.path().join("store")).expect("a fresh store");
    if let Ok(loaded) = ferry::archive::load(&store, &path, None, None, ferry::archive::LayerCompression::Gzip) {
        for image in loaded {
            assert!(Reference::parse(&image.name).is_ok(), "{}", image.name);
        }
    }
}

fn append(b: &mut tar::Builder<Vec<u8>>, name: &str, bytes: &[u8]) {
    let mut h = tar::Header::new_gnu();
    h.set_size(bytes.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, name, bytes).expect("tar");
}

/// `config.json` / `auth.json`: parsed as docker's file and as `DOCKER_AUTH_CONFIG` (which
/// never runs credential helpers, so nothing is executed here), looked up, stored into,
/// erased from, written out; what it writes parses again.
pub fn docker_config(data: &[u8]) {
    let s = text(data);
    let file = ConfigSource::File("fuzz/config.json".into());
    let Ok(config) = ConfigFile::parse(file.clone(), &s) else { return };
    let mut hosts: Vec<String> = vec!["docker.io".into(), "quay.io".into(), "localhost:5000".into()];
    if let Ok(env_config) = ConfigFile::parse(ConfigSource::EnvVar, &s)
        && let Ok((registries, _)) = env_config.registries(&Env::default())
    {
        hosts.extend(registries.into_iter().take(8));
    }
    let env = Env::default();
    for host in &hosts {
        let _ = config.helper_for(host);
        let mut readonly = ConfigFile::parse(ConfigSource::EnvVar, &s).expect("parsed once already");
        let _ = readonly.lookup(host, Some("ns/repo"), &env);
        let _ = readonly.lookup(host, None, &env);
        if readonly.store(host, &Credential::basic("user", "pa:ss"), &env).is_ok() {
            let found = readonly.lookup(host, None, &env).expect("a stored login is readable");
            let (c, _) = found.credential.expect("a stored login is found");
            assert_eq!((c.username.as_str(), c.secret.expose()), ("user", "pa:ss"), "{host}");
        }
        let _ = readonly.erase(host, &env);
        let json = readonly.to_json();
        ConfigFile::parse(file.clone(), &json).expect("what ferry writes parses");
    }
}

/// containers-registries.conf(5) and daemon.json text: whatever is accepted gives, for any
/// reference, either a `Blocked` naming the file or sources that end with the registry
/// itself (never a mirror); errors name the file.
pub fn registries_conf(data: &[u8]) {
    let s = text(data);
    let file = std::path::Path::new("fuzz/registries.conf");
    let mut mirrors = Mirrors::default();
    match mirrors.add_registries_conf(file, &s) {
        Ok(_) => {}
        Err(e) => assert_eq!(e.file, file, "{e}"),
    }
    let _ = mirrors.add_daemon_json(std::path::Path::new("fuzz/daemon.json"), &s);
    let _ = mirrors.insecure_hosts();
    let digest = format!("sha256:{}", "a".repeat(64));
    for r in ["redis", "example.com/team/app:1", "a.example.com:5000/x/y@DIGEST", "localhost:5000/app"] {
        let r = Reference::parse(&r.replace("DIGEST", &digest)).expect("a valid reference");
        match mirrors.sources(&r) {
            Ok(sources) => {
                assert!(!sources.is_empty() && !sources.last().unwrap().mirror, "{sources:?}");
                assert!(sources[..sources.len() - 1].iter().all(|s| s.mirror), "{sources:?}");
            }
            Err(blocked) => assert!(!blocked.file.as_os_str().is_empty()),
        }
    }
}
