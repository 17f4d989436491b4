//! Big blobs fetched in bounded ranges over several connections: byte-exact, resumed across
//! runs (only the missing ranges), one stream from a registry that ignores `Range`, range
//! requests through redirects to storage (no credentials there), and a connection cut
//! mid-range. Correctness only: how fast is the benchmark's business.

use std::time::Duration;

use crate::ferry::Ferry;
use crate::harness::*;

/// Above ferry's threshold for ranged downloads (32 MiB), and not a multiple of the range
/// size or of the 4 KiB alignment (the layer is a tar of this much data).
const BIG: u64 = (40 << 20) + 12_345;

fn big_image(seed: u64) -> Image {
    ImageSpec::new(seed).layers(&[BIG]).compression(Compression::None).on_disk(true).build()
}

/// A registry holding `big:v1` (one big layer), and a proxy in front of it.
fn big_behind_a_proxy(seed: u64) -> (Registry, Proxy, Image) {
    let reg = Registry::start(Mode::Anonymous);
    let image = big_image(seed);
    reg.push_image("big", "v1", &image);
    let proxy = Proxy::to(&reg);
    (reg, proxy, image)
}

/// `bytes=a-b` as (a, b + 1); None for anything else (open-ended ranges included).
fn bounded(range: &str) -> Option<(u64, u64)> {
    let (a, b) = range.strip_prefix("bytes=")?.split_once('-')?;
    Some((a.parse().ok()?, b.parse::<u64>().ok()? + 1))
}

/// The ranges of the layer's GETs a proxy saw, each bounded (the test fails otherwise).
fn ranges_seen(requests: &[RecordedRequest]) -> Vec<(u64, u64)> {
    requests
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| {
            let range = r.header("range").unwrap_or_else(|| panic!("a GET without Range: {r:?}"));
            bounded(range).unwrap_or_else(|| panic!("not a bounded range: {range}"))
        })
        .collect()
}

/// The ranges joined where they overlap or touch, sorted.
fn union(mut ranges: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    ranges.sort();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[test]
fn a_big_blob_comes_in_bounded_ranges_through_a_capped_link_byte_exact() {
    let (_reg, proxy, image) = big_behind_a_proxy(150);
    let (layer, size) = (image.layers[0].digest.clone(), image.layers[0].size);
    // Each connection capped, as a CDN caps streams: ferry adds connections.
    let link = Link::start(
        proxy.host().parse().unwrap(),
        LinkSpec { delay: Duration::from_millis(2), per_conn_rate: Some(16 << 20), up_rate: None },
    );
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/big:v1", link.host())]).ok();

    assert!(run.stdout.contains(&image.manifest_digest), "{}", run.stdout);
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    let requests = proxy.requests_matching(&layer);
    let mut ranges = ranges_seen(&requests);
    assert!(ranges.len() >= 5, "the blob came in ranges of at most 8 MiB: {ranges:?}");
    assert!(requests.iter().all(|r| r.status == 206), "{requests:?}");
    // Together the ranges cover the blob (they overlap only where an idle connection took
    // the rest of another's range).
    assert!(ranges.iter().all(|(a, b)| b - a <= 8 << 20), "bounded by the range size: {ranges:?}");
    ranges.sort();
    assert_eq!(union(ranges.clone()), vec![(0, size)], "{ranges:?}");
    assert!(link.bytes_down() >= size, "the blob crossed the link");
    verify_oci_layout(&ferry.root()).unwrap();
    assert!(!ferry.root().join("ingest").read_dir().unwrap().any(|_| true), "nothing left in ingest/");
}

#[test]
fn one_connection_per_blob_when_asked() {
    let (_reg, proxy, image) = big_behind_a_proxy(151);
    let layer = image.layers[0].digest.clone();
    let ferry = Ferry::new();

    ferry.run(&["pull", "--max-connections-per-blob", "1", &format!("{}/big:v1", proxy.host())]).ok();

    let requests = proxy.requests_matching(&layer);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].header("range"), None);
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
}

/// The ranges the sidecar next to a partial records, when there is one.
fn sidecar_ranges(ferry: &Ferry) -> Vec<(u64, u64)> {
    let Ok(dir) = ferry.root().join("ingest").read_dir() else { return vec![] };
    let Some(path) = dir.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "ranges")) else {
        return vec![];
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .collect()
}

#[test]
fn a_pull_killed_mid_blob_fetches_only_the_missing_ranges_next_time() {
    let (_reg, proxy, image) = big_behind_a_proxy(152);
    let (layer, size) = (image.layers[0].digest.clone(), image.layers[0].size);
    // Slow streams: ferry adds connections, and is killed with ranges complete ahead of
    // the hashed prefix.
    let throttle = proxy.add_rule(Rule::on(&layer).method("GET").throttle(6 << 20));
    let ferry = Ferry::new();
    let r = format!("{}/big:v1", proxy.host());

    let mut child = ferry.spawn(&["pull", &r]);
    let recorded = |f: &Ferry| sidecar_ranges(f).iter().map(|(a, b)| b - a).sum::<u64>();
    let waited = std::time::Instant::now();
    while recorded(&ferry) < 8 << 20 && waited.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let kept = sidecar_ranges(&ferry);
    let kept_bytes: u64 = kept.iter().map(|(a, b)| b - a).sum();
    assert!(kept_bytes >= 8 << 20, "complete ranges recorded before the kill: {kept:?}");
    assert!(!ferry.has_blob(&layer));

    proxy.clear_rules();
    let _ = throttle;
    proxy.reset_counters();
    let run = ferry.run(&["pull", &r]).ok();

    assert!(run.stdout.contains(&image.manifest_digest));
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    let again = ranges_seen(&proxy.requests_matching(&layer));
    for range in &again {
        for k in &kept {
            // The prefix resumes from its last 4 KiB boundary: that much may come again.
            assert!(overlap(*range, *k) <= 4096, "fetched {range:?} again, recorded complete as {k:?}");
        }
    }
    let second: u64 = union(again.clone()).iter().map(|(a, b)| b - a).sum();
    assert!(second <= size - kept_bytes + 4096, "{second} bytes fetched, {kept_bytes} of {size} were kept");
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_registry_that_ignores_range_gets_one_stream() {
    // The static registry answers every blob GET with 200 and the whole blob.
    let reg = static_registry::StaticRegistry::start();
    let image = big_image(153);
    reg.image("big", "v1", &image);
    let layer = image.layers[0].digest.clone();
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &reg.image_ref("big:v1")]).ok();

    assert!(run.stdout.contains(&image.manifest_digest));
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    let gets: Vec<_> = reg.requests().into_iter().filter(|r| r.method == "GET" && r.path.ends_with(&layer)).collect();
    assert_eq!(
        gets.len(),
        1,
        "one request, its whole answer used: {:?}",
        gets.iter().map(|r| r.header("range")).collect::<Vec<_>>()
    );
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn range_requests_follow_redirects_to_storage_without_credentials() {
    let front = Registry::start(Mode::Token);
    let storage = Registry::start(Mode::Anonymous);
    let image = big_image(154);
    front.push_image("private/app", "v1", &image);
    storage.push_image("private/app", "v1", &image);
    let (layer, size) = (image.layers[0].digest.clone(), image.layers[0].size);
    let api = Proxy::to(&front);
    let store_proxy = Proxy::to(&storage);
    // Every blob GET is sent to another loopback host, as registries send them to S3.
    api.add_rule(
        Rule::on(&format!("/blobs/{layer}")).method("GET").redirect_to(&format!("{}{{path}}", store_proxy.url())),
    );
    let alice = front.user("alice");
    let ferry = Ferry::new();

    let run = ferry
        .run_with_stdin(
            &["pull", "-u", alice.name, "--password-stdin", &format!("{}/private/app:v1", api.host())],
            alice.password,
        )
        .ok();

    assert!(run.stdout.contains(&image.manifest_digest));
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    let at_api = api.requests_matching(&layer);
    assert!(at_api.len() >= 5, "each range request went to the registry first: {at_api:?}");
    assert!(at_api.iter().all(|r| r.header("authorization").is_some()), "the registry got its token");
    let at_storage = store_proxy.requests_matching(&layer);
    let ranges = ranges_seen(&at_storage);
    assert_eq!(ranges.len(), at_api.len(), "each range followed its redirect");
    assert!(
        at_storage.iter().all(|r| r.header("authorization").is_none()),
        "credentials went to the storage host: {at_storage:?}"
    );
    assert_eq!(union(ranges), vec![(0, size)]);
}

#[test]
fn a_connection_cut_mid_range_is_retried_and_the_blob_is_byte_exact() {
    let (_reg, proxy, image) = big_behind_a_proxy(155);
    let layer = image.layers[0].digest.clone();
    // The second range request is cut 3 MiB into its body.
    let cut = proxy.add_rule(Rule::on(&layer).method("GET").skip(1).drop_after(3 << 20).times(1));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/big:v1", proxy.host())]).ok();

    assert_eq!(proxy.fired(cut), 1);
    assert!(run.stdout.contains(&image.manifest_digest));
    assert_eq!(sha256_file(&ferry.blob_path(&layer)).unwrap(), layer);
    assert!(run.stderr.contains("retrying from byte"), "{}", run.stderr);
    // The cut range went on from where it broke, not from its start.
    let again = ranges_seen(&proxy.requests_matching(&layer));
    let mut starts: Vec<u64> = again.iter().map(|r| r.0).collect();
    starts.sort();
    starts.dedup();
    assert_eq!(starts.len(), again.len(), "a range was asked for from its start again: {again:?}");
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_wrong_byte_in_a_range_fails_the_pull_and_stores_nothing() {
    let (_reg, proxy, image) = big_behind_a_proxy(156);
    let layer = image.layers[0].digest.clone();
    // A byte of the third range's body, every time it is served.
    proxy.add_rule(Rule::on(&layer).method("GET").skip(2).corrupt_byte_at(1000));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/big:v1", proxy.host())]);

    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&layer), "{}", run.stderr);
    assert!(!ferry.has_blob(&layer));
    assert!(ferry.stored(&format!("{}/big:v1", proxy.host())).is_none());
}
