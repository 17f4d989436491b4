//! `ferry load --compression gzip|zstd`: a docker archive's plain layers compressed on all
//! cores, deterministically (the same archive gives the same digests whatever the number of
//! cores), and what was stored still exports to the same files.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::ferry::Ferry;
use crate::harness::layers::{Entry, read_dir_tree, tar_of, text, write_docker_archive};

const TAG: &str = "example.com/team/packed:v1";

/// `ferry load` of `archive` with `args`, on one core when `one_core`; returns the
/// manifest digest and the Ferry.
fn load(archive: &Path, args: &[&str], one_core: bool) -> (String, Ferry) {
    let ferry = Ferry::new();
    let mut all = vec!["load", "-q", "-i", archive.to_str().unwrap()];
    all.extend(args);
    let out = if one_core {
        let cmd = ferry.command(&all);
        let mut taskset = Command::new("taskset");
        taskset.arg("-c").arg("0").arg(cmd.get_program()).args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => taskset.env(k, v),
                None => taskset.env_remove(k),
            };
        }
        taskset.output().unwrap()
    } else {
        ferry.command(&all).output().unwrap()
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let digest = stdout.trim().split_once('@').unwrap().1.to_string();
    (digest, ferry)
}

fn manifest(ferry: &Ferry, digest: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(ferry.blob_path(digest)).unwrap()).unwrap()
}

fn big_archive(dir: &Path) -> std::path::PathBuf {
    let layer = tar_of(&[Entry::file("a", &text(1, 9 << 20)), Entry::file("b", &text(2, 300_000))]);
    let small = tar_of(&[Entry::file("c", b"small")]);
    let path = dir.join("docker.tar");
    write_docker_archive(&path, &[layer, small], TAG);
    path
}

#[test]
fn gzip_layers_are_compressed_in_members_with_the_same_digests_on_any_number_of_cores() {
    let dir = tempfile::tempdir().unwrap();
    let archive = big_archive(dir.path());
    let (digest, ferry) = load(&archive, &[], false);
    let (one_core, _) = load(&archive, &["--compression", "gzip"], true);
    assert_eq!(digest, one_core, "the same digests on one core as on all");

    let m = manifest(&ferry, &digest);
    assert_eq!(m["mediaType"], "application/vnd.docker.distribution.manifest.v2+json");
    let layer = &m["layers"][0];
    assert_eq!(layer["mediaType"], "application/vnd.docker.image.rootfs.diff.tar.gzip");
    let blob = std::fs::read(ferry.blob_path(layer["digest"].as_str().unwrap())).unwrap();
    // Several members: a single-member reader stops after the first 4 MiB.
    let mut first = Vec::new();
    flate2::read::GzDecoder::new(&blob[..]).read_to_end(&mut first).unwrap();
    assert_eq!(first.len(), 4 << 20);
    let mut whole = Vec::new();
    flate2::read::MultiGzDecoder::new(&blob[..]).read_to_end(&mut whole).unwrap();
    assert_eq!(crate::harness::sha256_digest(&whole), m_diff_id(&ferry, &m, 0));
}

fn m_diff_id(ferry: &Ferry, m: &serde_json::Value, i: usize) -> String {
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ferry.blob_path(m["config"]["digest"].as_str().unwrap())).unwrap())
            .unwrap();
    config["rootfs"]["diff_ids"][i].as_str().unwrap().to_string()
}

#[test]
fn zstd_layers_are_deterministic_go_in_an_oci_manifest_and_export_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let archive = big_archive(dir.path());
    let (digest, ferry) = load(&archive, &["--compression", "zstd"], false);
    let (one_core, _) = load(&archive, &["--compression", "zstd"], true);
    assert_eq!(digest, one_core, "the same digests on one core as on all");
    let m = manifest(&ferry, &digest);
    assert_eq!(m["mediaType"], "application/vnd.oci.image.manifest.v1+json");
    assert_eq!(m["config"]["mediaType"], "application/vnd.oci.image.config.v1+json");
    for layer in m["layers"].as_array().unwrap() {
        assert_eq!(layer["mediaType"], "application/vnd.oci.image.layer.v1.tar+zstd");
        let blob = std::fs::read(ferry.blob_path(layer["digest"].as_str().unwrap())).unwrap();
        assert_eq!(&blob[..4], &[0x28, 0xb5, 0x2f, 0xfd]);
    }
    let (_, gzip) = load(&archive, &[], false);
    let (a, b) = (dir.path().join("zstd"), dir.path().join("gzip"));
    ferry.run(&["export", TAG, "-o", a.to_str().unwrap()]).ok();
    gzip.run(&["export", TAG, "-o", b.to_str().unwrap()]).ok();
    let tree = read_dir_tree(&a, false);
    assert_eq!(tree, read_dir_tree(&b, false));
    assert_eq!(tree.file("a").unwrap(), text(1, 9 << 20).as_slice());

    // Saved as a docker archive (plain layers, checked against their diff_ids on the way),
    // it loads again as the same image: the same config, the same gzip digests.
    let saved = dir.path().join("saved.tar");
    ferry.run(&["save", TAG, "-o", saved.to_str().unwrap()]).ok();
    let (again, again_ferry) = load(&saved, &[], false);
    assert_eq!(again, gzip_digest(&archive), "the same image as loading the original archive");
    assert_eq!(manifest(&again_ferry, &again)["config"]["digest"], m["config"]["digest"]);
}

fn gzip_digest(archive: &Path) -> String {
    load(archive, &[], false).0
}
