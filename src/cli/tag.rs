//! `ferry tag SOURCE TARGET`: another name for a stored image, as `docker tag` does. Only
//! the local store changes; `ferry push TARGET` sends it.

use anyhow::Result;
use clap::Args;

use super::Context;
use super::errors::UsageError;
use super::stored::find_local;
use crate::reference::Reference;
use crate::store::StoreError;

pub const EXAMPLES: &str = "\
Examples:
  ferry tag localhost:5000/app:v1 registry.example.com/team/app:v1
  ferry tag localhost:5000/app:v1 localhost:5000/app          # → localhost:5000/app:latest
  ferry tag sha256:4f1c2a9b localhost:5000/app:stable         # by (a unique prefix of) its digest";

#[derive(Args, Debug)]
pub struct TagArgs {
    /// A stored image: reference, or manifest digest (sha256:…, or a unique prefix of its hex)
    pub source: String,
    /// The new name: [REGISTRY/]REPOSITORY[:TAG] (`latest` when no tag is given)
    pub target: String,
}

pub fn run(ctx: &Context, args: TagArgs) -> Result<()> {
    let target = Reference::parse(&args.target)?;
    if target.digest().is_some() {
        return Err(UsageError::error(format!(
            "{}: a tag cannot contain a digest (a digest names content, it cannot be assigned)",
            args.target
        )));
    }
    let store = ctx.open_store()?;
    let _lock =
        store.lock_shared(|| ctx.status("waiting for another ferry process that is deleting from the store"))?;
    let source = find_local(&store, &args.source)?;
    if !store.has_blob(&source.digest) {
        return Err(StoreError::MissingBlob(source.digest).into());
    }
    store.set_ref(&target.to_string(), source)?;
    Ok(())
}
