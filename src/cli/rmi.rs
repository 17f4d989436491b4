//! `ferry rmi`: removes references from the store, then the blobs only they used.

use anyhow::Result;
use clap::Args;

use super::Context;
use super::printer::{human_bytes, stdout};
use super::stored::lookup;
use crate::reference::Reference;
use crate::store::StoreError;

pub const EXAMPLES: &str = "\
Examples:
  ferry rmi redis
  ferry rmi localhost:5000/app:v1 localhost:5000/app:v2";

#[derive(Args, Debug)]
pub struct RmiArgs {
    /// References to remove
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub fn run(ctx: &Context, args: RmiArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let lock = store.lock_exclusive(|| ctx.status("waiting for other ferry processes using the store"))?;
    let mut removed = String::new();
    let mut missing = Vec::new();
    for image in &args.images {
        match lookup(&store, image) {
            Ok(entry) => {
                store.remove_ref(&entry.name)?;
                let shown = Reference::parse(&entry.name).map(|r| r.familiar()).unwrap_or(entry.name);
                removed.push_str(&format!("{shown}\n"));
            }
            Err(e) if e.downcast_ref::<StoreError>().is_some_and(|s| matches!(s, StoreError::NotFound { .. })) => {
                missing.push(e)
            }
            Err(e) => return Err(e),
        }
    }
    // Blobs only the removed references used; partial downloads stay resumable.
    let report = store.gc(&lock, true)?;
    stdout(&removed)?;
    if report.blobs_removed > 0 {
        ctx.status(format!("Deleted {} blobs ({})", report.blobs_removed, human_bytes(report.blob_bytes)));
    }
    match missing.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
