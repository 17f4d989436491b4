//! The request gate against hostile servers: credentials never follow a link to another
//! host, and no body a server sends (tag lists, 401/403 error bodies, token responses) is
//! read into memory without a cap. Runs that could allocate without end are run with a
//! virtual-memory limit and a deadline, so a regression fails the test instead of the
//! machine.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::json;

use crate::ferry::{Ferry, Run};
use crate::harness::*;

/// Address space a bounded ferry run may use: far more than a small delete or pull needs,
/// far less than reading an endless body would take.
const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;
const DEADLINE: Duration = Duration::from_secs(20);

/// Runs ferry under `ulimit -v` and a deadline, with `stdin` as its input.
fn run_bounded(ferry: &Ferry, args: &[&str], stdin: &str) -> Run {
    let inner = ferry.command(args);
    let dir = tempfile::tempdir().unwrap();
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    // glibc reserves 64 MiB of address space per malloc arena; keep that out of the budget.
    c.env("MALLOC_ARENA_MAX", "2");
    let out = dir.path().join("stdout");
    let err = dir.path().join("stderr");
    c.stdin(Stdio::piped()).stdout(std::fs::File::create(&out).unwrap()).stderr(std::fs::File::create(&err).unwrap());
    let mut child = c.spawn().expect("ferry starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "ferry {args:?} was still running after {DEADLINE:?}\nstderr:\n{}",
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    }
}

const USER: &str = "alice";
const PASSWORD: &str = "s3cret-pa55";

fn basic() -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}")))
}

fn manifest() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": sha256_digest(b"{}"),
            "size": 2
        },
        "layers": []
    }))
    .unwrap()
}

/// A Basic-auth registry holding `app:v1`, whose tag list is `tags` (an answer for the
/// tags request), and which lets the manifest be deleted.
fn basic_registry(tags: impl Fn(&FakeRequest) -> FakeResponse + Send + Sync + 'static) -> FakeServer {
    let manifest = manifest();
    let digest = sha256_digest(&manifest);
    FakeServer::start(move |req| {
        if req.header("authorization") != Some(basic().as_str()) {
            return FakeResponse::json(401, &json!({"errors": [{"code": "UNAUTHORIZED", "message": "log in"}]}))
                .header("www-authenticate", "Basic realm=\"hostile\"");
        }
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/v2/") => FakeResponse::json(200, &json!({})),
            ("GET", "/v2/app/tags/list") => tags(req),
            ("GET" | "HEAD", p) if p == "/v2/app/manifests/v1" || p == format!("/v2/app/manifests/{digest}") => {
                FakeResponse::new(200)
                    .header("content-type", "application/vnd.oci.image.manifest.v1+json")
                    .header("docker-content-digest", &digest)
                    .body(if req.method == "GET" { manifest.clone() } else { Vec::new() })
            }
            ("DELETE", p) if p == format!("/v2/app/manifests/{digest}") => FakeResponse::new(202),
            _ => FakeResponse::json(404, &json!({"errors": [{"code": "MANIFEST_UNKNOWN", "message": "unknown"}]})),
        }
    })
}

#[test]
fn delete_never_sends_the_registrys_credentials_to_a_host_a_tag_link_names() {
    let elsewhere = FakeServer::start(|_| FakeResponse::json(200, &json!({"name": "app", "tags": ["z"]})));
    let link = format!("<{}/v2/app/tags/list?last=a>; rel=\"next\"", elsewhere.url());
    let reg = basic_registry(move |_| {
        FakeResponse::json(200, &json!({"name": "app", "tags": ["v1", "a"]})).header("link", &link)
    });
    let ferry = Ferry::new();

    let run =
        run_bounded(&ferry, &["delete", "-u", USER, "--password-stdin", &format!("{}/app:v1", reg.host())], PASSWORD)
            .ok();

    let leaked: Vec<_> = elsewhere.requests().into_iter().filter(|r| r.header("authorization").is_some()).collect();
    assert!(leaked.is_empty(), "the registry's Authorization went to another host: {leaked:?}");
    assert!(run.stderr.contains("another host"), "the refusal is reported: {}", run.stderr);
    assert!(reg.requests().iter().any(|r| r.method == "DELETE"), "the delete itself still happens: {}", run.stderr);
}

#[test]
fn delete_gives_up_on_an_endless_tag_list_with_bounded_memory() {
    let reg = basic_registry(|_| FakeResponse::new(200).header("content-type", "application/json").endless());
    let ferry = Ferry::new();

    let run =
        run_bounded(&ferry, &["delete", "-u", USER, "--password-stdin", &format!("{}/app:v1", reg.host())], PASSWORD)
            .ok();

    assert!(run.stderr.contains("tag list is larger than"), "the oversized tag list is named: {}", run.stderr);
    assert!(reg.requests().iter().any(|r| r.method == "DELETE"), "{}", run.stderr);
}

#[test]
fn an_endless_401_body_fails_cleanly() {
    // 401 to an anonymous client: the error body is read to describe the failure.
    let anonymous = FakeServer::start(|req| {
        let challenge = FakeResponse::new(401).header("www-authenticate", "Basic realm=\"hostile\"");
        match req.path.as_str() {
            "/v2/" => challenge,
            _ => challenge.header("content-type", "application/json").endless(),
        }
    });
    let run = run_bounded(&Ferry::new(), &["pull", &format!("{}/app:v1", anonymous.host())], "");
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("authentication required"), "{}", run.stderr);
}

#[test]
fn an_endless_403_body_fails_cleanly() {
    let denying = FakeServer::start(|req| {
        if req.header("authorization") != Some(basic().as_str()) {
            return FakeResponse::new(401).header("www-authenticate", "Basic realm=\"hostile\"");
        }
        match req.path.as_str() {
            "/v2/" => FakeResponse::json(200, &json!({})),
            _ => FakeResponse::new(403).header("content-type", "application/json").endless(),
        }
    });
    let run = run_bounded(
        &Ferry::new(),
        &["pull", "-u", USER, "--password-stdin", &format!("{}/app:v1", denying.host())],
        PASSWORD,
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("access denied"), "{}", run.stderr);
}

#[test]
fn an_endless_token_response_fails_cleanly() {
    for status in [200, 401] {
        let realm =
            FakeServer::start(move |_| FakeResponse::new(status).header("content-type", "application/json").endless());
        let challenge = format!("Bearer realm=\"{}/token\",service=\"hostile\"", realm.url());
        let reg = FakeServer::start(move |_| {
            FakeResponse::json(401, &json!({"errors": [{"code": "UNAUTHORIZED", "message": "token needed"}]}))
                .header("www-authenticate", &challenge)
        });

        let run = run_bounded(&Ferry::new(), &["pull", &format!("{}/app:v1", reg.host())], "");

        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(run.code < 100, "ferry failed by itself, not by a signal: {}\n{}", run.code, run.stderr);
        assert!(run.stderr.contains("token request to"), "{status}: {}", run.stderr);
        let why = if status == 200 { "larger than" } else { "HTTP 401" };
        assert!(run.stderr.contains(why), "{status}: {}", run.stderr);
        assert_eq!(realm.requests().len(), 1, "not retried: the same answer would come again");
    }
}
