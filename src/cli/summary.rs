//! The status lines that end a transfer: what was moved, how much, how fast.

use super::printer::{human_bytes, human_duration};
use crate::transfer::PushStats;

/// The "Pushed …" / "Copied …" status line.
pub fn summary(verb: &str, what: &str, stats: &PushStats, moved: u64, elapsed: std::time::Duration) -> String {
    let mut parts = Vec::new();
    if stats.uploaded > 0 {
        parts.push(format!("{} uploaded", stats.uploaded));
    }
    if stats.mounted > 0 {
        parts.push(format!("{} mounted", stats.mounted));
    }
    if stats.present > 0 {
        parts.push(format!("{} already there", stats.present));
    }
    let blobs = if parts.is_empty() { "no blobs".to_string() } else { format!("blobs: {}", parts.join(", ")) };
    if moved == 0 {
        return format!("{verb} {what}: {blobs}; nothing to upload");
    }
    format!(
        "{verb} {what}: {blobs}; {} sent in {} ({}/s)",
        human_bytes(moved),
        human_duration(elapsed),
        human_bytes((moved as f64 / elapsed.as_secs_f64().max(0.001)) as u64)
    )
}
