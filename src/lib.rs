//! ferry: a command-line client for container registries.
//!
//! Layers, each importing only the ones above it in this list (ARCHITECTURE.md, "Layers"):
//! `atomic_file` (the one way files are replaced), `local_file` (the one way untrusted local
//! files are read) and the pure data (`reference`, `digest`,
//! `manifest`, `platform`, `walk`, `mirrors`) → `credentials` → `registry` → `store` → `archive` (image
//! archives and layouts, a source and destination of images beside the registry) →
//! `export` (a stored image's root filesystem, flattened) → `transfer` → `cli`. `progress`
//! (events, no output) serves every layer. Only `cli` prints.

pub mod atomic_file;
pub mod local_file;

pub mod digest;
pub mod manifest;
pub mod mirrors;
pub mod platform;
pub mod reference;
pub mod walk;

pub mod progress;

pub mod credentials;
pub mod registry;
pub mod store;

pub mod archive;
// Resolving paths without following symlinks needs the *at calls (unix).
#[cfg(unix)]
pub mod export;
pub mod transfer;

pub mod cli;

/// The layer map (ARCHITECTURE.md, "Layers") held against the code: every `crate::` path a
/// module names must be its own or a lower layer's.
#[cfg(test)]
mod layers {
    /// Lowest first; modules on one line may use each other.
    const LAYERS: &[&[&str]] = &[
        &["atomic_file", "local_file"],
        &["digest", "platform"],
        &["manifest", "reference"],
        &["walk", "mirrors"],
        &["progress"],
        &["credentials"],
        &["registry"],
        &["store"],
        &["archive"],
        &["export"],
        &["transfer"],
        &["cli"],
    ];

    fn layer_of(module: &str) -> usize {
        LAYERS.iter().position(|l| l.contains(&module)).unwrap_or_else(|| panic!("{module} is not in LAYERS"))
    }

    fn sources(path: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                sources(&entry.unwrap().path(), out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
    }

    #[test]
    fn every_module_uses_only_its_own_layer_and_those_below() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut wrong = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let module = first.trim_end_matches(".rs");
            if module == "lib" || module == "main" {
                continue;
            }
            let own = layer_of(module);
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, _) in text.match_indices("crate::") {
                let used: String =
                    text[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if used != module && layer_of(&used) > own {
                    wrong.push(format!("{} uses crate::{used}", rel.display()));
                }
            }
        }
        assert!(wrong.is_empty(), "a lower layer uses a higher one:\n{}", wrong.join("\n"));
    }
}
