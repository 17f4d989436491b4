//! What an image consists of is decided in one place, the same for every command: pull and
//! load store what `prune` keeps and `save` writes, whatever media-type strings say, at any
//! nesting depth; and a manifest named by a digest is that content, sha512 as well as sha256.

use std::path::Path;

use serde_json::json;

use crate::ferry::Ferry;
use crate::harness::static_registry::{StaticRegistry, sha512_digest};
use crate::harness::*;

const CHARSET_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json; charset=utf-8";
const ARTIFACT: &str = "application/vnd.example.thing.v1+json";

/// An image's manifest rewritten with `media_type` in its `mediaType` field (none when
/// `None`): (bytes, sha256 digest).
fn manifest_typed(image: &Image, media_type: Option<&str>) -> (Vec<u8>, String) {
    let mut m = json!({
        "schemaVersion": 2,
        "config": image.config.descriptor(),
        "layers": image.layers.iter().map(Blob::descriptor).collect::<Vec<_>>(),
    });
    if let Some(t) = media_type {
        m["mediaType"] = json!(t);
    }
    let bytes = serde_json::to_vec(&m).unwrap();
    let digest = sha256_digest(&bytes);
    (bytes, digest)
}

fn entry(media_type: &str, digest: &str, bytes: &[u8], platform: Option<&str>) -> serde_json::Value {
    let mut e = json!({"mediaType": media_type, "digest": digest, "size": bytes.len()});
    if let Some(p) = platform {
        let (os, arch) = p.split_once('/').unwrap();
        e["platform"] = json!({"os": os, "architecture": arch});
    }
    e
}

fn index_of(entries: &[serde_json::Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": fixtures::OCI_INDEX, "manifests": entries})).unwrap()
}

fn assert_all_blobs(ferry: &Ferry, images: &[&Image]) {
    for image in images {
        for blob in image.blobs() {
            assert!(ferry.has_blob(&blob.digest), "{} ({}) is gone", blob.digest, blob.media_type);
        }
    }
}

/// `save --format oci` of `name` works and the archive loads back with the same blobs.
fn saves_and_loads_back(ferry: &Ferry, name: &str, dir: &Path) {
    let archive = dir.join(format!("{}.tar", sha256_digest(name.as_bytes()).trim_start_matches("sha256:")));
    ferry.run(&["save", "--format", "oci", name, "-o", archive.to_str().unwrap()]).ok();
    let other = Ferry::new();
    other.run(&["load", "-i", archive.to_str().unwrap()]).ok();
    let theirs = other.blob_names();
    assert!(theirs.is_subset(&ferry.blob_names()), "the archive holds only stored blobs");
}

#[test]
fn a_sha512_pinned_pull_or_copy_refuses_a_substituted_manifest() {
    let reg = StaticRegistry::start();
    let wanted = ImageSpec::new(1000).build();
    let served = ImageSpec::new(1001).build();
    let pinned = sha512_digest(&wanted.manifest_bytes);
    reg.image("app", "v1", &wanted);
    reg.image("app", "other", &served);
    reg.manifest("app", &pinned, &served.media_type, &served.manifest_bytes);
    // An index naming its entry by sha512, whose entry the registry substitutes too.
    let index = index_of(&[entry(fixtures::OCI_MANIFEST, &pinned, &wanted.manifest_bytes, Some("linux/amd64"))]);
    reg.manifest("app", "multi", fixtures::OCI_INDEX, &index);
    let ferry = Ferry::new();
    let name = reg.image_ref(&format!("app@{pinned}"));

    let run = ferry.run(&["pull", &name]).fails_with(1);
    assert!(run.stderr.contains("does not match its digest") && run.stderr.contains(&pinned), "{}", run.stderr);
    let run = ferry.run(&["pull", "--all-platforms", &reg.image_ref("app:multi")]).fails_with(1);
    assert!(run.stderr.contains("does not match its digest") && run.stderr.contains(&pinned), "{}", run.stderr);
    assert!(ferry.blob_names().is_empty(), "nothing may be stored: {:?}", ferry.blob_names());
    assert!(ferry.index()["manifests"].as_array().unwrap().is_empty());

    let dst = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&dst);
    let run = ferry.run(&["copy", &name, &format!("{}/app:v1", proxy.host())]).fails_with(1);
    assert!(run.stderr.contains("does not match its digest"), "{}", run.stderr);
    assert!(proxy.requests().is_empty(), "nothing was pushed: {:?}", proxy.requests());
}

#[test]
fn sha512_named_manifests_pull_copy_and_save() {
    let reg = StaticRegistry::start();
    let image = ImageSpec::new(1010).build();
    let arm = ImageSpec::new(1011).platform(Platform::linux_arm64_v8()).build();
    let pinned = sha512_digest(&image.manifest_bytes);
    let arm512 = sha512_digest(&arm.manifest_bytes);
    reg.image("app", "v1", &image);
    reg.image("app", "arm", &arm);
    reg.manifest("app", &pinned, &image.media_type, &image.manifest_bytes);
    reg.manifest("app", &arm512, &arm.media_type, &arm.manifest_bytes);
    let index = index_of(&[
        entry(fixtures::OCI_MANIFEST, &pinned, &image.manifest_bytes, Some("linux/amd64")),
        entry(fixtures::OCI_MANIFEST, &arm512, &arm.manifest_bytes, Some("linux/arm64")),
    ]);
    reg.manifest("app", "multi", fixtures::OCI_INDEX, &index);
    let ferry = Ferry::new();
    let name = reg.image_ref(&format!("app@{pinned}"));

    let run = ferry.run(&["pull", &name]).ok();
    assert_eq!(run.stdout.trim(), name);
    assert_eq!(ferry.stored(&name).unwrap()["digest"], pinned.as_str());
    let stored = ferry.root().join("blobs/sha512").join(pinned.trim_start_matches("sha512:"));
    assert_eq!(std::fs::read(stored).unwrap(), image.manifest_bytes, "kept under the name it was asked by");
    let multi = reg.image_ref("app:multi");
    ferry.run(&["pull", "--all-platforms", &multi]).ok();
    assert_all_blobs(&ferry, &[&image, &arm]);
    ferry.run(&["prune"]).ok();
    assert_all_blobs(&ferry, &[&image, &arm]);
    assert!(ferry.root().join("blobs/sha512").join(arm512.trim_start_matches("sha512:")).is_file());
    ferry.run(&["images"]).ok();
    let dir = tempfile::tempdir().unwrap();
    saves_and_loads_back(&ferry, &name, dir.path());
    saves_and_loads_back(&ferry, &multi, dir.path());

    let dst = Registry::start(Mode::Anonymous);
    ferry.run(&["copy", &name, &dst.image_ref("copied:v1")]).ok();
    assert_eq!(dst.get_manifest("copied", "v1").unwrap().1, image.manifest_bytes);
}

/// Media types that are not one of the four usual strings: a `mediaType` with a parameter,
/// an index entry typed as an artifact. Pull and load accept such images by their shape;
/// prune used to judge them by the string, and deleted their configs and layers.
#[test]
fn prune_keeps_what_pull_and_load_accepted_whatever_the_media_type_strings() {
    let reg = StaticRegistry::start();
    let plain = ImageSpec::new(1020).layers(&[3000, 5000]).build();
    let amd = ImageSpec::new(1021).build();
    let arm = ImageSpec::new(1022).platform(Platform::linux_arm64_v8()).build();
    let (plain_bytes, _) = manifest_typed(&plain, Some(CHARSET_MANIFEST));
    let (amd_bytes, amd_digest) = manifest_typed(&amd, Some(CHARSET_MANIFEST));
    let (arm_bytes, arm_digest) = manifest_typed(&arm, None);
    let index = index_of(&[
        entry(CHARSET_MANIFEST, &amd_digest, &amd_bytes, Some("linux/amd64")),
        entry(ARTIFACT, &arm_digest, &arm_bytes, Some("linux/arm64")),
    ]);
    for image in [&plain, &amd, &arm] {
        for b in image.blobs() {
            reg.blob(b);
        }
    }
    reg.manifest("plain", "v1", CHARSET_MANIFEST, &plain_bytes);
    reg.manifest("multi", &amd_digest, CHARSET_MANIFEST, &amd_bytes);
    reg.manifest("multi", &arm_digest, ARTIFACT, &arm_bytes);
    reg.manifest("multi", "v1", fixtures::OCI_INDEX, &index);
    let ferry = Ferry::new();
    ferry.run(&["pull", &reg.image_ref("plain:v1")]).ok();
    ferry.run(&["pull", "--all-platforms", &reg.image_ref("multi:v1")]).ok();
    assert_all_blobs(&ferry, &[&plain, &amd, &arm]);

    ferry.run(&["prune"]).ok();

    assert_all_blobs(&ferry, &[&plain, &amd, &arm]);
    let dir = tempfile::tempdir().unwrap();
    saves_and_loads_back(&ferry, &reg.image_ref("plain:v1"), dir.path());
    saves_and_loads_back(&ferry, &reg.image_ref("multi:v1"), dir.path());
    // rmi of one image keeps what the other uses, and nothing else.
    ferry.run(&["rmi", &reg.image_ref("plain:v1")]).ok();
    assert_all_blobs(&ferry, &[&amd, &arm]);
    assert!(!ferry.has_blob(&plain.layers[0].digest));

    // The same images from an OCI layout directory.
    let layout = dir.path().join("layout");
    std::fs::create_dir_all(layout.join("blobs/sha256")).unwrap();
    std::fs::write(layout.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    let mut top = entry(fixtures::OCI_INDEX, &sha256_digest(&index), &index, None);
    top["annotations"] = json!({"org.opencontainers.image.ref.name": "example.com/multi:v1"});
    std::fs::write(
        layout.join("index.json"),
        serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [top]})).unwrap(),
    )
    .unwrap();
    let blobs = [&index, &amd_bytes, &arm_bytes]
        .into_iter()
        .map(|b| b.to_vec())
        .chain([&amd, &arm].into_iter().flat_map(|i| i.blobs().map(|b| b.read_all()).collect::<Vec<_>>()));
    for b in blobs {
        std::fs::write(layout.join("blobs/sha256").join(sha256_digest(&b).trim_start_matches("sha256:")), b).unwrap();
    }
    let loaded = Ferry::new();
    loaded.run(&["load", "-i", layout.to_str().unwrap()]).ok();
    assert_all_blobs(&loaded, &[&amd, &arm]);
    loaded.run(&["prune"]).ok();
    assert_all_blobs(&loaded, &[&amd, &arm]);
    saves_and_loads_back(&loaded, "example.com/multi:v1", dir.path());
}

/// Runs ferry to its end and returns its exit code and how many bytes it read (`rchar` of
/// `/proc/PID/io`, read while the exited child is not yet reaped): the kernel's own count,
/// untouched by what the test process itself holds in memory.
#[cfg(target_os = "linux")]
fn run_counting_reads(ferry: &Ferry, args: &[&str]) -> (i32, u64) {
    // Piped, not read: prune's few lines fit the pipe; the child stays owned until reaped.
    let mut child = ferry
        .command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ferry starts");
    // SAFETY: waits (without reaping) for our own child, into a local.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::waitid(libc::P_PID, child.id(), &mut info, libc::WEXITED | libc::WNOWAIT) };
    assert_eq!(r, 0, "waitid: {}", std::io::Error::last_os_error());
    let io = std::fs::read_to_string(format!("/proc/{}/io", child.id())).expect("/proc/PID/io of the exited child");
    let read = io.lines().find_map(|l| l.strip_prefix("rchar: ")).expect("rchar").trim().parse().unwrap();
    let code = child.wait().unwrap().code().unwrap_or(-1);
    (code, read)
}

/// A layer whose descriptor claims to be an index must not make prune read it: only
/// documents are read, and only after their declared size was checked.
#[cfg(target_os = "linux")]
#[test]
fn prune_does_not_read_a_layer_that_claims_to_be_an_index() {
    const BIG: u64 = 32 << 20;
    let reg = StaticRegistry::start();
    let image = ImageSpec::new(1030).layers(&[BIG]).compression(Compression::None).build();
    let mut claims = image.clone();
    claims.layers[0].media_type = fixtures::OCI_INDEX.into();
    let (bytes, _) = manifest_typed(&claims, Some(fixtures::OCI_MANIFEST));
    for b in image.blobs() {
        reg.blob(b);
    }
    reg.manifest("app", "v1", fixtures::OCI_MANIFEST, &bytes);
    let ferry = Ferry::new();
    ferry.run(&["pull", &reg.image_ref("app:v1")]).ok();

    let (code, read) = run_counting_reads(&ferry, &["prune"]);

    assert_eq!(code, 0);
    assert!(read < BIG / 2, "prune read {} MiB: it read the {} MiB layer", read >> 20, BIG >> 20);
    assert_all_blobs(&ferry, &[&image]);
}

/// An index whose entry is an index: pull stores every level, save writes it whole, and
/// refuses (rather than write a partial archive) once the store lacks part of it.
#[test]
fn nested_indexes_are_pulled_whole_and_save_refuses_an_incomplete_store() {
    let reg = Registry::start(Mode::Anonymous);
    let inner = Index::multi_arch(1040, Format::Oci);
    reg.push_index("nest", "inner", &inner);
    let outer = index_of(&[entry(fixtures::OCI_INDEX, &inner.manifest_digest, &inner.manifest_bytes, None)]);
    reg.push_manifest("nest", "v1", fixtures::OCI_INDEX, &outer);
    let ferry = Ferry::new();
    let name = reg.image_ref("nest:v1");

    ferry.run(&["pull", "--all-platforms", &name]).ok();

    let images: Vec<&Image> = inner.images.iter().collect();
    assert_all_blobs(&ferry, &images);
    for image in &images {
        assert!(ferry.has_blob(&image.manifest_digest), "{} missing", image.manifest_digest);
    }
    verify_oci_layout(&ferry.root()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    saves_and_loads_back(&ferry, &name, dir.path());

    std::fs::remove_file(ferry.blob_path(&images[1].layers[0].digest)).unwrap();
    let archive = dir.path().join("partial.tar");
    let run = ferry.run(&["save", "--format", "oci", &name, "-o", archive.to_str().unwrap()]);
    assert_ne!(run.code, 0, "saved an incomplete image:\n{}", run.stderr);
    assert!(run.stderr.contains(&images[1].layers[0].digest), "{}", run.stderr);
    assert!(run.stderr.contains("incomplete"), "{}", run.stderr);
    assert!(!archive.exists(), "no partial archive");
}

/// ferry verifies sha512 manifests, but streams only sha256 blobs into the store: a sha512
/// config or layer is refused by name, and no reference is set.
#[test]
fn a_sha512_blob_is_refused_clearly() {
    let reg = StaticRegistry::start();
    let image = ImageSpec::new(1050).build();
    let config = image.config.read_all();
    let config512 = sha512_digest(&config);
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": fixtures::OCI_MANIFEST,
        "config": {"mediaType": fixtures::OCI_CONFIG, "digest": config512, "size": config.len()},
        "layers": image.layers.iter().map(Blob::descriptor).collect::<Vec<_>>(),
    }))
    .unwrap();
    for b in image.blobs() {
        reg.blob(b);
    }
    reg.manifest("app", "v1", fixtures::OCI_MANIFEST, &manifest);
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]).fails_with(1);

    assert!(
        run.stderr.contains(&config512) && run.stderr.contains("stores only sha256 configs and layers"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("do not match"), "not a corruption: {}", run.stderr);
    assert!(ferry.index()["manifests"].as_array().unwrap().is_empty());
}

/// A layout holding only some of an index's images (`docker save` of one platform of a
/// multi-platform image) names nothing: a reference only ever points at a complete image.
#[test]
fn loading_a_layout_that_lacks_part_of_an_index_names_nothing() {
    let index = Index::multi_arch(1060, Format::Oci);
    let amd = index.image_for("amd64").unwrap();
    let arm = index.image_for("arm64").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout");
    std::fs::create_dir_all(layout.join("blobs/sha256")).unwrap();
    std::fs::write(layout.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    let mut top = entry(fixtures::OCI_INDEX, &index.manifest_digest, &index.manifest_bytes, None);
    top["annotations"] = json!({"org.opencontainers.image.ref.name": "example.com/multi:v1"});
    std::fs::write(
        layout.join("index.json"),
        serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [top]})).unwrap(),
    )
    .unwrap();
    let present =
        [index.manifest_bytes.clone(), amd.manifest_bytes.clone()].into_iter().chain(amd.blobs().map(Blob::read_all));
    for b in present {
        std::fs::write(layout.join("blobs/sha256").join(sha256_digest(&b).trim_start_matches("sha256:")), b).unwrap();
    }
    let ferry = Ferry::new();

    let run = ferry.run(&["load", "-i", layout.to_str().unwrap()]).fails_with(1);

    assert!(run.stderr.contains("incomplete") && run.stderr.contains(&arm.manifest_digest), "{}", run.stderr);
    assert!(run.stderr.contains("linux/arm64"), "{}", run.stderr);
    assert!(ferry.index()["manifests"].as_array().unwrap().is_empty());
}
