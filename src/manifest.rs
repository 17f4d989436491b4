//! Manifests, indexes and descriptors: the JSON documents that name an image.
//!
//! Owns media-type constants, the `Accept` list, and tolerant parsing of OCI image
//! manifests / indexes and Docker v2 schema 2 manifests / manifest lists (OCI image spec
//! `manifest.md`, `image-index.md`, `descriptor.md`; Docker "Image Manifest V2, Schema 2").
//! Pure data: no I/O. Parsed values are only ever *read*: ferry keeps and forwards the
//! original bytes so digests survive, and never re-serialises a manifest it did not create.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::digest::Digest;
use crate::platform::Platform;

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";

/// Every manifest kind ferry understands, most preferred first.
pub const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.v2+json";

/// distribution refuses manifests over 4 MiB; anything larger is hostile or broken.
pub const MAX_MANIFEST_SIZE: u64 = 4 * 1024 * 1024;

/// The annotation OCI layouts use to name a reference (image-layout spec, `index.json`).
pub const REF_NAME_ANNOTATION: &str = "org.opencontainers.image.ref.name";

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error(
        "{0} is a Docker schema 1 manifest, which is obsolete and not supported; \
         re-push the image with a current tool to convert it"
    )]
    Schema1(String),
    #[error("{what}: not a valid manifest: {source}")]
    Json {
        what: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{what}: unsupported manifest media type {media_type:?}")]
    Unsupported { what: String, media_type: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    pub media_type: String,
    pub digest: Digest,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
}

impl Descriptor {
    pub fn new(media_type: &str, digest: Digest, size: u64) -> Descriptor {
        Descriptor {
            media_type: media_type.to_string(),
            digest,
            size,
            urls: None,
            annotations: None,
            platform: None,
            artifact_type: None,
        }
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageManifest {
    #[serde(default)]
    pub media_type: Option<String>,
    pub config: Descriptor,
    #[serde(default)]
    pub layers: Vec<Descriptor>,
    #[serde(default)]
    pub subject: Option<Descriptor>,
    #[serde(default)]
    pub annotations: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageIndex {
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub manifests: Vec<Descriptor>,
    #[serde(default)]
    pub annotations: Option<BTreeMap<String, String>>,
}

impl ImageIndex {
    /// The entry that best suits `wanted` (containerd's matching, see [`Platform::best_match`]),
    /// or, when none does, the platforms the index offers, for the error message. Entries
    /// without a platform (attestations, artifacts) never match.
    pub fn select_platform(&self, wanted: &Platform) -> Result<usize, Vec<String>> {
        let candidates: Vec<Platform> = self
            .manifests
            .iter()
            .map(|d| d.platform.clone().unwrap_or_else(|| Platform::parse("unknown/unknown").expect("valid")))
            .collect();
        wanted.best_match(&candidates).ok_or_else(|| {
            let mut available: Vec<String> = self
                .manifests
                .iter()
                .filter_map(|d| d.platform.as_ref())
                .filter(|p| p.os != "unknown")
                .map(|p| p.to_string())
                .collect();
            available.dedup();
            available
        })
    }
}

/// An index has no image for the platform asked for.
#[derive(Debug, thiserror::Error)]
#[error("{reference} has no image for platform {wanted}; it has: {}", available.join(", "))]
pub struct NoMatchingPlatform {
    pub reference: String,
    pub wanted: String,
    pub available: Vec<String>,
}

// Parsed once per document and dropped; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Manifest {
    Image(ImageManifest),
    Index(ImageIndex),
}

impl Manifest {
    /// Parses manifest bytes. `media_type` is what the registry or store said it is
    /// (`Content-Type`, descriptor); the document's own `mediaType` field wins when present.
    /// `what` names the document in errors (a reference or digest).
    pub fn parse(bytes: &[u8], media_type: Option<&str>, what: &str) -> Result<Manifest, ManifestError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Probe {
            #[serde(default)]
            schema_version: Option<u32>,
            #[serde(default)]
            media_type: Option<String>,
            #[serde(default)]
            manifests: Option<serde_json::Value>,
            #[serde(default)]
            config: Option<serde_json::Value>,
        }
        let json_err = |source| ManifestError::Json { what: what.to_string(), source };
        let probe: Probe = serde_json::from_slice(bytes).map_err(json_err)?;
        let declared = probe
            .media_type
            .clone()
            .or_else(|| media_type.map(|m| m.split(';').next().unwrap_or(m).trim().to_string()));
        if probe.schema_version == Some(1)
            || matches!(declared.as_deref(), Some(DOCKER_SCHEMA1 | DOCKER_SCHEMA1_SIGNED))
        {
            return Err(ManifestError::Schema1(what.to_string()));
        }
        let is_index = match declared.as_deref() {
            Some(OCI_INDEX | DOCKER_MANIFEST_LIST) => true,
            Some(OCI_MANIFEST | DOCKER_MANIFEST) => false,
            // Untyped or artifact documents: decide by shape, as containerd does.
            _ if probe.manifests.is_some() => true,
            _ if probe.config.is_some() => false,
            Some(other) => {
                return Err(ManifestError::Unsupported { what: what.to_string(), media_type: other.to_string() });
            }
            None => {
                return Err(ManifestError::Unsupported { what: what.to_string(), media_type: String::new() });
            }
        };
        if is_index {
            Ok(Manifest::Index(serde_json::from_slice(bytes).map_err(json_err)?))
        } else {
            Ok(Manifest::Image(serde_json::from_slice(bytes).map_err(json_err)?))
        }
    }
}

/// The media type of manifest bytes: the document's `mediaType` field, else the hint, else
/// guessed from its shape. Used when storing manifests fetched without a trustworthy type.
pub fn media_type_of(bytes: &[u8], hint: Option<&str>) -> String {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Probe {
        #[serde(default)]
        media_type: Option<String>,
        #[serde(default)]
        manifests: Option<serde_json::Value>,
    }
    let probe: Option<Probe> = serde_json::from_slice(bytes).ok();
    if let Some(m) = probe.as_ref().and_then(|p| p.media_type.clone()) {
        return m;
    }
    if let Some(h) = hint {
        let h = h.split(';').next().unwrap_or(h).trim();
        if !h.is_empty() && h != "application/json" && h != "application/octet-stream" {
            return h.to_string();
        }
    }
    if probe.is_some_and(|p| p.manifests.is_some()) { OCI_INDEX.to_string() } else { OCI_MANIFEST.to_string() }
}

pub fn is_index_media_type(media_type: &str) -> bool {
    matches!(media_type, OCI_INDEX | DOCKER_MANIFEST_LIST)
}

pub fn is_manifest_media_type(media_type: &str) -> bool {
    matches!(media_type, OCI_INDEX | DOCKER_MANIFEST_LIST | OCI_MANIFEST | DOCKER_MANIFEST)
}

/// The few config fields ferry shows to humans (`images`, `inspect`); the full config is
/// kept as raw JSON for `inspect`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ImageConfigSummary {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub architecture: Option<String>,
    #[serde(default)]
    pub os: Option<String>,
    #[serde(default)]
    pub variant: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    #[test]
    fn parses_each_kind_by_media_type_or_shape() {
        let oci_manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"{OCI_CONFIG}","digest":"{D}","size":2}},"layers":[]}}"#
        );
        assert!(matches!(Manifest::parse(oci_manifest.as_bytes(), None, "x").unwrap(), Manifest::Image(_)));
        let untyped_index = format!(
            r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"{OCI_MANIFEST}","digest":"{D}","size":2,"platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}}]}}"#
        );
        match Manifest::parse(untyped_index.as_bytes(), None, "x").unwrap() {
            Manifest::Index(i) => assert_eq!(i.manifests[0].platform.as_ref().unwrap().architecture, "arm64"),
            other => panic!("{other:?}"),
        }
        let docker = format!(
            r#"{{"schemaVersion":2,"config":{{"mediaType":"{DOCKER_CONFIG}","digest":"{D}","size":2}},"layers":[]}}"#
        );
        assert!(matches!(Manifest::parse(docker.as_bytes(), Some(DOCKER_MANIFEST), "x").unwrap(), Manifest::Image(_)));
    }

    #[test]
    fn rejects_schema1_clearly() {
        let err = Manifest::parse(br#"{"schemaVersion":1,"name":"a","fsLayers":[]}"#, None, "app:old").unwrap_err();
        assert!(err.to_string().contains("schema 1"), "{err}");
        assert!(err.to_string().contains("app:old"), "{err}");
        let err = Manifest::parse(br#"{"schemaVersion":2}"#, Some(DOCKER_SCHEMA1_SIGNED), "x").unwrap_err();
        assert!(matches!(err, ManifestError::Schema1(_)));
    }

    #[test]
    fn rejects_garbage_and_unknown_types() {
        assert!(matches!(Manifest::parse(b"<html>", None, "x"), Err(ManifestError::Json { .. })));
        assert!(matches!(
            Manifest::parse(br#"{"schemaVersion":2}"#, Some("text/plain"), "x"),
            Err(ManifestError::Unsupported { .. })
        ));
    }

    #[test]
    fn media_type_prefers_document_then_hint_then_shape() {
        assert_eq!(
            media_type_of(format!(r#"{{"mediaType":"{DOCKER_MANIFEST}"}}"#).as_bytes(), Some(OCI_MANIFEST)),
            DOCKER_MANIFEST
        );
        assert_eq!(
            media_type_of(b"{}", Some("application/vnd.docker.distribution.manifest.v2+json; charset=utf-8")),
            DOCKER_MANIFEST
        );
        assert_eq!(media_type_of(br#"{"manifests":[]}"#, Some("application/json")), OCI_INDEX);
        assert_eq!(media_type_of(br#"{"config":{}}"#, None), OCI_MANIFEST);
    }
}
