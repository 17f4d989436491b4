//! Where an image may be read from: mirrors and pull-through caches as users already
//! configure them, and the choice of sources for one reference. Pure data: the texts of
//! containers-registries.conf(5) (version 2, TOML, with its `registries.conf.d` drop-ins) and
//! of docker's `daemon.json` (`registry-mirrors`, Docker Hub only) are handed in by the cli,
//! which reads the files; nothing here does I/O.
//!
//! The matching follows containers/image (`pkg/sysregistriesv2`): the `[[registry]]` table
//! whose `prefix` is the longest match of the full reference wins (a prefix matches when the
//! reference starts with it and goes on with `/`, `:`, `@` or ends there; `*.example.com`
//! matches any host under example.com, counting the host's length); its `location` replaces
//! the prefix; mirrors come first, in order, then that location. A later file's table with
//! the same prefix replaces an earlier one (drop-ins override the main file). docker's
//! `registry-mirrors` are tried after any registries.conf mirrors for `docker.io`, for tags
//! and digests alike, as dockerd does.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::reference::{DOCKER_HUB, Reference};

/// Which reads may go to a mirror (`pull-from-mirror`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullFrom {
    All,
    DigestOnly,
    TagOnly,
}

/// One place a registry's images can be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `host[:port][/namespace...]`, no scheme.
    pub location: String,
    pub insecure: bool,
    pub pull_from: PullFrom,
}

/// One `[[registry]]` table, after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `host[:port][/path]` or `*.domain`.
    pub prefix: String,
    /// Empty for a wildcard prefix without a location: the reference's own host.
    pub location: String,
    pub insecure: bool,
    pub blocked: bool,
    pub mirrors: Vec<Endpoint>,
    /// The file the table came from (named by the `blocked` error).
    pub file: PathBuf,
}

/// One source a read may try: the reference as that endpoint names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub reference: Reference,
    /// A mirror, not the registry itself.
    pub mirror: bool,
}

/// Reading this reference is forbidden by `blocked = true`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reference} is blocked by {} (prefix {prefix:?})", file.display())]
pub struct Blocked {
    pub reference: String,
    pub prefix: String,
    pub file: PathBuf,
}

/// A configuration file ferry could not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// Everything read from the configuration files, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct Mirrors {
    entries: Vec<Entry>,
    /// docker's `registry-mirrors`, for Docker Hub.
    docker_hub: Vec<Endpoint>,
}

// The file's shape, for typed values with their place in the file. Unknown keys are found
// on the untyped table (see `unknown_keys`), so they warn instead of failing.
#[derive(Deserialize)]
struct FileV2 {
    #[serde(default)]
    registry: Vec<RegistryV2>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RegistryV2 {
    prefix: Option<toml::Spanned<String>>,
    location: Option<toml::Spanned<String>>,
    #[serde(default)]
    insecure: bool,
    #[serde(default)]
    blocked: bool,
    #[serde(default)]
    mirror_by_digest_only: bool,
    pull_from_mirror: Option<toml::Spanned<String>>,
    #[serde(default)]
    mirror: Vec<MirrorV2>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct MirrorV2 {
    location: Option<toml::Spanned<String>>,
    #[serde(default)]
    insecure: bool,
    pull_from_mirror: Option<toml::Spanned<String>>,
}

/// Keys containers-registries.conf(5) defines; those ferry does not act on are listed in
/// README "Mirrors" and are accepted without a warning.
const TOP_KEYS: &[&str] = &[
    "registry",
    "unqualified-search-registries",
    "short-name-mode",
    "credential-helpers",
    "additional-layer-store-auth-helper",
    "aliases",
    "registries",
];
const REGISTRY_KEYS: &[&str] = &["prefix", "location", "insecure", "blocked", "mirror-by-digest-only", "mirror"];
const MIRROR_KEYS: &[&str] = &["location", "insecure", "pull-from-mirror"];

fn line_of(text: &str, offset: usize) -> usize {
    // Bytes, not chars: a span is trusted for nothing, not even a char boundary.
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

impl Mirrors {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.docker_hub.is_empty()
    }

    /// Adds one registries.conf file (the main one, then each drop-in in name order).
    /// Returns warnings (unknown keys, version 1 tables).
    pub fn add_registries_conf(&mut self, file: &Path, text: &str) -> Result<Vec<String>, ConfError> {
        let err = |line: Option<usize>, message: String| ConfError { file: file.to_path_buf(), line, message };
        let table: toml::Table = toml::from_str(text)
            .map_err(|e| err(e.span().map(|s| line_of(text, s.start)), e.message().trim().to_string()))?;
        let mut warnings = Vec::new();
        unknown_keys(file, text, &table, &mut warnings);
        if table.contains_key("registries") {
            warnings.push(format!(
                "{}: the version 1 [registries.*] tables are not read by ferry; use [[registry]] tables",
                file.display()
            ));
        }
        let parsed: FileV2 = toml::from_str(text)
            .map_err(|e| err(e.span().map(|s| line_of(text, s.start)), e.message().trim().to_string()))?;
        for (i, r) in parsed.registry.into_iter().enumerate() {
            let at = |s: &toml::Spanned<String>| Some(line_of(text, s.span().start));
            let whole = format!("[[registry]] number {}", i + 1);
            if let Some(p) = &r.pull_from_mirror {
                return Err(err(at(p), "pull-from-mirror belongs in a [[registry.mirror]] table".into()));
            }
            let location = match &r.location {
                Some(l) => parse_location(l.get_ref()).map_err(|m| err(at(l), m))?,
                None => String::new(),
            };
            let prefix = match &r.prefix {
                Some(p) if !p.get_ref().is_empty() => {
                    let prefix = p.get_ref().trim_end_matches('/').to_string();
                    if prefix.starts_with("http://") || prefix.starts_with("https://") {
                        return Err(err(at(p), format!("invalid prefix {prefix:?}: URI schemes are not supported")));
                    }
                    if prefix.contains('*') && !is_wildcard(&prefix) {
                        return Err(err(
                            at(p),
                            format!("invalid prefix {prefix:?}: a wildcard is only allowed as *.domain"),
                        ));
                    }
                    prefix
                }
                _ if !location.is_empty() => location.clone(),
                _ => return Err(err(None, format!("{whole} has neither a prefix nor a location"))),
            };
            if location.is_empty() && !is_wildcard(&prefix) {
                return Err(err(
                    r.prefix.as_ref().and_then(at),
                    format!("{whole} (prefix {prefix:?}) has no location"),
                ));
            }
            let mut mirrors = Vec::new();
            for m in &r.mirror {
                let Some(l) = &m.location else {
                    return Err(err(None, format!("a [[registry.mirror]] of prefix {prefix:?} has no location")));
                };
                let pull_from = match &m.pull_from_mirror {
                    Some(_) if r.mirror_by_digest_only => {
                        return Err(err(
                            m.pull_from_mirror.as_ref().and_then(at),
                            format!("prefix {prefix:?} sets both mirror-by-digest-only and pull-from-mirror"),
                        ));
                    }
                    Some(p) => match p.get_ref().as_str() {
                        "" | "all" => PullFrom::All,
                        "digest-only" => PullFrom::DigestOnly,
                        "tag-only" => PullFrom::TagOnly,
                        other => {
                            return Err(err(
                                at(p),
                                format!("pull-from-mirror {other:?}: expected all, digest-only or tag-only"),
                            ));
                        }
                    },
                    None if r.mirror_by_digest_only => PullFrom::DigestOnly,
                    None => PullFrom::All,
                };
                mirrors.push(Endpoint {
                    location: parse_location(l.get_ref()).map_err(|msg| err(at(l), msg))?,
                    insecure: m.insecure,
                    pull_from,
                });
            }
            let entry =
                Entry { prefix, location, insecure: r.insecure, blocked: r.blocked, mirrors, file: file.to_path_buf() };
            match self.entries.iter_mut().find(|e| e.prefix == entry.prefix) {
                Some(existing) => *existing = entry,
                None => self.entries.push(entry),
            }
        }
        Ok(warnings)
    }

    /// Adds docker's `daemon.json`: its `registry-mirrors` (URLs) serve Docker Hub.
    pub fn add_daemon_json(&mut self, file: &Path, text: &str) -> Result<Vec<String>, ConfError> {
        let err = |line: Option<usize>, message: String| ConfError { file: file.to_path_buf(), line, message };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| err(Some(e.line()), e.to_string()))?;
        let mut warnings = Vec::new();
        let Some(list) = value.get("registry-mirrors") else { return Ok(warnings) };
        let Some(list) = list.as_array() else {
            return Err(err(None, "registry-mirrors is not a list of URLs".into()));
        };
        for item in list {
            let Some(s) = item.as_str() else {
                return Err(err(None, format!("registry-mirrors: {item} is not a URL")));
            };
            let url = match url::Url::parse(s) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
                _ => return Err(err(None, format!("registry-mirrors: {s:?} is not an http(s) URL"))),
            };
            if !matches!(url.path(), "" | "/") || url.query().is_some() {
                warnings.push(format!(
                    "{}: registry mirror {s:?} has a path; dockerd refuses it, ferry skips it",
                    file.display()
                ));
                continue;
            }
            let host = url.host_str().unwrap_or_default();
            let location = url.port().map_or_else(|| host.to_string(), |p| format!("{host}:{p}"));
            let endpoint = Endpoint { location, insecure: url.scheme() == "http", pull_from: PullFrom::All };
            if !self.docker_hub.contains(&endpoint) {
                self.docker_hub.push(endpoint);
            }
        }
        Ok(warnings)
    }

    /// Hosts (`host[:port]`) the configuration marks insecure: plain HTTP and unverified TLS
    /// are allowed there, as `--insecure` would.
    pub fn insecure_hosts(&self) -> Vec<String> {
        let host = |location: &str| location.split('/').next().unwrap_or(location).to_string();
        let mut out = Vec::new();
        for e in &self.entries {
            if e.insecure && !e.location.is_empty() {
                out.push(host(&e.location));
            }
            out.extend(e.mirrors.iter().filter(|m| m.insecure).map(|m| host(&m.location)));
        }
        out.extend(self.docker_hub.iter().filter(|m| m.insecure).map(|m| host(&m.location)));
        out
    }

    /// The table that applies to `reference` (longest prefix), if any.
    fn entry_for(&self, full: &str) -> Option<&Entry> {
        // On equal lengths, a host named exactly beats a wildcard covering it.
        let mut best: Option<((usize, bool), &Entry)> = None;
        for e in &self.entries {
            if let Some(len) = matched_length(full, &e.prefix)
                && best.is_none_or(|(l, _)| (len, !is_wildcard(&e.prefix)) > l)
            {
                best = Some(((len, !is_wildcard(&e.prefix)), e));
            }
        }
        best.map(|(_, e)| e)
    }

    /// Where to read `reference` from, in order: the mirrors its reads may use, then the
    /// registry itself (at its configured location). Always at least one source.
    pub fn sources(&self, reference: &Reference) -> Result<Vec<Source>, Blocked> {
        let full = reference.to_string();
        let by_digest = reference.digest().is_some();
        let wanted = |m: &Endpoint| match m.pull_from {
            PullFrom::All => true,
            PullFrom::DigestOnly => by_digest,
            PullFrom::TagOnly => !by_digest,
        };
        let mut out = Vec::new();
        let mut primary = reference.clone();
        if let Some(e) = self.entry_for(&full) {
            if e.blocked {
                return Err(Blocked {
                    reference: reference.familiar(),
                    prefix: e.prefix.clone(),
                    file: e.file.clone(),
                });
            }
            // The part of the reference the prefix stands for (a wildcard: the host).
            let matched = matched_length(&full, &e.prefix).unwrap_or(0);
            for m in e.mirrors.iter().filter(|m| wanted(m)) {
                if let Some(r) = rewrite(&full, matched, &m.location) {
                    out.push(Source { reference: r, mirror: true });
                }
            }
            if !e.location.is_empty()
                && let Some(r) = rewrite(&full, matched, &e.location)
            {
                primary = r;
            }
        }
        if reference.registry() == DOCKER_HUB {
            for m in self.docker_hub.iter().filter(|m| wanted(m)) {
                if let Some(r) = rewrite(&full, DOCKER_HUB.len(), &m.location)
                    && !out.iter().any(|s| s.reference == r)
                {
                    out.push(Source { reference: r, mirror: true });
                }
            }
        }
        out.push(Source { reference: primary, mirror: false });
        Ok(out)
    }
}

/// `*.domain`, with nothing else starred and no path.
fn is_wildcard(prefix: &str) -> bool {
    prefix.strip_prefix("*.").is_some_and(|rest| !rest.is_empty() && !rest.contains(['*', '/', ':', '@']))
}

/// How much of `full` (a full reference) `prefix` covers, when it matches.
fn matched_length(full: &str, prefix: &str) -> Option<usize> {
    if let Some(domain) = prefix.strip_prefix('*') {
        // `*.example.com` matches hosts under example.com; the match is the whole host.
        let host_end = full.find('/').unwrap_or(full.len());
        let host = &full[..host_end];
        let name = host.rsplit_once(':').map_or(host, |(h, port)| if port.contains(']') { host } else { h });
        return (name.len() > domain.len() && name.ends_with(domain)).then_some(host_end);
    }
    let rest = full.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with(['/', ':', '@'])).then_some(prefix.len())
}

/// `full` with its first `matched` bytes replaced by `location`, as a reference.
fn rewrite(full: &str, matched: usize, location: &str) -> Option<Reference> {
    Reference::parse(&format!("{location}{}", &full[matched..])).ok()
}

/// A location is `host[:port][/path]`: no scheme, no trailing slash, not empty.
fn parse_location(input: &str) -> Result<String, String> {
    let trimmed = input.trim_end_matches('/');
    if trimmed.is_empty() {
        return Err("invalid location: it is empty".into());
    }
    if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
        return Err(format!("invalid location {input:?}: URI schemes are not supported"));
    }
    Ok(trimmed.to_string())
}

/// Warns about keys containers-registries.conf(5) does not define, naming file and line.
fn unknown_keys(file: &Path, text: &str, table: &toml::Table, warnings: &mut Vec<String>) {
    let mut warn = |key: &str, within: &str| {
        let line = text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))
                    || l.strip_prefix(&format!("\"{key}\"")).is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map(|i| format!(":{}", i + 1))
            .unwrap_or_default();
        warnings.push(format!("{}{line}: unknown key {key:?}{within} (ignored)", file.display()));
    };
    for (k, v) in table {
        if !TOP_KEYS.contains(&k.as_str()) {
            warn(k, "");
        }
        if k != "registry" {
            continue;
        }
        for r in v.as_array().into_iter().flatten().filter_map(toml::Value::as_table) {
            for (k, v) in r {
                if !REGISTRY_KEYS.contains(&k.as_str()) && k != "pull-from-mirror" {
                    warn(k, " in [[registry]]");
                }
                if k != "mirror" {
                    continue;
                }
                for m in v.as_array().into_iter().flatten().filter_map(toml::Value::as_table) {
                    for k in m.keys().filter(|k| !MIRROR_KEYS.contains(&k.as_str())) {
                        warn(k, " in [[registry.mirror]]");
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(text: &str) -> Mirrors {
        let mut m = Mirrors::default();
        m.add_registries_conf(Path::new("/r.conf"), text).unwrap();
        m
    }

    fn sources(m: &Mirrors, r: &str) -> Vec<String> {
        m.sources(&Reference::parse(r).unwrap())
            .unwrap()
            .into_iter()
            .map(|s| format!("{}{}", if s.mirror { "mirror " } else { "" }, s.reference))
            .collect()
    }

    #[test]
    fn longest_prefix_wins_and_locations_rewrite() {
        let m = conf(
            r#"
[[registry]]
prefix = "example.com"
location = "example.com"
[[registry.mirror]]
location = "m1.example.net"

[[registry]]
prefix = "example.com/team"
location = "internal.example.com:5000/mirror/team"
[[registry.mirror]]
location = "m2.example.net/cache"
"#,
        );
        assert_eq!(sources(&m, "example.com/app:1"), ["mirror m1.example.net/app:1", "example.com/app:1"]);
        assert_eq!(
            sources(&m, "example.com/team/app:1"),
            ["mirror m2.example.net/cache/app:1", "internal.example.com:5000/mirror/team/app:1"]
        );
        // `example.com/teamwork` does not continue `example.com/team` with a separator.
        assert_eq!(sources(&m, "example.com/teamwork:1")[1], "example.com/teamwork:1");
        // `example.com:5000` is another host in ferry (containers/image's match of it is a
        // documented accident), and unconfigured hosts are read where they are.
        assert_eq!(sources(&m, "other.io/x:1"), ["other.io/x:1"]);
    }

    #[test]
    fn wildcards_match_subdomains_only_and_lose_to_exact_prefixes() {
        let m = conf(
            r#"
[[registry]]
prefix = "*.example.com"
[[registry.mirror]]
location = "cache.local"

[[registry]]
prefix = "special.example.com"
location = "special.example.com"
blocked = true
"#,
        );
        assert_eq!(sources(&m, "a.example.com/x:1"), ["mirror cache.local/x:1", "a.example.com/x:1"]);
        assert_eq!(sources(&m, "b.a.example.com:5000/x:1"), ["mirror cache.local/x:1", "b.a.example.com:5000/x:1"]);
        assert_eq!(sources(&m, "example.com/x:1"), ["example.com/x:1"]);
        let blocked = m.sources(&Reference::parse("special.example.com/x:1").unwrap()).unwrap_err();
        assert_eq!(blocked.file, Path::new("/r.conf"));
        assert!(blocked.to_string().contains("/r.conf"), "{blocked}");
    }

    #[test]
    fn pull_from_mirror_selects_by_tag_or_digest() {
        let m = conf(
            r#"
[[registry]]
location = "reg.io"
[[registry.mirror]]
location = "all.io"
[[registry.mirror]]
location = "digests.io"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "tags.io"
pull-from-mirror = "tag-only"

[[registry]]
location = "old.io"
mirror-by-digest-only = true
[[registry.mirror]]
location = "oldmirror.io"
"#,
        );
        let d = "sha256:".to_string() + &"a".repeat(64);
        assert_eq!(sources(&m, "reg.io/x:1"), ["mirror all.io/x:1", "mirror tags.io/x:1", "reg.io/x:1"]);
        assert_eq!(
            sources(&m, &format!("reg.io/x@{d}")),
            [format!("mirror all.io/x@{d}"), format!("mirror digests.io/x@{d}"), format!("reg.io/x@{d}")]
        );
        assert_eq!(sources(&m, "old.io/x:1"), ["old.io/x:1"]);
        assert_eq!(sources(&m, &format!("old.io/x@{d}")).len(), 2);
    }

    #[test]
    fn drop_ins_replace_tables_with_the_same_prefix() {
        let mut m = conf("[[registry]]\nlocation = \"a.io\"\n[[registry.mirror]]\nlocation = \"m1.io\"\n");
        m.add_registries_conf(Path::new("/d/1.conf"), "[[registry]]\nlocation = \"a.io\"\nblocked = true\n").unwrap();
        let e = m.sources(&Reference::parse("a.io/x:1").unwrap()).unwrap_err();
        assert_eq!(e.file, Path::new("/d/1.conf"));
    }

    #[test]
    fn docker_hub_mirrors_from_daemon_json() {
        let mut m = Mirrors::default();
        let w = m
            .add_daemon_json(
                Path::new("/daemon.json"),
                r#"{"registry-mirrors": ["https://mirror.gcr.io", "http://127.0.0.1:5001/", "https://x.io/path"], "debug": true}"#,
            )
            .unwrap();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            sources(&m, "redis"),
            [
                "mirror mirror.gcr.io/library/redis:latest",
                "mirror 127.0.0.1:5001/library/redis:latest",
                "docker.io/library/redis:latest"
            ]
        );
        assert_eq!(sources(&m, "quay.io/x:1"), ["quay.io/x:1"]);
        assert_eq!(m.insecure_hosts(), ["127.0.0.1:5001"]);
        assert!(m.add_daemon_json(Path::new("/d.json"), "{\n\"registry-mirrors\": 3}").is_err());
    }

    #[test]
    fn errors_name_file_and_line_unknown_keys_warn() {
        let mut m = Mirrors::default();
        let e =
            m.add_registries_conf(Path::new("/r.conf"), "[[registry]]\nlocation = \"a.io\"\nblocked = \n").unwrap_err();
        assert_eq!((e.file.as_path(), e.line), (Path::new("/r.conf"), Some(3)), "{e}");
        assert!(e.to_string().starts_with("/r.conf:3: "), "{e}");
        let e =
            m.add_registries_conf(Path::new("/r.conf"), "[[registry]]\n\nlocation = \"https://a.io\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("URI schemes"), "{e}");
        let e = m
            .add_registries_conf(
                Path::new("/r.conf"),
                "[[registry]]\nlocation = \"a.io\"\n[[registry.mirror]]\nlocation = \"b.io\"\npull-from-mirror = \"some\"\n",
            )
            .unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        let e = m.add_registries_conf(Path::new("/r.conf"), "[[registry]]\ninsecure = 3\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        let w = m
            .add_registries_conf(
                Path::new("/r.conf"),
                "unqualified-search-registries = [\"docker.io\"]\ncolour = 1\n[[registry]]\nlocation = \"a.io\"\nmirrors = []\n[aliases]\n\"x\" = \"a.io/x\"\n",
            )
            .unwrap();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("/r.conf:2: unknown key \"colour\""), "{w:?}");
        assert!(w[1].starts_with("/r.conf:5: unknown key \"mirrors\" in [[registry]]"), "{w:?}");
    }
}
