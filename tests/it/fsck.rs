//! `ferry fsck`: damage in the store is found, named and (as far as the store alone can)
//! repaired; a pull completes what repair left incomplete.

use crate::ferry::Ferry;
use crate::harness::*;
use crate::snapshots::{check, rendering};

/// A registry serving app:v1 and a store that pulled it (with nothing left in ingest/).
fn pulled(seed: u64) -> (Registry, Ferry, Image, String) {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(seed).layers(&[40_000, 1_000]).build();
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();
    let name = reg.image_ref("app:v1");
    ferry.run(&["pull", "-q", &name]).ok();
    ferry.run(&["prune", "-q"]).ok();
    (reg, ferry, image, name)
}

fn report(ferry: &Ferry) -> (i32, serde_json::Value) {
    let run = ferry.run(&["fsck", "--format", "json"]);
    (run.code, serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout)))
}

/// (kind, subject) of every problem in a JSON report.
fn problems(report: &serde_json::Value) -> Vec<(String, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap().to_string(), p["subject"].as_str().unwrap().to_string()))
        .collect()
}

fn flip_a_byte(path: &std::path::Path, at: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_flipped_byte_is_found_repair_removes_the_blob_and_a_pull_restores_it() {
    let (_reg, ferry, image, name) = pulled(1100);
    let (code, clean) = report(&ferry);
    assert_eq!(code, 0, "{clean}");
    assert_eq!((clean["blobsChecked"].as_u64(), clean["referencesChecked"].as_u64()), (Some(4), Some(1)));
    assert_eq!(clean["clean"], true);

    let layer = &image.layers[0].digest;
    flip_a_byte(&ferry.blob_path(layer), 20_000);
    let (code, found) = report(&ferry);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&found),
        [("damaged-blob".to_string(), layer.clone()), ("damaged-image".to_string(), name.clone())]
    );
    let run = ferry.run(&["fsck"]).fails_with(1);
    assert!(run.stdout.contains(&format!("damaged blob {layer}: its content hashes to sha256:")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("damaged image {name}: uses the damaged blob {layer}")), "{}", run.stdout);
    assert!(run.stderr.contains("ferry fsck --repair") && run.stderr.contains("2 problems"), "{}", run.stderr);

    let run = ferry.run(&["fsck", "--repair"]).fails_with(1);
    assert!(run.stdout.contains(&format!("Removed damaged blob {layer}")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("incomplete image {name}: {layer} not in the store")), "{}", run.stdout);
    assert!(run.stderr.contains(&format!("run `ferry pull {name}`")), "{}", run.stderr);
    assert!(!ferry.has_blob(layer));

    ferry.run(&["pull", "-q", &name]).ok();
    assert_eq!(sha256_file(&ferry.blob_path(layer)).unwrap(), *layer);
    let run = ferry.run(&["fsck"]).ok();
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
}

#[test]
fn a_deleted_layer_and_a_stray_partial_are_reported_and_a_pull_completes_the_image() {
    let (_reg, ferry, image, name) = pulled(1101);
    let layer = &image.layers[1].digest;
    std::fs::remove_file(ferry.blob_path(layer)).unwrap();
    let partial = ferry.root().join("ingest").join(format!("{}.partial", "cd".repeat(32)));
    std::fs::write(&partial, vec![0u8; 1000]).unwrap();

    let (code, found) = report(&ferry);
    assert_eq!(code, 1);
    assert_eq!(problems(&found), [("incomplete-image".to_string(), name.clone())]);
    assert!(found["problems"][0]["message"].as_str().unwrap().contains(layer.as_str()), "{found}");
    let leftovers = found["leftovers"].as_array().unwrap();
    assert_eq!(leftovers.len(), 1, "{found}");
    assert_eq!(leftovers[0]["path"], format!("ingest/{}.partial", "cd".repeat(32)));
    assert_eq!(leftovers[0]["bytes"], 1000);

    // A partial alone is not a problem: a pull resumes it.
    let (_reg2, other, _, _) = pulled(1102);
    std::fs::write(other.root().join("ingest").join(format!("{}.partial", "ef".repeat(32))), b"x").unwrap();
    let run = other.run(&["fsck"]).ok();
    assert!(run.stdout.contains("leftover ingest/") && run.stdout.contains("no problems"), "{}", run.stdout);

    let run = ferry.run(&["fsck", "--repair", "--format", "json"]).fails_with(1);
    let after: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(after["repaired"]["leftoversRemoved"], 1, "{after}");
    assert_eq!(after["leftovers"].as_array().unwrap().len(), 0);
    assert!(!partial.exists());
    assert_eq!(problems(&after), [("incomplete-image".to_string(), name.clone())]);

    ferry.run(&["pull", "-q", &name]).ok();
    let (code, clean) = report(&ferry);
    assert_eq!(code, 0, "{clean}");
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_truncated_or_garbage_index_json_is_reported_and_replaced_keeping_the_old_one() {
    for (i, damage) in
        [&b"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\""[..], b"\x00\x01garbage"].iter().enumerate()
    {
        let (_reg, ferry, image, name) = pulled(1103 + i as u64);
        std::fs::write(ferry.root().join("index.json"), damage).unwrap();

        let run = ferry.run(&["fsck"]).fails_with(1);
        assert!(run.stdout.contains("layout index.json: does not parse"), "{}", run.stdout);
        assert!(run.stdout.contains("4 unreferenced blobs"), "{}", run.stdout);

        let run = ferry.run(&["fsck", "--repair"]).ok();
        let kept = ferry.root().join("index.json.damaged");
        assert!(run.stdout.contains(&format!("Moved index.json, which did not parse, to {}", kept.display())));
        assert_eq!(std::fs::read(&kept).unwrap(), *damage, "the damaged file is kept as it was");
        assert!(ferry.index()["manifests"].as_array().unwrap().is_empty());

        // The blobs stayed: pulling again only has to set the reference.
        ferry.run(&["pull", "-q", &name]).ok();
        assert!(image.blobs().all(|b| ferry.has_blob(&b.digest)));
        ferry.run(&["fsck"]).ok();
        ferry.run(&["images"]).ok();
    }
}

#[test]
fn a_directory_that_is_not_a_store_is_refused_and_left_alone() {
    let ferry = Ferry::new();
    let run = ferry.run(&["fsck"]).fails_with(1);
    assert!(run.stderr.contains("it has no oci-layout, index.json or blobs/"), "{}", run.stderr);
    assert!(!ferry.root().exists(), "fsck created nothing");
}

#[test]
fn fsck_outputs() {
    let (reg, ferry, image, _) = pulled(1110);
    let run = ferry.run(&["fsck"]);
    check("fsck_clean", rendering(&run, Some(&reg), &ferry));

    flip_a_byte(&ferry.blob_path(&image.config.digest), 3);
    std::fs::remove_file(ferry.blob_path(&image.layers[1].digest)).unwrap();
    std::fs::write(ferry.root().join("ingest").join(format!("{}.partial", "cd".repeat(32))), vec![0u8; 1000]).unwrap();
    let run = ferry.run(&["fsck"]);
    check("fsck_damaged", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["fsck", "--repair"]);
    check("fsck_repair", rendering(&run, Some(&reg), &ferry));
}
