//! docker's habits in ferry's pull and push: the platforms `--platform` takes and the
//! fallbacks it allows, `Using default tag`, the `Digest:`/`Status:` lines, per-layer records,
//! `pull --all-tags`, and push's `TAG: digest: … size: N` and `Mounted from REPO`.

use crate::ferry::Ferry;
use crate::harness::*;

fn index_of(reg: &Registry, repo: &str, platforms: &[Platform], seed: u64) -> Index {
    let images = platforms
        .iter()
        .enumerate()
        .map(|(i, p)| ImageSpec::new(seed + i as u64).platform(p.clone()).build())
        .collect();
    let index = Index::new(Format::Oci, images);
    reg.push_index(repo, "v1", &index);
    index
}

/// Pulls `repo:v1` with `--platform wanted` and returns the architecture/variant of the
/// image that was stored.
fn picked(reg: &Registry, index: &Index, repo: &str, wanted: &str) -> String {
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", "--platform", wanted, &reg.image_ref(&format!("{repo}:v1"))]).ok();
    let chosen: Vec<&Image> = index.images.iter().filter(|i| ferry.has_blob(&i.manifest_digest)).collect();
    assert_eq!(chosen.len(), 1, "one image stored for {wanted}");
    let p = &chosen[0].platform;
    format!("{}/{}{}", p.os, p.architecture, p.variant.as_deref().map(|v| format!("/{v}")).unwrap_or_default())
}

#[test]
fn platforms_are_taken_and_fallen_back_on_as_docker_does() {
    let reg = Registry::start(Mode::Anonymous);
    let full = index_of(
        &reg,
        "full",
        &[
            Platform::linux_amd64(),
            Platform::linux_arm64_v8(),
            Platform::new("linux", "arm", Some("v7")),
            Platform::new("linux", "386", None),
        ],
        900,
    );
    // One word, as `docker pull --platform` takes it.
    assert_eq!(picked(&reg, &full, "full", "arm64"), "linux/arm64/v8");
    assert_eq!(picked(&reg, &full, "full", "aarch64"), "linux/arm64/v8");
    assert_eq!(picked(&reg, &full, "full", "armhf"), "linux/arm/v7");
    assert_eq!(picked(&reg, &full, "full", "x86_64"), "linux/amd64");
    assert_eq!(picked(&reg, &full, "full", "i386"), "linux/386");
    // docker's fallbacks when the exact platform is missing: amd64 takes 386, arm64 takes
    // arm/v7.
    let old =
        index_of(&reg, "old", &[Platform::new("linux", "386", None), Platform::new("linux", "arm", Some("v7"))], 910);
    assert_eq!(picked(&reg, &old, "old", "linux/amd64"), "linux/386");
    assert_eq!(picked(&reg, &old, "old", "linux/arm64"), "linux/arm/v7");
    // No fallback the other way: 386 does not run amd64; the error lists what there is.
    let run = Ferry::new().run(&["pull", "--platform", "linux/arm/v6", &reg.image_ref("old:v1")]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("linux/386") && run.stderr.contains("linux/arm/v7"), "{}", run.stderr);
    // Nonsense is a usage error naming the input.
    let run = Ferry::new().run(&["pull", "--platform", "amd65", &reg.image_ref("old:v1")]).fails_with(2);
    assert!(run.stderr.contains("\"amd65\""), "{}", run.stderr);
}

#[test]
fn pull_ends_with_dockers_digest_and_status_lines() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(920).layers(&[5000, 7000]).build();
    reg.push_image("app", "latest", &image);
    let ferry = Ferry::new();

    let first = ferry.run(&["pull", "--progress", "plain", &reg.image_ref("app")]).ok();
    let name = reg.image_ref("app:latest");
    assert_eq!(first.stdout, format!("{name}@{}\n", image.manifest_digest), "stdout keeps its one line");
    assert!(first.stderr.starts_with("Using default tag: latest\n"), "{}", first.stderr);
    assert!(
        first
            .stderr
            .ends_with(&format!("Digest: {}\nStatus: Downloaded newer image for {name}\n", image.manifest_digest))
    );
    for layer in &image.layers {
        let short = &layer.hex()[..12];
        assert!(first.stderr.contains(&format!("{short}: Pull complete\n")), "{}", first.stderr);
    }

    let again = ferry.run(&["pull", "--progress", "plain", &name]).ok();
    assert!(!again.stderr.contains("Using default tag"), "the tag was given: {}", again.stderr);
    assert!(again.stderr.ends_with(&format!("Status: Image is up to date for {name}\n")), "{}", again.stderr);
    assert!(again.stderr.contains(&format!("{}: Already exists\n", &image.layers[0].hex()[..12])));

    // Every blob is already stored, but the tag is new: that is a newer image for it, as
    // docker says, never "up to date".
    reg.push_image("app", "v2", &image);
    let v2 = reg.image_ref("app:v2");
    let tagged = ferry.run(&["pull", &v2]).ok();
    assert!(tagged.stderr.ends_with(&format!("Status: Downloaded newer image for {v2}\n")), "{}", tagged.stderr);
    assert!(!tagged.stderr.contains("up to date"), "{}", tagged.stderr);

    let quiet = ferry.run(&["pull", "-q", &v2]).ok();
    assert_eq!(quiet.stderr, "", "-q prints nothing but errors");

    // --format json: one object per pulled reference.
    let json = ferry.run(&["pull", "-q", "--format", "json", &v2]).ok();
    let out: serde_json::Value = serde_json::from_str(json.stdout.trim_end()).unwrap();
    assert_eq!(out["reference"], v2.as_str());
    assert_eq!(out["digest"], image.manifest_digest.as_str());
    assert_eq!(out["blobs"], 3);
    assert_eq!(out["blobsFetched"], 0);
    assert_eq!(out["updated"], false);
    assert!(out.get("servedBy").is_none(), "no mirrors configured: {out}");
}

#[test]
fn pull_all_tags_pulls_every_tag_of_the_repository() {
    let reg = Registry::start(Mode::Anonymous);
    let images: Vec<Image> = (0..3).map(|i| ImageSpec::new(930 + i).build()).collect();
    for (tag, image) in ["a", "b", "c"].iter().zip(&images) {
        reg.push_image("many", tag, image);
    }
    let ferry = Ferry::new();
    let run = ferry.run(&["pull", "-a", &reg.image_ref("many")]).ok();
    let lines: Vec<String> = ["a", "b", "c"]
        .iter()
        .zip(&images)
        .map(|(tag, image)| format!("{}@{}", reg.image_ref(&format!("many:{tag}")), image.manifest_digest))
        .collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), lines);
    for tag in ["a", "b", "c"] {
        assert!(ferry.stored(&reg.image_ref(&format!("many:{tag}"))).is_some(), "{tag}");
    }
    assert_eq!(run.stderr.matches("Status: Downloaded newer image for").count(), 3, "{}", run.stderr);

    // A tag with --all-tags means nothing: a usage error, as in docker.
    let run = ferry.run(&["pull", "--all-tags", &reg.image_ref("many:a")]).fails_with(2);
    assert!(run.stderr.contains("--all-tags"), "{}", run.stderr);
}

#[test]
fn push_prints_dockers_digest_line_and_names_the_repository_a_layer_was_mounted_from() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(940).layers(&[3000, 4000]).build();
    reg.push_image("library/debian", "v1", &image);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", &reg.image_ref("library/debian:v1")]).ok();
    let target = reg.image_ref("team/app:v1");
    ferry.run(&["tag", &reg.image_ref("library/debian:v1"), &target]).ok();

    let run = ferry.run(&["push", "--progress", "plain", &target]).ok();
    for layer in &image.layers {
        let line = format!("{}: Mounted from library/debian\n", &layer.hex()[..12]);
        assert!(run.stderr.contains(&line), "{}", run.stderr);
    }
    let size = image.manifest_bytes.len();
    assert!(run.stderr.ends_with(&format!("v1: digest: {} size: {size}\n", image.manifest_digest)), "{}", run.stderr);
}

fn auth_json(reg: &Registry) -> String {
    use base64::Engine as _;
    let alice = reg.user("alice");
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", alice.name, alice.password));
    serde_json::json!({"auths": {reg.host(): {"auth": auth}}}).to_string()
}

#[test]
fn podmans_auth_json_files_are_read_where_podman_keeps_them() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(950).build());
    let name = reg.image_ref("private/app:v1");
    Ferry::trusting(&reg).run(&["pull", "-q", &name]).fails_with(4);

    // `podman login` as a user: ~/.config/containers/auth.json.
    let ferry = Ferry::trusting(&reg);
    let file = ferry.home().join(".config/containers/auth.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, auth_json(&reg)).unwrap();
    ferry.run(&["pull", "-q", &name]).ok();

    // `podman login` with a runtime dir: $XDG_RUNTIME_DIR/containers/auth.json.
    let runtime = tempfile::tempdir().unwrap();
    let ferry = Ferry::trusting(&reg).with_env("XDG_RUNTIME_DIR", runtime.path().display().to_string());
    std::fs::create_dir_all(runtime.path().join("containers")).unwrap();
    std::fs::write(runtime.path().join("containers/auth.json"), auth_json(&reg)).unwrap();
    ferry.run(&["pull", "-q", &name]).ok();
    // …and `ferry logout` removes it there too.
    ferry.run(&["logout", &reg.host()]).ok();
    ferry.run(&["pull", "-q", &name]).fails_with(4);
}

#[test]
fn config_dir_flag_points_at_another_docker_config_as_dockers_does() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(960).build());
    let name = reg.image_ref("private/app:v1");
    let ferry = Ferry::trusting(&reg);
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().display().to_string();
    std::fs::write(elsewhere.path().join("config.json"), auth_json(&reg)).unwrap();

    ferry.run(&["pull", "-q", &name]).fails_with(4);
    ferry.run(&["pull", "-q", "--config", &dir, &name]).ok();

    // Logins go there too, and not to the default config.json.
    let other = tempfile::tempdir().unwrap();
    let alice = reg.user("alice");
    let other_dir = other.path().display().to_string();
    ferry
        .run_with_stdin(
            &["--config", &other_dir, "login", &reg.host(), "-u", alice.name, "--password-stdin"],
            alice.password,
        )
        .ok();
    assert!(other.path().join("config.json").exists());
    assert!(!ferry.docker_config().exists(), "the default config.json was not touched");
    ferry.run(&["pull", "-q", "--config", &other_dir, &name]).ok();
}

#[test]
fn ctrl_c_stops_a_pull_cleanly_and_the_same_pull_resumes() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(970).layers(&[16 << 20]).compression(Compression::None).on_disk(true).build();
    reg.push_image("big", "v1", &image);
    let layer = image.layers[0].digest.clone();
    let proxy = Proxy::to(&reg);
    let throttle = proxy.add_rule(Rule::on(&layer).method("GET").throttle(4 << 20));
    let ferry = Ferry::new();
    let r = format!("{}/big:v1", proxy.host());

    let child = ferry
        .command(&["pull", "--progress", "plain", &r])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        proxy.wait_until(std::time::Duration::from_secs(30), |p| p.bytes_served_for(&layer) > 6 << 20),
        "the download never got going"
    );
    let sent = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("error: interrupted")
            && stderr.contains("hint: what was downloaded is kept: run the same pull again to resume"),
        "{stderr}"
    );
    assert!(ferry.partial_bytes() > 0, "the partial download is kept");

    proxy.clear_rules();
    let _ = throttle;
    ferry.run(&["pull", &r]).ok();
    assert!(proxy.requests_matching(&layer).iter().any(|r| r.header("range").is_some()), "resumed with Range");
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
}
