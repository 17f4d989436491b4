//! The hidden `ferry generate-docs DIR` that `scripts/gen-docs` runs: the checked-in `man/`
//! and `completions/` directories, written fresh.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::Args;

use super::docgen::generated_files;

pub const EXAMPLES: &str = "\
Examples:
  ferry generate-docs .        # what scripts/gen-docs runs";

#[derive(Args, Debug)]
pub struct GenerateDocsArgs {
    /// The directory to write man/ and completions/ into (the repository root)
    pub dir: PathBuf,
}

/// Writes every generated file under `dir`, and removes files in its `man/` and
/// `completions/` that are no longer generated (a renamed or removed command).
pub fn run(args: GenerateDocsArgs) -> Result<()> {
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
