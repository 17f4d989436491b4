//! `ferry fsck`: checks the local store (blobs against their names, every reference's image
//! for completeness, the layout files) and, with `--repair`, removes damaged blobs and
//! leftovers. Exits 1 while the store has problems.

use anyhow::{Result, anyhow};
use clap::Args;
use serde::Serialize;

use super::Context;
use super::formats::Format;
use super::printer::{human_bytes, json, stdout};
use crate::store::{FsckReport, ProblemKind, RepairReport, Store};

pub const EXAMPLES: &str = "\
Examples:
  ferry fsck
  ferry fsck --repair
  ferry fsck --format json

A partial download or temp file is not a problem (a pull resumes it; prune removes it);
unreferenced blobs are counted, not reported (prune removes them). Exit code 0 when the
store has no problems, 1 when it has (after --repair: when some are left).";

#[derive(Args, Debug)]
pub struct FsckArgs {
    /// Remove damaged blobs, partial downloads and temp files, rewrite a damaged oci-layout,
    /// and replace an index.json that does not parse (kept as index.json.damaged). Waits
    /// for other ferry processes; images left incomplete are fixed by pulling them again
    #[arg(long)]
    pub repair: bool,
    /// Output format for the report
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The JSON report: what was found (after repairing, with --repair) and what was repaired.
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a FsckReport,
    clean: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    repaired: Option<&'a RepairReport>,
}

pub fn run(ctx: &Context, args: FsckArgs) -> Result<()> {
    let root = ctx.store_root()?;
    let store = Store::open_for_check(&root)
        .map_err(|e| anyhow!(e).context(format!("checking the image store at {}", root.display())))?;
    let (report, repaired) = if args.repair {
        let lock = store.lock_exclusive(|| ctx.status("waiting for other ferry processes using the store"))?;
        let found = store.fsck(&lock)?;
        let repaired = store.repair(&lock, &found)?;
        (store.fsck(&lock)?, Some(repaired))
    } else {
        let lock = store.lock_shared(|| ctx.status("waiting for a ferry process deleting from the store"))?;
        (store.fsck(&lock)?, None)
    };
    if args.format == Format::Json {
        json(&JsonReport { report: &report, clean: report.is_clean(), repaired: repaired.as_ref() })?;
    } else {
        let mut out = String::new();
        if let Some(r) = &repaired {
            out.push_str(&render_repair(r));
        }
        out.push_str(&render(&report));
        stdout(&out)?;
    }
    if report.is_clean() {
        return Ok(());
    }
    if repaired.is_none() && report.repairable() {
        ctx.status("hint: `ferry fsck --repair` removes damaged blobs and leftovers, then a pull fetches them again");
    }
    for name in report.incomplete_references() {
        ctx.status(format!("{name}: run `ferry pull {name}` (or load it again) to fetch what is missing"));
    }
    let n = report.problems.len();
    Err(anyhow!(
        "{n} problem{} {}in the store at {}",
        plural(n),
        if repaired.is_some() { "left " } else { "" },
        root.display()
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render(r: &FsckReport) -> String {
    let mut out = format!(
        "Checked oci-layout, index.json, {} reference{} and {} blob{} ({})",
        r.references_checked,
        plural(r.references_checked),
        r.blobs_checked,
        plural(r.blobs_checked),
        human_bytes(r.blob_bytes)
    );
    out.push_str(if r.is_clean() { ": no problems\n" } else { "\n" });
    for p in &r.problems {
        let kind = match p.kind {
            ProblemKind::Layout => "layout",
            ProblemKind::DamagedBlob => "damaged blob",
            ProblemKind::StrayFile => "stray file",
            ProblemKind::IncompleteImage => "incomplete image",
            ProblemKind::DamagedImage => "damaged image",
        };
        out.push_str(&format!("{kind} {}: {}\n", p.subject, p.message));
    }
    for l in &r.leftovers {
        out.push_str(&format!(
            "leftover {} ({}): from a pull or load, interrupted or still running\n",
            l.path,
            human_bytes(l.bytes)
        ));
    }
    if r.unreferenced_blobs > 0 {
        out.push_str(&format!(
            "{} unreferenced blob{} (`ferry prune` removes them)\n",
            r.unreferenced_blobs,
            plural(r.unreferenced_blobs)
        ));
    }
    if !r.is_clean() {
        let n = r.problems.len();
        out.push_str(&format!("{n} problem{}\n", plural(n)));
    }
    out
}

fn render_repair(r: &RepairReport) -> String {
    let mut out = String::new();
    for b in &r.blobs_removed {
        out.push_str(&format!("Removed damaged blob {b}\n"));
    }
    if r.leftovers_removed > 0 {
        out.push_str(&format!(
            "Removed {} leftover{} ({})\n",
            r.leftovers_removed,
            plural(r.leftovers_removed),
            human_bytes(r.leftover_bytes)
        ));
    }
    if r.layout_rewritten {
        out.push_str("Rewrote oci-layout\n");
    }
    if let Some(kept) = &r.index_kept_at {
        out.push_str(&format!(
            "Moved index.json, which did not parse, to {} and started an empty one: its references are gone (pull or load them again)\n",
            kept.display()
        ));
    }
    if r.is_empty() {
        out.push_str("Nothing to repair\n");
    }
    out
}
