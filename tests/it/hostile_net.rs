//! A hostile or flaky network, on loopback only: ping answers that are not the registry's
//! final word, trickled bodies, token services that would take credentials where they must
//! not go, proxies that must not see loopback traffic, a token service on the registry's
//! private CA, and the messages a user gets when nothing is there.

use std::time::{Duration, Instant};

use crate::ferry::Ferry;
use crate::harness::slow_registry::{SlowRegistry, Trickle};
use crate::harness::static_registry::StaticRegistry;
use crate::harness::*;

#[test]
fn a_failed_ping_of_a_plain_registry_is_retried_not_taken_for_tls() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1101).build();
    reg.push_image("app", "v1", &image);
    // The first request is the plain-HTTP ping of `/v2/`: it gets a 503, a 429, or a reset.
    for (what, rule) in [
        ("503", Rule::on("/v2/").status(503).times(1)),
        ("429", Rule::on("/v2/").status(429).header("Retry-After", "0").times(1)),
        ("reset", Rule::on("/v2/").drop_request_after(0).times(1)),
    ] {
        let proxy = Proxy::to(&reg);
        let id = proxy.add_rule(rule);
        let ferry = Ferry::new();

        let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]);

        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_eq!(proxy.fired(id), 1, "{what}");
        assert!(!run.stderr.contains("TLS"), "{what}: {}", run.stderr);
        verify_oci_layout(&ferry.root()).unwrap();
    }
}

/// A TLS port that is not Go's answers plain HTTP with a TLS alert (rustls) rather than a
/// 400: that too means HTTPS.
#[test]
fn a_loopback_tls_registry_that_answers_plain_http_with_an_alert_is_found_over_https() {
    let pki = tempfile::tempdir().unwrap();
    let ca = tls::TestCa::generate(pki.path());
    let reg = StaticRegistry::start_tls(&ca.server_cert, &ca.server_key);
    reg.image("app", "v1", &ImageSpec::new(1108).build());
    let ferry = Ferry::new().with_env("SSL_CERT_FILE", ca.ca_cert.display().to_string());

    ferry.run(&["pull", &reg.image_ref("app:v1")]).ok();

    assert!(ferry.stored(&reg.image_ref("app:v1")).is_some());
}

#[test]
fn a_registry_answering_v2_with_404_or_html_still_serves_its_api() {
    let image = ImageSpec::new(1102).build();
    for ping in [
        FakeResponse::text(404, "404 page not found"),
        FakeResponse::new(200).header("content-type", "text/html").body("<html>a registry</html>"),
    ] {
        let reg = StaticRegistry::start();
        reg.image("app", "v1", &image);
        reg.ping_answer(ping.clone());
        let ferry = Ferry::new();

        let run = ferry.run(&["pull", &reg.image_ref("app:v1")]);

        assert_eq!(run.code, 0, "ping answered {}: {}", ping.status, run.stderr);
        assert!(ferry.stored(&reg.image_ref("app:v1")).is_some());
    }
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

/// A forward proxy that is also the registry: a loopback registry whose token realm is a
/// plain-HTTP URL on another host. The realm request could only reach that host through the
/// proxy (so nothing leaves the machine); it must not be sent at all.
#[test]
fn credentials_never_go_to_a_plain_http_realm_on_another_host() {
    let fake = FakeServer::start(|req: &FakeRequest| match req.path.as_str() {
        "/v2/" => FakeResponse::new(401)
            .header("www-authenticate", r#"Bearer realm="http://realm.example/token",service="reg""#),
        "/token" => FakeResponse::json(200, &serde_json::json!({"token": "t"})),
        _ => FakeResponse::json(404, &serde_json::json!({"errors": [{"code": "MANIFEST_UNKNOWN"}]})),
    });
    let ferry = Ferry::new().with_env("HTTP_PROXY", fake.url()).with_env("http_proxy", fake.url());

    let run = ferry.run_with_stdin(
        &["pull", "-u", "alice", "--password-stdin", &format!("{}/app:v1", fake.host())],
        "alice-secret",
    );

    assert_ne!(run.code, 0);
    let sent: Vec<_> = fake.requests().into_iter().filter(|r| r.path == "/token").collect();
    assert!(sent.is_empty(), "the realm was asked: {:?}", sent.iter().map(|r| &r.headers).collect::<Vec<_>>());
    assert!(
        run.stderr.contains("refusing to send credentials to the token service at http://realm.example/token"),
        "{}",
        run.stderr
    );
}

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
fn a_token_service_on_the_registrys_private_ca_is_trusted_through_its_certs_d() {
    let reg = Registry::start_with(Mode::Token, Options { token_tls: true, ..Options::default() });
    let image = ImageSpec::new(1106).build();
    reg.push_image("private/app", "v1", &image);
    let token = reg.token_server().unwrap();
    assert!(token.realm().starts_with("https://") && reg.url().starts_with("https://"));
    // The CA is configured for the registry only (no SSL_CERT_FILE, nothing for the realm).
    let ferry = Ferry::new();
    ferry.trust_in_certs_d(&reg);
    let alice = reg.user("alice");

    ferry
        .run_with_stdin(
            &["pull", "-u", alice.name, "--password-stdin", &reg.image_ref("private/app:v1")],
            alice.password,
        )
        .ok();

    assert!(reg.token_requests() > 0);
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_refused_connection_fails_fast_with_a_hint_that_fits() {
    // Bound and released: nothing listens there now.
    let port = free_port();
    let ferry = Ferry::new();

    let started = Instant::now();
    let run = ferry.run(&["pull", &format!("127.0.0.1:{port}/app:v1")]).fails_with(1);

    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    assert!(run.stderr.matches("retrying").count() <= 1, "{}", run.stderr);
    assert!(run.stderr.contains("connection refused"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("nothing answered at 127.0.0.1:{port}: is the registry running")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--insecure"), "{}", run.stderr);
}

#[test]
fn a_port_out_of_range_is_a_usage_error() {
    let run = Ferry::new().run(&["pull", "127.0.0.1:99999/x"]).fails_with(2);
    assert!(run.stderr.contains("port 99999"), "{}", run.stderr);
    assert!(!run.stderr.contains("builder error"), "{}", run.stderr);
}

#[test]
fn a_corrupt_blob_is_named_once() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(1107).layers(&[50_000]).build();
    reg.push_image("app", "v1", &image);
    let layer = image.layers[0].digest.clone();
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on(&layer).method("GET").corrupt_byte_at(100));
    let ferry = Ferry::new();

    let run = ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).fails_with(1);

    assert!(run.stderr.contains("content hashes to"), "{}", run.stderr);
    assert_eq!(run.stderr.matches(&format!("blob {layer}")).count(), 1, "{}", run.stderr);
}
