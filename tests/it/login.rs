//! `ferry login` / `ferry logout` and stored credentials: docker's config.json, credential
//! helpers, the keyring (through its test file backend), the CI environment pair, and the
//! anonymous fallback for stale logins.

use std::os::unix::fs::PermissionsExt;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::ferry::Ferry;
use crate::harness::*;

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn login_logout_round_trip_against_basic_auth_over_tls() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(400).build());
    let ferry = Ferry::trusting(&reg);
    let alice = reg.user("alice");
    let image = reg.image_ref("private/app:v1");

    let login =
        ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
    assert_eq!(login.stdout, "Login Succeeded\n");
    // No keyring on this machine: the login went to config.json, and the user is told where.
    let config = ferry.docker_config();
    assert!(
        login.stderr.contains("warning:") && login.stderr.contains(&config.display().to_string()),
        "{}",
        login.stderr
    );
    assert_eq!(mode(&config), 0o600);
    assert_eq!(read_json(&config)["auths"][reg.host()]["auth"], b64(&format!("{}:{}", alice.name, alice.password)));

    let pulled = ferry.run(&["pull", "--debug", &image]).ok();
    let all = format!("{}{}", pulled.stdout, pulled.stderr);
    assert!(!all.contains(alice.password) && !all.contains(&b64(&format!("alice:{}", alice.password))), "{all}");

    ferry.run(&["logout", &reg.host()]).ok();
    assert!(read_json(&config)["auths"].get(reg.host()).is_none());
    let denied = Ferry::trusting(&reg).run(&["pull", &image]).fails_with(4);
    assert!(denied.stderr.contains(&format!("ferry login {}", reg.host())), "{}", denied.stderr);
}

#[test]
fn a_wrong_password_fails_and_stores_nothing() {
    for mode_ in [Mode::BasicTls, Mode::Token] {
        let reg = Registry::start(mode_);
        let ferry = Ferry::trusting(&reg);
        let run =
            ferry.run_with_stdin(&["login", &reg.host(), "-u", "alice", "--password-stdin"], "wrong").fails_with(4);
        assert!(
            run.stderr.contains("rejected") || run.stderr.contains("invalid username or password"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("wrong"), "{}", run.stderr);
        assert!(!run.stdout.contains("Login Succeeded"));
        assert!(!ferry.docker_config().exists(), "nothing stored");
    }
}

#[test]
fn token_login_keeps_a_refresh_token_in_the_keyring_not_the_password() {
    let reg = Registry::start(Mode::Token);
    reg.push_image("private/app", "v1", &ImageSpec::new(410).build());
    let keyring = tempfile::tempdir().unwrap();
    let keyring_file = keyring.path().join("keyring.json");
    let ferry = Ferry::new().with_env("FERRY_TEST_KEYRING_FILE", keyring_file.display().to_string());
    let alice = reg.user("alice");

    ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();

    let stored = std::fs::read_to_string(&keyring_file).unwrap();
    assert!(!stored.contains(alice.password), "the password is not kept: {stored}");
    assert_eq!(mode(&keyring_file), 0o600);
    assert!(!ferry.docker_config().exists(), "the keyring got it, not config.json");

    reg.token_server().unwrap().reset_requests();
    ferry.run(&["pull", &reg.image_ref("private/app:v1")]).ok();
    let requests = reg.token_server().unwrap().requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "POST" && r.params.iter().any(|(k, v)| k == "grant_type" && v == "refresh_token")),
        "the refresh token was used (OAuth2 POST): {requests:?}"
    );

    ferry.run(&["logout", &reg.host()]).ok();
    ferry.run(&["pull", &reg.image_ref("private/app:v1")]).fails_with(4);
}

/// A fake `docker-credential-test` that logs every call (action and stdin) and keeps its
/// secrets in a JSON file, as real helpers do in a keychain.
fn fake_helper(dir: &std::path::Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("docker-credential-test");
    let store = dir.join("helper-store.json");
    let log = dir.join("helper.log");
    std::fs::write(
        &script,
        format!(
            r#"#!/usr/bin/env python3
import json, sys, os
store, log = {store:?}, {log:?}
action = sys.argv[1]
data = sys.stdin.read()
with open(log, "a") as f:
    f.write(json.dumps({{"action": action, "stdin": data}}) + "\n")
db = json.load(open(store)) if os.path.exists(store) else {{}}
if action == "store":
    entry = json.loads(data)
    db[entry["ServerURL"]] = entry
elif action == "get":
    url = data.strip()
    if url not in db:
        print("credentials not found in native keychain")
        sys.exit(1)
    print(json.dumps(db[url]))
elif action == "erase":
    db.pop(data.strip(), None)
elif action == "list":
    print(json.dumps({{k: v["Username"] for k, v in db.items()}}))
json.dump(db, open(store, "w"))
"#
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

fn helper_log(dir: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("helper.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn credential_helpers_speak_dockers_protocol_for_creds_store_and_cred_helpers() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(420).build());
    let alice = reg.user("alice");
    for config in [json!({"credsStore": "test"}), json!({"credHelpers": {reg.host(): "test"}})] {
        let helper_dir = tempfile::tempdir().unwrap();
        let bin = fake_helper(helper_dir.path());
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
        let ferry = Ferry::trusting(&reg).with_env("PATH", path);
        std::fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
        std::fs::write(ferry.docker_config(), config.to_string()).unwrap();

        ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
        let log = helper_log(helper_dir.path());
        let store = log.iter().find(|e| e["action"] == "store").expect("helper store was called");
        let sent: Value = serde_json::from_str(store["stdin"].as_str().unwrap()).unwrap();
        assert_eq!(sent, json!({"ServerURL": reg.host(), "Username": alice.name, "Secret": alice.password}));
        let on_disk = std::fs::read_to_string(ferry.docker_config()).unwrap();
        assert!(!on_disk.contains(&b64(&format!("alice:{}", alice.password))), "the helper has it, not the file");

        ferry.run(&["pull", &reg.image_ref("private/app:v1")]).ok();
        let log = helper_log(helper_dir.path());
        assert!(
            log.iter().any(|e| e["action"] == "get" && e["stdin"].as_str().unwrap().trim() == reg.host()),
            "{log:?}"
        );

        ferry.run(&["logout", &reg.host()]).ok();
        let log = helper_log(helper_dir.path());
        assert!(
            log.iter().any(|e| e["action"] == "erase" && e["stdin"].as_str().unwrap().trim() == reg.host()),
            "{log:?}"
        );
        Ferry::trusting(&reg).run(&["pull", &reg.image_ref("private/app:v1")]).fails_with(4);
    }
}

#[test]
fn a_missing_helper_is_named_and_reads_fall_back_to_auths() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(425).build());
    let alice = reg.user("alice");
    let ferry = Ferry::trusting(&reg);
    std::fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
    let config = json!({"credsStore": "nonexistent", "auths": {reg.host(): {"auth": b64(&format!("alice:{}", alice.password))}}});
    std::fs::write(ferry.docker_config(), config.to_string()).unwrap();

    let run = ferry.run(&["pull", &reg.image_ref("private/app:v1")]).ok();
    assert!(run.stderr.contains("docker-credential-nonexistent"), "{}", run.stderr);
}

#[test]
fn login_and_logout_keep_everything_else_in_config_json() {
    let reg = Registry::start(Mode::BasicTls);
    let ferry = Ferry::trusting(&reg);
    std::fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
    let original = json!({
        "auths": {"other.example.com": {"auth": b64("bob:secret")}},
        "proxies": {"default": {"httpProxy": "http://proxy.example:3128"}},
        "detachKeys": "ctrl-e,e",
        "experimental": "enabled"
    });
    std::fs::write(ferry.docker_config(), original.to_string()).unwrap();
    let alice = reg.user("alice");

    ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
    let after_login = read_json(&ferry.docker_config());
    assert_eq!(mode(&ferry.docker_config()), 0o600);
    for key in ["proxies", "detachKeys", "experimental"] {
        assert_eq!(after_login[key], original[key], "{key} kept");
    }
    assert_eq!(after_login["auths"]["other.example.com"], original["auths"]["other.example.com"]);

    ferry.run(&["logout", &reg.host()]).ok();
    assert_eq!(read_json(&ferry.docker_config()), original, "logout restores the file's content");
    assert_eq!(mode(&ferry.docker_config()), 0o600);
}

#[test]
fn a_stale_stored_login_still_pulls_public_images_with_a_warning() {
    let reg = Registry::start(Mode::Token);
    reg.push_image("public/app", "v1", &ImageSpec::new(430).build());
    reg.push_image("private/app", "v1", &ImageSpec::new(431).build());
    let ferry = Ferry::new();
    std::fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
    std::fs::write(
        ferry.docker_config(),
        json!({"auths": {reg.host(): {"auth": b64("alice:changed-since")}}}).to_string(),
    )
    .unwrap();

    let public = ferry.run(&["pull", &reg.image_ref("public/app:v1")]).ok();
    assert!(public.stderr.contains("rejected") && public.stderr.contains("anonymously"), "{}", public.stderr);
    ferry.run(&["pull", &reg.image_ref("private/app:v1")]).fails_with(4);

    // Credentials given explicitly are never swapped for anonymous access.
    Ferry::new()
        .run_with_stdin(&["pull", "-u", "alice", "--password-stdin", &reg.image_ref("public/app:v1")], "changed-since")
        .fails_with(4);
}

#[test]
fn ci_credentials_from_the_environment_are_used_and_never_written() {
    let reg = Registry::start(Mode::Token);
    reg.push_image("private/app", "v1", &ImageSpec::new(440).build());
    let alice = reg.user("alice");
    let ferry = Ferry::new().with_env("FERRY_USERNAME", alice.name).with_env("FERRY_PASSWORD", alice.password);

    let run = ferry.run(&["pull", "--debug", &reg.image_ref("private/app:v1")]).ok();

    assert!(!format!("{}{}", run.stdout, run.stderr).contains(alice.password));
    assert!(!ferry.docker_config().exists());
    assert!(!ferry.home().join(".config/ferry").exists());
}

#[test]
fn login_without_a_terminal_needs_the_password_on_stdin() {
    let ferry = Ferry::new();
    let run = ferry.run(&["login", "localhost:1", "-u", "alice"]).fails_with(1);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    let run = ferry.run(&["login", "localhost:1"]).fails_with(1);
    assert!(run.stderr.contains("--username"), "{}", run.stderr);
}

#[test]
fn a_password_on_the_command_line_works_with_a_warning() {
    let reg = Registry::start(Mode::BasicTls);
    let ferry = Ferry::trusting(&reg);
    let alice = reg.user("alice");
    let run = ferry.run(&["login", &reg.host(), "-u", alice.name, "-p", alice.password]).ok();
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    assert!(!run.stderr.contains(alice.password));
}

#[test]
fn copy_uses_the_stored_login_of_each_registry() {
    let (a, b) = (Registry::start(Mode::Token), Registry::start(Mode::Token));
    let image = ImageSpec::new(450).build();
    a.push_image("private/app", "v1", &image);
    let keyring = tempfile::tempdir().unwrap();
    let ferry = Ferry::new().with_env("FERRY_TEST_KEYRING_FILE", keyring.path().join("k.json").display().to_string());
    let alice = a.user("alice");
    for reg in [&a, &b] {
        ferry.run_with_stdin(&["login", &reg.host(), "-u", alice.name, "--password-stdin"], alice.password).ok();
    }

    ferry.run(&["copy", &a.image_ref("private/app:v1"), &b.image_ref("private/app:v1")]).ok();

    let (_, bytes) = b.get_manifest("private/app", "v1").expect("copied");
    assert_eq!(sha256_digest(&bytes), image.manifest_digest);
}
