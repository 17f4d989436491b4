//! `ferry prune`: deletes unreferenced blobs and (unless kept) partial downloads.

use anyhow::Result;
use clap::Args;

use super::Context;
use super::formats::Format;
use super::printer::{human_bytes, json, stdout};

pub const EXAMPLES: &str = "\
Examples:
  ferry prune
  ferry prune --keep-partials --format json";

#[derive(Args, Debug)]
pub struct PruneArgs {
    /// Keep partial downloads (so interrupted pulls can still resume)
    #[arg(long)]
    pub keep_partials: bool,
    /// Output format for the report
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(ctx: &Context, args: PruneArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let lock = store.lock_exclusive(|| ctx.status("waiting for other ferry processes using the store"))?;
    let report = store.gc(&lock, args.keep_partials)?;
    if args.format == Format::Json {
        return json(&report);
    }
    stdout(&format!(
        "Removed {} unreferenced blobs ({}) and {} partial downloads ({}); {} reclaimed\n",
        report.blobs_removed,
        human_bytes(report.blob_bytes),
        report.partials_removed,
        human_bytes(report.partial_bytes),
        human_bytes(report.blob_bytes + report.partial_bytes)
    ))
}
