//! The real OS keyring on Linux: GNOME Keyring's Secret Service on a private D-Bus session
//! bus, both started by the test (the keyring unlocked with a known password, as on a
//! headless machine) and stopped with it. ferry logs in, reads back, moves an item an older
//! ferry stored under its old attributes, and logs out; `secret-tool` (libsecret) looks at
//! the keyring from outside.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::ferry::Ferry;
use crate::harness::*;

/// A D-Bus session bus and a GNOME Keyring on it, in a temp dir, stopped on drop.
struct SecretService {
    dir: tempfile::TempDir,
    bus: Child,
    /// Started once the bus is up; `None` until then, so a failed start still stops the bus.
    keyring: Option<Child>,
}

impl SecretService {
    fn start() -> SecretService {
        let mut service = SecretService::bus_only();
        service.start_keyring();
        service
    }

    /// A session bus on which nothing provides a Secret Service.
    fn bus_only() -> SecretService {
        for tool in ["dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool"] {
            assert!(
                std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).any(|d| d.join(tool).is_file()),
                "{tool} is not installed (scripts/test installs dbus-daemon, gnome-keyring and libsecret-tools)"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run");
        std::fs::create_dir(&run).unwrap();
        std::fs::set_permissions(&run, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let socket = dir.path().join("bus");
        // A bus of its own: no service activation (no servicedir), so the keyring the test
        // starts is the only one that can answer, and nothing else gets started.
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .unwrap();
        let logs = dir.path().to_path_buf();
        let log = |name: &str| Stdio::from(File::create(logs.join(name)).unwrap());
        let bus = Command::new("dbus-daemon")
            .args(["--nofork", "--config-file"])
            .arg(&config)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(log("bus.out"))
            .stderr(log("bus.err"))
            .spawn()
            .expect("dbus-daemon starts");
        let service = SecretService { keyring: None, bus, dir };
        wait_for("the D-Bus socket", || socket.exists());
        service
    }

    fn start_keyring(&mut self) {
        let log = |name: &str| Stdio::from(File::create(self.dir.path().join(name)).unwrap());
        let run = self.dir.path().join("run");

        // `--unlock` reads the login keyring's password on stdin (creating the keyring
        // with it the first time); `--foreground` keeps it the test's own child.
        let home = self.dir.path().join("home");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_RUNTIME_DIR", &run)
            .env("DBUS_SESSION_BUS_ADDRESS", self.address())
            .stdin(Stdio::piped())
            .stdout(log("keyring.out"))
            .stderr(log("keyring.err"))
            .spawn()
            .expect("gnome-keyring-daemon starts");
        keyring.stdin.take().unwrap().write_all(b"test-keyring-password").unwrap();
        self.keyring = Some(keyring);
        wait_for("the Secret Service on the bus", || {
            let out = self.tool(
                "dbus-send",
                &[
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ],
                "",
            );
            String::from_utf8_lossy(&out.stdout).contains("boolean true")
        });
    }

    fn address(&self) -> String {
        format!("unix:path={}", self.dir.path().join("bus").display())
    }

    fn tool(&self, program: &str, args: &[&str], input: &str) -> Output {
        let mut child = Command::new(program)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("DBUS_SESSION_BUS_ADDRESS", self.address())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    /// Stores an item the way older ferry did: `{application: "ferry", registry: HOST}`.
    fn store_old_item(&self, host: &str, secret: &str) {
        let out = self.tool(
            "secret-tool",
            &["store", &format!("--label=ferry: {host}"), "application", "ferry", "registry", host],
            secret,
        );
        assert!(out.status.success(), "secret-tool store: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// The JSON secret of the item with these attributes, if there is one.
    fn lookup(&self, attributes: &[&str]) -> Option<Value> {
        let out = self.tool("secret-tool", &[&["lookup"][..], attributes].concat(), "");
        out.status.success().then(|| serde_json::from_slice(&out.stdout).expect("a JSON secret"))
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in self.keyring.iter_mut().chain([&mut self.bus]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "{what} did not come up within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn config_has_login(config: &Path, host: &str) -> bool {
    std::fs::read(config)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .is_some_and(|v| v["auths"].get(host).is_some())
}

#[test]
fn the_secret_service_keeps_logins_and_old_ferrys_items_move_into_the_new_layout() {
    let ss = SecretService::start();
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(300).build());
    let alice = reg.user("alice");
    let host = reg.host();
    let repo = reg.image_ref("private/app");
    let ferry = Ferry::trusting(&reg).with_env("DBUS_SESSION_BUS_ADDRESS", ss.address());
    let new_item = ["service", "ferry", "username", host.as_str()];
    let old_item = ["application", "ferry", "registry", host.as_str()];

    // A login an older ferry stored: read, used, and moved (new item written, old deleted).
    ss.store_old_item(&host, &json!({"username": alice.name, "secret": alice.password}).to_string());
    let tags = ferry.run(&["tags", &repo]).ok();
    assert_eq!(tags.stdout.trim(), "v1");
    let moved = ss.lookup(&new_item).expect("the login is in the new layout");
    assert_eq!((moved["username"].as_str(), moved["secret"].as_str()), (Some(alice.name), Some(alice.password)));
    assert_eq!(ss.lookup(&old_item), None, "the old item is gone");
    ferry.run(&["tags", &repo]).ok();

    let logout = ferry.run(&["logout", &host]).ok();
    assert!(logout.stderr.contains("Secret Service keyring") || logout.stdout.contains("Secret Service keyring"));
    assert_eq!(ss.lookup(&new_item), None);
    ferry.run(&["tags", &repo]).fails_with(4);

    // `ferry login` stores in the keyring, not in config.json, and the secret never shows.
    let login = ferry.run_with_stdin(&["login", &host, "-u", alice.name, "--password-stdin"], alice.password).ok();
    assert_eq!(login.stdout, "Login Succeeded\n");
    assert!(!login.stderr.contains("warning"), "{}", login.stderr);
    assert!(!config_has_login(&ferry.docker_config(), &host), "the keyring got it, not config.json");
    assert_eq!(ss.lookup(&new_item).unwrap()["username"], alice.name);
    let tags = ferry.run(&["tags", &repo]).ok();
    assert!(!format!("{}{}", tags.stdout, tags.stderr).contains(alice.password));

    // `logout --all` finds it through the store's own search.
    ss.store_old_item("old.example", &json!({"username": "u", "secret": "p"}).to_string());
    ferry.run(&["logout", "--all"]).ok();
    assert_eq!(ss.lookup(&new_item), None);
    assert_eq!(ss.lookup(&["application", "ferry", "registry", "old.example"]), None, "old items are listed too");
    ferry.run(&["tags", &repo]).fails_with(4);
}

/// A session bus with no Secret Service on it (a desktop-less session): the keyring is
/// "unavailable" at once, and the login goes to config.json with the usual warning.
#[test]
fn a_bus_without_a_secret_service_falls_back_to_config_json_at_once() {
    let ss = SecretService::bus_only();
    let reg = Registry::start(Mode::BasicTls);
    let alice = reg.user("alice");
    let host = reg.host();
    let ferry = Ferry::trusting(&reg).with_env("DBUS_SESSION_BUS_ADDRESS", ss.address());
    let started = Instant::now();
    let login = ferry.run_with_stdin(&["login", &host, "-u", alice.name, "--password-stdin"], alice.password).ok();
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(login.stderr.contains("the OS keyring is not available"), "{}", login.stderr);
    assert!(config_has_login(&ferry.docker_config(), &host));
}

/// A locked keyring whose unlock prompt cannot be shown (no prompter on a headless bus) is an
/// error naming the lock, at once, for reads and for listing; the secret behind it never
/// shows. (The 60 s bound on a prompt that is shown but never answered needs a prompter that
/// waits, which this machine has not.)
#[test]
fn a_locked_keyring_is_an_error_naming_it_not_a_hang() {
    let ss = SecretService::start();
    let secret = json!({"username": "u", "secret": "hunter2-locked"}).to_string();
    let out = ss.tool(
        "secret-tool",
        &["store", "--label=ferry: ghcr.io", "service", "ferry", "username", "ghcr.io"],
        &secret,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ss.tool(
        "dbus-send",
        &[
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ],
        "",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ferry = Ferry::new().with_env("DBUS_SESSION_BUS_ADDRESS", ss.address());
    let started = Instant::now();
    for args in [&["tags", "ghcr.io/library/x"][..], &["logout", "--all"]] {
        let run = ferry.run(args).fails_with(1);
        assert!(run.stderr.contains("Secret Service keyring") && run.stderr.contains("locked"), "{}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    }
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
}
