//! The generated documentation: checked-in man pages and completion scripts match the clap
//! tree, render in `man`, load in bash and zsh; every command's help has examples.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ferry::Ferry;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(root: &Path, subdirs: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in subdirs {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else { continue };
        for e in entries {
            let e = e.unwrap();
            out.insert(format!("{sub}/{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn generated_docs_are_fresh() {
    let ferry = Ferry::new();
    let out = tempfile::tempdir().unwrap();
    ferry.run(&["generate-docs", out.path().to_str().unwrap()]).ok();

    let fresh = files_under(out.path(), &["man", "completions"]);
    let checked_in = files_under(&repo(), &["man", "completions"]);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert!(fresh.contains_key("man/ferry.1") && fresh.contains_key("completions/_ferry"));
    assert_eq!(names(&checked_in), names(&fresh), "man/ and completions/ are stale: run scripts/gen-docs");
    for (name, bytes) in &fresh {
        assert!(checked_in[name] == *bytes, "{name} is stale: run scripts/gen-docs and commit the result");
    }
}

#[test]
fn man_pages_render() {
    let render = |page: &str| {
        let out = Command::new("man")
            .arg("-l")
            .arg(repo().join("man").join(page))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .expect("man runs (scripts/test installs man-db)");
        assert!(out.status.success(), "man -l {page}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let main = render("ferry.1");
    for needle in ["NAME", "SYNOPSIS", "ferry-pull(1)", "ferry-tags(1)", "--root"] {
        assert!(main.contains(needle), "ferry.1 lacks {needle}:\n{main}");
    }
    let search = render("ferry-search.1");
    assert!(search.contains("--no-trunc") && search.contains("Examples"), "{search}");
}

#[test]
fn completions_load_in_bash() {
    let script = repo().join("completions/ferry.bash");
    let out = Command::new("bash")
        .arg("-c")
        .arg(
            r#"source "$1" && complete -p ferry &&
               COMP_WORDS=(ferry ta); COMP_CWORD=1; COMP_LINE="ferry ta"; COMP_POINT=8;
               _ferry ferry ta ferry && printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg("bash")
        .arg(&script)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("complete") && stdout.lines().any(|l| l == "tags"), "{stdout}");
}

#[test]
fn completions_load_in_zsh() {
    let dir = repo().join("completions");
    let out = Command::new("zsh")
        .arg("-fc")
        .arg(r#"fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- "$_comps[ferry]""#)
        .arg("zsh")
        .arg(&dir)
        .output()
        .expect("zsh runs (scripts/test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "_ferry");

    let out = Command::new("zsh")
        .arg("-fc")
        .arg(r#"autoload -U compinit; compinit -u -D; source "$1" && print -r -- "$_comps[ferry]""#)
        .arg("zsh")
        .arg(dir.join("_ferry"))
        .output()
        .expect("zsh runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "_ferry");
}

#[test]
fn completions_command_prints_each_shells_script() {
    let ferry = Ferry::new();
    for (shell, file) in [
        ("bash", "ferry.bash"),
        ("zsh", "_ferry"),
        ("fish", "ferry.fish"),
        ("powershell", "_ferry.ps1"),
        ("elvish", "ferry.elv"),
    ] {
        let out = ferry.command(&["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert_eq!(out.stdout, std::fs::read(repo().join("completions").join(file)).unwrap(), "{shell}");
    }
    ferry.run(&["completions", "tcsh"]).fails_with(2);
}

#[test]
fn every_command_help_has_examples() {
    let ferry = Ferry::new();
    let help = ferry.run(&["--help"]).ok().stdout;
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 11 && commands.contains(&"tags".to_string()), "{commands:?}");
    for c in &commands {
        let out = ferry.run(&[c, "--help"]).ok().stdout;
        assert!(out.contains("Examples:\n  ferry "), "`ferry {c} --help` has no examples:\n{out}");
    }
}
