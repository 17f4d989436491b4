//! ferry's integration tests: one binary, the real `ferry` executable against real
//! `docker-registry` processes (and, for faults, a proxy or fake servers) on loopback.

mod archive;
mod auth;
mod copy;
mod discovery;
mod docs;
mod ferry;
mod files;
mod fsck;
mod gate;
mod harness;
mod harness_selftest;
mod hostile_files;
mod hostile_net;
mod local;
mod login;
mod pull;
mod push;
mod ranged;
mod snapshots;
mod walk;
