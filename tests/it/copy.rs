//! `ferry copy` (registry to registry, nothing stored locally) and `ferry delete`.

use crate::ferry::Ferry;
use crate::harness::*;

#[test]
fn copy_between_registries_keeps_the_index_digest_and_stores_nothing() {
    let src = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(500, Format::Oci);
    src.push_index("multi", "v1", &index);
    let dst = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();

    let run = ferry.run(&["copy", &src.image_ref("multi:v1"), &dst.image_ref("team/multi:v1")]).ok();

    assert_eq!(run.stdout, format!("{}@{}\n", dst.image_ref("team/multi:v1"), index.manifest_digest));
    assert_eq!(dst.get_manifest("team/multi", "v1").unwrap().1, index.manifest_bytes);
    for image in &index.images {
        assert_eq!(dst.get_manifest("team/multi", &image.manifest_digest).unwrap().1, image.manifest_bytes);
        for blob in image.blobs() {
            assert!(dst.blob_exists("team/multi", &blob.digest));
        }
    }
    assert!(!ferry.root().exists(), "copy does not even open the local store");
}

#[test]
fn copy_within_a_registry_mounts_instead_of_uploading() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(510).layers(&[400_000, 1_000]).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();

    let run =
        ferry.run(&["copy", &format!("{}/app:v1", proxy.host()), &format!("{}/release/app:1.0", proxy.host())]).ok();

    assert_eq!(proxy.blob_body_uploads(), 0, "{:?}", proxy.requests());
    assert_eq!(proxy.blob_gets(), 0, "no blob bytes read either");
    assert_eq!(proxy.requests_matching("?mount=").len(), image.blobs().count());
    assert_eq!(reg.get_manifest("release/app", "1.0").unwrap().1, image.manifest_bytes);
    assert!(run.stdout.contains(&image.manifest_digest));
}

#[test]
fn copy_of_chosen_platforms_gives_that_image_or_a_smaller_index() {
    let src = Registry::start(Mode::Anonymous);
    let arm_v7 = ImageSpec::new(522).platform(Platform::new("linux", "arm", Some("v7"))).build();
    let index = {
        let two = Index::multi_arch(520, Format::Oci);
        Index::new(Format::Oci, vec![two.images[0].clone(), two.images[1].clone(), arm_v7.clone()])
    };
    src.push_index("multi", "v1", &index);
    let dst = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();
    let arm64 = index.image_for("arm64").unwrap();
    let amd64 = index.image_for("amd64").unwrap();

    let one =
        ferry.run(&["copy", "--platform", "linux/arm64", &src.image_ref("multi:v1"), &dst.image_ref("one:v1")]).ok();
    assert_eq!(one.stdout.trim(), format!("{}@{}", dst.image_ref("one:v1"), arm64.manifest_digest));
    assert_eq!(dst.get_manifest("one", "v1").unwrap().1, arm64.manifest_bytes);
    assert!(!dst.blob_exists("one", &amd64.layers[0].digest));

    let two = ferry
        .run(&["copy", "--platform", "linux/amd64,linux/arm/v7", &src.image_ref("multi:v1"), &dst.image_ref("two:v1")])
        .ok();
    let (media_type, bytes) = dst.get_manifest("two", "v1").unwrap();
    assert_eq!(media_type, fixtures::OCI_INDEX);
    assert_eq!(two.stdout.trim(), format!("{}@{}", dst.image_ref("two:v1"), sha256_digest(&bytes)));
    let listed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let digests: Vec<&str> =
        listed["manifests"].as_array().unwrap().iter().map(|d| d["digest"].as_str().unwrap()).collect();
    assert_eq!(digests, vec![amd64.manifest_digest.as_str(), arm_v7.manifest_digest.as_str()]);
    assert_eq!(dst.get_manifest("two", &arm_v7.manifest_digest).unwrap().1, arm_v7.manifest_bytes);
    assert!(!dst.blob_exists("two", &arm64.layers[0].digest));

    let none = ferry.run(&["copy", "--platform", "linux/s390x", &src.image_ref("multi:v1"), &dst.image_ref("x:v1")]);
    assert_eq!(none.code, 3, "{}", none.stderr);
    assert!(none.stderr.contains("linux/arm/v7"), "lists what exists: {}", none.stderr);
}

#[test]
fn copy_survives_a_source_stream_that_breaks() {
    let src = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(530).layers(&[700_000]).compression(Compression::None).build();
    src.push_image("app", "v1", &image);
    let proxy = Proxy::to(&src);
    let broken = proxy.add_rule(Rule::on(&image.layers[0].digest).method("GET").drop_after(300_000).times(1));
    let dst = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();

    let run = ferry.run(&["copy", &format!("{}/app:v1", proxy.host()), &dst.image_ref("app:v1")]).ok();

    assert_eq!(proxy.fired(broken), 1);
    assert!(run.stderr.contains("retrying"), "{}", run.stderr);
    let layer = &image.layers[0];
    assert_eq!(sha256_digest(&dst.get_blob("app", &layer.digest).unwrap()), layer.digest);
    assert_eq!(dst.get_manifest("app", "v1").unwrap().1, image.manifest_bytes);
}

#[test]
fn copy_of_a_missing_image_exits_3_and_writes_nothing() {
    let src = Registry::start(Mode::Anonymous);
    let dst = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&dst);
    let run =
        Ferry::new().run(&["copy", &src.image_ref("nope:v1"), &format!("{}/nope:v1", proxy.host())]).fails_with(3);
    assert!(run.stderr.contains("MANIFEST_UNKNOWN") || run.stderr.contains("not found"), "{}", run.stderr);
    assert!(proxy.requests().is_empty(), "the destination was not touched");
}

#[test]
fn delete_by_tag_removes_the_manifest_and_names_the_other_tags() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(540).build();
    let other = ImageSpec::new(541).build();
    reg.push_image("app", "v1", &image);
    reg.push_image("app", "alias", &image);
    reg.push_image("app", "v2", &other);
    let alice = reg.user("alice");

    let run = Ferry::new()
        .run_with_stdin(&["delete", "-u", alice.name, "--password-stdin", &reg.image_ref("app:v1")], alice.password)
        .ok();

    assert_eq!(run.stdout, format!("{}\n", reg.image_ref(&format!("app@{}", image.manifest_digest))));
    assert!(run.stderr.contains("alias"), "names the other tag: {}", run.stderr);
    assert!(reg.get_manifest("app", "v1").is_none());
    assert!(reg.get_manifest("app", &image.manifest_digest).is_none());
    assert_eq!(reg.get_manifest("app", "v2").unwrap().1, other.manifest_bytes, "other images stay");
}

#[test]
fn delete_of_an_unknown_tag_exits_3_and_deletes_nothing() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(550).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);

    let run = Ferry::new().run(&["delete", &format!("{}/app:nope", proxy.host())]).fails_with(3);

    assert!(run.stderr.contains("MANIFEST_UNKNOWN"), "{}", run.stderr);
    assert_eq!(proxy.count("DELETE", "/"), 0);
    assert!(reg.get_manifest("app", "v1").is_some());
}

#[test]
fn delete_without_rights_exits_4() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(560).build();
    reg.push_image("app", "v1", &image);
    let reader = reg.user("reader");

    let run = Ferry::new()
        .run_with_stdin(&["delete", "-u", reader.name, "--password-stdin", &reg.image_ref("app:v1")], reader.password)
        .fails_with(4);

    assert!(run.stderr.contains("denied"), "{}", run.stderr);
    assert!(reg.get_manifest("app", "v1").is_some());
}
