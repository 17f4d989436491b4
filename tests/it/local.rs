//! Commands on the local store: images, inspect, rmi, prune.

use crate::ferry::Ferry;
use crate::harness::*;

fn pulled(seed: u64, tags: &[&str]) -> (Registry, Ferry, Image) {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(seed).layers(&[40_000, 1_000]).build();
    let ferry = Ferry::new();
    for tag in tags {
        reg.push_image("app", tag, &image);
        ferry.run(&["pull", "-q", &reg.image_ref(&format!("app:{tag}"))]).ok();
    }
    (reg, ferry, image)
}

#[test]
fn images_lists_table_json_and_references() {
    let (reg, ferry, image) = pulled(200, &["v1", "v2"]);

    let table = ferry.run(&["images"]).ok().stdout;
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("REPOSITORY") && lines[0].contains("IMAGE ID"), "{table}");
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[1].contains(&format!("{}/app", reg.host())) && lines[1].contains("v1"), "{table}");
    assert!(lines[1].contains(&image.config.digest[7..19]), "short image ID: {table}");

    let digests = ferry.run(&["images", "--digests"]).ok().stdout;
    assert!(digests.contains(&image.manifest_digest), "{digests}");

    let rows: Vec<serde_json::Value> = ferry
        .run(&["images", "--format", "json"])
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["Repository"], format!("{}/app", reg.host()));
    assert_eq!(rows[0]["Tag"], "v1");
    assert_eq!(rows[0]["Digest"], image.manifest_digest.as_str());

    let ids = ferry.run(&["images", "-q"]).ok().stdout;
    assert_eq!(ids, format!("{0}\n{0}\n", &image.config.digest[7..19]));

    let filtered = ferry.run(&["images", "--format", "json", "elsewhere/app"]).ok().stdout;
    assert_eq!(filtered, "");
    let one = ferry.run(&["images", "--format", "{{.Tag}}", &reg.image_ref("app:v2")]).ok().stdout;
    assert_eq!(one, "v2\n");
}

#[test]
fn inspect_shows_manifest_and_config() {
    let (reg, ferry, image) = pulled(210, &["v1"]);
    for what in [reg.image_ref("app:v1"), image.manifest_digest.clone(), image.manifest_digest[7..19].to_string()] {
        let out: serde_json::Value = serde_json::from_str(&ferry.run(&["inspect", &what]).ok().stdout).unwrap();
        assert_eq!(out["digest"], image.manifest_digest.as_str());
        assert_eq!(out["config"]["architecture"], "amd64");
        assert_eq!(out["manifest"]["layers"].as_array().unwrap().len(), 2);
    }
    let missing = ferry.run(&["inspect", "nothing:here"]).fails_with(3);
    assert!(missing.stderr.contains("nothing:here"), "{}", missing.stderr);
}

#[test]
fn rmi_untags_and_deletes_blobs_only_when_unreferenced() {
    let (reg, ferry, image) = pulled(220, &["v1", "v2"]);

    let out = ferry.run(&["rmi", &reg.image_ref("app:v1")]).ok();
    assert_eq!(out.stdout.trim(), reg.image_ref("app:v1"));
    assert!(ferry.stored(&reg.image_ref("app:v1")).is_none());
    for blob in image.blobs() {
        assert!(ferry.has_blob(&blob.digest), "v2 still uses {}", blob.digest);
    }

    ferry.run(&["rmi", &reg.image_ref("app:v2")]).ok();
    assert!(ferry.blob_names().is_empty(), "nothing references any blob now");
    verify_oci_layout(&ferry.root()).unwrap();

    let missing = ferry.run(&["rmi", &reg.image_ref("app:v1")]).fails_with(3);
    assert!(missing.stderr.contains("no image"), "{}", missing.stderr);
}

#[test]
fn prune_removes_unreferenced_blobs_and_partials() {
    let (_reg, ferry, image) = pulled(230, &["v1"]);
    let stray = ferry.root().join("blobs/sha256").join("ab".repeat(32));
    std::fs::write(&stray, b"not referenced").unwrap();
    std::fs::write(ferry.root().join("ingest").join(format!("{}.partial", "cd".repeat(32))), vec![0u8; 1000]).unwrap();

    let kept = ferry.run(&["prune", "--keep-partials", "--format", "json"]).ok();
    let report: serde_json::Value = serde_json::from_str(&kept.stdout).unwrap();
    assert_eq!(report["blobsRemoved"], 1);
    assert_eq!(report["partialsRemoved"], 0);
    assert!(!stray.exists());

    let out = ferry.run(&["prune"]).ok();
    assert!(out.stdout.contains("1 partial downloads"), "{}", out.stdout);
    assert_eq!(ferry.partial_bytes(), 0);
    for blob in image.blobs() {
        assert!(ferry.has_blob(&blob.digest), "referenced blobs stay");
    }
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn help_lists_only_working_commands_with_examples() {
    let ferry = Ferry::new();
    let help = ferry.run(&["--help"]).ok().stdout;
    for cmd in ["pull", "images", "inspect", "rmi", "prune"] {
        assert!(help.contains(cmd), "{help}");
        let sub = ferry.run(&[cmd, "--help"]).ok().stdout;
        assert!(sub.contains("Examples:"), "{cmd} --help has examples: {sub}");
    }
    assert_eq!(ferry.run(&["no-such-command"]).code, 2);
}

/// Input that cannot mean anything exits 2 ("usage error", as `ferry --help` says), like
/// clap's own errors, before touching the store or the network.
#[test]
fn malformed_references_platforms_and_names_exit_2() {
    let ferry = Ferry::new();
    let digest = format!("sha256:{}", "a".repeat(64));
    for args in [
        vec!["pull", "Not/A/Reference"],
        vec!["pull", "--platform", "amd65", "localhost:1/app:v1"],
        vec!["pull", "--jobs", "0", "localhost:1/app:v1"],
        vec!["manifest", "app:-bad"],
        vec!["copy", "--platform", "nope", "localhost:1/a:1", "localhost:1/b:1"],
        vec!["tag", "localhost:1/app:v1", &format!("localhost:1/app@{digest}")],
        vec!["load", "-i", "missing.tar", "--tag", &format!("localhost:1/app@{digest}")],
        vec!["save", "--platform", "linux/", "localhost:1/app:v1"],
        vec!["tags", "localhost:1/app:v1"],
        vec!["catalog", "not a host"],
    ] {
        let run = ferry.run(&args).fails_with(2);
        assert!(run.stderr.starts_with("error"), "{args:?}: {}", run.stderr);
    }
}
