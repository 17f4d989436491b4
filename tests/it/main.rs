//! ferry's integration tests: one binary, the real `ferry` executable against real
//! `docker-registry` processes (and, for faults, a proxy or fake servers) on loopback.

mod archive;
mod auth;
mod copy;
mod discovery;
mod docker;
mod docker_habits;
mod docs;
#[cfg(unix)]
mod export;
mod ferry;
mod files;
mod fsck;
mod gate;
mod habits;
mod harness;
mod harness_selftest;
mod hostile_files;
mod hostile_net;
mod keyring;
#[cfg(target_os = "linux")]
mod load_compression;
mod local;
mod login;
mod mirrors;
mod pull;
mod push;
mod ranged;
mod snapshots;
mod walk;
