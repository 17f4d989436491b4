//! Self-tests of the integration harness itself (no ferry involved): each
//! registry mode starts and serves pushed fixtures to skopeo, the proxy
//! counts and injects faults, and the token server applies its ACL.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::token::decode_claims;
use crate::harness::*;

fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("ferry-selftest-").tempdir().unwrap()
}

fn index_json(dir: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap()
}

#[test]
fn fixtures_are_deterministic() {
    let spec = ImageSpec::new(42).layers(&[10_000, 3]).format(Format::DockerV2S2);
    let a = spec.build();
    let b = spec.clone().on_disk(true).build();
    assert_eq!(a.manifest_digest, b.manifest_digest);
    assert_eq!(a.layers[0].digest, b.layers[0].digest);
    assert!(b.layers[0].path().is_some());
    assert_eq!(sha256_file(b.layers[0].path().unwrap()).unwrap(), b.layers[0].digest);
    let c = ImageSpec::new(43).layers(&[10_000, 3]).format(Format::DockerV2S2).build();
    assert_ne!(a.layers[0].digest, c.layers[0].digest);
    // The layer really is a tar holding the pseudo-random file.
    let tar_bytes = {
        let gz = a.layers[0].read_all();
        let mut d = flate2::read::GzDecoder::new(&gz[..]);
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut d, &mut v).unwrap();
        v
    };
    assert_eq!(sha256_digest(&tar_bytes), a.diff_ids[0]);
    let mut ar = tar::Archive::new(&tar_bytes[..]);
    let entries: Vec<_> = ar.entries().unwrap().map(|e| e.unwrap().header().size().unwrap()).collect();
    assert_eq!(entries, vec![10_000]);
    let uncompressed = ImageSpec::new(42).compression(Compression::None).build();
    assert_eq!(uncompressed.layers[0].digest, uncompressed.diff_ids[0]);
    assert_eq!(uncompressed.layers[0].media_type, fixtures::OCI_LAYER_TAR);
}

#[test]
fn anonymous_registry_serves_oci_image_and_docker_list() {
    let reg = Registry::start(Mode::Anonymous);
    assert!(reg.url().starts_with("http://127.0.0.1:"));
    let img = ImageSpec::new(1).layers(&[20_000, 5_000]).build();
    let digest = reg.push_image("demo/oci", "v1", &img);
    assert_eq!(digest, img.manifest_digest);
    let (ct, bytes) = reg.get_manifest("demo/oci", "v1").unwrap();
    assert_eq!(ct, fixtures::OCI_MANIFEST);
    assert_eq!(bytes, img.manifest_bytes);

    let out = tmp();
    copy_to_oci(&reg, "demo/oci:v1", None, out.path(), "v1", false);
    verify_oci_layout(out.path()).unwrap();
    for b in img.blobs() {
        assert!(out.path().join("blobs/sha256").join(b.hex()).exists(), "{} missing", b.digest);
    }
    assert_eq!(index_json(out.path())["manifests"][0]["digest"], img.manifest_digest.as_str());

    let list = Index::multi_arch(10, Format::DockerV2S2);
    let d = reg.push_index("demo/list", "multi", &list);
    assert_eq!(d, list.manifest_digest);
    let out2 = tmp();
    // The OCI layout cannot hold Docker media types, so skopeo converts; the
    // result must still be a complete layout with both platforms.
    copy_to_oci(&reg, "demo/list:multi", None, out2.path(), "multi", true);
    verify_oci_layout(out2.path()).unwrap();
    let mut repos = reg.catalog();
    repos.sort();
    assert_eq!(repos, vec!["demo/list", "demo/oci"]);
    assert_eq!(reg.tags("demo/oci"), vec!["v1"]);

    let mut reg = reg;
    let port = reg.port();
    reg.restart();
    assert_eq!(reg.port(), port);
    assert_eq!(reg.get_manifest("demo/oci", "v1").unwrap().1, img.manifest_bytes);
}

#[test]
fn basic_tls_registry_requires_auth_and_serves_docker_image() {
    let reg = Registry::start(Mode::BasicTls);
    assert!(reg.url().starts_with("https://127.0.0.1:"));
    assert!(reg.ca_file().unwrap().exists());
    assert_eq!(reg.users().len(), 2);
    let img = ImageSpec::new(2).format(Format::DockerV2S2).layers(&[30_000]).build();
    reg.push_image("team/app", "1.0", &img);

    let out = tmp();
    copy_to_oci(&reg, "team/app:1.0", Some(("bob", "bob-secret")), out.path(), "1.0", false);
    verify_oci_layout(out.path()).unwrap();
    assert!(out.path().join("blobs/sha256").join(img.layers[0].hex()).exists());

    let denied = skopeo()
        .inspect(&format!("docker://{}", reg.image_ref("team/app:1.0")))
        .on(&reg, Some(("alice", "wrong")))
        .output();
    assert!(!denied.status.success());

    // The proxy can front a TLS upstream while serving plain HTTP itself.
    let proxy = Proxy::to(&reg);
    let status = block_on(async {
        reqwest::Client::new()
            .get(format!("{}/v2/", proxy.url()))
            .basic_auth("alice", Some("alice-secret"))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    assert_eq!(proxy.count("GET", "/v2/"), 1);
}

#[test]
fn token_registry_serves_index_and_applies_acl() {
    let reg = Registry::start(Mode::Token);
    let index = Index::multi_arch(20, Format::Oci);
    reg.push_index("public/multi", "latest", &index);
    reg.push_index("private/multi", "latest", &index);
    assert_eq!(reg.token_requests(), 0, "seeding must not go through the token endpoint");
    assert_eq!(index.images[1].platform.variant.as_deref(), Some("v8"));

    let out = tmp();
    copy_to_oci(&reg, "private/multi:latest", Some(("alice", "alice-secret")), out.path(), "latest", true);
    verify_oci_layout(out.path()).unwrap();
    assert_eq!(index_json(out.path())["manifests"][0]["digest"], index.manifest_digest.as_str());
    assert!(reg.token_requests() >= 1);
    let req = &reg.token_server().unwrap().requests()[0];
    assert_eq!(req.basic_user.as_deref(), Some("alice"));
    assert!(req.scopes().iter().any(|s| s == "repository:private/multi:pull"), "{:?}", req);

    // Anonymous pull works on public/ only, and picks one platform.
    let out2 = tmp();
    skopeo()
        .override_platform("linux", "arm64", Some("v8"))
        .copy(
            &format!("docker://{}", reg.image_ref("public/multi:latest")),
            &format!("oci:{}:x", out2.path().display()),
        )
        .src(&reg, None)
        .run();
    verify_oci_layout(out2.path()).unwrap();
    assert_eq!(index_json(out2.path())["manifests"][0]["digest"], index.images[1].manifest_digest.as_str());
    let anon_private =
        skopeo().inspect(&format!("docker://{}", reg.image_ref("private/multi:latest"))).on(&reg, None).output();
    assert!(!anon_private.status.success());

    // reader may pull but not push.
    let reader_push = skopeo()
        .copy(&format!("oci:{}:latest", out.path().display()), &format!("docker://{}", reg.image_ref("private/copy:1")))
        .dest(&reg, Some(("reader", "reader-secret")))
        .all()
        .output();
    assert!(!reader_push.status.success());
    skopeo()
        .copy(&format!("oci:{}:latest", out.path().display()), &format!("docker://{}", reg.image_ref("private/copy:1")))
        .dest(&reg, Some(("alice", "alice-secret")))
        .all()
        .run();
    assert_eq!(reg.get_manifest("private/copy", "1").unwrap().1, index.manifest_bytes);
    assert_eq!(reg.catalog(), vec!["private/copy", "private/multi", "public/multi"]);
}

#[test]
fn token_server_protocol() {
    let reg = Registry::start_with(Mode::Token, Options { token_expiry_secs: 120, ..Options::default() });
    let ts = reg.token_server().unwrap();
    let realm = ts.realm();
    let http = reqwest::Client::new();
    block_on(async {
        // Wrong password → 401 with a JSON error.
        let r = http
            .get(format!("{realm}?service=ferry-registry&scope=repository:a/b:pull"))
            .basic_auth("alice", Some("nope"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(v["errors"][0]["code"], "UNAUTHORIZED");

        // reader asking for pull,push gets pull only.
        let r = http
            .get(format!("{realm}?service=ferry-registry&scope=repository:a/b:pull,push&account=reader"))
            .basic_auth("reader", Some("reader-secret"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(v["expires_in"], 120);
        assert_eq!(v["token"], v["access_token"]);
        assert!(v["issued_at"].as_str().unwrap().ends_with('Z'));
        let claims = decode_claims(v["token"].as_str().unwrap());
        assert_eq!(claims["access"], serde_json::json!([{"type":"repository","name":"a/b","actions":["pull"]}]));
        assert_eq!(claims["aud"], "ferry-registry");
        assert_eq!(claims["sub"], "reader");

        // The registry accepts the reader token for pull, refuses it for push.
        let tok = v["token"].as_str().unwrap().to_string();
        let r = http.get(format!("{}/v2/a/b/tags/list", reg.url())).bearer_auth(&tok).send().await.unwrap();
        assert_eq!(r.status(), 404, "authorized pull of a missing repo is NAME_UNKNOWN");
        let r = http.post(format!("{}/v2/a/b/blobs/uploads/", reg.url())).bearer_auth(&tok).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let challenge = r.headers()["www-authenticate"].to_str().unwrap().to_string();
        assert!(challenge.contains(&realm) && challenge.contains("push"), "{challenge}");

        // Anonymous: token issued, empty access outside public/.
        let r = http.get(format!("{realm}?service=ferry-registry&scope=repository:a/b:pull")).send().await.unwrap();
        let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(decode_claims(v["token"].as_str().unwrap())["access"], serde_json::json!([]));

        // OAuth2 password grant → refresh token → refresh grant.
        let r = http
            .post(&realm)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=password&username=alice&password=alice-secret&service=ferry-registry&client_id=ferry&scope=repository%3Aa%2Fb%3Apull%2Cpush")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        let rt = v["refresh_token"].as_str().unwrap().to_string();
        let claims = decode_claims(v["access_token"].as_str().unwrap());
        assert_eq!(claims["access"][0]["actions"], serde_json::json!(["pull", "push"]));
        let r = http
            .post(&realm)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("grant_type=refresh_token&refresh_token={rt}&service=ferry-registry&client_id=ferry&scope=repository%3Ac%3Apull"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(decode_claims(v["access_token"].as_str().unwrap())["sub"], "alice");
        let r = http
            .post(&realm)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=password&username=alice&password=bad&service=ferry-registry")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    });
    let log = ts.requests();
    assert_eq!(log.len(), 6);
    assert_eq!(log[0].status, 401);
    assert_eq!(log[1].param("account"), Some("reader"));
    assert!(log.iter().all(|r| r.param("password").is_none_or(|p| p == "<redacted>")));
    assert_eq!(log[4].param("refresh_token"), Some("<redacted>"));
}

#[test]
fn proxy_counts_streams_and_injects_faults() {
    let reg = Registry::start(Mode::Anonymous);
    let img = ImageSpec::new(3).layers(&[300_000]).build();
    reg.push_image("p/img", "t", &img);
    let layer = &img.layers[0];
    let expected = layer.read_all();
    let proxy = Proxy::to(&reg);
    let blob_url = format!("{}/v2/p/img/blobs/{}", proxy.url(), layer.digest);
    let http = reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let unavailable = proxy.add_rule(Rule::on("/blobs/sha256:").method("GET").status(503).times(1));
    block_on(async {
        let r = http.get(&blob_url).send().await.unwrap();
        assert_eq!(r.status(), 503);
        let r = http.get(&blob_url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.unwrap().as_ref(), &expected[..]);

        // HEAD keeps Content-Length; Range passes through as 206.
        let r = http.head(&blob_url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-length"].to_str().unwrap(), expected.len().to_string());
        let r = http.get(&blob_url).header("range", "bytes=100-199").send().await.unwrap();
        assert_eq!(r.status(), 206);
        assert!(r.headers()["content-range"].to_str().unwrap().starts_with("bytes 100-199/"));
        assert_eq!(r.bytes().await.unwrap().as_ref(), &expected[100..200]);
    });
    assert_eq!(proxy.fired(unavailable), 1);
    assert_eq!(proxy.blob_gets(), 3);
    assert_eq!(proxy.blob_heads(), 1);
    assert_eq!(proxy.bytes_served_for(&layer.digest), expected.len() as u64 + 100);

    let corrupt = proxy.add_rule(Rule::on(&layer.digest).corrupt_byte_at(1234).times(1));
    let drop = proxy.add_rule(Rule::on(&layer.digest).drop_after(50_000).times(1));
    block_on(async {
        // Both body rules apply to the same response: the drop wins the race.
        let r = http.get(&blob_url).send().await.unwrap();
        assert!(r.bytes().await.is_err(), "body must be cut short");
    });
    assert_eq!((proxy.fired(corrupt), proxy.fired(drop)), (1, 1));
    assert_eq!(proxy.requests().last().unwrap().bytes_served, 50_000);
    let corrupt2 = proxy.add_rule(Rule::on(&layer.digest).corrupt_byte_at(1234).times(1));
    block_on(async {
        let body = http.get(&blob_url).send().await.unwrap().bytes().await.unwrap();
        assert_eq!(body.len(), expected.len());
        assert_eq!(body[1234], expected[1234] ^ 0xff);
        assert_eq!(body[..1234], expected[..1234]);
        assert_eq!(body[1235..], expected[1235..]);
    });
    assert_eq!(proxy.fired(corrupt2), 1);

    // Throttle: 300 KB at 1 MB/s takes ~0.3 s.
    proxy.add_rule(Rule::on(&layer.digest).throttle(1_000_000).times(1));
    let t = Instant::now();
    block_on(async {
        let body = http.get(&blob_url).send().await.unwrap().bytes().await.unwrap();
        assert_eq!(body.len(), expected.len());
    });
    assert!(t.elapsed() >= Duration::from_millis(250), "{:?}", t.elapsed());

    // Redirects go elsewhere; the proxy records the headers it was sent.
    let other = Proxy::to(&reg);
    proxy.add_rule(Rule::on("/blobs/").redirect_to(&format!("{}{{path}}", other.url())).times(1));
    block_on(async {
        let r = http.get(&blob_url).bearer_auth("secret-token").send().await.unwrap();
        assert_eq!(r.status(), 307);
        let loc = r.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(loc, format!("{}/v2/p/img/blobs/{}", other.url(), layer.digest));
        let r = http.get(&loc).send().await.unwrap();
        assert_eq!(r.status(), 200);
    });
    assert_eq!(proxy.requests().last().unwrap().header("authorization"), Some("Bearer secret-token"));
    assert_eq!(other.header_values("/blobs/", "authorization"), vec![None]);

    // 429 with Retry-After.
    proxy.add_rule(Rule::on("/manifests/").status(429).header("Retry-After", "1").times(1));
    block_on(async {
        let r = http.get(format!("{}/v2/p/img/manifests/t", proxy.url())).send().await.unwrap();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "1");
    });

    // Uploads through the proxy (skopeo pushes with POST/PATCH/PUT following
    // the rewritten Location).
    let src = tmp();
    copy_to_oci(&reg, "p/img:t", None, src.path(), "t", false);
    let push = skopeo()
        .copy(&format!("oci:{}:t", src.path().display()), &format!("docker://{}/p/copied:t", proxy.host()))
        .arg("--dest-tls-verify=false")
        .arg("--dest-no-creds");
    push.run();
    assert!(proxy.upload_requests() >= 2, "{:#?}", proxy.requests_matching("/uploads/"));
    let post = proxy.requests().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(post.status, 202);
    let location = post.response_header("location").unwrap();
    assert!(location.starts_with(&format!("{}/v2/p/copied/blobs/uploads/", proxy.url())), "{location}");
    assert_eq!(reg.get_manifest("p/copied", "t").unwrap().1, img.manifest_bytes);
}

#[test]
fn hard_token_expiry_is_enforced_by_the_registry() {
    let reg = Registry::start_with(
        Mode::Token,
        Options { token_expiry_secs: 2, token_hard_expiry: true, ..Options::default() },
    );
    let token = reg.token_server().unwrap().issue(Some("alice"), &["repository:x/y:pull"]);
    let url = format!("{}/v2/x/y/tags/list", reg.url());
    let status =
        || block_on(async { reqwest::Client::new().get(&url).bearer_auth(&token).send().await.unwrap().status() });
    assert_eq!(status(), 404, "fresh token is accepted (repo just does not exist)");
    // `exp` has whole-second resolution, so allow one extra second.
    std::thread::sleep(Duration::from_millis(3100));
    assert_eq!(status(), 401, "expired token is refused");
}

#[test]
fn fake_server_answers_from_closure() {
    let fake = FakeServer::start(|req| {
        if req.path == "/v1/search" {
            FakeResponse::json(200, &serde_json::json!({"query": req.query_param("q"), "results": []}))
        } else {
            FakeResponse::text(404, "nope").header("x-test", "1")
        }
    });
    block_on(async {
        let v: Value = reqwest::get(format!("{}/v1/search?q=alp%20ine", fake.url())).await.unwrap().json_value().await;
        assert_eq!(v["query"], "alp ine");
        let r = reqwest::get(format!("{}/other", fake.url())).await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["x-test"].to_str().unwrap()), (404, "1"));
    });
    assert_eq!(fake.request_count(), 2);
    assert_eq!(fake.requests()[0].path, "/v1/search");
}

#[test]
fn large_layer_streams_from_disk() {
    let t = Instant::now();
    let img = ImageSpec::new(9).layers(&[6 << 20, 2 << 20]).on_disk(true).build();
    let built = t.elapsed();
    assert!(img.layers[0].path().is_some(), "big layers live on disk");
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("big/one", "t", &img);
    assert!(reg.blob_exists("big/one", &img.layers[0].digest));
    let pushed = t.elapsed() - built;
    let t2 = Instant::now();
    let again = ImageSpec::new(9).layers(&[6 << 20, 2 << 20]).on_disk(true).build();
    assert_eq!(again.manifest_digest, img.manifest_digest);
    eprintln!("6+2 MiB layers: built in {built:?} (cached rebuild {:?}), pushed (TLS) in {pushed:?}", t2.elapsed());
}

/// Tiny extension so tests read JSON without reqwest's `json` feature.
trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}

/// Counters reset while an earlier response is still streaming (a client killed mid-blob,
/// then the test measuring a second run) must neither break the proxy nor leak the old
/// stream's bytes into the new counts.
#[test]
fn proxy_counter_reset_during_a_stream_is_safe() {
    let reg = Registry::start(Mode::Anonymous);
    let img = ImageSpec::new(4).layers(&[400_000]).compression(Compression::None).build();
    reg.push_image("p/img", "t", &img);
    let layer = &img.layers[0];
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on(&layer.digest).method("GET").throttle(400_000));
    let blob_url = format!("{}/v2/p/img/blobs/{}", proxy.url(), layer.digest);
    let http = reqwest::Client::builder().no_proxy().build().unwrap();

    block_on(async {
        let slow = tokio::spawn({
            let (http, url) = (http.clone(), blob_url.clone());
            async move { http.get(&url).send().await.unwrap().bytes().await.unwrap().len() }
        });
        while proxy.bytes_served_for(&layer.digest) < 50_000 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        proxy.reset_counters();
        assert_eq!(slow.await.unwrap() as u64, layer.size, "the old stream still completes");
        let r = http.get(format!("{}/v2/", proxy.url())).send().await.unwrap();
        assert_eq!(r.status(), 200, "the proxy still answers after the reset");
    });
    assert_eq!(proxy.bytes_served_for(&layer.digest), 0, "bytes from before the reset are not counted");
    assert_eq!(proxy.requests().len(), 1);
}

/// The link emulator carries every byte, in order, both ways, through its delay and cap,
/// and counts connections and bytes.
#[test]
fn the_link_emulator_carries_bytes_exactly_and_counts_them() {
    use std::io::{Read, Write};
    let upstream = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = upstream.local_addr().unwrap();
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8).collect();
    let sent = data.clone();
    let server = std::thread::spawn(move || {
        let (mut s, _) = upstream.accept().unwrap();
        let mut hello = [0u8; 5];
        s.read_exact(&mut hello).unwrap();
        assert_eq!(&hello, b"hello");
        s.write_all(&sent).unwrap();
    });
    let link =
        Link::start(addr, LinkSpec { delay: Duration::from_millis(3), per_conn_rate: Some(64 << 20), up_rate: None });
    let mut c = std::net::TcpStream::connect(link.addr()).unwrap();
    c.write_all(b"hello").unwrap();
    let mut got = Vec::new();
    c.read_to_end(&mut got).unwrap();
    server.join().unwrap();
    assert!(got == data, "{} bytes came, {} were sent", got.len(), data.len());
    assert_eq!(link.connections(), 1);
    assert_eq!(link.bytes_down(), data.len() as u64);
    assert_eq!(link.bytes_up(), 5);
}
