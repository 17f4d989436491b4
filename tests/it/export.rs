//! `ferry export`: layers flattened into a directory or a tar stream, with OCI whiteouts,
//! every compression, verification, and hostile layers that must not write outside DEST.

use std::path::Path;

use crate::ferry::Ferry;
use crate::harness::layers::{
    Entry, Layer, Meta, Node, Packing, Tree, push_layers, read_dir_tree, read_tar_tree, write_layout,
};
use crate::harness::registry::{Mode, Registry};
use crate::harness::sha256_digest;

const NAME: &str = "localhost:5000/export/test:v1";

fn as_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Stores an image of `layers` in `ferry`'s store under [`NAME`] (through `ferry load` of an
/// OCI layout: blobs verified, diff_ids taken as written).
fn stored(ferry: &Ferry, layers: &[Layer]) {
    let layout = tempfile::tempdir().unwrap();
    write_layout(layout.path(), layers, NAME);
    ferry.run(&["load", "-i", layout.path().to_str().unwrap()]).ok();
}

/// Exports [`NAME`] to `work/rootfs` and reads it back.
fn export_dir(ferry: &Ferry, work: &Path) -> (Tree, String) {
    let dest = work.join("rootfs");
    let run = ferry.run(&["export", NAME, "-o", dest.to_str().unwrap()]).ok();
    (read_dir_tree(&dest, as_root()), run.stderr)
}

/// Exports [`NAME`] as a tar file and reads it back.
fn export_tar(ferry: &Ferry, work: &Path) -> (Tree, String) {
    let dest = work.join("rootfs.tar");
    let run = ferry.run(&["export", NAME, "-o", dest.to_str().unwrap()]).ok();
    (read_tar_tree(&std::fs::read(&dest).unwrap(), true, &[]), run.stderr)
}

fn file(tree: &Tree, path: &str) -> String {
    String::from_utf8_lossy(tree.file(path).unwrap_or_else(|| panic!("{path} missing in {:?}", tree.paths())))
        .into_owned()
}

/// Five layers with every OCI rule in play.
fn layered(packing: Packing) -> Vec<Layer> {
    vec![
        Layer::new(
            &[
                Entry::dir("etc"),
                Entry::file("etc/passwd", b"root:x:0:0\n"),
                Entry::file("etc/gone", b"removed by a whiteout"),
                Entry::dir("opaque"),
                Entry::file("opaque/old", b"hidden by an opaque marker"),
                Entry::dir("opaque/sub"),
                Entry::file("opaque/sub/old", b"hidden too"),
                Entry::dir("becomes-file"),
                Entry::file("becomes-file/child", b"goes with its directory"),
                Entry::file("becomes-dir", b"a file, then a directory"),
                Entry::file("bin/tool", b"#!/bin/sh\necho tool\n").mode(0o4755).owner(0, 0),
                Entry::symlink("bin/alias", "tool"),
                Entry::symlink("abs-link", "/etc/passwd"),
                Entry::file("owned", b"by 1000").owner(1000, 1001).mode(0o640),
                Entry::dir("locked").mode(0o500),
                Entry::file("locked/inside", b"in a read-only directory").mode(0o400),
            ],
            packing,
        ),
        Layer::new(
            &[
                Entry::whiteout("etc/gone"),
                Entry::dir("opaque"),
                Entry::opaque("opaque"),
                Entry::file("opaque/new", b"only this survives"),
                Entry::file("becomes-file", b"now a file"),
                Entry::dir("becomes-dir"),
                Entry::file("becomes-dir/child", b"inside"),
                // A hardlink across layers: its target came in the layer below.
                Entry::hardlink("bin/tool-again", "bin/tool"),
            ],
            packing,
        ),
        Layer::new(
            &[
                // Written and whited out in one layer: the whiteout hides only what is below.
                Entry::file("etc/same-layer", b"kept"),
                Entry::whiteout("etc/same-layer"),
                Entry::whiteout("bin/alias"),
                Entry::file("etc/passwd", b"root:x:0:0\nuser:x:1000:1000\n"),
            ],
            packing,
        ),
    ]
}

fn check_layered(tree: &Tree) {
    let paths = tree.paths();
    assert!(!paths.contains(&"etc/gone"), "{paths:?}");
    assert_eq!(file(tree, "etc/passwd"), "root:x:0:0\nuser:x:1000:1000\n");
    assert_eq!(file(tree, "etc/same-layer"), "kept");
    assert!(!paths.iter().any(|p| p.starts_with("opaque/") && *p != "opaque/new"), "{paths:?}");
    assert_eq!(file(tree, "opaque/new"), "only this survives");
    assert_eq!(file(tree, "becomes-file"), "now a file");
    assert!(!paths.contains(&"becomes-file/child"), "{paths:?}");
    assert_eq!(tree.nodes["becomes-dir"].node, Node::Dir);
    assert_eq!(file(tree, "becomes-dir/child"), "inside");
    assert!(!paths.contains(&"bin/alias"), "{paths:?}");
    assert_eq!(tree.nodes["abs-link"].node, Node::Symlink("/etc/passwd".into()));
    assert_eq!(tree.nodes["bin/tool"].mode, 0o4755);
    assert_eq!(tree.nodes["locked"].mode, 0o500);
    assert_eq!(tree.nodes["locked/inside"].mode, 0o400);
    assert_eq!(tree.nodes["owned"].mode, 0o640);
    if let Some(owner) = tree.nodes["owned"].owner {
        assert_eq!(owner, (1000, 1001));
    }
    assert_eq!(tree.links, vec![vec!["bin/tool".to_string(), "bin/tool-again".to_string()]]);
    // No whiteout marker is ever written.
    assert!(!paths.iter().any(|p| p.contains(".wh.")), "{paths:?}");
}

#[test]
fn export_applies_whiteouts_opaque_dirs_replacements_and_hardlinks_across_layers() {
    let ferry = Ferry::new();
    stored(&ferry, &layered(Packing::Gzip));
    let work = tempfile::tempdir().unwrap();
    let (dir, _) = export_dir(&ferry, work.path());
    check_layered(&dir);
    let (tar, _) = export_tar(&ferry, work.path());
    check_layered(&tar);
    // The tar stream carries owners whoever runs the export; the directory, when root.
    assert_eq!(tar.nodes["owned"].owner, Some((1000, 1001)));
    let strip = |t: &Tree| t.nodes.iter().map(|(p, m)| (p.clone(), (m.node.clone(), m.mode))).collect::<Vec<_>>();
    assert_eq!(strip(&dir), strip(&tar), "the directory and the tar stream hold the same tree");
    if as_root() {
        assert_eq!(dir, tar);
    }
}

#[test]
fn export_reads_zstd_multi_member_gzip_and_uncompressed_layers() {
    for packing in [Packing::Zstd, Packing::GzipMembers, Packing::None] {
        let ferry = Ferry::new();
        stored(&ferry, &layered(packing));
        let work = tempfile::tempdir().unwrap();
        let (dir, _) = export_dir(&ferry, work.path());
        check_layered(&dir);
    }
}

#[test]
fn export_to_standard_output_is_a_tar_stream() {
    let ferry = Ferry::new();
    stored(&ferry, &layered(Packing::Gzip));
    let out = ferry.command(&["export", NAME, "-o", "-"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_layered(&read_tar_tree(&out.stdout, true, &[]));
}

#[test]
fn a_layer_whose_bytes_do_not_match_its_digest_is_refused() {
    let ferry = Ferry::new();
    let layers = vec![Layer::new(&[Entry::file("a", &[7u8; 5000])], Packing::None)];
    let digest = sha256_digest(&layers[0].blob);
    stored(&ferry, &layers);
    let blob = ferry.blob_path(&digest);
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[600] ^= 1;
    std::fs::write(&blob, bytes).unwrap();
    let dest = tempfile::tempdir().unwrap();
    let run = ferry.run(&["export", NAME, "-o", dest.path().join("out").to_str().unwrap()]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&digest) && run.stderr.contains("damaged"), "{}", run.stderr);
}

#[test]
fn a_layer_that_does_not_decompress_to_its_diff_id_is_refused() {
    let ferry = Ferry::new();
    let mut layer = Layer::new(&[Entry::file("a", b"content")], Packing::Gzip);
    let claimed = sha256_digest(b"another tar");
    layer.diff_id = claimed.clone();
    stored(&ferry, &[layer]);
    for out in ["rootfs", "rootfs.tar"] {
        let dest = tempfile::tempdir().unwrap();
        let run = ferry.run(&["export", NAME, "-o", dest.path().join(out).to_str().unwrap()]);
        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains(&format!("not the diff_id {claimed}")), "{}", run.stderr);
        assert!(!dest.path().join("rootfs.tar").exists(), "no half tar is left");
    }
}

#[test]
fn an_image_not_in_the_store_says_to_pull_it_and_a_full_directory_is_refused() {
    let ferry = Ferry::new();
    let dest = tempfile::tempdir().unwrap();
    let run = ferry.run(&["export", NAME, "-o", dest.path().join("r").to_str().unwrap()]).fails_with(3);
    assert!(run.stderr.contains("ferry pull") && run.stderr.contains("--pull"), "{}", run.stderr);

    stored(&ferry, &layered(Packing::Gzip));
    std::fs::write(dest.path().join("mine"), b"a user's file").unwrap();
    let run = ferry.run(&["export", NAME, "-o", dest.path().to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(std::fs::read(dest.path().join("mine")).unwrap(), b"a user's file");
}

#[test]
fn export_pull_fetches_the_image_first() {
    let reg = Registry::start(Mode::Anonymous);
    push_layers(&reg, "export/pulled", "v1", &layered(Packing::Gzip));
    let ferry = Ferry::new();
    let name = reg.image_ref("export/pulled:v1");
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("rootfs");
    let run = ferry.run(&["export", "--progress", "plain", "--pull", &name, "-o", out.to_str().unwrap()]).ok();
    assert!(ferry.stored(&name).is_some());
    // The pull's records, then the export's own (a reporter of its own, after the pull's
    // has finished).
    assert!(run.stderr.contains(": Pull complete"), "{}", run.stderr);
    assert!(run.stderr.contains(": Extracted"), "{}", run.stderr);
    check_layered(&read_dir_tree(&out, as_root()));
}

/// Layers that try every known way out of the root. DEST sits beside a canary directory
/// (DEST/../canary); nothing in it may change, and nothing may appear beside DEST.
fn hostile_layers(canary: &Path) -> Vec<Layer> {
    let canary_abs = canary.to_str().unwrap();
    vec![
        Layer::new(
            &[
                Entry::file("../canary/dotdot", b"escaped by .."),
                Entry::file("a/../../canary/dotdot2", b"escaped by a/../.."),
                Entry::file("/abs-file", b"absolute, kept inside"),
                Entry::symlink("out-rel", "../canary"),
                Entry::symlink("out-abs", canary_abs),
                Entry::file("out-rel/through-rel", b"written through a symlink"),
                Entry::file("out-abs/through-abs", b"written through a symlink"),
                Entry::hardlink("hl-out", "../canary/secret"),
                Entry::hardlink("hl-abs", &format!("{canary_abs}/secret")),
                Entry::hardlink("hl-through", "out-rel/secret"),
                Entry::hardlink("hl-later", "not-yet"),
                Entry::symlink("loop-a", "loop-b"),
                Entry::symlink("loop-b", "loop-a"),
                Entry::file("loop-a/x", b"through a loop"),
                Entry::symlink("chain-1", "chain-2"),
                Entry::symlink("chain-2", "chain-3"),
                Entry::symlink("chain-3", "../canary"),
                Entry::file("chain-1/via-chain", b"through a chain"),
                Entry::dir("dir-out"),
                Entry::symlink("dir-out/up", "../../canary"),
                Entry::file("dir-out/up/deep", b"through a nested symlink"),
                Entry::file("not-yet", b"too late for hl-later"),
            ],
            Packing::Gzip,
        ),
        Layer::new(
            &[
                // A directory that became a symlink out in a lower layer, written into.
                Entry::file("out-abs/later", b"through a lower layer's symlink"),
                Entry::whiteout("out-rel/secret"),
                Entry::opaque("out-abs"),
                Entry::opaque("chain-1"),
                Entry::whiteout("../canary/secret"),
                Entry::symlink("out-rel", "/"),
                Entry::file("out-rel/root-file", b"through a symlink to /"),
                Entry::file("kept", b"a harmless file after all that"),
            ],
            Packing::Gzip,
        ),
    ]
}

fn snapshot(dir: &Path) -> Tree {
    read_dir_tree(dir, true)
}

#[test]
fn hostile_layers_write_nothing_outside_the_destination() {
    let ferry = Ferry::new();
    let work = tempfile::tempdir().unwrap();
    let canary = work.path().join("canary");
    std::fs::create_dir(&canary).unwrap();
    std::fs::write(canary.join("secret"), b"do not touch").unwrap();
    stored(&ferry, &hostile_layers(&canary));
    let before = snapshot(work.path());

    let dest = work.path().join("rootfs");
    let run = ferry.run(&["export", NAME, "-o", dest.to_str().unwrap()]).ok();
    let tar_out = work.path().join("out.tar");
    let tar_run = ferry.run(&["export", NAME, "-o", tar_out.to_str().unwrap()]).ok();

    let mut after = snapshot(work.path());
    after.nodes.retain(|p, _| p != "rootfs" && !p.starts_with("rootfs/") && p != "out.tar");
    assert_eq!(before, after, "nothing outside DEST changed:\n{}", run.stderr);

    let tree = read_dir_tree(&dest, false);
    let tar = read_tar_tree(&std::fs::read(&tar_out).unwrap(), false, &[]);
    for tree in [&tree, &tar] {
        assert_eq!(file(tree, "abs-file"), "absolute, kept inside");
        assert_eq!(file(tree, "kept"), "a harmless file after all that");
        assert_eq!(tree.nodes["out-abs"].node, Node::Symlink(canary.to_str().unwrap().into()));
        assert_eq!(tree.nodes["out-rel"].node, Node::Symlink("/".into()), "a symlink is replaced as an entry");
        assert!(!tree.paths().iter().any(|p| p.contains("through") || p.contains("dotdot")), "{:?}", tree.paths());
        assert!(!tree.paths().contains(&"hl-later"), "a hardlink to what is not there yet is skipped");
    }
    for stderr in [&run.stderr, &tar_run.stderr] {
        for named in [
            "../canary/dotdot",
            "out-rel/through-rel",
            "out-abs/through-abs",
            "hl-out",
            "hl-abs",
            "hl-through",
            "hl-later",
            "loop-a/x",
            "chain-1/via-chain",
            "dir-out/up/deep",
            "out-abs/later",
            "out-rel/root-file",
        ] {
            assert!(stderr.contains(&format!("{named:?}")), "no warning names {named}:\n{stderr}");
        }
        assert!(stderr.contains("\"/abs-file\": an absolute name"), "{stderr}");
    }
}

#[test]
fn device_nodes_and_fifos_are_written_or_skipped_with_one_warning() {
    let ferry = Ferry::new();
    stored(
        &ferry,
        &[Layer::new(
            &[
                Entry::dir("dev"),
                Entry::char_device("dev/null"),
                Entry::char_device("dev/zero"),
                Entry::fifo("dev/fifo"),
            ],
            Packing::Gzip,
        )],
    );
    let work = tempfile::tempdir().unwrap();
    let (dir, stderr) = export_dir(&ferry, work.path());
    assert_eq!(dir.nodes["dev/fifo"].node, Node::Fifo);
    if as_root() {
        assert_eq!(dir.nodes["dev/null"].node, Node::Device);
    } else {
        assert!(!dir.paths().contains(&"dev/null"));
        assert_eq!(stderr.matches("device nodes skipped").count(), 1, "{stderr}");
    }
    // A tar stream holds them whoever runs the export.
    let (tar, _) = export_tar(&ferry, work.path());
    assert_eq!(tar.nodes["dev/null"].node, Node::Device);
    assert_eq!(tar.nodes["dev/fifo"].node, Node::Fifo);
}

/// What docker's engine adds to a container's filesystem (its init layer): left out of
/// `docker export`'s tree before comparing, with the directories it made for them when the
/// image has none.
const DOCKER_ADDS: &[&str] =
    &[".dockerenv", "etc/hostname", "etc/hosts", "etc/resolv.conf", "etc/mtab", "dev/console", "dev/pts", "dev/shm"];
const DOCKER_DIRS: &[&str] = &["dev", "proc", "sys", "etc"];

fn without_dockers_additions(mut docker: Tree, ferry: &Tree) -> Tree {
    docker.nodes.retain(|p, _| !DOCKER_ADDS.contains(&p.as_str()));
    docker.nodes.retain(|p, _| !DOCKER_DIRS.contains(&p.as_str()) || ferry.nodes.contains_key(p));
    docker
}

fn assert_same_tree(docker: &Tree, ferry: &Tree, what: &str) {
    let only_docker: Vec<_> = docker.nodes.keys().filter(|p| !ferry.nodes.contains_key(*p)).collect();
    let only_ferry: Vec<_> = ferry.nodes.keys().filter(|p| !docker.nodes.contains_key(*p)).collect();
    assert!(
        only_docker.is_empty() && only_ferry.is_empty(),
        "{what}: only docker's {only_docker:?}, only ferry's {only_ferry:?}"
    );
    for (path, meta) in &docker.nodes {
        assert_eq!(Some(meta), ferry.nodes.get(path), "{what}: {path}");
    }
    assert_eq!(docker.links, ferry.links, "{what}: the same hardlink groups");
}

const DOCKERFILE: &str = r#"FROM ferry-it/export-base:v1
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /data/keep /data/opaque/sub /gone /data/dir-then-file \
 && echo a > /data/keep/a && chmod 4755 /data/keep/a && chown 1000:1001 /data/keep \
 && echo old > /data/opaque/old && echo deeper > /data/opaque/sub/x && echo bye > /gone/file \
 && echo f > /data/file-then-dir && echo c > /data/dir-then-file/c && echo x > /rm-me \
 && ln -s /data/keep/a /abs-link && ln -s keep/a /data/rel-link && ln -s /nowhere /dangling \
 && echo shared > /data/hl && ln /data/hl /data/hl2 && mkfifo /data/fifo && chmod 600 /data/fifo \
 && mkdir -m 700 /private && echo s > /private/s && chmod 440 /private/s && chown 7:8 /private/s
RUN rm -rf /data/opaque && mkdir /data/opaque && echo new > /data/opaque/new \
 && rm /rm-me && rm -rf /gone && rm /data/file-then-dir && mkdir /data/file-then-dir \
 && echo in > /data/file-then-dir/in && rm -rf /data/dir-then-file && echo now > /data/dir-then-file \
 && ln /data/hl /data/hl3 && touch /data/keep/b && rm /abs-link && ln -s /data/hl /abs-link
"#;

/// An image docker built (whiteouts from `rm`, an opaque directory from `rm -rf` + `mkdir`,
/// a directory replaced by a file and the reverse, hardlinks across layers, symlinks, a
/// FIFO, owners and modes): ferry's export of it, as a directory and as a tar, equals
/// `docker export` of a container made from it, minus what docker adds for a container.
/// Then the same layers recompressed as zstd, multi-member gzip and plain tar (same
/// diff_ids) export to the same tree.
#[test]
fn export_equals_docker_export_of_an_image_docker_built() {
    let docker = crate::harness::docker::engine();
    let ferry = Ferry::new();
    let cfg = ferry.home().join(".docker");
    let work = tempfile::tempdir().unwrap();
    docker.import_busybox(&cfg, "ferry-it/export-base:v1");
    let context = work.path().join("context");
    std::fs::create_dir(&context).unwrap();
    std::fs::write(context.join("Dockerfile"), DOCKERFILE).unwrap();
    let image = "ferry-it/export-built:v1";
    docker.ok(&cfg, &["build", "-q", "--network", "none", "-t", image, context.to_str().unwrap()]);

    let container = docker.ok(&cfg, &["create", image, "/bin/sh"]).trim().to_string();
    let docker_tar = work.path().join("docker.tar");
    docker.ok(&cfg, &["export", "-o", docker_tar.to_str().unwrap(), &container]);
    docker.ok(&cfg, &["rm", &container]);
    let saved = work.path().join("saved.tar");
    docker.ok(&cfg, &["save", "-o", saved.to_str().unwrap(), image]);
    docker.rmi(&cfg, image);
    docker.rmi(&cfg, "ferry-it/export-base:v1");

    ferry.run(&["load", "-q", "-i", saved.to_str().unwrap()]).ok();
    let dir = work.path().join("rootfs");
    let tar = work.path().join("rootfs.tar");
    ferry.run(&["export", image, "-o", dir.to_str().unwrap()]).ok();
    ferry.run(&["export", image, "-o", tar.to_str().unwrap()]).ok();
    let from_tar = read_tar_tree(&std::fs::read(&tar).unwrap(), true, &[]);
    let expected = without_dockers_additions(read_tar_tree(&std::fs::read(&docker_tar).unwrap(), true, &[]), &from_tar);
    assert!(expected.nodes.contains_key("data/opaque/new") && expected.nodes.contains_key("data/hl3"));
    assert_same_tree(&expected, &from_tar, "ferry export -o rootfs.tar");
    let owners = as_root();
    let strip = |t: &Tree| Tree {
        nodes: t
            .nodes
            .iter()
            .map(|(p, m)| (p.clone(), Meta { owner: m.owner.filter(|_| owners), ..m.clone() }))
            .collect(),
        links: t.links.clone(),
    };
    assert_same_tree(&strip(&expected), &read_dir_tree(&dir, owners), "ferry export -o rootfs");

    // The same layers, recompressed: the same files.
    let manifest: serde_json::Value = {
        let entry = ferry.stored(&format!("docker.io/{image}")).expect("loaded");
        let digest = entry["digest"].as_str().unwrap();
        serde_json::from_slice(&std::fs::read(ferry.blob_path(digest)).unwrap()).unwrap()
    };
    let packings = [Packing::Zstd, Packing::GzipMembers, Packing::None];
    let layers: Vec<Layer> = manifest["layers"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let blob = std::fs::read(ferry.blob_path(l["digest"].as_str().unwrap())).unwrap();
            let mut tar = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&blob[..]), &mut tar).unwrap();
            Layer::from_tar(&tar, packings[i % packings.len()])
        })
        .collect();
    assert!(layers.len() >= 3, "a layer of each packing");
    let other = Ferry::new();
    stored(&other, &layers);
    let recompressed = work.path().join("recompressed");
    std::fs::create_dir(&recompressed).unwrap();
    let (tree, _) = export_tar(&other, &recompressed);
    assert_same_tree(&expected, &tree, "recompressed layers");
}

/// A tar export stages the tree in the store's `tmp/`: one left by a killed export (its lock
/// free) is removed by the next command that opens the store, and a finished export leaves
/// nothing there.
#[test]
fn a_staging_tree_left_by_a_killed_export_is_removed_by_the_next_command() {
    let ferry = Ferry::new();
    stored(&ferry, &layered(Packing::Gzip));
    let work = tempfile::tempdir().unwrap();
    export_tar(&ferry, work.path());
    let tmp = ferry.root().join("tmp");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "nothing left after an export");

    let left = tmp.join("ferry-dirKILLED");
    std::fs::create_dir_all(left.join("etc/sub")).unwrap();
    std::fs::write(left.join("etc/sub/passwd"), b"staged").unwrap();
    std::os::unix::fs::symlink(work.path(), left.join("etc/out")).unwrap();
    ferry.run(&["images", "-q"]).ok();
    assert!(!left.exists(), "removed whole");
    assert!(work.path().join("rootfs.tar").exists(), "and nothing through its symlink");
}

/// A PAX or GNU long name can be any length; one past PATH_MAX (which nesting directories
/// that deep would need) is skipped with a short warning, and the export goes on.
#[test]
fn a_name_longer_than_path_max_is_skipped_with_a_short_warning() {
    let deep = format!("{}f", "a/".repeat(3000));
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in [(deep.as_str(), &b"too deep"[..]), ("kept", &b"kept"[..])] {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        b.append_data(&mut h, name, data).unwrap();
    }
    let layer = Layer::from_tar(&b.into_inner().unwrap(), Packing::Gzip);
    let ferry = Ferry::new();
    stored(&ferry, &[layer]);
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("rootfs");
    let run = ferry.run(&["export", NAME, "-o", out.to_str().unwrap()]).ok();
    assert!(run.stderr.contains("a name of 6001 bytes (more than 4096)"), "{}", run.stderr);
    assert!(run.stderr.contains("… (6001 bytes)"), "the name is cut short: {}", run.stderr);
    assert!(run.stderr.len() < 2000, "{} bytes of stderr", run.stderr.len());
    assert!(!out.join("a").exists());
    assert_eq!(std::fs::read(out.join("kept")).unwrap(), b"kept");
}
