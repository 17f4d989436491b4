//! Documentation generated from the clap tree: shell completions (`ferry completions SHELL`)
//! and, for the checked-in `man/` and `completions/` directories, the hidden
//! `ferry generate-docs DIR` that `scripts/gen-docs` runs. Generation is deterministic (no
//! dates, no environment values) so a test can compare the checked-in files with a fresh run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, CommandFactory};
use clap_complete::{Generator as _, Shell};

use super::Cli;
use super::printer::stdout_bytes;

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  ferry completions bash > ~/.local/share/bash-completion/completions/ferry
  ferry completions zsh > \"${fpath[1]}/_ferry\"
  ferry completions fish > ~/.config/fish/completions/ferry.fish
  ferry completions powershell >> $PROFILE
  ferry completions elvish >> ~/.config/elvish/rc.elv";

pub const GENERATE_DOCS_EXAMPLES: &str = "\
Examples:
  ferry generate-docs .        # what scripts/gen-docs runs";

/// The shells `completions/` holds scripts for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct GenerateDocsArgs {
    /// The directory to write man/ and completions/ into (the repository root)
    pub dir: PathBuf,
}

fn completion_script(shell: Shell) -> Vec<u8> {
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

pub fn completions(args: CompletionsArgs) -> Result<()> {
    stdout_bytes(&completion_script(args.shell))
}

/// Writes every generated file under `dir`, and removes files in its `man/` and
/// `completions/` that are no longer generated (a renamed or removed command).
pub fn generate_docs(args: GenerateDocsArgs) -> Result<()> {
    let files = generated_files()?;
    for sub in ["man", "completions"] {
        let d = args.dir.join(sub);
        std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry?;
            let rel = Path::new(sub).join(entry.file_name());
            if entry.file_type()?.is_file() && !files.contains_key(&rel) {
                std::fs::remove_file(entry.path()).with_context(|| format!("removing {}", entry.path().display()))?;
            }
        }
    }
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!("wrote {} files under {}", files.len(), args.dir.display());
    Ok(())
}
