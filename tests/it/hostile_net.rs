//! A hostile or flaky network, on loopback only.

use std::time::{Duration, Instant};

use crate::ferry::Ferry;
use crate::harness::slow_registry::{SlowRegistry, Trickle};
use crate::harness::*;

#[test]
fn a_loopback_registry_is_never_proxied() {
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &ImageSpec::new(1105).build());
    let proxy = FakeServer::start(|_req: &FakeRequest| FakeResponse::text(502, "proxied"));
    for name in [reg.image_ref("app:v1"), format!("localhost:{}/app:v1", reg.port())] {
        let ferry = Ferry::new()
            .with_env("HTTP_PROXY", proxy.url())
            .with_env("HTTPS_PROXY", proxy.url())
            .with_env("ALL_PROXY", proxy.url());

        ferry.run(&["pull", &name]).ok();
    }
    assert_eq!(proxy.request_count(), 0, "loopback traffic went through the proxy");
}

#[test]
fn a_trickled_manifest_fails_by_the_deadline_naming_it() {
    let image = ImageSpec::new(1103).build();
    // ~1 byte every 100 ms: each read well inside the read timeout, the whole far beyond.
    let reg =
        SlowRegistry::start("app", "v1", &image, Some(Trickle { bytes: 1, every: Duration::from_millis(100) }), None);
    let ferry = Ferry::new().with_env("FERRY_SMALL_BODY_DEADLINE", "2");

    let started = Instant::now();
    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]).fails_with(1);

    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    assert!(run.stderr.contains("/v2/app/manifests/v1"), "names the URL: {}", run.stderr);
    assert!(run.stderr.contains("the manifest did not arrive within 2 s"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: the registry"), "{}", run.stderr);
    assert!(ferry.stored(&reg.image_ref("app:v1")).is_none());
}

#[test]
fn a_trickled_blob_fails_below_the_minimum_rate_naming_it() {
    let image = ImageSpec::new(1104).layers(&[200_000]).compression(Compression::None).build();
    let layer = image.layers[0].digest.clone();
    // 200 bytes every 100 ms (2 KB/s): alive, but far below the minimum rate.
    let reg =
        SlowRegistry::start("app", "v1", &image, None, Some(Trickle { bytes: 200, every: Duration::from_millis(100) }));
    let ferry = Ferry::new().with_env("FERRY_BLOB_RATE_WINDOW", "1");

    let started = Instant::now();
    let run = ferry.run(&["pull", "--retries", "1", &reg.image_ref("app:v1")]).fails_with(1);

    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    assert!(run.stderr.contains(&format!("/v2/app/blobs/{layer}")), "names the URL: {}", run.stderr);
    assert!(run.stderr.contains("stalled"), "{}", run.stderr);
    assert!(!ferry.has_blob(&layer));
    verify_oci_layout(&ferry.root()).unwrap();
}
