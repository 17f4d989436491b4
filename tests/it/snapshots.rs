//! Pinned renderings: what a user sees for the main errors and listings — exit code,
//! stdout and stderr, whole — kept as reviewed snapshots (`tests/it/snapshots/`), so that
//! any change to them shows up in review. Ports, temp paths and timings are replaced by
//! placeholders first; digests stay (fixtures are deterministic).
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test it snapshots`, then
//! read the diff of the `.snap` files before committing them.

use crate::ferry::{Ferry, Run};
use crate::harness::*;

/// One run as a user sees it, with what differs between runs replaced.
pub(crate) fn rendering(run: &Run, reg: Option<&Registry>, ferry: &Ferry) -> String {
    let mut text = format!("exit: {}\n--- stdout\n{}--- stderr\n{}", run.code, run.stdout, run.stderr);
    if let Some(reg) = reg {
        text = text.replace(&reg.host(), "[REGISTRY]");
    }
    text = text.replace(&ferry.home().display().to_string(), "[HOME]");
    text = text.replace(&ferry.root().display().to_string(), "[STORE]");
    let mut text: Vec<String> = text.lines().map(mask_timings).collect();
    sort_blob_records(&mut text);
    text.join("\n") + "\n"
}

/// Per-blob records (`abc123def456: Pull complete`) come in the order blobs finish, which
/// concurrent transfers do not fix: each run of them is pinned sorted.
fn sort_blob_records(lines: &mut [String]) {
    let is_record = |l: &String| {
        l.split_once(": ").is_some_and(|(id, _)| id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()))
    };
    let mut start = 0;
    while start < lines.len() {
        let len = lines[start..].iter().take_while(|l| is_record(l)).count();
        lines[start..start + len].sort();
        start += len.max(1);
    }
}

/// `74ms`, `1.2s`, `23.1 MiB/s`, `(12 ms)`, `2 years ago`: what depends on the machine's
/// speed or the clock becomes `#` (the unit of a rate too, as it scales with the speed).
/// Runs of spaces are folded, as table columns widen with the port's digits.
fn mask_timings(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let core = |w: &str| w.trim_start_matches('(').trim_end_matches([')', ',']).to_string();
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    let keep_punctuation = |w: &str, with: &str| {
        let open = if w.starts_with('(') { "(" } else { "" };
        let close = &w[w.trim_end_matches([')', ',']).len()..];
        format!("{open}{with}{close}")
    };
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let (w, c) = (words[i], core(words[i]));
        let next = words.get(i + 1).map(|n| core(n)).unwrap_or_default();
        let after = words.get(i + 2).map(|n| core(n)).unwrap_or_default();
        if ["ms", "s"].iter().any(|u| c.strip_suffix(u).is_some_and(|n| numeric(n) && !n.ends_with('m'))) {
            out.push(keep_punctuation(w, "#"));
        } else if numeric(&c) && next.ends_with("/s") {
            out.push(keep_punctuation(w, "#"));
            out.push(keep_punctuation(words[i + 1], "#/s"));
            i += 1;
        } else if numeric(&c) && (next == "ms" || next == "s") {
            out.push(keep_punctuation(w, "#"));
        } else if numeric(&c) && after == "ago" {
            out.push("# ago".to_string());
            i += 2;
        } else {
            out.push(w.to_string());
        }
        i += 1;
    }
    out.join(" ")
}

pub(crate) fn check(name: &str, rendered: String) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, rendered));
}

#[test]
fn masking_keeps_what_is_not_a_timing() {
    for (line, masked) in [
        ("Pulled app: 4 of 4 blobs, 1.7 MiB in 74ms (23.1 MiB/s)", "Pulled app: 4 of 4 blobs, 1.7 MiB in # (# #/s)"),
        ("GET http://x/v2/ -> 200 (12 ms)", "GET http://x/v2/ -> 200 (# ms)"),
        ("app  v1   sha256:abc  3 seconds ago   2 MiB", "app v1 sha256:abc # ago 2 MiB"),
        ("retrying in 0.4s (attempt 2 of 5)", "retrying in # (attempt 2 of 5)"),
        ("linux/amd64 s 40 blobs, 1.5 MiB", "linux/amd64 s 40 blobs, 1.5 MiB"),
    ] {
        assert_eq!(mask_timings(line), masked);
    }
}

#[test]
fn pull_outputs() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(900).layers(&[30_000, 2_000]).build();
    reg.push_image("app", "v1", &image);
    let ferry = Ferry::new().with_env("FERRY_PROGRESS_INTERVAL", "3600");

    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]);
    check("pull_ok", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["pull", &reg.image_ref("app:v1")]);
    check("pull_again", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["pull", &reg.image_ref("app:nope")]);
    check("pull_missing_tag", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["pull", &reg.image_ref("nothing/here:v1")]);
    check("pull_missing_repository", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["pull", "Not//a-Reference"]);
    check("pull_invalid_reference", rendering(&run, None, &ferry));
    let run = ferry.run(&["pull", "--platform", "linux/arm64", &reg.image_ref("app:v1")]);
    check("pull_other_platform_of_a_single_image", rendering(&run, Some(&reg), &ferry));
}

#[test]
fn local_listings_and_errors() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(910).layers(&[20_000]).build();
    reg.push_image("app", "v1", &image);
    reg.push_image("app", "v2", &image);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", &reg.image_ref("app:v1")]).ok();
    ferry.run(&["pull", "-q", &reg.image_ref("app:v2")]).ok();

    let run = ferry.run(&["images"]);
    check("images_table", rendering(&run, Some(&reg), &ferry));
    let mut run = ferry.run(&["images", "--format", "json"]);
    // The age grows with the clock ("2 years ago"); everything else is pinned.
    run.stdout = run
        .stdout
        .split("\"CreatedSince\":\"")
        .enumerate()
        .map(|(i, part)| if i == 0 { part.to_string() } else { format!("#{}", &part[part.find('"').unwrap()..]) })
        .collect::<Vec<_>>()
        .join("\"CreatedSince\":\"");
    check("images_json", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["rmi", "nothing:here"]);
    check("rmi_missing", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["inspect", "nothing:here"]);
    check("inspect_missing", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["rmi", &reg.image_ref("app:v1")]);
    check("rmi_one_of_two_names", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["prune"]);
    check("prune_nothing_to_do", rendering(&run, Some(&reg), &ferry));
}

#[test]
fn remote_listings() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(920).layers(&[1_000]).build();
    for tag in ["v1", "v2", "latest"] {
        reg.push_image("app", tag, &image);
    }
    reg.push_image("tools/cli", "1.0", &image);
    let ferry = Ferry::new();

    let run = ferry.run(&["tags", &reg.image_ref("app")]);
    check("tags", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["catalog", &reg.host()]);
    check("catalog", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["tags", &reg.image_ref("nothing")]);
    check("tags_missing_repository", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run(&["digest", &reg.image_ref("app:v1")]);
    check("digest", rendering(&run, Some(&reg), &ferry));
}

#[test]
fn authentication_errors() {
    let reg = Registry::start(Mode::BasicTls);
    reg.push_image("private/app", "v1", &ImageSpec::new(930).build());
    let ferry = Ferry::trusting(&reg);

    let run = ferry.run(&["pull", &reg.image_ref("private/app:v1")]);
    check("pull_needs_login", rendering(&run, Some(&reg), &ferry));
    let run = ferry.run_with_stdin(&["login", "-u", "alice", "--password-stdin", &reg.host()], "not-the-password");
    check("login_wrong_password", rendering(&run, Some(&reg), &ferry));
}
