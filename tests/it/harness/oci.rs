//! Structural check of an OCI image layout on disk (what `ferry pull` or
//! `skopeo copy ... oci:DIR` writes): layout marker, index.json, every blob
//! hashing to its name, and every reachable descriptor present with the right
//! size. Index children that are absent are allowed (a single-platform pull
//! keeps only one), but any manifest that is present must be complete.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

const MANIFEST_TYPES: &[&str] =
    &["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];
const INDEX_TYPES: &[&str] =
    &["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];

/// Ok(()) or every problem found, one per line.
pub fn verify_oci_layout(dir: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    match std::fs::read(dir.join("oci-layout")) {
        Ok(b) => match serde_json::from_slice::<Value>(&b) {
            Ok(v) if v["imageLayoutVersion"] == "1.0.0" => {}
            Ok(v) => problems.push(format!("oci-layout: unexpected content {v}")),
            Err(e) => problems.push(format!("oci-layout: not JSON: {e}")),
        },
        Err(e) => problems.push(format!("oci-layout: {e}")),
    }

    let blobs_dir = dir.join("blobs").join("sha256");
    let mut present = HashSet::new();
    match std::fs::read_dir(&blobs_dir) {
        Ok(entries) => {
            for entry in entries {
                let entry = entry.map_err(|e| e.to_string())?;
                let name = entry.file_name().to_string_lossy().to_string();
                match super::sha256_file(&entry.path()) {
                    Ok(d) if d == format!("sha256:{name}") => {
                        present.insert(name);
                    }
                    Ok(d) => problems.push(format!("blob {name} hashes to {d}")),
                    Err(e) => problems.push(format!("blob {name}: {e}")),
                }
            }
        }
        Err(e) => problems.push(format!("{}: {e}", blobs_dir.display())),
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("blobs")) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n != "sha256" {
                problems.push(format!("blobs/{n}: unexpected algorithm directory"));
            }
        }
    }

    let index: Value = match std::fs::read(dir.join("index.json"))
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| format!("not JSON: {e}")))
    {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("index.json: {e}"));
            return Err(problems.join("\n"));
        }
    };
    if index["schemaVersion"] != 2 {
        problems.push(format!("index.json: schemaVersion is {}", index["schemaVersion"]));
    }
    let mut checker = Checker { dir, present: &present, problems: &mut problems, seen: HashSet::new() };
    match index["manifests"].as_array() {
        Some(list) => {
            for d in list {
                checker.descriptor(d, "index.json", true);
            }
        }
        None => checker.problems.push("index.json: no manifests array".into()),
    }

    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

struct Checker<'a> {
    dir: &'a Path,
    present: &'a HashSet<String>,
    problems: &'a mut Vec<String>,
    seen: HashSet<String>,
}

impl Checker<'_> {
    /// Checks one descriptor; `required` says whether its absence is an error.
    fn descriptor(&mut self, d: &Value, from: &str, required: bool) {
        let media_type = d["mediaType"].as_str().unwrap_or("");
        let Some(digest) = d["digest"].as_str() else {
            self.problems.push(format!("{from}: descriptor without digest: {d}"));
            return;
        };
        let Some(hex) = digest.strip_prefix("sha256:") else {
            self.problems.push(format!("{from}: unsupported digest {digest}"));
            return;
        };
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            self.problems.push(format!("{from}: malformed digest {digest}"));
            return;
        }
        if !self.present.contains(hex) {
            let foreign = d["urls"].as_array().is_some_and(|u| !u.is_empty());
            if required && !foreign {
                self.problems.push(format!("{from}: {media_type} {digest} is missing"));
            }
            return;
        }
        let path = self.dir.join("blobs").join("sha256").join(hex);
        let actual = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if d["size"].as_u64() != Some(actual) {
            self.problems.push(format!("{from}: {digest} has size {} in descriptor, {actual} on disk", d["size"]));
        }
        let is_manifest = MANIFEST_TYPES.contains(&media_type);
        let is_index = INDEX_TYPES.contains(&media_type);
        if !(is_manifest || is_index) || !self.seen.insert(hex.to_string()) {
            return;
        }
        let doc: Value = match std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
            Some(v) => v,
            None => {
                self.problems.push(format!("{digest}: {media_type} is not JSON"));
                return;
            }
        };
        if let Some(inner) = doc["mediaType"].as_str()
            && inner != media_type
        {
            self.problems.push(format!("{digest}: descriptor says {media_type}, content says {inner}"));
        }
        let here = format!("{media_type} {digest}");
        if is_index {
            match doc["manifests"].as_array() {
                Some(children) => {
                    for c in children {
                        self.descriptor(c, &here, false);
                    }
                }
                None => self.problems.push(format!("{here}: no manifests array")),
            }
        } else {
            if doc["config"].is_object() {
                self.descriptor(&doc["config"], &here, true);
            } else {
                self.problems.push(format!("{here}: no config"));
            }
            for l in doc["layers"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
                self.descriptor(l, &here, true);
            }
        }
    }
}
