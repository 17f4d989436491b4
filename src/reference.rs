//! Image references (`[registry/]repository[:tag][@digest]`): parsing,
//! normalisation and formatting. This module performs no I/O and knows
//! nothing about transports or credentials beyond the Docker Hub constants.
//! It implements docker's `distribution/reference` rules as used by
//! `ParseNormalizedNamed` (github.com/distribution/reference): the same
//! inputs are accepted and normalise to the same names, with IPv6 registry
//! hosts in brackets as in the current `distribution/reference` module.
//!
//! Also the typed names the registry layer addresses: [`Registry`] (credential name and API
//! host) and [`Repository`], whose [`Repository::scope`] spells token scopes.

use std::fmt;
use std::str::FromStr;

use crate::digest::{Digest, DigestError};

/// The canonical registry name of Docker Hub in normalised references.
pub const DOCKER_HUB: &str = "docker.io";
/// The host that actually serves Docker Hub's registry API.
pub const DOCKER_HUB_API_HOST: &str = "registry-1.docker.io";
/// The key under which docker's config.json stores Docker Hub credentials.
pub const DOCKER_HUB_CREDENTIAL_KEY: &str = "https://index.docker.io/v1/";

/// Legacy Docker Hub name that users still type; normalised to `docker.io`.
const LEGACY_DOCKER_HUB: &str = "index.docker.io";
/// Namespace of Docker Hub's official images (`redis` → `library/redis`).
const OFFICIAL_REPO_PREFIX: &str = "library/";
const DEFAULT_TAG: &str = "latest";
/// distribution's `NameTotalLengthMax`, applied as current `distribution/reference` does
/// (and docker with it): to the repository path (`library/redis`), not the registry host.
/// distribution 2.8 measured `registry/repository`; a long host no longer counts.
const NAME_TOTAL_LENGTH_MAX: usize = 255;
/// A tag is one leading word character plus at most 127 more.
const TAG_MAX_LEN: usize = 128;

/// A normalised image reference.
///
/// Invariants: `registry` is a valid host (`docker.io` for Docker Hub, never
/// `index.docker.io`), `repository` is a valid lowercase path (with
/// `library/` for single-component Docker Hub names), and tag and digest are
/// valid when present. Both may be present; the digest then identifies the
/// manifest and the tag is informational.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    registry: String,
    repository: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("invalid reference {input:?}: reference is empty")]
    Empty { input: String },
    #[error("invalid reference {input:?}: cannot specify 64-byte hexadecimal strings")]
    HexIdentifier { input: String },
    #[error("invalid reference {input:?}: repository name must be lowercase")]
    Uppercase { input: String },
    #[error(
        "invalid reference {input:?}: invalid registry host {registry:?} (expected a host name, IPv4 address or [IPv6] address, with an optional :port)"
    )]
    InvalidRegistry { input: String, registry: String },
    #[error("invalid reference {input:?}: port {port} of registry {registry:?} is not a TCP port (1-65535)")]
    InvalidPort { input: String, registry: String, port: String },
    #[error(
        "invalid reference {input:?}: invalid repository path component {component:?} (components are lowercase letters and digits, separated by '.', '_', '__' or runs of '-')"
    )]
    InvalidPathComponent { input: String, component: String },
    #[error("invalid reference {input:?}: repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")]
    NameTooLong { input: String },
    #[error(
        "invalid reference {input:?}: invalid tag {tag:?} (a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')"
    )]
    InvalidTag { input: String, tag: String },
    // The digest error is part of the message rather than a `source`, so a
    // single `{}` shows the whole story and `{:#}` chains do not repeat it.
    #[error("invalid reference {input:?}: {error}")]
    InvalidDigest { input: String, error: DigestError },
    #[error("invalid repository {input:?}: a repository must not include a tag or digest")]
    TagOrDigestNotAllowed { input: String },
}

impl Reference {
    /// Parses and normalises a reference the way `docker pull` does, adding
    /// the tag `latest` only when neither a tag nor a digest is given.
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        let mut reference = parse_normalized(s)?;
        if reference.tag.is_none() && reference.digest.is_none() {
            reference.tag = Some(DEFAULT_TAG.to_owned());
        }
        Ok(reference)
    }

    /// Parses a repository name (no tag, no digest), normalised like
    /// [`Reference::parse`] but without adding `latest`.
    pub fn parse_repository(s: &str) -> Result<Reference, ReferenceError> {
        let reference = parse_normalized(s)?;
        if reference.tag.is_some() || reference.digest.is_some() {
            return Err(ReferenceError::TagOrDigestNotAllowed { input: s.to_owned() });
        }
        Ok(reference)
    }

    /// Builds a reference from parts, validating and normalising them as
    /// [`Reference::parse`] would (`index.docker.io` → `docker.io`, `library/`
    /// for single-component Docker Hub names). Never adds a tag.
    pub fn new(
        registry: &str,
        repository: &str,
        tag: Option<&str>,
        digest: Option<Digest>,
    ) -> Result<Reference, ReferenceError> {
        let mut input = format!("{registry}/{repository}");
        if let Some(tag) = tag {
            input.push(':');
            input.push_str(tag);
        }
        if let Some(digest) = &digest {
            input.push('@');
            input.push_str(digest.as_str());
        }
        if repository.to_lowercase() != repository {
            return Err(ReferenceError::Uppercase { input });
        }
        let (registry, repository) = normalize_docker_hub(registry, repository);
        validated(&input, registry, &repository, tag, digest)
    }

    /// The registry as written in the normalised name: `docker.io`,
    /// `localhost:5000`, `[::1]:5000`.
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The repository path within the registry, e.g. `library/redis`.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// The host to send registry API requests to: Docker Hub's name in
    /// references is not the host that serves its API.
    pub fn api_host(&self) -> &str {
        if self.is_docker_hub() { DOCKER_HUB_API_HOST } else { &self.registry }
    }

    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// The `<reference>` path segment for `/v2/<name>/manifests/<reference>`:
    /// the digest when present (it pins content, so it wins over the tag),
    /// else the tag, else `latest`.
    pub fn manifest_reference(&self) -> String {
        match (&self.digest, &self.tag) {
            (Some(digest), _) => digest.to_string(),
            (None, Some(tag)) => tag.clone(),
            (None, None) => DEFAULT_TAG.to_owned(),
        }
    }

    /// The same reference pinned to `d`, keeping the tag.
    pub fn with_digest(&self, d: Digest) -> Reference {
        Reference { digest: Some(d), ..self.clone() }
    }

    /// The same repository with `tag` and no digest.
    pub fn with_tag(&self, tag: &str) -> Result<Reference, ReferenceError> {
        if !is_valid_tag(tag) {
            return Err(ReferenceError::InvalidTag {
                input: format!("{}:{tag}", self.full_name()),
                tag: tag.to_owned(),
            });
        }
        Ok(Reference { tag: Some(tag.to_owned()), digest: None, ..self.clone() })
    }

    /// The same reference with the digest removed and the tag kept.
    pub fn without_digest(&self) -> Reference {
        Reference { digest: None, ..self.clone() }
    }

    /// The bare repository: same registry and repository, no tag or digest.
    pub fn repository_ref(&self) -> Reference {
        Reference { registry: self.registry.clone(), repository: self.repository.clone(), tag: None, digest: None }
    }

    /// The short form docker shows to humans (`FamiliarString`): Docker Hub's
    /// `docker.io/` and, for official images, `library/` are dropped.
    pub fn familiar(&self) -> String {
        let mut out = if self.is_docker_hub() {
            // Only strip `library/` when nothing nested follows, as docker
            // does, so the familiar form always parses back to this name.
            match self.repository.strip_prefix(OFFICIAL_REPO_PREFIX) {
                Some(rest) if !rest.contains('/') => rest.to_owned(),
                // A Hub path whose first component looks like a host
                // (`docker.io/library.2/redis`) keeps `docker.io/`: shortened,
                // it would name a registry `library.2`. (docker's own
                // FamiliarString shortens it; found by fuzzing.)
                _ if self.repository.split_once('/').is_some_and(|(first, _)| looks_like_registry(first)) => {
                    self.full_name()
                }
                _ => self.repository.clone(),
            }
        } else {
            self.full_name()
        };
        self.push_tag_and_digest(&mut out);
        out
    }

    /// `registry/repository`, e.g. `docker.io/library/redis`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// The registry this reference lives on, as a typed name.
    pub fn registry_name(&self) -> Registry {
        Registry::new(&self.registry, self.api_host())
    }

    /// The repository this reference lives in, as a typed name (for token scopes).
    pub fn repository_name(&self) -> Repository {
        self.registry_name().repository(&self.repository)
    }

    fn push_tag_and_digest(&self, out: &mut String) {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest.as_str());
        }
    }
}

/// A registry as ferry talks to it: the name credentials are stored under (`docker.io`,
/// `localhost:5000`) and the host that serves its API (`registry-1.docker.io`). Requests
/// carry this registry's credentials only to `api_host`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Registry {
    name: String,
    api_host: String,
}

impl Registry {
    pub fn new(name: impl Into<String>, api_host: impl Into<String>) -> Registry {
        Registry { name: name.into(), api_host: api_host.into() }
    }

    /// The name credentials are stored under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `host[:port]` of the registry API.
    pub fn api_host(&self) -> &str {
        &self.api_host
    }

    /// The repository `path` (e.g. `library/redis`) on this registry.
    pub fn repository(&self, path: impl Into<String>) -> Repository {
        Repository { registry: self.clone(), path: path.into() }
    }
}

/// What a token is asked for on a repository (the token spec's `actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Pull,
    /// Writing; registries expect `pull,push` (a push reads too), as docker asks.
    Push,
    /// Deleting manifests; distribution maps `DELETE` to `delete`, and ferry reads first.
    Delete,
}

/// A repository on a registry: the unit token scopes name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repository {
    registry: Registry,
    path: String,
}

impl Repository {
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The path within the registry, e.g. `library/redis`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The token scope for `action` on this repository (token spec "Requesting a Token"),
    /// e.g. `repository:library/redis:pull`.
    pub fn scope(&self, action: Action) -> String {
        let actions = match action {
            Action::Pull => "pull",
            Action::Push => "pull,push",
            Action::Delete => "delete,pull",
        };
        format!("repository:{}:{actions}", self.path)
    }
}

/// Splits, normalises and validates `s` without adding a default tag.
fn parse_normalized(s: &str) -> Result<Reference, ReferenceError> {
    if s.is_empty() {
        return Err(ReferenceError::Empty { input: s.to_owned() });
    }
    // A bare image ID would otherwise become `docker.io/library/<id>`;
    // docker refuses it so that IDs and names cannot be confused.
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(ReferenceError::HexIdentifier { input: s.to_owned() });
    }
    let (registry, remainder) = split_docker_domain(s);

    // Checked before the grammar, on everything up to the first ':', exactly
    // as docker does, so that `redis/Foo` gets this specific message.
    let remote = remainder.split(':').next().unwrap_or_default();
    if remote.to_lowercase() != remote {
        return Err(ReferenceError::Uppercase { input: s.to_owned() });
    }

    // Neither the path nor the tag may contain '@', and the path may not
    // contain ':', so the first of each is the separator.
    let (name, digest) = match remainder.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (remainder.as_str(), None),
    };
    let (path, tag) = match name.split_once(':') {
        Some((path, tag)) => (path, Some(tag)),
        None => (name, None),
    };
    let digest = match digest {
        Some(digest) => {
            Some(Digest::parse(digest).map_err(|error| ReferenceError::InvalidDigest { input: s.to_owned(), error })?)
        }
        None => None,
    };
    validated(s, registry, path, tag, digest)
}

/// docker's `splitDockerDomain`: the first component is a registry only if it
/// looks like a host (has '.' or ':', is `localhost`, or has an uppercase
/// letter, which a repository path never may).
fn split_docker_domain(s: &str) -> (&str, String) {
    let (registry, remainder) = match s.split_once('/') {
        Some((first, rest)) if looks_like_registry(first) => (first, rest),
        _ => (DOCKER_HUB, s),
    };
    normalize_docker_hub(registry, remainder)
}

/// Whether a reference's first component is taken for a registry (see above).
fn looks_like_registry(first: &str) -> bool {
    first == "localhost" || first.contains(['.', ':']) || first.to_lowercase() != first
}

/// Renames the legacy Hub host and puts single-component Hub names in the
/// `library/` namespace (`remainder` may still carry a tag or digest).
fn normalize_docker_hub<'a>(registry: &'a str, remainder: &str) -> (&'a str, String) {
    let registry = if registry == LEGACY_DOCKER_HUB { DOCKER_HUB } else { registry };
    let remainder = if registry == DOCKER_HUB && !remainder.contains('/') {
        format!("{OFFICIAL_REPO_PREFIX}{remainder}")
    } else {
        remainder.to_owned()
    };
    (registry, remainder)
}

/// Validates already-split, already-normalised parts and assembles them.
fn validated(
    input: &str,
    registry: &str,
    repository: &str,
    tag: Option<&str>,
    digest: Option<Digest>,
) -> Result<Reference, ReferenceError> {
    // docker would accept e.g. `my_host.local/app` by reading the whole
    // thing as a path with an empty domain; a reference with no registry is
    // useless to a client, so such hosts are rejected instead.
    if !is_valid_registry(registry) {
        return Err(ReferenceError::InvalidRegistry { input: input.to_owned(), registry: registry.to_owned() });
    }
    // The grammar allows any digits; a socket does not.
    let port = registry.rsplit_once(']').map_or(registry, |(_, after)| after).rsplit_once(':').map(|(_, p)| p);
    if let Some(port) = port.filter(|p| !p.parse::<u16>().is_ok_and(|n| n > 0)) {
        return Err(ReferenceError::InvalidPort {
            input: input.to_owned(),
            registry: registry.to_owned(),
            port: port.to_owned(),
        });
    }
    if let Some(component) = repository.split('/').find(|c| !is_valid_path_component(c)) {
        return Err(ReferenceError::InvalidPathComponent { input: input.to_owned(), component: component.to_owned() });
    }
    if let Some(tag) = tag.filter(|t| !is_valid_tag(t)) {
        return Err(ReferenceError::InvalidTag { input: input.to_owned(), tag: tag.to_owned() });
    }
    if repository.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(ReferenceError::NameTooLong { input: input.to_owned() });
    }
    Ok(Reference {
        registry: registry.to_owned(),
        repository: repository.to_owned(),
        tag: tag.map(str::to_owned),
        digest,
    })
}

/// `host[:port]` where host is dot-separated `[a-zA-Z0-9]` labels with inner
/// hyphens, or `[` hex-and-colons `]`.
fn is_valid_registry(registry: &str) -> bool {
    let (host_ok, port) = if let Some(bracketed) = registry.strip_prefix('[') {
        let Some((inside, after)) = bracketed.split_once(']') else {
            return false;
        };
        let ipv6_ok = !inside.is_empty() && inside.bytes().all(|b| b == b':' || b.is_ascii_hexdigit());
        (ipv6_ok, after)
    } else {
        let end = registry.find(':').unwrap_or(registry.len());
        let (host, after) = registry.split_at(end);
        (host.split('.').all(is_valid_host_label), after)
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

fn is_valid_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_valid_path_component(component: &str) -> bool {
    let is_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = component.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) if is_alnum(first) && is_alnum(last) => {}
        _ => return false,
    }
    // Every maximal run of non-alphanumerics sits between alphanumerics
    // (checked above), so validating each run validates the component.
    component
        .split(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .all(|run| matches!(run, "." | "_" | "__") || run.bytes().all(|b| b == b'-'))
}

/// `[\w][\w.-]{0,127}` with ASCII `\w`, as in Go's regexp.
fn is_valid_tag(tag: &str) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    match bytes.split_first() {
        Some((&first, rest)) => {
            bytes.len() <= TAG_MAX_LEN && is_word(first) && rest.iter().all(|&b| is_word(b) || b == b'.' || b == b'-')
        }
        None => false,
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reference::parse(s)
    }
}

/// The full normalised form, e.g. `docker.io/library/redis:latest`.
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = self.full_name();
        self.push_tag_and_digest(&mut out);
        f.write_str(&out)
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Deserialises without adding `latest`, so that every serialised value,
/// including a bare repository, reads back as the same `Reference`.
impl<'de> serde::Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Reference;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an image reference string such as \"docker.io/library/redis:latest\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Reference, E> {
                parse_normalized(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// A `--filter reference=PATTERN` glob that is not well formed (Go's `path.ErrBadPattern`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid reference pattern {0:?}: syntax error in pattern")]
pub struct BadPattern(pub String);

impl Reference {
    /// docker's `reference.FamiliarMatch`: the glob `pattern` against the familiar string
    /// (`app:v1`, `localhost:5000/team/app:v2`), else against the familiar name (`app`).
    pub fn familiar_match(&self, pattern: &str) -> Result<bool, BadPattern> {
        Ok(glob_match(pattern, &self.familiar())? || glob_match(pattern, &self.repository_ref().familiar())?)
    }
}

/// Go's `path.Match`, which docker's reference filters use: `*` is any run of characters
/// but `/`, `?` one character but `/`, `[a-z]` and `[^a-z]` classes, `\` escapes. Checked
/// for syntax even where the name has already failed to match, as Go's is.
pub fn glob_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let bad = || BadPattern(pattern.to_string());
    let mut pat: Vec<char> = pattern.chars().collect();
    let mut name: Vec<char> = name.chars().collect();
    'pattern: while !pat.is_empty() {
        let (star, chunk, rest) = scan_chunk(&pat);
        pat = rest;
        if star && chunk.is_empty() {
            // A trailing `*` takes the rest, unless it holds a `/`.
            return Ok(!name.contains(&'/'));
        }
        let here = match_chunk(&chunk, &name).ok_or_else(bad)?;
        if let Some(t) = here
            && (t.is_empty() || !pat.is_empty())
        {
            name = t;
            continue;
        }
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != '/' {
                if let Some(t) = match_chunk(&chunk, &name[i + 1..]).ok_or_else(bad)? {
                    if pat.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                i += 1;
            }
        }
        // No match; the rest of the pattern must still be well formed.
        while !pat.is_empty() {
            let (_, chunk, rest) = scan_chunk(&pat);
            pat = rest;
            match_chunk(&chunk, &[]).ok_or_else(bad)?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Leading stars, then the chunk up to the next star outside a class, then the rest.
fn scan_chunk(pattern: &[char]) -> (bool, Vec<char>, Vec<char>) {
    let stars = pattern.iter().take_while(|c| **c == '*').count();
    let pattern = &pattern[stars..];
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            '\\' if i + 1 < pattern.len() => i += 1,
            '[' => in_range = true,
            ']' => in_range = false,
            '*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (stars > 0, pattern[..i].to_vec(), pattern[i..].to_vec())
}

/// Matches `chunk` at the start of `s`: `None` for a malformed chunk, `Some(None)` for no
/// match, `Some(Some(rest))` for a match leaving `rest`.
#[allow(clippy::option_option)]
fn match_chunk(mut chunk: &[char], mut s: &[char]) -> Option<Option<Vec<char>>> {
    let mut failed = false;
    while let Some(&c) = chunk.first() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match c {
            '[' => {
                let r = if failed { None } else { Some(s[0]) };
                if !failed {
                    s = &s[1..];
                }
                chunk = &chunk[1..];
                let negated = chunk.first() == Some(&'^');
                if negated {
                    chunk = &chunk[1..];
                }
                let (mut matched, mut ranges) = (false, 0);
                loop {
                    if chunk.first() == Some(&']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = class_char(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk.first() == Some(&'-') {
                        (hi, chunk) = class_char(&chunk[1..])?;
                    }
                    if r.is_some_and(|r| lo <= r && r <= hi) {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            '?' => {
                if !failed {
                    failed = s[0] == '/';
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                if c == '\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return None;
                    }
                }
                if !failed {
                    failed = chunk[0] != s[0];
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    Some(if failed { None } else { Some(s.to_vec()) })
}

/// One character of a class (escaped or not) and what follows; `None` when malformed.
fn class_char(chunk: &[char]) -> Option<(char, &[char])> {
    let chunk = match chunk.first()? {
        '-' | ']' => return None,
        '\\' => &chunk[1..],
        _ => chunk,
    };
    let (&c, rest) = chunk.split_first()?;
    if rest.is_empty() {
        return None;
    }
    Some((c, rest))
}

#[cfg(test)]
mod familiar_match_tests {
    use super::*;

    /// Cases from Go's `path.Match` tests and docker's `FamiliarMatch` use.
    #[test]
    fn globs_match_as_go_path_match() {
        for (pattern, name, want) in [
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*", "abc", true),
            ("a*", "ab/c", false),
            ("a*/b", "abc/b", true),
            ("a*/b", "a/c/b", false),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[e-g]", "abc", false),
            ("ab[^c]", "abc", false),
            ("ab[^b-d]", "abc", false),
            ("ab[^e-g]", "abc", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "ab", false),
            ("a?b", "a☺b", true),
            ("a?b", "a/b", false),
            ("a*b", "a/b", false),
            ("[\\]a]", "]", true),
            ("[\\-]", "-", true),
            ("[x\\-]", "z", false),
            ("*x", "xxx", true),
        ] {
            assert_eq!(glob_match(pattern, name), Ok(want), "{pattern} ~ {name}");
        }
        for bad in ["[", "[^", "[^bc", "a[", "[]a]", "[-]", "[x-]", "[a-b-c]", "\\", "a\\", "*x["] {
            assert!(glob_match(bad, "a").is_err(), "{bad}");
        }
    }

    #[test]
    fn familiar_match_tries_the_string_then_the_name() {
        let r = Reference::parse("docker.io/library/busybox:latest").unwrap();
        assert_eq!(r.familiar_match("busybox"), Ok(true));
        assert_eq!(r.familiar_match("busybox:latest"), Ok(true));
        assert_eq!(r.familiar_match("busy*"), Ok(true));
        assert_eq!(r.familiar_match("library/busybox"), Ok(false));
        assert_eq!(r.familiar_match("docker.io/library/busybox"), Ok(false));
        let r = Reference::parse("localhost:5000/team/app:v2").unwrap();
        assert_eq!(r.familiar_match("localhost:5000/team/*"), Ok(true));
        assert_eq!(r.familiar_match("*/team/app"), Ok(true));
        assert_eq!(r.familiar_match("*/app"), Ok(false));
        assert_eq!(r.familiar_match("*:5000/*/app:v?"), Ok(true));
        assert_eq!(r.familiar_match("app"), Ok(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn sha(hex: &str) -> String {
        format!("sha256:{hex}")
    }

    struct Valid {
        input: String,
        registry: &'static str,
        repository: String,
        tag: Option<String>,
        digest: bool,
        display: String,
        familiar: String,
    }

    fn ok(
        input: impl Into<String>,
        registry: &'static str,
        repository: impl Into<String>,
        tag: Option<&str>,
        digest: bool,
        display: impl Into<String>,
        familiar: impl Into<String>,
    ) -> Valid {
        Valid {
            input: input.into(),
            registry,
            repository: repository.into(),
            tag: tag.map(str::to_owned),
            digest,
            display: display.into(),
            familiar: familiar.into(),
        }
    }

    #[rustfmt::skip]
    fn valid_cases() -> Vec<Valid> {
        let d = sha(HEX);
        let long_path = format!("ns/{}", "a".repeat(NAME_TOTAL_LENGTH_MAX - "ns/".len()));
        let long_host = format!("{}.com", "h".repeat(200));
        let long_tag = "t".repeat(TAG_MAX_LEN);
        vec![
            // Docker Hub normalisation.
            ok("redis", DOCKER_HUB, "library/redis", Some("latest"), false,
                "docker.io/library/redis:latest", "redis:latest"),
            ok("docker.io/redis", DOCKER_HUB, "library/redis", Some("latest"), false,
                "docker.io/library/redis:latest", "redis:latest"),
            ok("docker.io/library/redis", DOCKER_HUB, "library/redis", Some("latest"), false,
                "docker.io/library/redis:latest", "redis:latest"),
            ok("index.docker.io/library/redis", DOCKER_HUB, "library/redis", Some("latest"), false,
                "docker.io/library/redis:latest", "redis:latest"),
            ok("index.docker.io/redis:7", DOCKER_HUB, "library/redis", Some("7"), false,
                "docker.io/library/redis:7", "redis:7"),
            ok("me/app:1", DOCKER_HUB, "me/app", Some("1"), false,
                "docker.io/me/app:1", "me/app:1"),
            ok("library/a/b", DOCKER_HUB, "library/a/b", Some("latest"), false,
                "docker.io/library/a/b:latest", "library/a/b:latest"),
            // A lone first component is always a Docker Hub name, even
            // when it looks like a host.
            ok("localhost", DOCKER_HUB, "library/localhost", Some("latest"), false,
                "docker.io/library/localhost:latest", "localhost:latest"),
            ok("example.com", DOCKER_HUB, "library/example.com", Some("latest"), false,
                "docker.io/library/example.com:latest", "example.com:latest"),
            ok("localhost:5000", DOCKER_HUB, "library/localhost", Some("5000"), false,
                "docker.io/library/localhost:5000", "localhost:5000"),
            // Registry detection.
            ok("localhost/app", "localhost", "app", Some("latest"), false,
                "localhost/app:latest", "localhost/app:latest"),
            ok("localhost:5000/app", "localhost:5000", "app", Some("latest"), false,
                "localhost:5000/app:latest", "localhost:5000/app:latest"),
            ok("localhost:5000/app:v1", "localhost:5000", "app", Some("v1"), false,
                "localhost:5000/app:v1", "localhost:5000/app:v1"),
            ok("127.0.0.1:5000/ns/app:v1", "127.0.0.1:5000", "ns/app", Some("v1"), false,
                "127.0.0.1:5000/ns/app:v1", "127.0.0.1:5000/ns/app:v1"),
            ok("[::1]:5000/app", "[::1]:5000", "app", Some("latest"), false,
                "[::1]:5000/app:latest", "[::1]:5000/app:latest"),
            ok("[2001:db8::1]/app", "[2001:db8::1]", "app", Some("latest"), false,
                "[2001:db8::1]/app:latest", "[2001:db8::1]/app:latest"),
            ok("ghcr.io/owner/app:1.2.3", "ghcr.io", "owner/app", Some("1.2.3"), false,
                "ghcr.io/owner/app:1.2.3", "ghcr.io/owner/app:1.2.3"),
            ok("registry:5000/app", "registry:5000", "app", Some("latest"), false,
                "registry:5000/app:latest", "registry:5000/app:latest"),
            ok("my-registry.example.com/a/b/c", "my-registry.example.com", "a/b/c", Some("latest"), false,
                "my-registry.example.com/a/b/c:latest", "my-registry.example.com/a/b/c:latest"),
            ok("Example.com/app", "Example.com", "app", Some("latest"), false,
                "Example.com/app:latest", "Example.com/app:latest"),
            ok("Foo/bar", "Foo", "bar", Some("latest"), false,
                "Foo/bar:latest", "Foo/bar:latest"),
            // A lone "docker.io" is an official image name like any other.
            ok("docker.io", DOCKER_HUB, "library/docker.io", Some("latest"), false,
                "docker.io/library/docker.io:latest", "docker.io:latest"),
            // Digests: no `latest` added; tag and digest both kept.
            ok(format!("app@{d}"), DOCKER_HUB, "library/app", None, true,
                format!("docker.io/library/app@{d}"), format!("app@{d}")),
            ok(format!("redis:latest@{d}"), DOCKER_HUB, "library/redis", Some("latest"), true,
                format!("docker.io/library/redis:latest@{d}"), format!("redis:latest@{d}")),
            ok(format!("host/ns/app:tag@{d}"), "docker.io", "host/ns/app", Some("tag"), true,
                format!("docker.io/host/ns/app:tag@{d}"), format!("host/ns/app:tag@{d}")),
            ok(format!("host.io/ns/app:tag@{d}"), "host.io", "ns/app", Some("tag"), true,
                format!("host.io/ns/app:tag@{d}"), format!("host.io/ns/app:tag@{d}")),
            ok(format!("localhost:5000/app@{d}"), "localhost:5000", "app", None, true,
                format!("localhost:5000/app@{d}"), format!("localhost:5000/app@{d}")),
            // Path component separators.
            ok("a__b", DOCKER_HUB, "library/a__b", Some("latest"), false,
                "docker.io/library/a__b:latest", "a__b:latest"),
            ok("a---b", DOCKER_HUB, "library/a---b", Some("latest"), false,
                "docker.io/library/a---b:latest", "a---b:latest"),
            ok("a_b-c/d.e", DOCKER_HUB, "a_b-c/d.e", Some("latest"), false,
                "docker.io/a_b-c/d.e:latest", "a_b-c/d.e:latest"),
            ok("0/1", DOCKER_HUB, "0/1", Some("latest"), false,
                "docker.io/0/1:latest", "0/1:latest"),
            // Tags.
            ok("redis:_Tag-1.x", DOCKER_HUB, "library/redis", Some("_Tag-1.x"), false,
                "docker.io/library/redis:_Tag-1.x", "redis:_Tag-1.x"),
            ok(format!("redis:{long_tag}"), DOCKER_HUB, "library/redis", Some(&long_tag), false,
                format!("docker.io/library/redis:{long_tag}"), format!("redis:{long_tag}")),
            // A 64-hex name is fine once it is not the whole input.
            ok(format!("{HEX}:v1"), DOCKER_HUB, format!("library/{HEX}"), Some("v1"), false,
                format!("docker.io/library/{HEX}:v1"), format!("{HEX}:v1")),
            ok(format!("docker.io/{HEX}"), DOCKER_HUB, format!("library/{HEX}"), Some("latest"), false,
                format!("docker.io/library/{HEX}:latest"), format!("{HEX}:latest")),
            // Exactly at the 255-character limit, measured on the path; a long host does not
            // count.
            ok(long_path.clone(), DOCKER_HUB, long_path.clone(), Some("latest"), false,
                format!("docker.io/{long_path}:latest"), format!("{long_path}:latest")),
            ok(format!("{long_host}/{long_path}"), Box::leak(long_host.clone().into_boxed_str()), long_path.clone(), Some("latest"), false,
                format!("{long_host}/{long_path}:latest"), format!("{long_host}/{long_path}:latest")),
        ]
    }

    #[test]
    fn parse_valid_table() {
        let cases = valid_cases();
        assert!(cases.len() >= 30);
        for case in &cases {
            let input = case.input.as_str();
            let r = Reference::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(r.registry(), case.registry, "registry of {input}");
            assert_eq!(r.repository(), case.repository, "repository of {input}");
            assert_eq!(r.tag(), case.tag.as_deref(), "tag of {input}");
            assert_eq!(r.digest().is_some(), case.digest, "digest of {input}");
            assert_eq!(r.to_string(), case.display, "Display of {input}");
            assert_eq!(format!("{r:?}"), case.display, "Debug of {input}");
            assert_eq!(r.familiar(), case.familiar, "familiar of {input}");
            // Both printed forms must parse back to the same reference.
            assert_eq!(Reference::parse(&r.to_string()).unwrap(), r, "{input}");
            assert_eq!(Reference::parse(&r.familiar()).unwrap(), r, "{input}");
            assert_eq!(input.parse::<Reference>().unwrap(), r, "FromStr {input}");
        }
    }

    #[test]
    fn parse_invalid_table() {
        let d = sha(HEX);
        let too_long = format!("ns/{}", "a".repeat(NAME_TOTAL_LENGTH_MAX - "ns/".len() + 1));
        // An official image's `library/` counts: it is part of the path docker measures.
        let too_long_official = "a".repeat(NAME_TOTAL_LENGTH_MAX - "library/".len() + 1);
        let tag_129 = format!("redis:{}", "t".repeat(TAG_MAX_LEN + 1));
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "reference is empty"),
            (HEX.into(), "cannot specify 64-byte hexadecimal strings"),
            // Uppercase repository paths.
            ("redis/Foo".into(), "repository name must be lowercase"),
            ("Redis".into(), "repository name must be lowercase"),
            ("localhost:5000/App".into(), "repository name must be lowercase"),
            ("host.io/ns/App:tag".into(), "repository name must be lowercase"),
            // Path component grammar.
            ("a_-b".into(), "invalid repository path component \"a_-b\""),
            ("-a".into(), "invalid repository path component \"-a\""),
            ("a-".into(), "invalid repository path component \"a-\""),
            ("a___b".into(), "invalid repository path component \"a___b\""),
            ("a..b".into(), "invalid repository path component \"a..b\""),
            (".a".into(), "invalid repository path component \".a\""),
            ("me/app/".into(), "invalid repository path component \"\""),
            ("me//app".into(), "invalid repository path component \"\""),
            ("localhost:5000/".into(), "invalid repository path component \"\""),
            ("/app".into(), "invalid repository path component \"\""),
            ("a b".into(), "invalid repository path component \"a b\""),
            ("café".into(), "invalid repository path component"),
            // Registry grammar.
            ("::1/app".into(), "invalid registry host \"::1\""),
            (":5000/app".into(), "invalid registry host \":5000\""),
            ("localhost:/app".into(), "invalid registry host \"localhost:\""),
            ("localhost:50a0/app".into(), "invalid registry host \"localhost:50a0\""),
            ("[::1/app".into(), "invalid registry host \"[::1\""),
            ("[]:5000/app".into(), "invalid registry host \"[]:5000\""),
            ("[::g]/app".into(), "invalid registry host \"[::g]\""),
            ("[::1]x/app".into(), "invalid registry host \"[::1]x\""),
            ("-host.io/app".into(), "invalid registry host \"-host.io\""),
            ("host-.io/app".into(), "invalid registry host \"host-.io\""),
            ("host..io/app".into(), "invalid registry host \"host..io\""),
            ("my_host.io/app".into(), "invalid registry host \"my_host.io\""),
            ("Foo_Bar/app".into(), "invalid registry host \"Foo_Bar\""),
            ("redis:tag/x".into(), "invalid registry host \"redis:tag\""),
            ("127.0.0.1:99999/x".into(), "port 99999 of registry \"127.0.0.1:99999\" is not a TCP port"),
            ("localhost:0/x".into(), "port 0 of registry"),
            ("[::1]:70000/x".into(), "port 70000"),
            // Tags.
            ("redis:".into(), "invalid tag \"\""),
            ("redis:.x".into(), "invalid tag \".x\""),
            ("redis:-x".into(), "invalid tag \"-x\""),
            ("redis:a+b".into(), "invalid tag \"a+b\""),
            ("redis:a:b".into(), "invalid tag \"a:b\""),
            (tag_129, "invalid tag"),
            // Digests.
            ("redis@".into(), "invalid digest \"\""),
            ("redis@sha256:abc".into(), "sha256 needs 64 hex digits, got 3"),
            (format!("redis@sha256:{}", HEX.to_uppercase()), "hex must be lowercase"),
            (format!("redis@md5:{}", &HEX[..32]), "unsupported algorithm \"md5\""),
            (format!("redis@{d}@{d}"), "is not a hex digit"),
            (format!("redis@SHA256:{HEX}"), "repository name must be lowercase"),
            // Length, measured on the normalised repository path.
            (too_long, "repository name must not be more than 255 characters"),
            (too_long_official, "repository name must not be more than 255 characters"),
        ];
        assert!(cases.len() >= 40);
        for (input, want) in &cases {
            let err = Reference::parse(input).expect_err(input).to_string();
            assert!(err.contains(want), "{input:?}: got {err:?}, want {want:?}");
            assert!(err.contains(&format!("{input:?}")), "error must name the input: {err}");
        }
    }

    #[test]
    fn length_limit_counts_the_normalised_path_not_the_host() {
        // 250 characters typed, but "library/" makes the path 258.
        let name = "a".repeat(250);
        let err = Reference::parse(&name).unwrap_err();
        assert!(matches!(err, ReferenceError::NameTooLong { .. }), "{err}");
        let ok = "a".repeat(NAME_TOTAL_LENGTH_MAX - "library/".len());
        assert_eq!(Reference::parse(&ok).unwrap().repository().len(), NAME_TOTAL_LENGTH_MAX);
        // The same path behind a long registry host is fine, as in docker.
        let hosted = format!("{}.example.com/{}", "r".repeat(60), "a".repeat(NAME_TOTAL_LENGTH_MAX));
        assert_eq!(Reference::parse(&hosted).unwrap().repository().len(), NAME_TOTAL_LENGTH_MAX);
    }

    #[test]
    fn error_message_format() {
        let err = Reference::parse("redis/Foo").unwrap_err();
        assert_eq!(err.to_string(), "invalid reference \"redis/Foo\": repository name must be lowercase");
        let err = Reference::parse("Foo").unwrap_err();
        assert_eq!(err.to_string(), "invalid reference \"Foo\": repository name must be lowercase");
    }

    #[test]
    fn parse_repository_rules() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("redis", Ok("docker.io/library/redis")),
            ("me/app", Ok("docker.io/me/app")),
            ("index.docker.io/redis", Ok("docker.io/library/redis")),
            ("localhost:5000/ns/app", Ok("localhost:5000/ns/app")),
            ("redis:latest", Err("must not include a tag or digest")),
            ("localhost:5000", Err("must not include a tag or digest")),
            ("redis/Foo", Err("must be lowercase")),
            (HEX, Err("cannot specify 64-byte hexadecimal strings")),
        ];
        for &(input, want) in cases {
            match (Reference::parse_repository(input), want) {
                (Ok(r), Ok(display)) => {
                    assert_eq!(r.to_string(), display, "{input}");
                    assert_eq!(r.tag(), None, "{input}");
                    assert_eq!(r.manifest_reference(), "latest", "{input}");
                }
                (Err(e), Err(msg)) => assert!(e.to_string().contains(msg), "{input}: {e}"),
                (got, _) => panic!("{input}: unexpected {got:?}"),
            }
        }
        let with_digest = format!("redis@{}", sha(HEX));
        assert!(Reference::parse_repository(&with_digest).is_err());
    }

    #[test]
    fn new_validates_and_normalises() {
        let d = Digest::parse(&sha(HEX)).unwrap();
        let r = Reference::new("index.docker.io", "redis", Some("7"), Some(d.clone())).unwrap();
        assert_eq!(r, Reference::parse(&format!("redis:7@{d}")).unwrap());
        let r = Reference::new("localhost:5000", "app", None, None).unwrap();
        assert_eq!(r.to_string(), "localhost:5000/app");
        assert_eq!(r.tag(), None);

        let bad: &[(&str, &str, Option<&str>, &str)] = &[
            ("", "app", None, "invalid registry host \"\""),
            ("::1", "app", None, "invalid registry host"),
            ("localhost", "App", None, "must be lowercase"),
            ("localhost", "", None, "invalid repository path component \"\""),
            ("localhost", "a_-b", None, "invalid repository path component"),
            ("localhost", "app", Some("bad tag"), "invalid tag \"bad tag\""),
        ];
        for &(registry, repository, tag, want) in bad {
            let err = Reference::new(registry, repository, tag, None).unwrap_err().to_string();
            assert!(err.contains(want), "{registry} {repository}: {err}");
        }
    }

    #[test]
    fn accessors_and_derived_references() {
        let d = Digest::parse(&sha(HEX)).unwrap();
        let hub = Reference::parse("redis").unwrap();
        assert!(hub.is_docker_hub());
        assert_eq!(hub.api_host(), DOCKER_HUB_API_HOST);
        assert_eq!(hub.full_name(), "docker.io/library/redis");
        assert_eq!(hub.manifest_reference(), "latest");

        let local = Reference::parse("localhost:5000/app:v1").unwrap();
        assert!(!local.is_docker_hub());
        assert_eq!(local.api_host(), "localhost:5000");
        assert_eq!(local.manifest_reference(), "v1");

        let pinned = hub.with_digest(d.clone());
        assert_eq!(pinned.tag(), Some("latest"));
        assert_eq!(pinned.digest(), Some(&d));
        assert_eq!(pinned.manifest_reference(), d.to_string());
        assert_eq!(pinned.familiar(), format!("redis:latest@{d}"));

        let retagged = pinned.with_tag("7.2").unwrap();
        assert_eq!(retagged.to_string(), "docker.io/library/redis:7.2");
        assert_eq!(retagged.digest(), None);
        let err = pinned.with_tag("-bad").unwrap_err().to_string();
        assert!(err.contains("\"-bad\""), "{err}");

        assert_eq!(pinned.without_digest(), hub);
        let repo = pinned.repository_ref();
        assert_eq!(repo.to_string(), "docker.io/library/redis");
        assert_eq!((repo.tag(), repo.digest()), (None, None));
        assert_eq!(repo.familiar(), "redis");
        assert_eq!(repo.manifest_reference(), "latest");

        // Found by fuzzing: a Hub path whose first component looks like a host cannot drop
        // `docker.io/`, or the familiar form names another registry.
        for input in ["docker.io/library.2/redis:7.2", "docker.io/localhost/app", "docker.io/a.b/c/d"] {
            let r = Reference::parse(input).unwrap();
            assert_eq!(r.familiar(), r.to_string(), "{input}");
            assert_eq!(Reference::parse(&r.familiar()).unwrap(), r, "{input}");
        }
        assert_eq!(Reference::parse("docker.io/library/a.b").unwrap().familiar(), "a.b:latest");
        assert_eq!(Reference::parse("docker.io/ab/c.d").unwrap().familiar(), "ab/c.d:latest");

        let digest_only = Reference::parse(&format!("app@{d}")).unwrap();
        assert_eq!(digest_only.manifest_reference(), d.to_string());
        assert_eq!(digest_only.without_digest().manifest_reference(), "latest");
    }

    #[test]
    fn serde_uses_full_string() {
        let r = Reference::parse("me/app:1").unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"docker.io/me/app:1\"");
        assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), r);

        // A bare repository survives a round trip without gaining `latest`.
        let repo = r.repository_ref();
        let back: Reference = serde_json::from_str(&serde_json::to_string(&repo).unwrap()).unwrap();
        assert_eq!(back, repo);

        let err = serde_json::from_str::<Reference>("\"redis/Foo\"").unwrap_err();
        assert!(err.to_string().contains("must be lowercase"), "{err}");
    }

    #[test]
    fn constants() {
        assert_eq!(DOCKER_HUB, "docker.io");
        assert_eq!(DOCKER_HUB_API_HOST, "registry-1.docker.io");
        assert_eq!(DOCKER_HUB_CREDENTIAL_KEY, "https://index.docker.io/v1/");
    }

    #[test]
    fn typed_names_and_scopes() {
        let r = Reference::parse("redis").unwrap();
        let repo = r.repository_name();
        assert_eq!(repo.registry().name(), "docker.io");
        assert_eq!(repo.registry().api_host(), "registry-1.docker.io");
        assert_eq!(repo.path(), "library/redis");
        assert_eq!(repo.scope(Action::Pull), "repository:library/redis:pull");
        assert_eq!(repo.scope(Action::Push), "repository:library/redis:pull,push");
        assert_eq!(repo.scope(Action::Delete), "repository:library/redis:delete,pull");
        let local = Reference::parse("localhost:5000/app:v1").unwrap().registry_name();
        assert_eq!((local.name(), local.api_host()), ("localhost:5000", "localhost:5000"));
    }
}
