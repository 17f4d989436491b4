//! `ferry tag` and `ferry push` against real registries: interop with skopeo, only missing
//! bytes moving (HEAD, mounts), chunked and resumed uploads, indexes, and failures that
//! leave the registry as it was.

use crate::ferry::Ferry;
use crate::harness::*;

/// Seeds `image` in a fresh anonymous registry as `app:v1` and pulls it into a new store.
fn stored(image: &Image) -> (Registry, Ferry, String) {
    let source = Registry::start(Mode::Anonymous);
    source.push_image("app", "v1", image);
    let ferry = Ferry::new();
    let name = source.image_ref("app:v1");
    ferry.run(&["pull", "-q", &name]).ok();
    (source, ferry, name)
}

#[test]
fn pushed_image_reads_back_in_skopeo_with_identical_digests() {
    let image = ImageSpec::new(300).layers(&[300_000, 20_000]).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let pushed = target.image_ref("team/app:v1");
    ferry.run(&["tag", &name, &pushed]).ok();

    let run = ferry.run(&["push", &pushed]).ok();

    assert_eq!(run.stdout, format!("{pushed}@{}\n", image.manifest_digest));
    let (media_type, bytes) = target.get_manifest("team/app", "v1").expect("tag pushed");
    assert_eq!(media_type, fixtures::OCI_MANIFEST);
    assert_eq!(bytes, image.manifest_bytes, "manifest bytes unchanged");
    let raw = skopeo().inspect(&format!("docker://{pushed}")).arg("--raw").on(&target, None).run();
    assert_eq!(sha256_digest(raw.as_bytes()), image.manifest_digest);
    let theirs = tempfile::tempdir().unwrap();
    copy_to_oci(&target, "team/app:v1", None, theirs.path(), "v1", false);
    verify_oci_layout(theirs.path()).unwrap();
    let their_blobs: std::collections::BTreeSet<String> = std::fs::read_dir(theirs.path().join("blobs/sha256"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(their_blobs, ferry.blob_names(), "skopeo reads back exactly ferry's blobs");
}

#[test]
fn skopeo_push_then_ferry_pull_and_push_elsewhere_keeps_every_digest() {
    let seed = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(310, Format::DockerV2S2);
    seed.push_index("seed", "v1", &index);
    let layout = tempfile::tempdir().unwrap();
    copy_to_oci(&seed, "seed:v1", None, layout.path(), "v1", true);
    let first = Registry::start(Mode::Anonymous);
    skopeo()
        .copy(&format!("oci:{}:v1", layout.path().display()), &format!("docker://{}", first.image_ref("sk:v1")))
        .all()
        .dest(&first, None)
        .run();
    let (_, skopeo_bytes) = first.get_manifest("sk", "v1").unwrap();
    let second = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();

    ferry.run(&["pull", "-q", "--all-platforms", &first.image_ref("sk:v1")]).ok();
    ferry.run(&["tag", &first.image_ref("sk:v1"), &second.image_ref("copy:v1")]).ok();
    let run = ferry.run(&["push", &second.image_ref("copy:v1")]).ok();

    let (_, ferry_bytes) = second.get_manifest("copy", "v1").unwrap();
    assert_eq!(ferry_bytes, skopeo_bytes, "the index is byte for byte what skopeo pushed");
    assert_eq!(run.stdout.trim(), format!("{}@{}", second.image_ref("copy:v1"), sha256_digest(&skopeo_bytes)));
    let listed: serde_json::Value = serde_json::from_slice(&skopeo_bytes).unwrap();
    let children = listed["manifests"].as_array().unwrap();
    assert_eq!(children.len(), index.images.len());
    for child in children {
        let digest = child["digest"].as_str().unwrap();
        let (_, bytes) = second.get_manifest("copy", digest).expect("child manifest pushed by digest");
        assert_eq!(sha256_digest(&bytes), digest);
        let manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let layers = manifest["layers"].as_array().unwrap();
        for blob in layers.iter().chain(std::iter::once(&manifest["config"])) {
            assert!(second.blob_exists("copy", blob["digest"].as_str().unwrap()), "{blob}");
        }
    }
}

#[test]
fn a_repush_uploads_no_blob_and_a_new_tag_only_puts_the_manifest() {
    let image = ImageSpec::new(320).layers(&[100_000, 3_000]).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let v1 = format!("{}/app:v1", proxy.host());
    let v2 = format!("{}/app:v2", proxy.host());
    ferry.run(&["tag", &name, &v1]).ok();
    ferry.run(&["tag", &name, &v2]).ok();
    ferry.run(&["push", &v1]).ok();
    assert_eq!(proxy.blob_body_uploads(), image.blobs().count(), "first push uploads each blob once");

    proxy.reset_counters();
    let again = ferry.run(&["push", &v1]).ok();
    assert_eq!(proxy.upload_requests(), 0);
    assert_eq!(proxy.count("PUT", "/manifests/"), 0, "the tag already names these bytes");
    assert!(again.stderr.contains("up to date"), "{}", again.stderr);
    assert_eq!(again.stdout.trim(), format!("{v1}@{}", image.manifest_digest));

    proxy.reset_counters();
    ferry.run(&["push", &v2]).ok();
    assert_eq!(proxy.upload_requests(), 0, "every blob was found by HEAD");
    assert_eq!(proxy.blob_heads(), image.blobs().count());
    assert_eq!(proxy.count("PUT", "/manifests/v2"), 1);
    let mut tags = target.tags("app");
    tags.sort();
    assert_eq!(tags, vec!["v1", "v2"]);
}

#[test]
fn pushing_to_a_sibling_repository_mounts_every_blob() {
    let image = ImageSpec::new(330).layers(&[200_000, 5_000]).build();
    let (_source, ferry, name) = stored(&image);
    // Token auth: a mount needs pull on the source repository as well as push on the target.
    let target = Registry::start(Mode::Token);
    let proxy = Proxy::to(&target);
    let alice = target.user("alice");
    let first = format!("{}/team/app:v1", proxy.host());
    let sibling = format!("{}/other/app:v1", proxy.host());
    ferry.run(&["tag", &name, &first]).ok();
    ferry.run_with_stdin(&["push", "-u", alice.name, "--password-stdin", &first], alice.password).ok();
    ferry.run(&["tag", &first, &sibling]).ok();
    proxy.reset_counters();

    let run = ferry.run_with_stdin(&["push", "-u", alice.name, "--password-stdin", &sibling], alice.password).ok();

    assert_eq!(proxy.blob_body_uploads(), 0, "no blob bytes uploaded: {:?}", proxy.requests());
    let mounts = proxy.requests_matching("/v2/other/app/blobs/uploads/?mount=");
    assert_eq!(mounts.len(), image.blobs().count());
    assert!(mounts.iter().all(|r| r.status == 201 && r.path.contains("from=team%2Fapp")), "{mounts:?}");
    assert!(run.stderr.contains("mounted"), "{}", run.stderr);
    assert_eq!(target.get_manifest("other/app", "v1").unwrap().1, image.manifest_bytes);
    let scopes: Vec<String> = target.token_server().unwrap().requests().iter().flat_map(|r| r.scopes()).collect();
    assert!(scopes.iter().any(|s| s == "repository:team/app:pull"), "asked to read the mount source: {scopes:?}");
}

#[test]
fn a_multi_platform_index_pushed_and_pulled_again_keeps_its_digest() {
    let seed = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(340, Format::Oci);
    seed.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", "--all-platforms", &seed.image_ref("multi:v1")]).ok();
    let target = Registry::start(Mode::Anonymous);
    let name = target.image_ref("multi:v1");
    ferry.run(&["tag", &seed.image_ref("multi:v1"), &name]).ok();

    let run = ferry.run(&["push", &name]).ok();
    assert_eq!(run.stdout.trim(), format!("{name}@{}", index.manifest_digest));

    let again = Ferry::new();
    let pulled = again.run(&["pull", "--all-platforms", &name]).ok();
    assert_eq!(pulled.stdout.trim(), format!("{name}@{}", index.manifest_digest));
    assert_eq!(again.stored(&name).unwrap()["digest"], index.manifest_digest.as_str());
    verify_oci_layout(&again.root()).unwrap();

    // One platform of the index, under its own tag: that platform's manifest, unchanged.
    let arm = target.image_ref("multi:arm");
    ferry.run(&["tag", &seed.image_ref("multi:v1"), &arm]).ok();
    let one = ferry.run(&["push", "--platform", "linux/arm64", &arm]).ok();
    let arm64 = index.image_for("arm64").unwrap();
    assert_eq!(one.stdout.trim(), format!("{arm}@{}", arm64.manifest_digest));
    assert_eq!(target.get_manifest("multi", "arm").unwrap().1, arm64.manifest_bytes);
}

#[test]
fn a_stored_index_missing_a_platform_is_refused_unless_one_platform_is_chosen() {
    let seed = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(345, Format::Oci);
    seed.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", "--all-platforms", &seed.image_ref("multi:v1")]).ok();
    let target = Registry::start(Mode::Anonymous);
    let name = target.image_ref("multi:v1");
    ferry.run(&["tag", &seed.image_ref("multi:v1"), &name]).ok();
    // Lost after tagging: tag (like every reference update) takes only complete images.
    let arm64 = index.image_for("arm64").unwrap();
    std::fs::remove_file(ferry.blob_path(&arm64.manifest_digest)).unwrap();

    let refused = ferry.run(&["push", &name]).fails_with(1);
    assert!(refused.stderr.contains("linux/arm64"), "names what is missing: {}", refused.stderr);
    assert!(refused.stderr.contains("--platform"), "hint: {}", refused.stderr);
    assert!(target.get_manifest("multi", "v1").is_none());

    let one = ferry.run(&["push", "--platform", "linux/amd64", &name]).ok();
    let amd64 = index.image_for("amd64").unwrap();
    assert_eq!(one.stdout.trim(), format!("{name}@{}", amd64.manifest_digest));
}

#[test]
fn chunked_uploads_complete_against_distribution() {
    let image = ImageSpec::new(350).layers(&[1_100_000]).compression(Compression::None).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();

    ferry.run(&["push", "--chunk-size", "256KiB", &pushed]).ok();

    let layer = &image.layers[0];
    let patches: Vec<RecordedRequest> = proxy.requests().into_iter().filter(|r| r.method == "PATCH").collect();
    let ranges: Vec<&str> = patches.iter().filter_map(|r| r.header("content-range")).collect();
    assert!(ranges.contains(&"0-262143") && ranges.contains(&"262144-524287"), "{ranges:?}");
    assert!(ranges.contains(&format!("1048576-{}", layer.size - 1).as_str()), "{ranges:?}");
    assert!(patches.iter().all(|r| r.header("content-length").is_some() && r.header("transfer-encoding").is_none()));
    assert!(target.blob_exists("app", &layer.digest));
    assert_eq!(sha256_digest(&target.get_blob("app", &layer.digest).unwrap()), layer.digest);
}

#[test]
fn an_upload_broken_mid_way_resumes_from_the_registry_offset() {
    let image = ImageSpec::new(360).layers(&[1_000_000]).compression(Compression::None).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();
    // The layer's third chunk breaks off after 100 kB; the registry holds the first two.
    let broken = proxy.add_rule(
        Rule::on("/blobs/uploads/")
            .method("PATCH")
            .request_larger_than(200_000)
            .skip(2)
            .drop_request_after(100_000)
            .times(1),
    );

    let run = ferry.run(&["push", "--chunk-size", "256KiB", &pushed]).ok();

    assert_eq!(proxy.fired(broken), 1);
    let layer = &image.layers[0];
    let session: Vec<RecordedRequest> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/blobs/uploads/") && !r.path.ends_with("/blobs/uploads/"))
        .collect();
    let status = session.iter().position(|r| r.method == "GET").expect("asked the session how far it got");
    assert_eq!(session[status].response_header("range"), Some("0-524287"));
    assert_eq!(session[status + 1].header("content-range"), Some("524288-786431"), "continued from there");
    assert_eq!(proxy.count("POST", "/blobs/uploads/"), 2, "one session per blob, none restarted");
    assert!(run.stderr.contains("retrying from byte 524288"), "{}", run.stderr);
    assert_eq!(sha256_digest(&target.get_blob("app", &layer.digest).unwrap()), layer.digest);
}

/// Without a buffering proxy in between, distribution receives part of the broken chunk;
/// it drops that part and reports the offset of the last complete request.
#[test]
fn an_upload_broken_after_the_registry_received_part_of_a_chunk_resumes_at_the_last_whole_chunk() {
    let image = ImageSpec::new(362).layers(&[1_000_000]).compression(Compression::None).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();
    let broken = proxy.add_rule(
        Rule::on("/blobs/uploads/")
            .method("PATCH")
            .request_larger_than(200_000)
            .skip(2)
            .break_forwarded_request_after(100_000)
            .times(1),
    );

    let run = ferry.run(&["push", "--chunk-size", "256KiB", &pushed]).ok();

    assert_eq!(proxy.fired(broken), 1);
    let status = proxy.requests().into_iter().find(|r| r.method == "GET" && r.path.contains("/blobs/uploads/"));
    let status = status.expect("asked the session how much it holds");
    // distribution answers in one of two ways, depending on whether the torn bytes reached
    // its upload file before the connection broke: the last whole chunk (ferry continues
    // from there), or, when they did, a refusal of the session (its size no longer matches
    // the state ferry holds), and ferry starts a new one. Never does ferry assume the
    // registry kept the torn part.
    match status.response_header("range") {
        Some(range) => {
            assert_eq!(range, "0-524287");
            assert_eq!(proxy.count("POST", "/blobs/uploads/"), 2, "no session started over");
            assert!(run.stderr.contains("retrying from byte 524288"), "{}", run.stderr);
        }
        None => {
            assert!(status.status >= 400, "a status without a Range is a refusal: {}", status.status);
            assert_eq!(proxy.count("POST", "/blobs/uploads/"), 3, "the refused session was started over");
        }
    }
    let layer = &image.layers[0];
    assert_eq!(sha256_digest(&target.get_blob("app", &layer.digest).unwrap()), layer.digest);
}

#[test]
fn a_registry_that_lost_the_upload_session_gets_the_blob_in_a_new_one() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let image = ImageSpec::new(368).layers(&[50_000]).build();
    let (_source, ferry, name) = stored(&image);
    let sessions = Arc::new(AtomicUsize::new(0));
    let counter = sessions.clone();
    let unknown =
        |code: &str| FakeResponse::json(404, &serde_json::json!({"errors": [{"code": code, "message": "unknown"}]}));
    let fake = FakeServer::start(move |req| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/v2/") => FakeResponse::new(200),
        ("POST", "/v2/app/blobs/uploads/") => {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            FakeResponse::new(202).header("location", &format!("/v2/app/blobs/uploads/s{n}")).header("range", "0-0")
        }
        // The first session breaks and is then forgotten.
        ("PUT", "/v2/app/blobs/uploads/s0") => FakeResponse::new(500),
        ("GET", "/v2/app/blobs/uploads/s0") => unknown("BLOB_UPLOAD_UNKNOWN"),
        ("PUT", p) if p.starts_with("/v2/app/blobs/uploads/") => {
            if req.query_param("digest") == Some(sha256_digest(&req.body)) {
                FakeResponse::new(201)
            } else {
                FakeResponse::new(400)
            }
        }
        ("PUT", p) if p.starts_with("/v2/app/manifests/") => FakeResponse::new(201),
        _ => unknown("NOT_FOUND"),
    });
    let pushed = format!("{}/app:v1", fake.host());
    ferry.run(&["tag", &name, &pushed]).ok();

    let run = ferry.run(&["push", &pushed]).ok();

    assert_eq!(sessions.load(Ordering::SeqCst), 3, "two blobs, one of them twice");
    assert!(run.stderr.contains("retrying from byte 0"), "{}", run.stderr);
    let requests = fake.requests();
    let blob_puts = requests.iter().filter(|r| r.method == "PUT" && r.path.contains("/blobs/uploads/")).count();
    assert_eq!(blob_puts, 3);
    assert!(requests.iter().any(|r| r.method == "PUT" && r.path == "/v2/app/manifests/v1"));
}

#[test]
fn a_broken_single_put_is_sent_again_and_the_push_succeeds() {
    let image = ImageSpec::new(365).layers(&[600_000]).compression(Compression::None).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();
    let broken = proxy.add_rule(
        Rule::on(&image.layers[0].digest.replace(':', "%3A")).method("PUT").drop_request_after(200_000).times(1),
    );

    let run = ferry.run(&["push", &pushed]).ok();

    assert_eq!(proxy.fired(broken), 1);
    assert!(run.stdout.contains(&image.manifest_digest));
    assert!(target.blob_exists("app", &image.layers[0].digest));
}

#[test]
fn a_body_limit_413_switches_to_chunks() {
    let image = ImageSpec::new(370).layers(&[1_500_000]).compression(Compression::None).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();
    let limit = proxy.add_rule(Rule::on("/blobs/uploads/").request_larger_than(512 * 1024).status(413));

    let run = ferry.run(&["push", &pushed]).ok();

    assert!(proxy.fired(limit) >= 1);
    assert!(proxy.count("PATCH", "/blobs/uploads/") >= 3, "{:?}", proxy.requests());
    assert!(run.stderr.contains("413"), "{}", run.stderr);
    assert!(target.blob_exists("app", &image.layers[0].digest));
}

#[test]
fn pushing_a_missing_reference_fails_with_3_before_any_request() {
    let target = Registry::start(Mode::Anonymous);
    let proxy = Proxy::to(&target);
    let ferry = Ferry::new();

    let run = ferry.run(&["push", &format!("{}/nothing:here", proxy.host())]).fails_with(3);

    assert!(run.stderr.contains("nothing:here"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(proxy.requests().is_empty());
    assert!(run.stdout.is_empty());
}

#[test]
fn pushing_without_push_rights_fails_with_4_and_changes_nothing() {
    let image = ImageSpec::new(380).layers(&[50_000]).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Token);
    let pushed = target.image_ref("team/app:v1");
    ferry.run(&["tag", &name, &pushed]).ok();
    let reader = target.user("reader");

    let run =
        ferry.run_with_stdin(&["push", "-u", reader.name, "--password-stdin", &pushed], reader.password).fails_with(4);

    assert!(run.stderr.contains("denied"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(target.get_manifest("team/app", "v1").is_none());
    for blob in image.blobs() {
        assert!(!target.blob_exists("team/app", &blob.digest));
    }
}

#[test]
fn a_rejected_manifest_fails_clearly_and_the_tag_keeps_its_old_image() {
    let old = ImageSpec::new(390).build();
    let new = ImageSpec::new(391).layers(&[30_000]).build();
    let (_source, ferry, name) = stored(&new);
    let target = Registry::start(Mode::Anonymous);
    target.push_image("app", "v1", &old);
    let proxy = Proxy::to(&target);
    proxy.add_rule(
        Rule::on("/manifests/v1")
            .method("PUT")
            .status(400)
            .body(r#"{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid","detail":"policy"}]}"#),
    );
    let pushed = format!("{}/app:v1", proxy.host());
    ferry.run(&["tag", &name, &pushed]).ok();

    let run = ferry.run(&["push", &pushed]).fails_with(1);

    assert!(run.stderr.contains("MANIFEST_INVALID"), "{}", run.stderr);
    assert!(run.stderr.contains("/v2/app/manifests/v1"), "names the request: {}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(target.get_manifest("app", "v1").unwrap().1, old.manifest_bytes, "the tag still names the old image");
}

#[test]
fn push_all_tags_pushes_every_stored_tag_of_the_repository() {
    let a = ImageSpec::new(400).build();
    let b = ImageSpec::new(401).build();
    let seed = Registry::start(Mode::Anonymous);
    seed.push_image("app", "a", &a);
    seed.push_image("app", "b", &b);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", &seed.image_ref("app:a")]).ok();
    ferry.run(&["pull", "-q", &seed.image_ref("app:b")]).ok();
    let target = Registry::start(Mode::Anonymous);
    ferry.run(&["tag", &seed.image_ref("app:a"), &target.image_ref("app:a")]).ok();
    ferry.run(&["tag", &seed.image_ref("app:b"), &target.image_ref("app:b")]).ok();
    ferry.run(&["tag", &seed.image_ref("app:b"), &target.image_ref("app:latest")]).ok();

    let run = ferry.run(&["push", "--all-tags", &target.image_ref("app")]).ok();

    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    let mut tags = target.tags("app");
    tags.sort();
    assert_eq!(tags, vec!["a", "b", "latest"]);
    assert_eq!(target.get_manifest("app", "latest").unwrap().1, b.manifest_bytes);
    ferry.run(&["push", "--all-tags", &target.image_ref("app:a")]).fails_with(2);
}

#[test]
fn tag_names_a_stored_image_by_reference_or_digest_prefix() {
    let image = ImageSpec::new(410).build();
    let (_source, ferry, name) = stored(&image);

    ferry.run(&["tag", &name, "example.com/team/app"]).ok();
    ferry.run(&["tag", &image.manifest_digest[7..19], "example.com/team/app:short"]).ok();

    for tagged in ["example.com/team/app:latest", "example.com/team/app:short"] {
        assert_eq!(ferry.stored(tagged).unwrap()["digest"], image.manifest_digest.as_str());
    }
    let images = ferry.run(&["images", "--format", "{{.Repository}}:{{.Tag}}"]).ok().stdout;
    assert!(images.contains("example.com/team/app:short"), "{images}");
    ferry.run(&["tag", "nothing:here", "example.com/x:1"]).fails_with(3);
    let digest_target = ferry.run(&["tag", &name, &format!("example.com/x@{}", image.manifest_digest)]);
    assert_ne!(digest_target.code, 0);
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn new_commands_have_examples_in_their_help() {
    let ferry = Ferry::new();
    let help = ferry.run(&["--help"]).ok().stdout;
    for cmd in ["tag", "push", "copy", "delete", "load", "save"] {
        assert!(help.contains(cmd), "{help}");
        let sub = ferry.run(&[cmd, "--help"]).ok().stdout;
        assert!(sub.contains("Examples:"), "{cmd} --help has examples: {sub}");
    }
}

#[test]
fn platform_on_a_single_platform_push_or_oci_save_is_reported_not_silently_ignored() {
    let image = ImageSpec::new(395).build();
    let (_source, ferry, name) = stored(&image);
    let target = Registry::start(Mode::Anonymous);
    let pushed = target.image_ref("app:v1");
    ferry.run(&["tag", &name, &pushed]).ok();

    let run = ferry.run(&["push", "--platform", "linux/arm64", &pushed]).ok();
    assert!(run.stderr.contains("single-platform image") && run.stderr.contains("linux/arm64"), "{}", run.stderr);

    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.tar");
    let run = ferry
        .run(&["save", "--format", "oci", "--platform", "linux/amd64", &name, "-o", archive.to_str().unwrap()])
        .ok();
    assert!(run.stderr.contains("--platform only applies to docker archives"), "{}", run.stderr);
}
