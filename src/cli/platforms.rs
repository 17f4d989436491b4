//! Platforms as the command line takes them (`--platform OS/ARCH[/VARIANT]`,
//! `--all-platforms`), and picking one platform's manifest from what a registry serves.

use anyhow::Result;

use crate::digest::Digest;
use crate::manifest::{Manifest, NoMatchingPlatform};
use crate::platform::Platform;
use crate::reference::Reference;
use crate::registry::{Client, FetchedManifest};
use crate::transfer::PlatformChoice;

/// `--platform`, when given.
pub fn parse_platform(p: Option<&str>) -> Result<Option<Platform>> {
    Ok(p.map(Platform::parse).transpose()?)
}

/// `--platform`, or this machine's platform.
pub fn platform_or_host(p: Option<&str>) -> Result<Platform> {
    Ok(parse_platform(p)?.unwrap_or_else(Platform::host))
}

/// `--platform` / `--all-platforms`; `None` when neither is given.
pub fn platform_choice(platform: Option<&str>, all: bool) -> Result<Option<PlatformChoice>> {
    Ok(match (platform, all) {
        (_, true) => Some(PlatformChoice::All),
        (Some(p), false) => Some(PlatformChoice::One(Platform::parse(p)?)),
        (None, false) => None,
    })
}

/// The manifest to describe: `top` itself, or, when `top` is an index, the entry for
/// `wanted` (fetched by digest, so verified). Returns it with the index's digest, if any.
pub async fn for_platform(
    client: &Client,
    reference: &Reference,
    top: FetchedManifest,
    wanted: &Platform,
) -> Result<(FetchedManifest, Option<Digest>)> {
    let parsed = Manifest::parse(&top.bytes, Some(&top.media_type), &reference.to_string())?;
    let Manifest::Index(index) = parsed else {
        return Ok((top, None));
    };
    let i = index.select_platform(wanted).map_err(|available| NoMatchingPlatform {
        reference: reference.familiar(),
        wanted: wanted.to_string(),
        available,
    })?;
    let child = client.get_manifest_by_digest(reference, &index.manifests[i].digest).await?;
    Ok((child, Some(top.digest)))
}
