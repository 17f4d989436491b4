//! `ferry pull` against real registries in all three auth modes, through a fault-injecting
//! proxy, and side by side with skopeo.

use std::time::Duration;

use crate::ferry::Ferry;
use crate::harness::*;

#[test]
fn pull_by_tag_stores_a_verified_oci_image() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1).layers(&[300_000, 20_000, 5]).build();
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]).ok();

    assert_eq!(run.stdout, format!("{}@{}\n", reg.image_ref("app:v1"), image.manifest_digest));
    let stored = ferry.stored(&reg.image_ref("app:v1")).expect("reference recorded in index.json");
    assert_eq!(stored["digest"], image.manifest_digest.as_str());
    assert_eq!(stored["mediaType"], fixtures::OCI_MANIFEST);
    for blob in image.blobs() {
        assert!(ferry.has_blob(&blob.digest), "{} missing", blob.digest);
    }
    verify_oci_layout(&ferry.root()).unwrap();
}

/// Big layers go to disk with direct I/O by default and through the page cache with
/// FERRY_NO_DIRECT_IO=1; sizes that are not a multiple of the 4 KiB alignment on purpose.
#[test]
fn big_layers_land_byte_exact_with_and_without_direct_io() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(5)
        .layers(&[3 * 1024 * 1024 + 4321, 1024 * 1024, 1_048_575])
        .compression(Compression::None)
        .build();
    reg.push_image("app", "v1", &image);
    for ferry in [Ferry::new(), Ferry::new().with_env("FERRY_NO_DIRECT_IO", "1")] {
        ferry.run(&["pull", &reg.image_ref("app:v1")]).ok();
        for blob in image.blobs() {
            assert_eq!(std::fs::read(ferry.blob_path(&blob.digest)).unwrap(), blob.read_all(), "{}", blob.digest);
        }
        assert!(ferry.partial_bytes() == 0, "no partial left behind");
        verify_oci_layout(&ferry.root()).unwrap();
    }
}

#[test]
fn pull_by_digest_of_a_docker_v2s2_image() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(2).format(Format::DockerV2S2).layers(&[50_000]).build();
    reg.push_image("docker/app", "1.0", &image);
    let ferry = Ferry::new();
    let by_digest = format!("{}@{}", reg.image_ref("docker/app"), image.manifest_digest);

    let run = ferry.run(&["pull", &by_digest]).ok();

    assert_eq!(run.stdout.trim(), by_digest);
    let stored = ferry.stored(&by_digest).unwrap();
    assert_eq!(stored["mediaType"], fixtures::DOCKER_MANIFEST);
    // The manifest is kept byte for byte: its digest is its name.
    assert_eq!(std::fs::read(ferry.blob_path(&image.manifest_digest)).unwrap(), image.manifest_bytes);
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn pull_by_digest_rejects_tampered_manifest() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(3).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on("/manifests/").corrupt_byte_at(20));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app@{}", proxy.host(), image.manifest_digest)]).fails_with(1);

    assert!(run.stderr.contains("does not match its digest"), "{}", run.stderr);
    assert!(run.stderr.contains(&image.manifest_digest), "{}", run.stderr);
    assert!(ferry.blob_names().is_empty(), "nothing may be stored");
}

#[test]
fn index_pulled_for_amd64_and_for_arm64() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(10, Format::Oci);
    reg.push_index("multi", "latest", &index);
    let amd64 = index.image_for("amd64").unwrap();
    let arm64 = index.image_for("arm64").unwrap();
    let name = reg.image_ref("multi:latest");

    let ferry = Ferry::new();
    let run = ferry.run(&["pull", "--platform", "linux/amd64", &reg.image_ref("multi")]).ok();
    assert_eq!(run.stdout.trim(), format!("{name}@{}", index.manifest_digest), "stdout names the index digest");
    assert_eq!(ferry.stored(&name).unwrap()["digest"], amd64.manifest_digest.as_str());
    assert!(ferry.has_blob(&amd64.layers[0].digest));
    assert!(!ferry.has_blob(&arm64.layers[0].digest), "only the chosen platform is fetched");

    // The index entry says arm64 + variant v8; the user says linux/arm64.
    ferry.run(&["pull", "--platform", "linux/arm64", &name]).ok();
    let stored = ferry.stored(&name).unwrap();
    assert_eq!(stored["digest"], arm64.manifest_digest.as_str());
    assert_eq!(stored["platform"]["variant"], "v8");
    assert!(ferry.has_blob(&arm64.layers[0].digest));
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn docker_manifest_list_with_aarch64_spelling() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(12, Format::DockerV2S2);
    reg.push_index("list", "v1", &index);
    let ferry = Ferry::new();
    ferry.run(&["pull", "--platform", "linux/aarch64", &reg.image_ref("list:v1")]).ok();
    let stored = ferry.stored(&reg.image_ref("list:v1")).unwrap();
    assert_eq!(stored["digest"], index.image_for("arm64").unwrap().manifest_digest.as_str());
    assert_eq!(stored["mediaType"], fixtures::DOCKER_MANIFEST);
}

#[test]
fn no_matching_platform_lists_what_exists() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(14, Format::Oci);
    reg.push_index("multi", "latest", &index);
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", "--platform", "linux/s390x", &reg.image_ref("multi")]).fails_with(3);

    assert!(run.stderr.contains("linux/s390x"), "{}", run.stderr);
    assert!(run.stderr.contains("linux/amd64") && run.stderr.contains("linux/arm64"), "{}", run.stderr);
    assert!(run.stderr.contains("--platform"), "hint: {}", run.stderr);
}

#[test]
fn all_platforms_stores_the_whole_index() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(16, Format::Oci);
    reg.push_index("multi", "v2", &index);
    let ferry = Ferry::new();

    ferry.run(&["pull", "--all-platforms", &reg.image_ref("multi:v2")]).ok();

    let stored = ferry.stored(&reg.image_ref("multi:v2")).unwrap();
    assert_eq!(stored["digest"], index.manifest_digest.as_str());
    assert_eq!(stored["mediaType"], fixtures::OCI_INDEX);
    for image in &index.images {
        assert!(ferry.has_blob(&image.manifest_digest));
        for blob in image.blobs() {
            assert!(ferry.has_blob(&blob.digest));
        }
    }
    verify_oci_layout(&ferry.root()).unwrap();
}

/// The store is a real OCI layout: skopeo's own pull of the same image has the same
/// manifest digest and exactly the same blobs, and skopeo can read ferry's store.
#[test]
fn pull_matches_skopeo_byte_for_byte() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(20).layers(&[200_000, 1_000]).build();
    reg.push_image("same", "v1", &image);
    let index = Index::multi_arch(22, Format::Oci);
    reg.push_index("same-multi", "v1", &index);

    for (repo, expected_manifest) in
        [("same", &image.manifest_digest), ("same-multi", &index.image_for("amd64").unwrap().manifest_digest)]
    {
        let ferry = Ferry::new();
        ferry.run(&["pull", "--platform", "linux/amd64", &reg.image_ref(&format!("{repo}:v1"))]).ok();
        let theirs = tempfile::tempdir().unwrap();
        skopeo()
            .override_platform("linux", "amd64", None)
            .copy(
                &format!("docker://{}", reg.image_ref(&format!("{repo}:v1"))),
                &format!("oci:{}:v1", theirs.path().display()),
            )
            .src(&reg, None)
            .run();
        let their_index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(theirs.path().join("index.json")).unwrap()).unwrap();
        assert_eq!(their_index["manifests"][0]["digest"], expected_manifest.as_str());
        assert_eq!(ferry.stored(&reg.image_ref(&format!("{repo}:v1"))).unwrap()["digest"], expected_manifest.as_str());
        let their_blobs: std::collections::BTreeSet<String> = std::fs::read_dir(theirs.path().join("blobs/sha256"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(ferry.blob_names(), their_blobs, "{repo}: same blob set as skopeo");
        verify_oci_layout(&ferry.root()).unwrap();

        // And the other way: skopeo reads ferry's store by its reference name.
        let out = skopeo()
            .inspect(&format!("oci:{}:{}", ferry.root().display(), reg.image_ref(&format!("{repo}:v1"))))
            .arg("--raw")
            .run();
        assert_eq!(sha256_digest(out.as_bytes()), *expected_manifest);
    }
}

#[test]
fn a_wrong_byte_in_a_blob_fails_the_pull_and_stores_nothing_for_it() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(30).layers(&[100_000, 2_000]).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let bad = &image.layers[0];
    proxy.add_rule(Rule::on(&bad.digest).method("GET").corrupt_byte_at(5_000));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).fails_with(1);

    assert!(run.stderr.contains(&bad.digest), "the error names the blob: {}", run.stderr);
    assert!(!ferry.has_blob(&bad.digest), "a corrupt blob never gets its name");
    assert!(ferry.stored(&format!("{}/app:v1", proxy.host())).is_none(), "no reference to an incomplete image");
    // Other blobs cut short by the failure keep their partials (resumable); the corrupt one
    // must not, or the next run would resume from bad bytes.
    let partial = ferry.root().join("ingest").join(format!("{}.partial", bad.digest.trim_start_matches("sha256:")));
    assert!(!partial.exists(), "the corrupt bytes are not kept for resuming");
    verify_oci_layout(&ferry.root()).unwrap();
}

/// `--jobs` counts big blobs; small ones share a slot (four under 256 KiB, two under
/// 512 KiB), so an image of many small layers is not fetched a few at a time. Observed at a
/// proxy that holds every blob request back a moment: the weights of the requests waiting
/// at once never exceed one slot, and four small ones do wait together.
#[test]
fn small_blobs_share_a_jobs_slot_and_big_ones_do_not() {
    let reg = Registry::start(Mode::Anonymous);
    let layers = [1_500_000, 400_000, 400_000, 9_000, 9_000, 9_000, 9_000, 9_000];
    let image = ImageSpec::new(36).layers(&layers).compression(Compression::None).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    // Long enough that every request ferry starts at once is seen waiting, even on a busy
    // machine.
    proxy.add_rule(Rule::on("/blobs/").method("GET").delay(Duration::from_millis(1000)));
    let sizes: std::collections::HashMap<String, u64> = image.blobs().map(|b| (b.digest.clone(), b.size)).collect();
    let weight = |r: &RecordedRequest| {
        let digest = r.path.rsplit('/').next().unwrap_or_default();
        sizes[digest].div_ceil(256 * 1024).clamp(1, 4)
    };
    let ferry = Ferry::new();

    let mut child = ferry.spawn(&["pull", "-q", "--jobs", "1", &format!("{}/app:v1", proxy.host())]);
    let (mut most_weight, mut most_waiting) = (0, 0);
    while child.try_wait().unwrap().is_none() {
        let waiting: Vec<RecordedRequest> =
            proxy.requests().into_iter().filter(|r| r.is_blob_get() && r.status == 0).collect();
        most_weight = most_weight.max(waiting.iter().map(weight).sum::<u64>());
        most_waiting = most_waiting.max(waiting.len());
        std::thread::sleep(Duration::from_millis(5));
    }

    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(most_weight <= 4, "more than one slot's worth at once: {most_weight}");
    assert_eq!(most_waiting, 4, "four small blobs share the one slot");
    verify_oci_layout(&ferry.root()).unwrap();
}

/// A disk that fills up mid-blob (here: a file-size limit, which fails writes as a full
/// disk does): the writer's error stops the download and reaches the user, naming the file;
/// nothing hangs.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_pull_with_an_error_that_names_the_file() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(35).layers(&[3 << 20, 2_000]).compression(Compression::None).build();
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();
    let big = &image.layers[0];
    let partial = format!("{}.partial", big.digest.trim_start_matches("sha256:"));

    let mut cmd = ferry.command(&["pull", &reg.image_ref("app:v1")]);
    crate::ferry::limit_file_size(&mut cmd, 2 << 20);
    let run: crate::ferry::Run = cmd.output().unwrap().into();

    let run = run.fails_with(1);
    assert!(run.stderr.contains(&big.digest), "the error names the blob: {}", run.stderr);
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert!(run.stderr.contains(&partial), "{}", run.stderr);
    assert!(!ferry.has_blob(&big.digest));
    assert!(ferry.stored(&reg.image_ref("app:v1")).is_none(), "no reference to an incomplete image");
}

#[test]
fn a_pull_killed_mid_blob_resumes_and_fetches_less_the_second_time() {
    let reg = Registry::start(Mode::Anonymous);
    let size = 24 << 20;
    let image = ImageSpec::new(40).layers(&[size]).compression(Compression::None).on_disk(true).build();
    reg.push_image("big", "v1", &image);
    let total: u64 = image.blobs().map(|b| b.size).sum();
    let layer = image.layers[0].digest.clone();
    let proxy = Proxy::to(&reg);
    let throttle = proxy.add_rule(Rule::on(&layer).method("GET").throttle(6 << 20));
    let ferry = Ferry::new();
    let r = format!("{}/big:v1", proxy.host());

    let mut child = ferry.spawn(&["pull", &r]);
    assert!(
        proxy.wait_until(Duration::from_secs(30), |p| p.bytes_served_for(&layer) > 8 << 20),
        "the download never got going"
    );
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let kept = ferry.partial_bytes();
    assert!(kept > 4 << 20, "a partial download survives the kill ({kept} bytes)");
    assert!(!ferry.has_blob(&layer));
    verify_oci_layout(&ferry.root()).unwrap();

    proxy.clear_rules();
    let _ = throttle;
    proxy.reset_counters();
    let run = ferry.run(&["pull", &r]).ok();
    let second = proxy.blob_bytes_served();
    assert!(second < total, "resumed: {second} bytes fetched of {total}");
    assert!(second <= total - kept + 64 * 1024, "only what was missing moved: {second} of {total}, {kept} kept");
    assert!(proxy.requests_matching(&layer).iter().any(|r| r.header("range").is_some()), "resumed with Range");
    assert!(ferry.has_blob(&layer));
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    assert!(run.stdout.contains(&image.manifest_digest));
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_dropped_connection_is_resumed_within_the_same_run() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(45).layers(&[3 << 20]).compression(Compression::None).build();
    reg.push_image("app", "v1", &image);
    let layer = &image.layers[0];
    let proxy = Proxy::to(&reg);
    let drop_rule = proxy.add_rule(Rule::on(&layer.digest).method("GET").drop_after(1 << 20).times(1));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).ok();

    assert_eq!(proxy.fired(drop_rule), 1);
    let served = proxy.bytes_served_for(&layer.digest);
    assert!(served < layer.size + (1 << 20) + 64 * 1024, "continued, not restarted: {served} bytes for {}", layer.size);
    assert!(run.stderr.contains("retrying from byte"), "{}", run.stderr);
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn two_processes_pulling_the_same_image_both_succeed() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(50).layers(&[2 << 20, 1 << 20, 500_000]).compression(Compression::None).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    // Slow enough that the two runs overlap.
    proxy.add_rule(Rule::on("/blobs/").method("GET").throttle(4 << 20));
    let ferry = Ferry::new();
    let r = format!("{}/app:v1", proxy.host());

    let a = ferry.spawn(&["pull", &r]);
    let b = ferry.spawn(&["pull", &r]);
    let (a, b): (crate::ferry::Run, crate::ferry::Run) =
        (a.wait_with_output().unwrap().into(), b.wait_with_output().unwrap().into());
    a.ok();
    b.ok();

    verify_oci_layout(&ferry.root()).unwrap();
    for blob in image.blobs() {
        assert_eq!(proxy.count("GET", &blob.digest), 1, "{} fetched once between both processes", blob.digest);
    }
}

#[test]
fn pulling_a_present_image_makes_no_blob_requests() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(60).layers(&[10_000, 10_000]).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();
    let r = format!("{}/app:v1", proxy.host());
    ferry.run(&["pull", &r]).ok();
    proxy.reset_counters();

    let run = ferry.run(&["pull", &r]).ok();

    assert_eq!(proxy.blob_gets(), 0);
    assert_eq!(proxy.blob_heads(), 0);
    assert!(run.stderr.contains("up to date"), "{}", run.stderr);
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(70).layers(&[10_000]).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let unavailable = proxy.add_rule(Rule::on("/manifests/").status(503).times(2));
    let limited =
        proxy.add_rule(Rule::on(&image.layers[0].digest).method("GET").status(429).header("Retry-After", "1").times(1));
    let bad_gateway = proxy.add_rule(Rule::on(&image.config.digest).method("GET").status(502).times(1));
    let ferry = Ferry::new();

    let started = std::time::Instant::now();
    let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).ok();

    assert_eq!((proxy.fired(unavailable), proxy.fired(limited), proxy.fired(bad_gateway)), (2, 1, 1));
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was honoured");
    assert!(run.stderr.contains("retrying"), "{}", run.stderr);
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_missing_tag_is_not_retried_and_says_so() {
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &ImageSpec::new(80).build());
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app:nope", proxy.host())]).fails_with(3);

    assert_eq!(proxy.manifest_gets(), 1, "a 404 is final");
    assert!(run.stderr.contains("tag \"nope\" not found"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn basic_auth_over_tls() {
    let reg = Registry::start(Mode::BasicTls);
    let image = ImageSpec::new(90).build();
    reg.push_image("private/app", "v1", &image);
    let ferry = Ferry::trusting(&reg);
    let r = reg.image_ref("private/app:v1");
    assert!(reg.url().starts_with("https://"));

    let anonymous = ferry.run(&["pull", &r]).fails_with(4);
    assert!(anonymous.stderr.contains("authentication required"), "{}", anonymous.stderr);
    assert!(anonymous.stderr.contains("--username"), "hint says how: {}", anonymous.stderr);

    let wrong = ferry.run_with_stdin(&["pull", "-u", "alice", "--password-stdin", &r], "wrong\n").fails_with(4);
    assert!(wrong.stderr.contains("rejected"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("wrong"), "the password is never echoed: {}", wrong.stderr);

    let alice = reg.user("alice");
    ferry.run_with_stdin(&["pull", "-u", alice.name, "--password-stdin", &r], &format!("{}\n", alice.password)).ok();
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn token_auth_anonymous_public_and_credentialed_private() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(100).layers(&[10_000, 20_000]).build();
    reg.push_image("public/app", "v1", &image);
    reg.push_image("private/app", "v1", &image);
    let ferry = Ferry::new();

    // Anonymous token for a public repository.
    ferry.run(&["pull", &reg.image_ref("public/app:v1")]).ok();
    let tokens_for_one_pull = reg.token_requests();
    assert!(tokens_for_one_pull <= 2, "tokens are cached across requests: {tokens_for_one_pull} requests");

    let denied = Ferry::new().run(&["pull", &reg.image_ref("private/app:v1")]).fails_with(4);
    assert!(denied.stderr.contains("authentication required"), "{}", denied.stderr);

    let alice = reg.user("alice");
    let private = Ferry::new();
    private
        .run_with_stdin(
            &["pull", "-u", alice.name, "--password-stdin", &reg.image_ref("private/app:v1")],
            alice.password,
        )
        .ok();
    verify_oci_layout(&private.root()).unwrap();
    let requests = reg.token_server().unwrap().requests();
    assert!(
        requests.iter().any(|r| r.basic_user.as_deref() == Some("alice")),
        "credentials went to the token service: {requests:?}"
    );

    let wrong = Ferry::new()
        .run_with_stdin(&["pull", "-u", "alice", "--password-stdin", &reg.image_ref("private/app:v1")], "nope")
        .fails_with(4);
    assert!(wrong.stderr.contains("rejected"), "{}", wrong.stderr);
}

#[test]
fn progress_is_plain_lines_without_control_codes_when_not_a_tty() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(110).layers(&[2 << 20]).compression(Compression::None).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on("/blobs/").method("GET").throttle(4 << 20));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).ok();

    assert!(run.stderr.contains("progress: "), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\r'), "no control codes: {:?}", run.stderr);
    let quiet = Ferry::new().run(&["pull", "-q", &reg.image_ref("app:v1")]).ok();
    assert!(quiet.stderr.is_empty(), "-q is silent: {}", quiet.stderr);
    assert_eq!(quiet.stdout, format!("{}@{}\n", reg.image_ref("app:v1"), image.manifest_digest));
}

#[test]
fn bad_references_are_usage_errors_that_name_the_input() {
    let ferry = Ferry::new();
    for bad in ["Foo/Bar:1", "app:bad tag", &"a".repeat(64)] {
        let run = ferry.run(&["pull", bad]);
        assert_ne!(run.code, 0);
        assert!(run.stderr.contains("error:"), "{}", run.stderr);
    }
    let run = ferry.run(&["pull", "--platform", "linux/arm/v7/x", "x"]).fails_with(2);
    assert!(run.stderr.contains("linux/arm/v7/x"), "{}", run.stderr);
}

#[test]
fn a_single_platform_image_of_another_platform_is_pulled_with_a_warning() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(120).platform(Platform::linux_arm64_v8()).build();
    reg.push_image("arm", "v1", &image);
    let ferry = Ferry::new();
    let run = ferry.run(&["pull", "--platform", "linux/amd64", &reg.image_ref("arm:v1")]).ok();
    assert!(run.stderr.contains("warning:") && run.stderr.contains("not linux/amd64"), "{}", run.stderr);
    let quiet = Ferry::new().run(&["pull", "--platform", "linux/arm64", &reg.image_ref("arm:v1")]).ok();
    assert!(!quiet.stderr.contains("warning:"), "{}", quiet.stderr);
}

#[test]
fn insecure_accepts_an_untrusted_certificate() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("app", "v1", &ImageSpec::new(130).build());
    let ferry = Ferry::new(); // does not trust the test CA
    let alice = reg.user("alice");
    let strict =
        ferry.run_with_stdin(&["pull", "-u", alice.name, "--password-stdin", &reg.image_ref("app:v1")], alice.password);
    assert_ne!(strict.code, 0);
    assert!(strict.stderr.contains("TLS handshake failed"), "{}", strict.stderr);
    assert!(strict.stderr.contains("--insecure"), "hint: {}", strict.stderr);
    ferry
        .run_with_stdin(
            &["pull", "--insecure", "-u", alice.name, "--password-stdin", &reg.image_ref("app:v1")],
            alice.password,
        )
        .ok();
}
