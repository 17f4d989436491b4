//! ferry: a command-line client for container registries.
//!
//! Layers, each importing only the ones above it in this list (ARCHITECTURE.md, "Layers"):
//! `atomic_file` (the one way files are replaced) and the pure data (`reference`, `digest`,
//! `manifest`, `platform`, `walk`) → `credentials` → `registry` → `store` → `archive` (image
//! archives and layouts, a source and destination of images beside the registry) →
//! `transfer` → `cli`. `progress` (events, no output) serves every layer. Only `cli` prints.

pub mod atomic_file;

pub mod digest;
pub mod manifest;
pub mod platform;
pub mod reference;
pub mod walk;

pub mod progress;

pub mod credentials;
pub mod registry;
pub mod store;

pub mod archive;
pub mod transfer;

pub mod cli;
