//! Where `ferry save -o` writes: a regular file is replaced atomically (temp file created
//! exclusively under an unpredictable name beside it, then renamed); a FIFO or a symlink's
//! target is written through, as `tar -f` and shell redirection do. Every path here is one
//! the test created in its own temp dir.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::archive::{pulled, tar_files};
use crate::harness::*;

/// Names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

/// The image's name as a `save` of it lists it in manifest.json.
fn saved_name(archive: &Path) -> serde_json::Value {
    let files = tar_files(archive);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    manifest[0]["RepoTags"].clone()
}

#[test]
fn save_replaces_a_regular_file_atomically_and_leaves_no_temp_file() {
    let (_reg, ferry, name) = pulled(&ImageSpec::new(700).layers(&[40_000]).build());
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("app.tar");
    fs::write(&archive, b"old").unwrap();
    let held = fs::File::open(&archive).unwrap();

    ferry.run(&["save", &name, "-o", archive.to_str().unwrap()]).ok();

    assert_eq!(saved_name(&archive), serde_json::json!([name]));
    assert_eq!(std::io::read_to_string(held).unwrap(), "old", "renamed over, never rewritten in place");
    assert_eq!(entries(dir.path()), ["app.tar"]);
}

#[test]
fn a_failed_save_leaves_the_old_file_and_no_temp_file() {
    let image = ImageSpec::new(701).layers(&[40_000]).build();
    let (_reg, ferry, name) = pulled(&image);
    fs::remove_file(ferry.blob_path(&image.layers[0].digest)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("app.tar");
    fs::write(&archive, b"old").unwrap();

    ferry.run(&["save", &name, "-o", archive.to_str().unwrap()]).fails_with(1);

    assert_eq!(fs::read(&archive).unwrap(), b"old");
    assert_eq!(entries(dir.path()), ["app.tar"]);
}

#[test]
fn save_writes_through_a_symlink_and_keeps_it() {
    let (_reg, ferry, name) = pulled(&ImageSpec::new(702).layers(&[40_000]).build());
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    fs::write(dir.path().join("real/app.tar"), b"old").unwrap();
    let link = dir.path().join("app.tar");
    std::os::unix::fs::symlink("real/app.tar", &link).unwrap();

    ferry.run(&["save", &name, "-o", link.to_str().unwrap()]).ok();

    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(saved_name(&dir.path().join("real/app.tar")), serde_json::json!([name]));
    assert_eq!(entries(dir.path()), ["app.tar", "real"]);
    assert_eq!(entries(&dir.path().join("real")), ["app.tar"]);
}

#[test]
fn save_writes_through_a_fifo_and_leaves_it_a_fifo() {
    let (_reg, ferry, name) = pulled(&ImageSpec::new(703).layers(&[300_000]).build());
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");

    // Opened without blocking, so the reader is there before ferry is; a read of 0 bytes
    // means "no writer", which is the end only once ferry wrote something or exited.
    let exited = Arc::new(AtomicBool::new(false));
    let reader = {
        let (fifo, exited) = (fifo.clone(), exited.clone());
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(&fifo).unwrap();
            let (mut got, mut buf) = (Vec::new(), vec![0u8; 1 << 16]);
            let deadline = Instant::now() + Duration::from_secs(120);
            while Instant::now() < deadline {
                match f.read(&mut buf) {
                    Ok(0) if !got.is_empty() || exited.load(Ordering::SeqCst) => break,
                    Ok(0) => std::thread::sleep(Duration::from_millis(5)),
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(1))
                    }
                    Err(e) => panic!("reading the fifo: {e}"),
                }
            }
            got
        })
    };

    let run = ferry.run(&["save", &name, "-o", fifo.to_str().unwrap()]);
    exited.store(true, Ordering::SeqCst);
    let got = reader.join().unwrap();
    run.ok();

    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the fifo is still a fifo");
    let copy = dir.path().join("copy.tar");
    fs::write(&copy, &got).unwrap();
    assert_eq!(saved_name(&copy), serde_json::json!([name]), "the reader got the whole archive");
    assert_eq!(entries(dir.path()), ["copy.tar", "pipe"]);
}

/// The old save wrote to `.NAME.ferry-PID` beside the target, opened following symlinks: a
/// link planted there sent the archive over any file the user could write.
#[test]
fn save_never_follows_a_link_planted_at_a_temp_name() {
    let (_reg, ferry, name) = pulled(&ImageSpec::new(704).layers(&[40_000]).build());
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, b"precious").unwrap();
    let archive = dir.path().join("app.tar");

    // Holding the store's lock (as a deleting ferry would) keeps the save waiting until the
    // link is planted at the name its process id predicts.
    let lock = fs::OpenOptions::new().read(true).write(true).open(ferry.root().join("lock")).unwrap();
    lock.lock().unwrap();
    let child = ferry.spawn(&["save", &name, "-o", archive.to_str().unwrap()]);
    let planted = dir.path().join(format!(".app.tar.ferry-{}", child.id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    drop(lock);
    let run: crate::ferry::Run = child.wait_with_output().unwrap().into();
    run.ok();

    assert_eq!(fs::read(&victim).unwrap(), b"precious", "the planted link was followed");
    assert!(fs::symlink_metadata(&archive).unwrap().is_file(), "app.tar is a regular file");
    assert_eq!(saved_name(&archive), serde_json::json!([name]));
    assert!(fs::symlink_metadata(&planted).unwrap().file_type().is_symlink(), "the link is left alone");
}
