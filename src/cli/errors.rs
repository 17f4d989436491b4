//! Rendering failures: `error:` / `caused by:` / `hint:` on stderr, and stable exit codes.
//!
//! A failure is classified once, by [`classify`], into a [`Kind`]: the only code here that
//! looks inside error chains. One table, [`Kind::outcome`], gives every kind its exit code
//! (README, "Output and exit codes") and the hint shown with it.

use crate::manifest::NoMatchingPlatform;
use crate::platform::PlatformError;
use crate::reference::ReferenceError;
use crate::registry::{ErrorKind, RegistryError, Unreachable, authority};
use crate::store::StoreError;
use crate::transfer::TransferError;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_NOT_FOUND: i32 = 3;
pub const EXIT_AUTH: i32 = 4;
/// Ctrl-C (SIGINT), as shells report a process it stopped: 128 + 2.
pub const EXIT_INTERRUPTED: i32 = 130;

/// The user pressed Ctrl-C; `resume` says what was kept and how to go on.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted {
    pub resume: &'static str,
}

/// A command line that cannot mean anything: a malformed name or value that clap's own
/// checks do not see. Exits 2, as clap's errors do. (Malformed references and platforms
/// are usage errors too, through their own error types.)
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl UsageError {
    pub fn error(message: impl Into<String>) -> anyhow::Error {
        UsageError(message.into()).into()
    }
}

/// What a failure means for the user's next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// stdout was closed (`ferry images | head`): nothing worth a message.
    ClosedOutput,
    /// A malformed reference, platform, name or option value.
    Usage,
    /// Ctrl-C.
    Interrupted {
        resume: &'static str,
    },
    /// Nothing in the local store answers to the name given.
    NotInStore,
    /// The registry has no such manifest (tag or digest).
    ManifestUnknown,
    /// The registry answered 404 to something else (a repository, a blob).
    NotInRegistry,
    /// An index lacks the platform asked for; `all_platforms` when the command also takes
    /// `--all-platforms`.
    NoPlatform {
        all_platforms: bool,
    },
    /// A stored index misses some of its platforms' images (push of the whole index).
    IncompleteIndex,
    /// The registry wants credentials and none were given.
    AuthRequired {
        registry: String,
    },
    /// The credentials given were refused.
    CredentialsRejected,
    /// Authenticated, but not allowed.
    Denied,
    /// The registries configuration forbids reading this image (`blocked = true`): a
    /// refusal by local policy, so an authorization failure like `Denied`.
    Blocked,
    /// Any other 401/403.
    Unauthorized,
    /// The registry refused a manifest upload.
    ManifestRefused,
    /// The registry does not allow deleting.
    DeleteDisabled,
    /// An HTTPS connection failed: plain HTTP, or an untrusted certificate.
    Connect,
    /// Content did not match its digest.
    Corrupt,
    /// An archive's content does not match what it declares (a digest, a `diff_id`).
    ArchiveCorrupt,
    /// The registry's rate limit (HTTP 429), still in force after ferry's retries.
    RateLimited,
    /// A response larger than ferry accepts for what it claims to be.
    TooLarge,
    /// A response that arrived too slowly (a stalled or trickling body).
    Slow,
    /// The registry's host name does not resolve.
    UnknownHost {
        host: String,
    },
    /// Nothing listens at the registry's address and port.
    Refused {
        host: String,
    },
    Failure,
}

const SPELLING: &str =
    "check the spelling of the repository and tag; a private repository also answers \"not found\" to anonymous users";

impl Kind {
    /// The table: exit code and hint for every kind of failure.
    pub fn outcome(&self) -> (i32, Option<String>) {
        let (code, hint): (i32, Option<&str>) = match self {
            Kind::ClosedOutput => (EXIT_OK, None),
            Kind::Usage => (EXIT_USAGE, None),
            Kind::Interrupted { resume } => (EXIT_INTERRUPTED, Some(*resume)),
            Kind::NotInStore => (EXIT_NOT_FOUND, Some("run `ferry images` to list what is stored")),
            Kind::ManifestUnknown | Kind::NotInRegistry => (EXIT_NOT_FOUND, Some(SPELLING)),
            Kind::NoPlatform { all_platforms: true } => {
                (EXIT_NOT_FOUND, Some("choose one with --platform OS/ARCH[/VARIANT], or pass --all-platforms"))
            }
            Kind::NoPlatform { all_platforms: false } => {
                (EXIT_NOT_FOUND, Some("choose one with --platform OS/ARCH[/VARIANT]"))
            }
            Kind::IncompleteIndex => (
                EXIT_FAILURE,
                Some(
                    "push one platform with --platform OS/ARCH[/VARIANT], or pull the image with --all-platforms first",
                ),
            ),
            Kind::AuthRequired { registry } => {
                return (
                    EXIT_AUTH,
                    Some(format!(
                        "this registry needs credentials: run `ferry login {registry}`, or pass --username USER --password-stdin"
                    )),
                );
            }
            Kind::CredentialsRejected => (EXIT_AUTH, Some("check the username and password or token")),
            Kind::Denied => {
                (EXIT_AUTH, Some("the account lacks permission for this repository; ask its owner for access"))
            }
            Kind::Unauthorized => (EXIT_AUTH, None),
            Kind::Blocked => (
                EXIT_AUTH,
                Some(
                    "the registries configuration named above blocks this registry; pull from elsewhere, or change the file",
                ),
            ),
            Kind::ManifestRefused => (
                EXIT_FAILURE,
                Some(
                    "the registry refused the manifest, so the tag was not changed; uploaded blobs stay and are reused next time",
                ),
            ),
            Kind::DeleteDisabled => {
                (EXIT_FAILURE, Some("this registry does not allow deleting (distribution: set storage.delete.enabled)"))
            }
            Kind::Connect => (
                EXIT_FAILURE,
                Some(
                    "if the registry serves plain HTTP or uses a certificate this machine does not trust, pass --insecure or add its CA to SSL_CERT_FILE",
                ),
            ),
            Kind::Corrupt => (
                EXIT_FAILURE,
                Some(
                    "the registry served bytes that do not match the image's digest; nothing was stored for that blob",
                ),
            ),
            Kind::RateLimited => (
                EXIT_FAILURE,
                Some(
                    "the registry is limiting requests: wait and try again; logging in (`ferry login`) raises Docker Hub's limit, and a pull-through mirror avoids it",
                ),
            ),
            Kind::TooLarge => {
                (EXIT_FAILURE, Some("the registry sent more than such a response may hold; nothing was stored from it"))
            }
            Kind::Slow => (
                EXIT_FAILURE,
                Some("the registry (or something between it and this machine) is sending too slowly; try again later"),
            ),
            Kind::UnknownHost { host } => {
                return (
                    EXIT_FAILURE,
                    Some(format!(
                        "the name {host} does not resolve: check the registry's name in the reference (and this machine's DNS)"
                    )),
                );
            }
            Kind::Refused { host } => {
                return (
                    EXIT_FAILURE,
                    Some(format!("nothing answered at {host}: is the registry running, and is the port right?")),
                );
            }
            Kind::ArchiveCorrupt => (
                EXIT_FAILURE,
                Some(
                    "the archive is damaged or was altered; nothing of it was stored under that name: make it again (docker save, skopeo copy)",
                ),
            ),
            Kind::Failure => (EXIT_FAILURE, None),
        };
        (code, hint.map(str::to_string))
    }
}

/// The one look inside a failure's chain.
pub fn classify(err: &anyhow::Error) -> Kind {
    let chain = || err.chain();
    if chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)) {
        return Kind::ClosedOutput;
    }
    if let Some(i) = chain().find_map(|c| c.downcast_ref::<Interrupted>()) {
        return Kind::Interrupted { resume: i.resume };
    }
    if chain().any(|c| c.is::<UsageError>() || c.is::<ReferenceError>() || c.is::<PlatformError>()) {
        return Kind::Usage;
    }
    if let Some(e) = chain().find_map(|c| c.downcast_ref::<RegistryError>().or_else(|| registry_inside(transfer(c)?))) {
        return registry_kind(e);
    }
    for c in chain() {
        if let Some(s) = c.downcast_ref::<StoreError>().or_else(|| store_inside(transfer(c)?)) {
            match s {
                StoreError::NotFound { .. } => return Kind::NotInStore,
                StoreError::Verify { .. } => return Kind::Corrupt,
                StoreError::ArchiveCorrupt { .. } => return Kind::ArchiveCorrupt,
                _ => {}
            }
        }
        match transfer(c) {
            Some(TransferError::NoPlatform { .. }) => return Kind::NoPlatform { all_platforms: true },
            Some(TransferError::Incomplete { .. }) => return Kind::IncompleteIndex,
            _ => {}
        }
        if c.is::<NoMatchingPlatform>() {
            return Kind::NoPlatform { all_platforms: false };
        }
    }
    Kind::Failure
}

fn transfer<'a>(c: &'a (dyn std::error::Error + 'static)) -> Option<&'a TransferError> {
    c.downcast_ref::<TransferError>()
}

/// The registry error behind a transfer failure (transfer's wrappers are `transparent`, so
/// anyhow's chain alone skips them).
fn registry_inside(t: &TransferError) -> Option<&RegistryError> {
    match t {
        TransferError::Registry(r) | TransferError::Interrupted(r) => Some(r),
        TransferError::Blob { source, .. } => registry_inside(source),
        _ => None,
    }
}

fn store_inside(t: &TransferError) -> Option<&StoreError> {
    match t {
        TransferError::Store(s) => Some(s),
        TransferError::Blob { source, .. } => store_inside(source),
        _ => None,
    }
}

fn registry_kind(e: &RegistryError) -> Kind {
    match e {
        RegistryError::AuthRequired { registry, .. } => return Kind::AuthRequired { registry: registry.clone() },
        RegistryError::CredentialsRejected { .. } | RegistryError::Token { status: Some(401), .. } => {
            return Kind::CredentialsRejected;
        }
        RegistryError::Denied { .. } => return Kind::Denied,
        RegistryError::Blocked(_) => return Kind::Blocked,
        _ => {}
    }
    if matches!(e.kind(), ErrorKind::Unauthorized | ErrorKind::Denied) {
        return Kind::Unauthorized;
    }
    match e {
        // Which resource a request was for is only in its URL (for now).
        RegistryError::Status { method, url, .. } if method == "PUT" && url.contains("/manifests/") => {
            return Kind::ManifestRefused;
        }
        RegistryError::Status { method, status: 405, .. } if method == "DELETE" => return Kind::DeleteDisabled,
        RegistryError::Transport { url, .. } | RegistryError::NoContact { url, .. }
            if let Some(unreachable) = e.unreachable() =>
        {
            let host = url::Url::parse(url).ok().map(|u| authority(&u)).unwrap_or_else(|| url.clone());
            return match unreachable {
                Unreachable::UnknownHost => Kind::UnknownHost { host },
                Unreachable::Refused => Kind::Refused { host },
            };
        }
        RegistryError::Transport { url, .. }
            if e.is_tls_failure() || (url.starts_with("https://") && e.is_connect_failure()) =>
        {
            return Kind::Connect;
        }
        _ => {}
    }
    match e.kind() {
        ErrorKind::NotFound if e.has_code("MANIFEST_UNKNOWN") || is_manifest_request(e) => Kind::ManifestUnknown,
        ErrorKind::NotFound => Kind::NotInRegistry,
        ErrorKind::RateLimited => Kind::RateLimited,
        ErrorKind::TooLarge => Kind::TooLarge,
        ErrorKind::Slow => Kind::Slow,
        ErrorKind::Unsupported | ErrorKind::Unauthorized | ErrorKind::Denied | ErrorKind::Other => Kind::Failure,
    }
}

fn is_manifest_request(e: &RegistryError) -> bool {
    matches!(e, RegistryError::Status { url, .. } if url.contains("/manifests/"))
}

/// Prints the error chain and the hint; returns the exit code.
pub fn report(err: &anyhow::Error) -> i32 {
    let kind = classify(err);
    let (code, hint) = kind.outcome();
    if kind == Kind::ClosedOutput {
        return code;
    }
    eprintln!("error: {err}");
    let mut last = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        // thiserror wrappers often repeat their source's text; say each thing once.
        if !last.contains(&text) {
            eprintln!("  caused by: {text}");
        }
        last = text;
    }
    if let Some(h) = hint {
        eprintln!("hint: {h}");
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::Reference;

    fn status(method: &str, url: &str, status: u16) -> anyhow::Error {
        RegistryError::Status { method: method.into(), url: url.into(), status, errors: Vec::new(), retry_after: None }
            .into()
    }

    #[test]
    fn malformed_input_is_a_usage_error() {
        let bad_ref = anyhow::Error::from(Reference::parse("Not/A/Reference").unwrap_err());
        assert_eq!(classify(&bad_ref).outcome().0, EXIT_USAGE);
        let bad_platform = anyhow::Error::from(crate::platform::Platform::parse("linux/").unwrap_err());
        assert_eq!(classify(&bad_platform.context("pulling x")).outcome().0, EXIT_USAGE);
        assert_eq!(classify(&UsageError::error("--tag: no")).outcome().0, EXIT_USAGE);
    }

    #[test]
    fn registry_failures_keep_their_documented_codes() {
        let m = "https://r.example/v2/app/manifests/v1";
        assert_eq!(classify(&status("GET", m, 404)), Kind::ManifestUnknown);
        assert_eq!(classify(&status("GET", "https://r.example/v2/app/tags/list", 404)), Kind::NotInRegistry);
        assert_eq!(classify(&status("GET", m, 404)).outcome().0, EXIT_NOT_FOUND);
        assert_eq!(classify(&status("GET", m, 403)).outcome().0, EXIT_AUTH);
        assert_eq!(classify(&status("PUT", m, 400)), Kind::ManifestRefused);
        assert_eq!(classify(&status("DELETE", m, 405)), Kind::DeleteDisabled);
        assert_eq!(classify(&status("GET", m, 500)).outcome(), (EXIT_FAILURE, None));
        assert_eq!(classify(&status("GET", m, 429)), Kind::RateLimited);
        // Through transfer's wrappers, and with context on top.
        let wrapped = anyhow::Error::from(TransferError::Blob {
            digest: crate::digest::Digest::sha256_of(b""),
            source: Box::new(TransferError::Registry(RegistryError::AuthRequired {
                registry: "r.example".into(),
                method: "GET".into(),
                url: m.into(),
                detail: String::new(),
            })),
        })
        .context("pulling r.example/app:v1");
        let (code, hint) = classify(&wrapped).outcome();
        assert_eq!(code, EXIT_AUTH);
        assert!(hint.unwrap().contains("ferry login r.example"));
    }

    #[test]
    fn a_closed_stdout_is_not_a_failure() {
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(classify(&e).outcome(), (EXIT_OK, None));
    }
}
