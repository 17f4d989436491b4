//! Authentication: from a registry's challenge (`WWW-Authenticate`) to the `Authorization`
//! a request carries. Implements Basic auth and the Docker token spec (GET the realm with
//! Basic credentials and `account`, or an OAuth2 `POST` with a refresh token), caches bearer
//! tokens per host and scope set, refuses a token realm that would take credentials from
//! HTTPS down to plain HTTP, and turns 401/403 answers into errors that say whether
//! credentials were missing, rejected or not allowed. Token requests go through the gate like
//! every other request, with the credentials bound to the realm's host.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde::Deserialize;

use super::challenge::{self, Challenge};
use super::client::{Client, Host, Request};
use super::error::{RegistryError, decode_envelope};
use super::gate::{Credentials, Exchange, Reply, Statuses};
use super::http::{authority, is_loopback};
use crate::credentials::{Credential, Secret};

/// A token response larger than this is not a token response (JWTs run to a few KiB).
pub const MAX_TOKEN_RESPONSE: u64 = 1024 * 1024;

pub(super) struct Token {
    value: Secret,
    expires: Instant,
    /// An OAuth2 refresh token, when one was asked for (login) and given.
    refresh: Option<Secret>,
}

#[derive(Default)]
pub(super) struct AuthState {
    pub challenge: Option<Challenge>,
    /// Bearer tokens by sorted scope set.
    pub tokens: HashMap<String, Token>,
}

fn scope_key(scopes: &[String]) -> String {
    scopes.iter().collect::<BTreeSet<_>>().into_iter().cloned().collect::<Vec<_>>().join(" ")
}

/// The token service a bearer challenge names: where to ask, whether its certificate may be
/// unverified, and the `service` to ask for.
struct TokenService {
    realm: url::Url,
    insecure: bool,
    service: Option<String>,
    /// The registry's API host: its certs.d CAs are trusted for the realm too.
    registry: String,
}

impl Client {
    pub(super) fn credential(&self, host: &Host) -> Result<Option<Credential>, RegistryError> {
        if host.anonymous.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some(c) = host.credential.get() {
            return Ok(c.clone());
        }
        let c = self
            .credentials
            .get(&host.registry)
            .map_err(|e| RegistryError::Protocol { url: host.registry.clone(), message: e.to_string() })?;
        Ok(host.credential.get_or_init(|| c).clone())
    }

    /// Whether `err` means "these credentials are wrong" (not "missing", not "denied").
    pub(super) fn credentials_rejected(err: &RegistryError) -> bool {
        matches!(err, RegistryError::CredentialsRejected { .. } | RegistryError::Token { status: Some(401), .. })
    }

    /// The credentials for these scopes under the host's current challenge, bound to the
    /// registry's API host.
    pub(super) async fn authorization(
        &self,
        host: &Host,
        base: &str,
        scopes: &[String],
        force_new: bool,
    ) -> Result<Option<Credentials>, RegistryError> {
        let credential = self.credential(host)?;
        let mut state = host.auth.lock().await;
        let Some(challenge) = state.challenge.clone() else {
            return Ok(None);
        };
        let header = match challenge.scheme.as_str() {
            "basic" => credential.map(|c| basic_header(&c.username, c.secret.expose())),
            "bearer" => {
                let key = scope_key(scopes);
                if !force_new
                    && let Some(t) = state.tokens.get(&key)
                    && t.expires > Instant::now()
                {
                    Some(bearer_header(&t.value))
                } else {
                    let token = self.fetch_token(host, base, &challenge, scopes, credential.as_ref()).await?;
                    let header = bearer_header(&token.value);
                    state.tokens.insert(key, token);
                    Some(header)
                }
            }
            _ => None,
        };
        Ok(header.map(|h| Credentials { header: Some(h), issued_for: host.api_host.clone() }))
    }

    /// The token service a bearer challenge names, checked: no HTTPS → HTTP downgrade, and
    /// credentials go over plain HTTP only where the registry itself is reached that way
    /// (its own host) or where plain HTTP cannot be overheard (loopback) or was allowed
    /// (an insecure host), never to another host.
    fn token_service(
        &self,
        host: &Host,
        base: &str,
        challenge: &Challenge,
        credential: Option<&Credential>,
    ) -> Result<TokenService, RegistryError> {
        let realm = challenge.param("realm").unwrap_or_default().to_string();
        let realm_url = url::Url::parse(&realm).map_err(|_| RegistryError::Token {
            realm: realm.clone(),
            status: None,
            message: format!("{} sent a bearer challenge without a usable realm", host.api_host),
        })?;
        if base.starts_with("https://") && realm_url.scheme() != "https" {
            return Err(RegistryError::InsecureRealm { registry: host.api_host.clone(), realm });
        }
        if credential.is_some() && realm_url.scheme() == "http" {
            let realm_authority = authority(&realm_url);
            let registry_url = url::Url::parse(&format!("http://{}/", host.api_host)).ok();
            let same_host = realm_url.host_str().is_some_and(|h| {
                registry_url.as_ref().and_then(|u| u.host_str()).is_some_and(|r| r.eq_ignore_ascii_case(h))
            });
            if !same_host && !is_loopback(&realm_authority) && !self.is_insecure(&realm_authority, &realm_authority) {
                return Err(RegistryError::PlainRealm { registry: host.api_host.clone(), realm });
            }
        }
        let insecure = host.insecure && authority(&realm_url) == host.api_host;
        Ok(TokenService {
            realm: realm_url,
            insecure,
            service: challenge.param("service").map(str::to_string),
            registry: host.api_host.clone(),
        })
    }

    async fn fetch_token(
        &self,
        host: &Host,
        base: &str,
        challenge: &Challenge,
        scopes: &[String],
        credential: Option<&Credential>,
    ) -> Result<Token, RegistryError> {
        let ts = self.token_service(host, base, challenge, credential)?;
        // No retry loop here: this runs inside the caller's (send's) retry loop.
        let reply = match credential {
            Some(c) if c.identity_token => {
                let mut form: Vec<(&str, String)> = vec![
                    ("grant_type", "refresh_token".into()),
                    ("refresh_token", c.secret.expose().to_string()),
                    ("client_id", "ferry".into()),
                    ("scope", scopes.join(" ")),
                ];
                if let Some(s) = &ts.service {
                    form.push(("service", s.clone()));
                }
                let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
                let mut ex = Exchange::new(Method::POST, ts.realm.clone());
                ex.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
                ex.body = Some(body.into());
                // The refresh token travels in the body; it is bound to the realm all the same.
                ex.credentials = Some(Credentials { header: None, issued_for: authority(&ts.realm) });
                ex.insecure = ts.insecure;
                ex.also_trust = Some(ts.registry.clone());
                ex.statuses = Statuses::Any;
                let reply = self.exchange(ex).await?;
                if reply.status() == StatusCode::NOT_FOUND.as_u16() {
                    // Older token servers only speak the GET flow.
                    self.token_get(&ts, scopes, Some(c), false).await?
                } else {
                    reply
                }
            }
            other => self.token_get(&ts, scopes, other, false).await?,
        };
        parse_token_response(ts.realm.as_str(), credential, reply).await
    }

    async fn token_get(
        &self,
        ts: &TokenService,
        scopes: &[String],
        credential: Option<&Credential>,
        offline: bool,
    ) -> Result<Reply, RegistryError> {
        let mut u = ts.realm.clone();
        {
            let mut q = u.query_pairs_mut();
            if let Some(s) = &ts.service {
                q.append_pair("service", s);
            }
            for s in scopes {
                q.append_pair("scope", s);
            }
            if let Some(c) = credential {
                q.append_pair("account", &c.username);
            }
            if offline {
                q.append_pair("offline_token", "true");
                q.append_pair("client_id", "ferry");
            }
        }
        let mut ex = Exchange::new(Method::GET, u);
        ex.credentials = credential.map(|c| Credentials {
            header: Some(basic_header(&c.username, c.secret.expose())),
            issued_for: authority(&ts.realm),
        });
        ex.insecure = ts.insecure;
        ex.also_trust = Some(ts.registry.clone());
        ex.statuses = Statuses::Any;
        self.exchange(ex).await
    }

    /// `ferry login`: proves this client's credentials for the registry. Basic registries
    /// answer an authenticated `GET /v2/`; token registries are asked for a token with the
    /// credentials, and for a refresh token (`offline_token`) to keep instead of the
    /// password, as docker login does. Returns that refresh token when the service gave one.
    pub async fn verify_login(&self, registry: &crate::reference::Registry) -> Result<Option<Secret>, RegistryError> {
        let host = self.host(registry);
        self.retrying(|| async {
            let base = self.base(&host).await?;
            let challenge = host.auth.lock().await.challenge.clone();
            let credential = self.credential(&host)?;
            match (&challenge, &credential) {
                (Some(c), Some(cred)) if c.scheme == "bearer" && !cred.identity_token => {
                    let ts = self.token_service(&host, &base, c, Some(cred))?;
                    let reply = self.token_get(&ts, &[], Some(cred), true).await?;
                    Ok(parse_token_response(ts.realm.as_str(), Some(cred), reply).await?.refresh)
                }
                _ => {
                    self.send_once(&host, &Request::new(Method::GET, "/v2/", Vec::new())).await?;
                    Ok(None)
                }
            }
        })
        .await
    }
}

async fn parse_token_response(
    realm: &str,
    credential: Option<&Credential>,
    reply: Reply,
) -> Result<Token, RegistryError> {
    #[derive(Deserialize)]
    struct TokenResponse {
        #[serde(default)]
        token: Option<String>,
        #[serde(default)]
        access_token: Option<String>,
        #[serde(default)]
        expires_in: Option<u64>,
        #[serde(default)]
        refresh_token: Option<String>,
    }
    let status = reply.status();
    let token_error =
        |message: String| RegistryError::Token { realm: realm.to_string(), status: Some(status), message };
    if !(200..300).contains(&status) {
        let body = reply.error_body().await;
        let errors = decode_envelope(&body);
        let mut message = if errors.is_empty() {
            let text = String::from_utf8_lossy(&body);
            let text = text.trim();
            if text.is_empty() || text.len() > 300 {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {text}")
            }
        } else {
            errors.iter().map(|e| format!("{}: {}", e.code, e.message)).collect::<Vec<_>>().join("; ")
        };
        if status == 401
            && let Some(c) = credential
        {
            message = format!("credentials for {:?} were rejected: {message}", c.username);
        }
        return Err(token_error(message));
    }
    let body = match reply.read_capped(MAX_TOKEN_RESPONSE, "token response").await {
        Ok(body) => body,
        Err(RegistryError::TooLarge { limit, .. }) => {
            return Err(token_error(format!("the response is larger than the {limit}-byte limit for a token")));
        }
        Err(e) => return Err(e),
    };
    let parsed: TokenResponse =
        serde_json::from_slice(&body).map_err(|e| token_error(format!("unreadable token response: {e}")))?;
    let value = parsed
        .token
        .filter(|t| !t.is_empty())
        .or(parsed.access_token)
        .ok_or_else(|| token_error("the response carries no token".into()))?;
    // The token spec: absent means 60 s, and less than 60 s is treated as 60 s. Renew a
    // little early so a request never leaves with a token about to lapse.
    let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(60).max(60));
    Ok(Token {
        value: Secret::new(value),
        expires: Instant::now() + lifetime - Duration::from_secs(10),
        refresh: parsed.refresh_token.filter(|t| !t.is_empty()).map(Secret::new),
    })
}

fn basic_header(user: &str, password: &str) -> HeaderValue {
    let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut v = HeaderValue::from_str(&format!("Basic {enc}")).expect("base64 is a valid header value");
    v.set_sensitive(true);
    v
}

fn bearer_header(token: &Secret) -> HeaderValue {
    let mut v = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid"));
    v.set_sensitive(true);
    v
}

/// The challenge to answer among a response's `WWW-Authenticate` headers: Bearer when
/// offered (it carries scopes), else Basic.
pub(super) fn challenge_of(reply: &Reply) -> Option<Challenge> {
    let challenges =
        challenge::parse_all(reply.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|v| v.to_str().ok()));
    let bearer = challenges.iter().find(|c| c.scheme == "bearer").cloned();
    bearer.or_else(|| challenges.into_iter().find(|c| c.scheme == "basic"))
}

/// The error for a final 401: credentials missing, rejected, or (`insufficient`) not
/// enough for this request.
pub(super) async fn unauthorized(
    host: &Host,
    req: &Request,
    url: &str,
    credential: Option<&Credential>,
    insufficient: bool,
    reply: Reply,
) -> RegistryError {
    let detail = reply.error_detail().await;
    let method = req.method.to_string();
    match credential {
        None => RegistryError::AuthRequired { registry: host.registry.clone(), method, url: url.to_string(), detail },
        Some(c) if insufficient => RegistryError::Denied {
            registry: host.registry.clone(),
            username: Some(c.username.clone()),
            method,
            url: url.to_string(),
            detail,
        },
        Some(c) => RegistryError::CredentialsRejected {
            registry: host.registry.clone(),
            username: c.username.clone(),
            method,
            url: url.to_string(),
            detail,
        },
    }
}

/// The error for a 403.
pub(super) async fn forbidden(
    host: &Host,
    req: &Request,
    url: &str,
    credential: Option<Credential>,
    reply: Reply,
) -> RegistryError {
    RegistryError::Denied {
        registry: host.registry.clone(),
        username: credential.map(|c| c.username),
        method: req.method.to_string(),
        url: url.to_string(),
        detail: reply.error_detail().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_keys_ignore_order_and_duplicates() {
        let a = scope_key(&["repository:a:pull".into(), "repository:b:pull".into()]);
        let b = scope_key(&["repository:b:pull".into(), "repository:a:pull".into(), "repository:a:pull".into()]);
        assert_eq!(a, b);
    }

    #[test]
    fn headers_are_sensitive() {
        assert!(basic_header("u", "p").is_sensitive());
        assert!(bearer_header(&Secret::new("t")).is_sensitive());
    }
}
