//! Credentials and transport security: per-registry TLS trust, secrets kept out of logs,
//! and Authorization never following a redirect to another host.

use std::collections::HashMap;

use crate::ferry::Ferry;
use crate::harness::*;

#[test]
fn a_ca_in_certs_d_is_trusted_for_that_registry_only() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("app", "v1", &ImageSpec::new(300).build());
    let ferry = Ferry::new();
    let dir = ferry.trust_in_certs_d(&reg);
    let alice = reg.user("alice");

    ferry
        .run_with_stdin(&["pull", "-u", alice.name, "--password-stdin", &reg.image_ref("app:v1")], alice.password)
        .ok();

    // A half-configured client certificate is reported, not silently ignored.
    std::fs::write(dir.join("client.key"), "not a key").unwrap();
    let run =
        ferry.run_with_stdin(&["pull", "-u", alice.name, "--password-stdin", &reg.image_ref("app:v1")], alice.password);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("client.cert"), "{}", run.stderr);
}

#[test]
fn debug_output_shows_requests_but_never_a_secret() {
    for mode in [Mode::BasicTls, Mode::Token] {
        let reg = Registry::start(mode);
        reg.push_image("private/app", "v1", &ImageSpec::new(310).build());
        let ferry = Ferry::trusting(&reg);
        let alice = reg.user("alice");

        let run = ferry
            .run_with_stdin(
                &["pull", "--debug", "-u", alice.name, "--password-stdin", &reg.image_ref("private/app:v1")],
                alice.password,
            )
            .ok();

        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains("debug: GET "), "{all}");
        assert!(!all.contains(alice.password), "password leaked:\n{all}");
        assert!(!all.contains("eyJ"), "a JWT leaked:\n{all}");
        assert!(!all.to_ascii_lowercase().contains("authorization"), "headers are not logged:\n{all}");
    }
}

#[test]
fn authorization_never_follows_a_redirect_to_another_host() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(320).layers(&[30_000]).build();
    reg.push_image("private/app", "v1", &image);
    // A "CDN" on another port that serves blobs by digest, as S3 would with a signed URL.
    let blobs: HashMap<String, Vec<u8>> = image.blobs().map(|b| (b.digest.clone(), b.read_all())).collect();
    let cdn = FakeServer::start(move |req: &FakeRequest| {
        let digest = req.path.rsplit('/').next().unwrap_or_default().to_string();
        match blobs.get(&digest) {
            Some(bytes) => FakeResponse::new(200).body(bytes.clone()),
            None => FakeResponse::new(404),
        }
    });
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on("/blobs/").method("GET").redirect_to(&format!("{}{{path}}", cdn.url())));
    let ferry = Ferry::new();
    let alice = reg.user("alice");

    ferry
        .run_with_stdin(
            &["pull", "-u", alice.name, "--password-stdin", &format!("{}/private/app:v1", proxy.host())],
            alice.password,
        )
        .ok();

    let cdn_requests = cdn.requests();
    assert_eq!(cdn_requests.len(), image.blobs().count(), "every blob came from the CDN");
    for r in &cdn_requests {
        assert!(r.header("authorization").is_none(), "Authorization leaked to {}: {:?}", r.path, r.headers);
    }
    // While the registry itself did get the token.
    assert!(proxy.header_values("/manifests/", "authorization").iter().all(|v| v.is_some()));
    verify_oci_layout(&ferry.root()).unwrap();
}

#[test]
fn a_token_that_expires_mid_pull_is_renewed() {
    // Tokens the registry stops accepting after ~1 s, and a pull slowed to take several.
    let reg = Registry::start_with(
        Mode::Token,
        Options { token_expiry_secs: 1, token_hard_expiry: true, ..Options::default() },
    );
    // Layers of over 1 MiB, so `--jobs 1` fetches them one after the other.
    let image = ImageSpec::new(330).layers(&[1_100_000, 1_100_000]).compression(Compression::None).build();
    reg.push_image("private/app", "v1", &image);
    let proxy = Proxy::to(&reg);
    proxy.add_rule(Rule::on("/blobs/").method("GET").throttle(650_000));
    let ferry = Ferry::new();
    let alice = reg.user("alice");

    ferry
        .run_with_stdin(
            &["pull", "--jobs", "1", "-u", alice.name, "--password-stdin", &format!("{}/private/app:v1", proxy.host())],
            alice.password,
        )
        .ok();

    assert!(reg.token_requests() >= 2, "a fresh token was fetched: {} token requests", reg.token_requests());
    verify_oci_layout(&ferry.root()).unwrap();
}

/// Requests to a registry elsewhere go through `HTTPS_PROXY` (loopback registries never do:
/// `hostile_net`; `NO_PROXY`'s forms are unit tests of `registry::proxy`). The proxy here
/// refuses the tunnel, so nothing is resolved or sent beyond it.
#[test]
fn https_proxy_carries_requests_to_other_hosts() {
    let proxy = FakeServer::start(|_req: &FakeRequest| FakeResponse::text(403, "no tunnels here"));
    let through = Ferry::new().with_env("HTTPS_PROXY", proxy.url());

    let run = through.run(&["pull", "--retries", "0", "registry.example/app:v1"]);

    assert_ne!(run.code, 0);
    let requests = proxy.requests();
    assert!(!requests.is_empty(), "the request went through HTTPS_PROXY");
    assert!(requests.iter().all(|r| r.method == "CONNECT"), "{requests:?}");
}

#[test]
fn a_plain_http_registry_may_redirect_blobs_to_https_storage() {
    // A local plain-HTTP registry whose blob GETs redirect to HTTPS storage (as distribution
    // does with an S3 backend): ferry's plain-HTTP client hands the redirect back and a TLS
    // client (trusting the storage's CA) fetches the blob, without the registry's credentials.
    let image = ImageSpec::new(350).layers(&[40_000, 2_000]).build();
    let storage = Registry::start_with(Mode::BasicTls, Options { tls_without_auth: true, ..Options::default() });
    storage.push_image("app", "v1", &image);
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let redirect = proxy.add_rule(Rule::on("/blobs/").method("GET").redirect_to(&format!("{}{{path}}", storage.url())));
    let ferry = Ferry::trusting(&storage);

    ferry.run(&["pull", &format!("{}/app:v1", proxy.host())]).ok();

    assert!(storage.url().starts_with("https://"));
    assert_eq!(proxy.fired(redirect), image.blobs().count(), "every blob came from the HTTPS storage");
    verify_oci_layout(&ferry.root()).unwrap();
}
