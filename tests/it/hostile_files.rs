//! Local files as an attacker (or a careless tool) leaves them: a FIFO or an oversized file
//! where index.json, a manifest or config.json should be, a credential helper that prints a
//! secret and fails, a damaged archive, and what killed or failed runs leave in the store.
//! Every path here is one the test created in its own temp dir; FIFOs stand in for devices
//! (a char device's refusal is a unit test of `local_file`).

use std::ffi::CString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::ferry::{Ferry, Run};
use crate::harness::*;

fn mkfifo(path: &Path) {
    let c = CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

/// Waits for `child` at most `limit`; a run still going then is killed (it is ours) and the
/// test fails: it hung.
#[track_caller]
fn finishes_within(mut child: Child, limit: Duration) -> Run {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("ferry hung for {limit:?}; stderr so far:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap().into()
}

/// Names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

/// An OCI layout whose index.json, or whose one manifest, is a symlink to a FIFO: `load`
/// used to block forever opening it. Now it refuses it at once, naming the file.
#[test]
fn a_fifo_in_a_layout_is_refused_not_waited_on() {
    let manifest = br#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;
    let digest = sha256_digest(manifest);
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"example.com/app:v1"}}}}]}}"#,
        manifest.len()
    );
    for fifo_at in ["index.json", &format!("blobs/sha256/{}", digest.trim_start_matches("sha256:"))] {
        let dir = tempfile::tempdir().unwrap();
        let layout = dir.path().join("layout");
        fs::create_dir_all(layout.join("blobs/sha256")).unwrap();
        fs::write(layout.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
        fs::write(layout.join("index.json"), &index).unwrap();
        let fifo = layout.join("fifo");
        mkfifo(&fifo);
        let _ = fs::remove_file(layout.join(fifo_at));
        std::os::unix::fs::symlink(&fifo, layout.join(fifo_at)).unwrap();
        let ferry = Ferry::new();

        let run = finishes_within(ferry.spawn(&["load", "-i", layout.to_str().unwrap()]), Duration::from_secs(20));

        let run = run.fails_with(1);
        assert!(run.stderr.contains(fifo_at) && run.stderr.contains("not a regular file"), "{}", run.stderr);
        assert!(ferry.index()["manifests"].as_array().unwrap().is_empty(), "nothing named");
    }
}

/// A layout member that is a symlink out of the layout (here to a file beside it holding
/// exactly the bytes its digest names, so no digest check would stop it): refused, naming
/// the member, and nothing is stored.
#[test]
fn a_link_out_of_a_layout_is_refused() {
    let manifest = br#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;
    let digest = sha256_digest(manifest);
    let hex = digest.trim_start_matches("sha256:");
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{digest}","size":{},"annotations":{{"org.opencontainers.image.ref.name":"example.com/app:v1"}}}}]}}"#,
        manifest.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout");
    fs::create_dir_all(layout.join("blobs/sha256")).unwrap();
    fs::write(layout.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    fs::write(layout.join("index.json"), &index).unwrap();
    fs::write(layout.join("blobs/sha256/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), b"{}")
        .unwrap();
    let outside = dir.path().join("users-file");
    fs::write(&outside, manifest).unwrap();
    std::os::unix::fs::symlink(&outside, layout.join("blobs/sha256").join(hex)).unwrap();
    let ferry = Ferry::new();

    let run = ferry.run(&["load", "-i", layout.to_str().unwrap()]).fails_with(1);

    assert!(run.stderr.contains(hex) && run.stderr.contains("outside the layout"), "{}", run.stderr);
    assert!(ferry.index()["manifests"].as_array().unwrap().is_empty(), "nothing named");
    assert!(!ferry.has_blob(&digest), "nothing stored from outside");
}

/// `REGISTRY_AUTH_FILE` and docker's config.json as FIFOs (ferry used to hang reading
/// them) or as huge files (read whole): refused with the file named.
#[test]
fn credential_files_that_are_fifos_or_huge_are_refused() {
    for case in ["auth-file fifo", "config fifo", "config huge"] {
        let dir = tempfile::tempdir().unwrap();
        let mut ferry = Ferry::new();
        let target = if case.starts_with("auth-file") {
            let p = dir.path().join("auth.json");
            ferry = ferry.with_env("REGISTRY_AUTH_FILE", p.to_str().unwrap());
            p
        } else {
            fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
            ferry.docker_config()
        };
        if case.ends_with("fifo") {
            let fifo = dir.path().join("fifo");
            mkfifo(&fifo);
            std::os::unix::fs::symlink(&fifo, &target).unwrap();
        } else {
            // Sparse: 64 MiB on paper, nothing on disk.
            fs::File::create(&target).unwrap().set_len(64 << 20).unwrap();
        }

        let run = finishes_within(ferry.spawn(&["logout", "registry.example"]), Duration::from_secs(20));

        assert_ne!(run.code, 0, "{case}: {}", run.stderr);
        let name = target.file_name().unwrap().to_str().unwrap();
        let why = if case.ends_with("fifo") { "not a regular file" } else { "larger than" };
        assert!(run.stderr.contains(name) && run.stderr.contains(why), "{case}: {}", run.stderr);
    }
}

/// A helper whose `get` prints the credential and then fails: the error quotes what it
/// said on stderr, never what it printed on stdout.
#[test]
fn a_failing_credential_helper_never_shows_its_stdout() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(1100).build());
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let script = bin.join("docker-credential-leaky");
    fs::write(
        &script,
        r#"#!/usr/bin/env python3
import json, sys
sys.stdin.read()
print(json.dumps({"ServerURL": "x", "Username": "alice", "Secret": "hunter2-do-not-print"}))
sys.stdout.flush()
print("backend went away", file=sys.stderr)
sys.exit(1)
"#,
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let ferry = Ferry::trusting(&reg).with_env("PATH", path);
    fs::create_dir_all(ferry.docker_config().parent().unwrap()).unwrap();
    fs::write(ferry.docker_config(), r#"{"credsStore": "leaky"}"#).unwrap();

    let run = ferry.run(&["pull", &reg.image_ref("private/app:v1")]);

    assert_ne!(run.code, 0);
    assert!(!run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"), "{}", run.stderr);
    assert!(run.stderr.contains("backend went away"), "the helper's stderr is shown: {}", run.stderr);
}

/// A docker archive whose layer does not match its config's diff_id is the archive's
/// fault: the error says so, with no hint about a registry.
#[test]
fn a_bad_diff_id_in_an_archive_blames_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("bad.tar");
    let config = format!(r#"{{"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#, sha256_digest(b"other"));
    let manifest = r#"[{"Config":"c.json","RepoTags":["app:v1"],"Layers":["l.tar"]}]"#;
    let mut b = tar::Builder::new(fs::File::create(&archive).unwrap());
    for (name, bytes) in
        [("c.json", config.as_bytes()), ("l.tar", b"layer bytes".as_slice()), ("manifest.json", manifest.as_bytes())]
    {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, name, bytes).unwrap();
    }
    b.finish().unwrap();
    let ferry = Ferry::new();

    let run = ferry.run(&["load", "-i", archive.to_str().unwrap()]).fails_with(1);

    assert!(run.stderr.contains("l.tar") && run.stderr.contains("diff_id"), "{}", run.stderr);
    assert!(!run.stderr.contains("registry"), "nothing to do with a registry: {}", run.stderr);
    assert!(run.stderr.contains("hint: the archive is damaged"), "{}", run.stderr);
}

/// A `load` killed while spooling standard input leaves nothing in the store's tmp/: the
/// spool has no name, so the kernel frees it with the process.
#[test]
fn a_killed_load_leaves_no_spool_behind() {
    let ferry = Ferry::new();
    ferry.run(&["images"]).ok(); // the store exists
    let mut child =
        ferry.command(&["load"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Returns once ferry has read all but a pipe's buffer of it: the spool holds megabytes.
    stdin.write_all(&vec![7u8; 8 << 20]).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);

    assert_eq!(entries(&ferry.root().join("tmp")), Vec::<String>::new());
}

/// What a killed run leaves (a temp file nobody holds, a blob lock file) is removed the
/// next time the store is opened; a partial download stays, to be resumed.
#[test]
fn what_dead_processes_left_is_removed_when_the_store_is_next_opened() {
    let ferry = Ferry::new();
    ferry.run(&["images"]).ok();
    let root = ferry.root();
    let hex = "ab".repeat(32);
    fs::write(root.join("tmp/.ferry.deadbeef0123.tmp"), vec![1u8; 4096]).unwrap();
    fs::write(root.join(format!("ingest/{hex}.lock")), b"").unwrap();
    fs::write(root.join(format!("ingest/{hex}.partial")), b"resume me").unwrap();

    ferry.run(&["images"]).ok();

    assert_eq!(entries(&root.join("tmp")), Vec::<String>::new());
    assert_eq!(entries(&root.join("ingest")), [format!("{hex}.partial")]);
}

/// One lock file per blob ever pulled used to stay in ingest/; now none outlives its pull.
#[test]
fn pulls_leave_no_lock_files() {
    let image = ImageSpec::new(1101).layers(&[30_000, 5_000]).build();
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();

    ferry.run(&["pull", "-q", &reg.image_ref("app:v1")]).ok();

    assert_eq!(entries(&ferry.root().join("ingest")), Vec::<String>::new());
}

/// The disk fills while index.json is being replaced (here: a file-size limit, which fails
/// writes as a full disk does): the old index.json stays and no temp file is left.
#[test]
fn a_full_disk_while_writing_index_json_leaves_no_temp_file() {
    let image = ImageSpec::new(1102).layers(&[4_000]).build();
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new();
    let name = reg.image_ref("app:v1");
    ferry.run(&["pull", "-q", &name]).ok();
    // Make index.json bigger than the limit by an annotation (kept as it is by ferry).
    let mut index = ferry.index();
    index["annotations"] = serde_json::json!({ "padding": "x".repeat(256 << 10) });
    fs::write(ferry.root().join("index.json"), serde_json::to_vec(&index).unwrap()).unwrap();
    let before = fs::read(ferry.root().join("index.json")).unwrap();

    let mut cmd = ferry.command(&["tag", &name, &reg.image_ref("app:v2")]);
    crate::ferry::limit_file_size(&mut cmd, 128 << 10);
    let run: Run = cmd.output().unwrap().into();

    run.fails_with(1);
    assert_eq!(fs::read(ferry.root().join("index.json")).unwrap(), before, "the old index.json stays");
    assert_eq!(entries(&ferry.root().join("tmp")), Vec::<String>::new());
}

/// One tar member: name, entry type, link target, bytes.
type Member = (String, tar::EntryType, String, Vec<u8>);

/// A docker archive (`docker save` shape) built member by member: (name, entry type, link
/// target, bytes).
fn docker_archive(path: &Path, members: &[(&str, tar::EntryType, &str, &[u8])]) {
    let mut b = tar::Builder::new(fs::File::create(path).unwrap());
    for (name, kind, link, bytes) in members {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(*kind);
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        if !link.is_empty() {
            h.set_link_name(link).unwrap();
        }
        h.set_cksum();
        b.append_data(&mut h, name, *bytes).unwrap();
    }
    b.finish().unwrap();
}

/// Hostile docker archives: paths with `..` or absolute in manifest.json, members that are
/// symlinks or hardlinks out of the archive, duplicate members (the last one counts, and
/// must verify), a truncated archive. Each fails with an error naming the archive and
/// names nothing; the store stays valid (`ferry fsck` is clean); nothing outside the
/// store is read into it or written.
#[test]
fn hostile_docker_archives_fail_cleanly_and_leave_a_valid_store() {
    use tar::EntryType::{Link, Regular, Symlink};
    let layer = b"layer bytes, not even a tar";
    let config = format!(r#"{{"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#, sha256_digest(layer));
    let good = r#"[{"Config":"c.json","RepoTags":["app:v1"],"Layers":["l.tar"]}]"#;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    fs::write(&secret, b"not for the archive").unwrap();
    let secret_path = secret.to_str().unwrap().to_string();
    let escape = format!("{}{}", "../".repeat(12), secret_path.trim_start_matches('/'));
    let with_config_at = |p: &str| format!(r#"[{{"Config":"{p}","RepoTags":["app:v1"],"Layers":["l.tar"]}}]"#);
    let cases: Vec<(&str, Vec<Member>)> = vec![
        (
            "a config path with ..",
            vec![
                ("l.tar".into(), Regular, String::new(), layer.to_vec()),
                ("manifest.json".into(), Regular, String::new(), with_config_at(&escape).into_bytes()),
            ],
        ),
        (
            "an absolute config path",
            vec![
                ("l.tar".into(), Regular, String::new(), layer.to_vec()),
                ("manifest.json".into(), Regular, String::new(), with_config_at(&secret_path).into_bytes()),
            ],
        ),
        (
            "a config that is a symlink out",
            vec![
                ("c.json".into(), Symlink, secret_path.clone(), Vec::new()),
                ("l.tar".into(), Regular, String::new(), layer.to_vec()),
                ("manifest.json".into(), Regular, String::new(), good.as_bytes().to_vec()),
            ],
        ),
        (
            "a layer that is a hardlink out",
            vec![
                ("c.json".into(), Regular, String::new(), config.clone().into_bytes()),
                ("l.tar".into(), Link, secret_path.clone(), Vec::new()),
                ("manifest.json".into(), Regular, String::new(), good.as_bytes().to_vec()),
            ],
        ),
        (
            "duplicate members, the second wrong",
            vec![
                ("c.json".into(), Regular, String::new(), config.clone().into_bytes()),
                ("l.tar".into(), Regular, String::new(), layer.to_vec()),
                ("l.tar".into(), Regular, String::new(), b"another layer".to_vec()),
                ("manifest.json".into(), Regular, String::new(), good.as_bytes().to_vec()),
            ],
        ),
    ];
    for (what, members) in cases {
        let archive = dir.path().join("a.tar");
        let refs: Vec<(&str, tar::EntryType, &str, &[u8])> =
            members.iter().map(|(n, k, l, b)| (n.as_str(), *k, l.as_str(), b.as_slice())).collect();
        docker_archive(&archive, &refs);
        let ferry = Ferry::new();

        let run = finishes_within(ferry.spawn(&["load", "-i", archive.to_str().unwrap()]), Duration::from_secs(20));

        let run = run.fails_with(1);
        assert!(run.stderr.contains("a.tar"), "{what}: the error names the archive\n{}", run.stderr);
        assert!(ferry.index()["manifests"].as_array().unwrap().is_empty(), "{what}: nothing named");
        ferry.run(&["fsck"]).ok();
        assert_eq!(fs::read(&secret).unwrap(), b"not for the archive", "{what}: nothing outside written");
        let stored: Vec<String> = ferry.blob_names().into_iter().collect();
        assert!(!stored.contains(&sha256_digest(b"not for the archive")[7..].to_string()), "{what}: {stored:?}");
    }

    // Truncated: a good archive cut in the middle of a member.
    let archive = dir.path().join("a.tar");
    docker_archive(
        &archive,
        &[
            ("c.json", Regular, "", config.as_bytes()),
            ("l.tar", Regular, "", layer),
            ("manifest.json", Regular, "", good.as_bytes()),
        ],
    );
    let whole = fs::read(&archive).unwrap();
    fs::write(&archive, &whole[..1200]).unwrap();
    let ferry = Ferry::new();
    let run = finishes_within(ferry.spawn(&["load", "-i", archive.to_str().unwrap()]), Duration::from_secs(20));
    let run = run.fails_with(1);
    assert!(run.stderr.contains("a.tar"), "truncated: {}", run.stderr);
    ferry.run(&["fsck"]).ok();
}
