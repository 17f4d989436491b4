//! Rendering failures: `error:` / `caused by:` / `hint:` on stderr, and stable exit codes.

use crate::manifest::NoMatchingPlatform;
use crate::registry::{ErrorKind, RegistryError};
use crate::store::StoreError;
use crate::transfer::TransferError;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_NOT_FOUND: i32 = 3;
pub const EXIT_AUTH: i32 = 4;

/// Prints the error chain and returns the exit code. A closed stdout (`ferry images |
/// head`) is not an error worth a message.
pub fn report(err: &anyhow::Error) -> i32 {
    if is_broken_pipe(err) {
        return EXIT_OK;
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
    if let Some(h) = hint(err) {
        eprintln!("hint: {h}");
    }
    exit_code(err)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// The registry error behind a failure, looking through transfer wrappers (which are
/// `transparent`, so anyhow's chain alone skips them).
pub fn registry_error(err: &anyhow::Error) -> Option<&RegistryError> {
    fn inside(t: &TransferError) -> Option<&RegistryError> {
        match t {
            TransferError::Registry(r) | TransferError::Interrupted(r) => Some(r),
            TransferError::Blob { source, .. } => inside(source),
            _ => None,
        }
    }
    err.chain()
        .find_map(|c| c.downcast_ref::<RegistryError>().or_else(|| c.downcast_ref::<TransferError>().and_then(inside)))
}

fn store_error(err: &anyhow::Error) -> Option<&StoreError> {
    fn inside(t: &TransferError) -> Option<&StoreError> {
        match t {
            TransferError::Store(s) => Some(s),
            TransferError::Blob { source, .. } => inside(source),
            _ => None,
        }
    }
    err.chain()
        .find_map(|c| c.downcast_ref::<StoreError>().or_else(|| c.downcast_ref::<TransferError>().and_then(inside)))
}

pub fn exit_code(err: &anyhow::Error) -> i32 {
    if let Some(e) = registry_error(err) {
        return match e.kind() {
            ErrorKind::NotFound => EXIT_NOT_FOUND,
            ErrorKind::Unauthorized | ErrorKind::Denied => EXIT_AUTH,
            ErrorKind::RateLimited | ErrorKind::Unsupported | ErrorKind::TooLarge | ErrorKind::Other => EXIT_FAILURE,
        };
    }
    if matches!(store_error(err), Some(StoreError::NotFound { .. })) {
        return EXIT_NOT_FOUND;
    }
    for c in err.chain() {
        if matches!(c.downcast_ref::<TransferError>(), Some(TransferError::NoPlatform { .. }))
            || c.downcast_ref::<NoMatchingPlatform>().is_some()
        {
            return EXIT_NOT_FOUND;
        }
    }
    EXIT_FAILURE
}

fn hint(err: &anyhow::Error) -> Option<String> {
    if let Some(e) = registry_error(err) {
        return match e {
            RegistryError::AuthRequired { registry, .. } => Some(format!(
                "this registry needs credentials: run `ferry login {registry}`, or pass --username USER --password-stdin"
            )),
            RegistryError::CredentialsRejected { .. } | RegistryError::Token { status: Some(401), .. } => {
                Some("check the username and password or token".into())
            }
            RegistryError::Denied { .. } => {
                Some("the account lacks permission for this repository; ask its owner for access".into())
            }
            RegistryError::Status { method, url, .. } if method == "PUT" && url.contains("/manifests/") => Some(
                "the registry refused the manifest, so the tag was not changed; uploaded blobs stay and are reused next time".into(),
            ),
            RegistryError::Status { method, status: 405, .. } if method == "DELETE" => Some(
                "this registry does not allow deleting (distribution: set storage.delete.enabled)".into(),
            ),
            RegistryError::Status { status: 404, .. } => {
                Some("check the spelling of the repository and tag; a private repository also answers \"not found\" to anonymous users".into())
            }
            RegistryError::Transport { url, source, .. } if url.starts_with("https://") && source.is_connect() => {
                Some("if the registry serves plain HTTP or uses a certificate this machine does not trust, pass --insecure or add its CA to SSL_CERT_FILE".into())
            }
            _ => None,
        };
    }
    match store_error(err) {
        Some(StoreError::NotFound { .. }) => {
            return Some("run `ferry images` to list what is stored".into());
        }
        Some(StoreError::Verify { .. }) => {
            return Some(
                "the registry served bytes that do not match the image's digest; nothing was stored for that blob"
                    .into(),
            );
        }
        _ => {}
    }
    for c in err.chain() {
        match c.downcast_ref::<TransferError>() {
            Some(TransferError::NoPlatform { .. }) => {
                return Some("choose one with --platform OS/ARCH[/VARIANT], or pass --all-platforms".into());
            }
            Some(TransferError::Incomplete { .. }) => {
                return Some(
                    "push one platform with --platform OS/ARCH[/VARIANT], or pull the image with --all-platforms first"
                        .into(),
                );
            }
            _ => {}
        }
        if c.downcast_ref::<NoMatchingPlatform>().is_some() {
            return Some("choose one with --platform OS/ARCH[/VARIANT]".into());
        }
    }
    None
}
