//! `ferry save` and `ferry load`, checked against skopeo's docker-archive and OCI readers
//! and writers.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::ferry::{Ferry, Run};
use crate::harness::*;

/// A registry holding `image` as app:v1, and a Ferry that pulled it.
pub(crate) fn pulled(image: &Image) -> (Registry, Ferry, String) {
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", image);
    let ferry = Ferry::new();
    let name = reg.image_ref("app:v1");
    ferry.run(&["pull", "-q", &name]).ok();
    (reg, ferry, name)
}

/// Every regular file of a tar archive, by path.
pub(crate) fn tar_files(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = tar::Archive::new(std::fs::File::open(path).unwrap());
    let mut out = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.header().entry_type().is_file() {
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            out.insert(name, bytes);
        }
    }
    out
}

#[test]
fn save_writes_a_docker_archive_that_skopeo_reads() {
    let image = ImageSpec::new(600).layers(&[200_000, 3_000]).build();
    let (_reg, ferry, name) = pulled(&image);
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("app.tar");

    ferry.run(&["save", &name, "-o", archive.to_str().unwrap()]).ok();

    let files = tar_files(&archive);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest[0]["RepoTags"], serde_json::json!([name]));
    let layers = manifest[0]["Layers"].as_array().unwrap();
    assert_eq!(layers.len(), image.layers.len());
    for (path, diff_id) in layers.iter().zip(&image.diff_ids) {
        assert_eq!(sha256_digest(&files[path.as_str().unwrap()]), *diff_id, "layers are stored uncompressed");
    }
    assert_eq!(sha256_digest(&files[manifest[0]["Config"].as_str().unwrap()]), image.config.digest);

    let layout = dir.path().join("layout");
    skopeo().copy(&format!("docker-archive:{}", archive.display()), &format!("oci:{}:v1", layout.display())).run();
    verify_oci_layout(&layout).unwrap();
    let raw = skopeo().inspect(&format!("docker-archive:{}", archive.display())).arg("--raw").run();
    let seen: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(seen["config"]["digest"], image.config.digest.as_str(), "the config (image ID) survives");
    let layer_digests: Vec<&str> =
        seen["layers"].as_array().unwrap().iter().map(|l| l["digest"].as_str().unwrap()).collect();
    assert_eq!(layer_digests, image.diff_ids.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn a_docker_archive_written_by_skopeo_loads_with_stable_digests_and_pushes() {
    let image = ImageSpec::new(610).format(Format::DockerV2S2).layers(&[150_000, 2_000]).build();
    let (reg, _ferry, _) = pulled(&image);
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("skopeo.tar");
    skopeo()
        .copy(
            &format!("docker://{}", reg.image_ref("app:v1")),
            &format!("docker-archive:{}:example.com/team/app:v1", archive.display()),
        )
        .src(&reg, None)
        .run();

    let ferry = Ferry::new();
    let run = ferry.run(&["load", "-i", archive.to_str().unwrap()]).ok();
    let (loaded_name, digest) = run.stdout.trim().split_once('@').expect("NAME@DIGEST");
    assert_eq!(loaded_name, "example.com/team/app:v1");
    let again = Ferry::new().run(&["load", "-i", archive.to_str().unwrap()]).ok();
    assert_eq!(again.stdout, run.stdout, "the same archive gives the same digests");

    let target = Registry::start(Mode::Anonymous);
    let pushed = target.image_ref("loaded:v1");
    ferry.run(&["tag", "example.com/team/app:v1", &pushed]).ok();
    let push = ferry.run(&["push", &pushed]).ok();
    assert_eq!(push.stdout.trim(), format!("{pushed}@{digest}"));
    let (media_type, bytes) = target.get_manifest("loaded", "v1").unwrap();
    assert_eq!(media_type, fixtures::DOCKER_MANIFEST);
    let manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(manifest["config"]["digest"], image.config.digest.as_str(), "config kept byte for byte");
    for layer in manifest["layers"].as_array().unwrap() {
        assert_eq!(layer["mediaType"], fixtures::DOCKER_LAYER_GZIP);
        assert!(target.blob_exists("loaded", layer["digest"].as_str().unwrap()));
    }
    // Whoever pulls it gets layers whose content matches the config's diff_ids.
    let layout = dir.path().join("check");
    copy_to_oci(&target, "loaded:v1", None, &layout, "v1", false);
    verify_oci_layout(&layout).unwrap();
}

#[test]
fn oci_archives_round_trip_an_index_with_its_digest() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(620, Format::Oci);
    reg.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    let name = reg.image_ref("multi:v1");
    ferry.run(&["pull", "-q", "--all-platforms", &name]).ok();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("multi.tar");

    ferry.run(&["save", "--format", "oci", &name, "-o", archive.to_str().unwrap()]).ok();

    let layout = dir.path().join("layout");
    skopeo()
        .copy(&format!("oci-archive:{}:{name}", archive.display()), &format!("oci:{}:v1", layout.display()))
        .all()
        .run();
    let their_index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(layout.join("index.json")).unwrap()).unwrap();
    assert_eq!(their_index["manifests"][0]["digest"], index.manifest_digest.as_str());

    let other = Ferry::new();
    let run = other.run(&["load", "-i", archive.to_str().unwrap()]).ok();
    assert_eq!(run.stdout.trim(), format!("{name}@{}", index.manifest_digest));
    assert_eq!(other.blob_names(), ferry.blob_names(), "every blob, unchanged");
    let target = Registry::start(Mode::Anonymous);
    other.run(&["tag", &name, &target.image_ref("multi:v1")]).ok();
    let push = other.run(&["push", &target.image_ref("multi:v1")]).ok();
    assert!(push.stdout.contains(&index.manifest_digest), "{}", push.stdout);
}

/// `load` writes big blobs through the same direct-I/O path as `pull`: an unaligned
/// multi-megabyte layer comes back byte for byte.
#[test]
fn load_stores_big_layers_byte_exact() {
    let image = ImageSpec::new(650).layers(&[2_500_001, 1_048_576]).compression(Compression::None).build();
    let (_reg, ferry, name) = pulled(&image);
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("app.tar");
    ferry.run(&["save", "--format", "oci", &name, "-o", archive.to_str().unwrap()]).ok();

    let other = Ferry::new();
    other.run(&["load", "-i", archive.to_str().unwrap()]).ok();

    for blob in image.blobs() {
        assert_eq!(std::fs::read(other.blob_path(&blob.digest)).unwrap(), blob.read_all(), "{}", blob.digest);
    }
    verify_oci_layout(&other.root()).unwrap();
}

#[test]
fn an_oci_layout_directory_with_bare_tags_needs_a_name() {
    let image = ImageSpec::new(630).build();
    let (reg, _ferry, _) = pulled(&image);
    let dir = tempfile::tempdir().unwrap();
    copy_to_oci(&reg, "app:v1", None, dir.path(), "v1", false);
    let ferry = Ferry::new();

    let unnamed = ferry.run(&["load", "-i", dir.path().to_str().unwrap()]).fails_with(1);
    assert!(unnamed.stderr.contains("--tag"), "{}", unnamed.stderr);
    assert!(ferry.index()["manifests"].as_array().unwrap().is_empty(), "nothing named");

    let run = ferry.run(&["load", "-i", dir.path().to_str().unwrap(), "--tag", "localhost:5000/app:v1"]).ok();
    assert_eq!(run.stdout.trim(), format!("localhost:5000/app:v1@{}", image.manifest_digest));
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn load_reads_a_gzipped_archive_from_standard_input() {
    let image = ImageSpec::new(640).layers(&[80_000]).build();
    let (_reg, ferry, name) = pulled(&image);
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("app.tar");
    ferry.run(&["save", &name, "-o", archive.to_str().unwrap()]).ok();
    let gz = dir.path().join("app.tar.gz");
    {
        let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
        std::io::copy(&mut std::fs::File::open(&archive).unwrap(), &mut enc).unwrap();
        enc.finish().unwrap();
    }

    let other = Ferry::new();
    let run: Run = other.command(&["load"]).stdin(std::fs::File::open(&gz).unwrap()).output().unwrap().into();
    let run = run.ok();

    assert!(run.stdout.starts_with(&format!("{name}@sha256:")), "{}", run.stdout);
    let stored = other.stored(&name).unwrap();
    assert_eq!(stored["mediaType"], fixtures::DOCKER_MANIFEST, "a docker archive becomes a v2 schema 2 image");
    assert!(std::fs::read_dir(other.root().join("tmp")).unwrap().next().is_none(), "the spooled copy is gone");
    verify_oci_layout(&other.root()).unwrap();
}
