//! Mirrors and pull-through caches (registries.conf, daemon.json): a real `docker-registry`
//! in proxy mode in front of the test registry, counting proxies in front of both to show
//! where the bytes came from, and mirrors that are down, empty or lying. `copy --all-tags`.

use std::path::PathBuf;

use crate::ferry::{Ferry, Run};
use crate::harness::*;

/// ferry → `mirror` (counting) → a docker-registry pull-through cache → `upstream`
/// (counting) → the registry itself. ferry addresses the registry as `upstream.host()`.
struct Chain {
    registry: Registry,
    upstream: Proxy,
    _cache: Registry,
    mirror: Proxy,
}

impl Chain {
    fn start() -> Chain {
        let registry = Registry::start(Mode::Anonymous);
        let upstream = Proxy::to(&registry);
        let cache =
            Registry::start_with(Mode::Anonymous, Options { proxy_remote: Some(upstream.url()), ..Options::default() });
        let mirror = Proxy::to(&cache);
        Chain { registry, upstream, _cache: cache, mirror }
    }
}

/// Requests ferry itself sent through `proxy` (the cache's own upstream fetches excluded).
fn from_ferry(proxy: &Proxy) -> Vec<RecordedRequest> {
    proxy.requests().into_iter().filter(|r| r.header("user-agent").is_some_and(|u| u.starts_with("ferry/"))).collect()
}

fn write_conf(ferry: &Ferry, text: &str) -> PathBuf {
    let path = ferry.home().join(".config/containers/registries.conf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn mirror_conf(registry: &str, mirrors: &[&str]) -> String {
    let mut s = format!("[[registry]]\nlocation = \"{registry}\"\n");
    for m in mirrors {
        s += &format!("[[registry.mirror]]\nlocation = \"{m}\"\n");
    }
    s
}

fn assert_pulled(ferry: &Ferry, run: &Run, name: &str, image: &Image) {
    assert!(run.stdout.contains(&image.manifest_digest), "{}", run.stdout);
    let stored = ferry.stored(name).unwrap_or_else(|| panic!("{name} stored under its own name: {}", ferry.index()));
    assert_eq!(stored["digest"], image.manifest_digest);
    for b in image.blobs() {
        assert!(ferry.has_blob(&b.digest), "{} stored", b.digest);
    }
}

#[test]
fn pulls_and_reads_come_from_the_pull_through_cache_and_keep_the_registrys_name() {
    let chain = Chain::start();
    let image = ImageSpec::new(1400).layers(&[300_000, 2_000]).build();
    chain.registry.push_image("team/app", "v1", &image);
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    let name = format!("{}/team/app:v1", chain.upstream.host());

    let run = ferry.run(&["pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    let direct = from_ferry(&chain.upstream);
    assert!(direct.is_empty(), "ferry never asked the registry itself: {direct:?}");
    assert_eq!(chain.mirror.blob_gets(), image.blobs().count(), "{:?}", chain.mirror.requests());
    assert!(chain.mirror.manifest_gets() >= 1);
    // The bytes reached the cache from the registry once (the cache fetched them for ferry).
    assert!(chain.upstream.blob_gets() >= 1);
    assert!(run.stderr.contains(&format!("Served by {} (mirror)", chain.mirror.host())), "{}", run.stderr);
    let again = ferry.run(&["pull", "--format", "json", &name]).ok();
    let out: serde_json::Value = serde_json::from_str(again.stdout.trim_end()).unwrap();
    assert_eq!(out["servedBy"], serde_json::json!([chain.mirror.host()]), "{out}");

    // The other reads use the mirror the same way.
    let digest = ferry.run(&["digest", "--format", "json", &name]).ok();
    let out: serde_json::Value = serde_json::from_str(&digest.stdout).unwrap();
    assert_eq!(out["digest"], image.manifest_digest);
    assert_eq!(out["servedBy"], serde_json::json!([chain.mirror.host()]));
    let manifest = ferry.run(&["manifest", &name]).ok();
    assert_eq!(manifest.stdout.trim_end().as_bytes(), image.manifest_bytes.trim_ascii_end());
    ferry.run(&["inspect", "--remote", &name]).ok();
    let tags = ferry.run(&["tags", &format!("{}/team/app", chain.upstream.host())]).ok();
    assert_eq!(tags.stdout, "v1\n");
    let dst = Registry::start(Mode::Anonymous);
    ferry.run(&["copy", &name, &dst.image_ref("copied:v1")]).ok();
    ferry.run(&["copy", "--all-tags", &format!("{}/team/app", chain.upstream.host()), &dst.image_ref("all")]).ok();
    assert_eq!(dst.get_manifest("copied", "v1").unwrap().1, image.manifest_bytes);
    assert_eq!(dst.get_manifest("all", "v1").unwrap().1, image.manifest_bytes);
    let direct = from_ferry(&chain.upstream);
    assert!(direct.is_empty(), "still nothing from ferry at the registry: {direct:?}");
}

#[test]
fn pushes_and_deletes_never_go_to_a_mirror() {
    let chain = Chain::start();
    let image = ImageSpec::new(1410).layers(&[50_000]).build();
    chain.registry.push_image("team/app", "v1", &image);
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    let name = format!("{}/team/app:v1", chain.upstream.host());
    ferry.run(&["pull", &name]).ok();
    let before = chain.mirror.requests().len();

    let pushed = format!("{}/team/app:v2", chain.upstream.host());
    ferry.run(&["tag", &name, &pushed]).ok();
    ferry.run(&["push", &pushed]).ok();
    ferry.run(&["delete", &pushed]).ok();

    assert_eq!(chain.mirror.requests().len(), before, "{:?}", &chain.mirror.requests()[before..]);
    assert!(from_ferry(&chain.upstream).iter().any(|r| r.method == "PUT" && r.path.contains("/manifests/v2")));
    assert!(from_ferry(&chain.upstream).iter().any(|r| r.method == "DELETE"));
}

#[test]
fn a_dead_mirror_is_tried_once_per_run_and_the_registry_serves() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1420).layers(&[100_000, 3_000, 4_000]).build();
    reg.push_image("app", "v1", &image);
    let dead = format!("127.0.0.1:{}", free_port());
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&reg.host(), &[&dead]));
    let name = reg.image_ref("app:v1");

    let run = ferry.run(&["-v", "pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    let fallbacks = run.stderr.matches(&format!("mirror {dead} failed")).count();
    assert_eq!(fallbacks, 1, "asked once, then remembered as dead:\n{}", run.stderr);
    assert!(run.stderr.contains(&format!("Served by {} (the registry itself)", reg.host())), "{}", run.stderr);
}

#[test]
fn a_mirror_without_the_image_answers_404_and_the_registry_serves() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1430).layers(&[60_000]).build();
    reg.push_image("app", "v1", &image);
    let empty = Registry::start(Mode::Anonymous);
    let mirror = Proxy::to(&empty);
    let upstream = Proxy::to(&reg);
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&upstream.host(), &[&mirror.host()]));
    let name = format!("{}/app:v1", upstream.host());

    let run = ferry.run(&["-v", "pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    assert!(mirror.requests().iter().any(|r| r.status == 404), "{:?}", mirror.requests());
    assert_eq!(upstream.blob_gets(), image.blobs().count());
    assert!(run.stderr.contains(&format!("mirror {} failed", mirror.host())), "{}", run.stderr);
}

#[test]
fn a_mirror_serving_other_bytes_is_refused_and_the_registry_serves() {
    let chain = Chain::start();
    let image = ImageSpec::new(1440).layers(&[200_000]).build();
    chain.registry.push_image("app", "v1", &image);
    let layer = image.layers[0].digest.clone();
    chain.mirror.add_rule(Rule::on(&format!("/blobs/{layer}")).method("GET").corrupt_byte_at(1000));
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    let name = format!("{}/app:v1", chain.upstream.host());

    let run = ferry.run(&["pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    assert!(run.stderr.contains("served bytes that do not match"), "{}", run.stderr);
    let direct = from_ferry(&chain.upstream);
    assert_eq!(direct.iter().filter(|r| r.is_blob_get()).count(), 1, "only the refused blob: {direct:?}");

    // copy: the destination refuses the mirror's bytes, and the registry's are sent instead.
    let dst = Registry::start(Mode::Anonymous);
    let copied = Ferry::new();
    write_conf(&copied, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    copied.run(&["copy", &name, &dst.image_ref("app:v1")]).ok();
    assert_eq!(sha256_digest(&dst.get_blob("app", &layer).unwrap()), layer);

    // A manifest named by digest that does not match is refused too.
    chain.mirror.add_rule(Rule::on("/manifests/sha256:").method("GET").corrupt_byte_at(10));
    let pinned = Ferry::new();
    write_conf(&pinned, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    let by_digest = format!("{}/app@{}", chain.upstream.host(), image.manifest_digest);
    let run = pinned.run(&["-v", "pull", &by_digest]).ok();
    assert!(run.stderr.contains("does not match its digest"), "{}", run.stderr);
    assert!(pinned.has_blob(&image.manifest_digest));
}

#[test]
fn daemon_json_registry_mirrors_serve_docker_hub_names_without_leaving_the_machine() {
    let mirror_reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1450).layers(&[40_000]).build();
    mirror_reg.push_image("library/redis", "7", &image);
    let mirror = Proxy::to(&mirror_reg);
    // Anything that tried to reach Docker Hub itself would arrive here instead.
    let outside = FakeServer::start(|_| FakeResponse::new(502));
    let ferry = Ferry::new().with_env("HTTPS_PROXY", outside.url()).with_env("HTTP_PROXY", outside.url());
    let daemon = ferry.home().join("daemon.json");
    std::fs::create_dir_all(ferry.home()).unwrap();
    std::fs::write(&daemon, format!("{{\"registry-mirrors\": [\"http://{}\"], \"debug\": false}}", mirror.host()))
        .unwrap();
    let ferry = ferry.with_env("FERRY_DOCKER_DAEMON_JSON", daemon.to_str().unwrap());

    let run = ferry.run(&["pull", "redis:7"]).ok();

    assert_pulled(&ferry, &run, "docker.io/library/redis:7", &image);
    assert_eq!(outside.request_count(), 0, "{:?}", outside.requests());
    assert_eq!(mirror.blob_gets(), image.blobs().count());
    assert!(run.stdout.starts_with("docker.io/library/redis:7@"), "{}", run.stdout);
}

#[test]
fn a_blocked_registry_fails_naming_the_configuration_file() {
    let reg = Registry::start(Mode::Anonymous);
    let upstream = Proxy::to(&reg);
    let ferry = Ferry::new();
    let conf = write_conf(&ferry, &format!("[[registry]]\nlocation = \"{}\"\nblocked = true\n", upstream.host()));

    let run = ferry.run(&["pull", &format!("{}/app:v1", upstream.host())]).fails_with(4);

    assert!(run.stderr.contains(&conf.display().to_string()), "{}", run.stderr);
    assert!(run.stderr.contains("blocked"), "{}", run.stderr);
    assert_eq!(upstream.requests().len(), 0);
}

#[test]
fn configuration_errors_name_file_and_line_and_unknown_keys_warn() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1460).layers(&[1_000]).build();
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();
    let conf = write_conf(&ferry, &format!("[[registry]]\nlocation = \"{}\"\ninsecure = maybe\n", reg.host()));

    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]).fails_with(1);
    assert!(run.stderr.contains(&format!("{}:3:", conf.display())), "{}", run.stderr);

    write_conf(&ferry, &format!("[[registry]]\nlocation = \"{}\"\nmirors = []\n", reg.host()));
    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]).ok();
    assert!(run.stderr.contains(&format!("warning: {}:3: unknown key \"mirors\"", conf.display())), "{}", run.stderr);

    // --registries-conf names the file to use instead.
    let other = ferry.home().join("other.conf");
    std::fs::write(&other, format!("[[registry]]\nlocation = \"{}\"\nblocked = true\n", reg.host())).unwrap();
    let run =
        ferry.run(&["--registries-conf", other.to_str().unwrap(), "pull", &reg.image_ref("app:v1")]).fails_with(4);
    assert!(run.stderr.contains(&other.display().to_string()), "{}", run.stderr);
}

#[test]
fn copy_all_tags_copies_skips_what_is_there_reports_failures_and_resumes() {
    let src = Registry::start(Mode::Anonymous);
    let images: Vec<Image> = (0..3).map(|i| ImageSpec::new(1470 + i).layers(&[20_000]).build()).collect();
    for (i, image) in images.iter().enumerate() {
        src.push_image("app", &format!("v{}", i + 1), image);
    }
    src.push_image("app", "nightly", &images[0]);
    let dst = Registry::start(Mode::Anonymous);
    dst.push_image("app", "v1", &images[0]); // already there
    let dst_proxy = Proxy::to(&dst);
    let refuse = dst_proxy.add_rule(Rule::on("/manifests/v3").method("PUT").status(400));
    let ferry = Ferry::new();
    let (from, to) = (src.image_ref("app"), format!("{}/app", dst_proxy.host()));
    let args = ["copy", "--all-tags", "--tags", "v[0-9]+", &from, &to];

    let first = ferry.run(&args).fails_with(1);

    assert!(first.stderr.contains("1 tags copied, 1 already there, 1 failed"), "{}", first.stderr);
    assert!(first.stderr.contains("tag v3:"), "{}", first.stderr);
    assert_eq!(dst_proxy.fired(refuse), 1);
    assert_eq!(dst.get_manifest("app", "v2").unwrap().1, images[1].manifest_bytes);
    assert!(dst.get_manifest("app", "nightly").is_none(), "--tags matches whole tags only");
    assert!(first.stdout.contains(&format!("{}/app:v2@{}", dst_proxy.host(), images[1].manifest_digest)));

    dst_proxy.clear_rules();
    let second = ferry.run(&args).ok();

    assert!(second.stderr.contains("1 tags copied, 2 already there, 0 failed"), "{}", second.stderr);
    assert_eq!(dst.get_manifest("app", "v3").unwrap().1, images[2].manifest_bytes);
    assert_eq!(second.stdout.lines().count(), 3, "{}", second.stdout);
}

#[test]
fn a_mirror_gets_the_credentials_stored_for_it_never_the_registrys() {
    let private = Registry::start(Mode::BasicTls);
    let image = ImageSpec::new(1480).layers(&[10_000]).build();
    private.push_image("app", "v1", &image);
    let mirror = Proxy::start(&private.url(), private.ca_file());
    let registry = Registry::start(Mode::Anonymous);
    let upstream = Proxy::to(&registry);
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&upstream.host(), &[&mirror.host()]));
    let b64 = |s: &str| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, s);
    let config = serde_json::json!({"auths": {
        mirror.host(): {"auth": b64("alice:alice-secret")},
        upstream.host(): {"auth": b64("registry-user:registry-secret")},
    }});
    std::fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
    std::fs::write(ferry.docker_config(), config.to_string()).unwrap();
    let name = format!("{}/app:v1", upstream.host());

    let run = ferry.run(&["pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    let sent: Vec<String> =
        mirror.requests().iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect();
    assert!(!sent.is_empty(), "{:?}", mirror.requests());
    assert!(sent.iter().all(|a| *a == format!("Basic {}", b64("alice:alice-secret"))), "{sent:?}");
    assert_eq!(upstream.requests().len(), 0);
}

/// A blob big enough to be fetched in ranges over several connections comes from the mirror
/// too, range by range: the registry itself never sees ferry.
#[test]
fn a_big_blob_fetched_in_ranges_comes_from_the_mirror() {
    let chain = Chain::start();
    let image = ImageSpec::new(1450).layers(&[40 << 20]).compression(Compression::None).on_disk(true).build();
    chain.registry.push_image("team/big", "v1", &image);
    let ferry = Ferry::new();
    write_conf(&ferry, &mirror_conf(&chain.upstream.host(), &[&chain.mirror.host()]));
    let name = format!("{}/team/big:v1", chain.upstream.host());

    let run = ferry.run(&["pull", &name]).ok();

    assert_pulled(&ferry, &run, &name, &image);
    let layer = &image.layers[0].digest;
    let ranged = chain.mirror.requests_matching(layer);
    assert!(
        ranged.iter().any(|r| r.header("range").is_some_and(|v| v.starts_with("bytes=") && !v.ends_with('-'))),
        "the layer was fetched in bounded ranges from the mirror: {ranged:?}"
    );
    let direct = from_ferry(&chain.upstream);
    assert!(direct.is_empty(), "ferry never asked the registry itself: {direct:?}");
}

/// `insecure = true` in registries.conf is --insecure for that registry, for every command
/// that talks to it, login included.
#[test]
fn an_insecure_registry_in_registries_conf_serves_login_and_pull() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(1460).build());
    let alice = reg.user("alice");
    // This ferry does not trust the registry's test CA.
    let ferry = Ferry::new();
    let login = ["login", &reg.host(), "-u", alice.name, "--password-stdin"];
    ferry.run_with_stdin(&login, alice.password).fails_with(1);
    write_conf(&ferry, &format!("[[registry]]\nlocation = \"{}\"\ninsecure = true\n", reg.host()));
    ferry.run_with_stdin(&login, alice.password).ok();
    ferry.run(&["pull", "-q", &reg.image_ref("private/app:v1")]).ok();
}
