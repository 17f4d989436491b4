//! Credentials: where the secrets for a registry come from, and the types that carry them.
//!
//! Owns the [`Credential`] type (whose `Debug` never shows the secret) and the
//! [`CredentialSource`] trait the registry client asks for a host's credentials. Sources are
//! pluggable: one-shot flags today; docker's config.json family, credential helpers and the OS
//! keyring plug in behind the same trait. Never opens a socket.

use std::fmt;

/// A username and a secret for one registry. The secret is a password, a personal access
/// token, or (when `identity_token` is set) an OAuth2 refresh token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub username: String,
    pub secret: Secret,
    pub identity_token: bool,
}

impl Credential {
    pub fn basic(username: &str, password: &str) -> Credential {
        Credential { username: username.to_string(), secret: Secret(password.to_string()), identity_token: false }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("username", &self.username)
            .field("secret", &self.secret)
            .field("identity_token", &self.identity_token)
            .finish()
    }
}

/// A secret string that redacts itself in `Debug` and `Display`. Read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("reading credentials for {registry}: {message}")]
    Read { registry: String, message: String },
}

/// Where the registry client gets credentials for a registry host (`docker.io`,
/// `localhost:5000`). `Ok(None)` means "no credentials: go anonymous".
pub trait CredentialSource: Send + Sync {
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError>;
}

/// No credentials anywhere: every request is anonymous.
pub struct Anonymous;

impl CredentialSource for Anonymous {
    fn get(&self, _: &str) -> Result<Option<Credential>, CredentialError> {
        Ok(None)
    }
}

/// Credentials given on the command line for this one invocation: used for the named
/// registry only (never sent to another host), never written anywhere.
pub struct OneShot {
    pub registry: String,
    pub credential: Credential,
}

impl CredentialSource for OneShot {
    fn get(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        Ok((registry == self.registry).then(|| self.credential.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credential::basic("alice", "hunter2");
        let shown = format!("{c:?} {}", c.secret);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("alice"));
    }

    #[test]
    fn one_shot_credentials_stay_with_their_registry() {
        let src = OneShot { registry: "r.example:5000".into(), credential: Credential::basic("u", "p") };
        assert!(src.get("r.example:5000").unwrap().is_some());
        assert!(src.get("other.example").unwrap().is_none());
    }
}
