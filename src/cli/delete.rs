//! `ferry delete REF`: removes a manifest from a registry. A tag is resolved to its digest
//! first (registries delete manifests, not tags), and the other tags that pointed at the
//! same manifest — which go with it — are named.

use std::sync::Arc;

use anyhow::Result;
use clap::Args;

use super::{Context, NetArgs, client_at_registry, runtime};
use crate::digest::Digest;
use crate::progress::{Event, Reporter};
use crate::reference::{Action, Reference};
use crate::registry::{Client, ListOptions};

pub const EXAMPLES: &str = "\
Examples:
  ferry delete localhost:5000/app:v1
  ferry delete localhost:5000/app@sha256:<digest>
  echo \"$TOKEN\" | ferry delete -u admin --password-stdin registry.example.com/team/app:old

Every tag pointing at the same manifest is deleted with it; ferry lists them.";

#[derive(Args, Debug)]
pub struct DeleteArgs {
    /// Manifest to delete: [REGISTRY/]REPOSITORY:TAG or [REGISTRY/]REPOSITORY@DIGEST
    pub reference: String,

    #[command(flatten)]
    pub net: NetArgs,
}

/// Tags of `r`'s repository (other than `r`'s own) whose manifest is `digest`. The tags come
/// from the one lister `ferry tags` uses, with its guards (same host only, page and size caps).
async fn tags_pointing_at(client: &Arc<Client>, r: &Reference, digest: &Digest) -> Result<Vec<String>> {
    let tags = client.list_tags(&r.repository_name(), &ListOptions::default()).await?.items;
    let semaphore = Arc::new(tokio::sync::Semaphore::new(8));
    let mut set = tokio::task::JoinSet::new();
    for tag in tags.into_iter().filter(|t| Some(t.as_str()) != r.tag()) {
        let (client, r, semaphore) = (client.clone(), r.clone(), semaphore.clone());
        set.spawn(async move {
            let _permit = semaphore.acquire_owned().await.expect("never closed");
            let head = client.manifest_headers(&r, &tag, Action::Pull).await;
            (tag, head)
        });
    }
    let mut same = Vec::new();
    while let Some(joined) = set.join_next().await {
        let (tag, head) = joined?;
        if head?.is_some_and(|h| h.digest.as_ref() == Some(digest)) {
            same.push(tag);
        }
    }
    same.sort();
    Ok(same)
}

pub fn run(ctx: &Context, args: DeleteArgs) -> Result<()> {
    let r = Reference::parse(&args.reference)?;
    let reporter = ctx.reporter();
    let client = client_at_registry(&args.net, &r, reporter.clone())?;
    let (digest, others) = runtime()?.block_on(async {
        let digest = match r.digest() {
            Some(d) => d.clone(),
            None => {
                client
                    .get_manifest(&r)
                    .await
                    .map_err(|e| anyhow::Error::from(e).context(format!("resolving {}", r.familiar())))?
                    .digest
            }
        };
        let others = match tags_pointing_at(&client, &r, &digest).await {
            Ok(t) => t,
            Err(e) => {
                reporter.event(Event::Warning(format!("could not tell which other tags point at {digest}: {e:#}")));
                Vec::new()
            }
        };
        client.delete_manifest(&r, &digest).await.map_err(|e| {
            anyhow::Error::from(e).context(format!("deleting {}@{digest}", r.repository_ref().familiar()))
        })?;
        Ok::<_, anyhow::Error>((digest, others))
    })?;
    let deleted = r.repository_ref().with_digest(digest);
    ctx.status(format!("Deleted {}", deleted.familiar()));
    if !others.is_empty() {
        ctx.status(format!("Also untagged (they pointed at the same manifest): {}", others.join(", ")));
    }
    super::printer::stdout(&format!("{deleted}\n"))
}
