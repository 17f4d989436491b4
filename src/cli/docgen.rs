//! Documentation generated from the clap tree: shell completion scripts and man pages.
//! Generation is deterministic (no dates, no environment values) so a test can compare the
//! checked-in `man/` and `completions/` with a fresh run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::{Generator as _, Shell};

use super::Cli;

/// The shells `completions/` holds scripts for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ferry", &mut out);
    out
}

/// Every generated file, by path relative to the repository root.
pub fn generated_files() -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for shell in SHELLS {
        files.insert(Path::new("completions").join(shell.file_name("ferry")), completion_script(shell));
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![cmd.clone()];
    pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    for page in pages {
        let man = clap_mangen::Man::new(page);
        let mut out = Vec::new();
        man.render(&mut out).context("rendering a man page")?;
        files.insert(Path::new("man").join(man.get_filename()), out);
    }
    Ok(files)
}
