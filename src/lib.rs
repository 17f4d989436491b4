//! ferry: a command-line client for container registries.
//!
//! Layers, each importing only the ones above it in this list (see ARCHITECTURE.md):
//! pure data (`reference`, `digest`, `manifest`, `platform`, `walk`) and `atomic_file` (the
//! one way files are replaced) → `credentials` → `registry` → `store` → `transfer` → `cli`.
//! Only `cli` prints.

pub mod digest;
pub mod manifest;
pub mod platform;
pub mod reference;
pub mod walk;

pub mod atomic_file;

pub mod cli;
pub mod credentials;
pub mod progress;
pub mod registry;
pub mod store;
pub mod transfer;
