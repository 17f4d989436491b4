//! The token server behind `Mode::Token`: the Docker/distribution token
//! protocol (GET /token with optional Basic auth, and the OAuth2-style POST
//! /token with password or refresh_token grants), issuing ES256 JWTs that
//! distribution 2.8 accepts, under a fixed ACL:
//! - alice/alice-secret: every requested action on everything;
//! - reader/reader-secret: `pull` on every repository, nothing else;
//! - anonymous: `pull` on repositories named `public/...`, nothing else (a
//!   token is still issued, just with less or empty `access`).
//!
//! It records every request (secrets redacted) so tests can assert how often
//! and how a client asked for tokens.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hyper::Method;
use serde_json::json;

use super::server::{BackgroundServer, Handler, json_response, read_body};
use super::tls::TokenSigner;

pub const SERVICE: &str = "ferry-registry";
pub const ISSUER: &str = "ferry-test-issuer";

/// Distribution accepts a token up to this long past its `exp` (clock-skew
/// leeway hard-coded in registry/auth/token).
pub const DISTRIBUTION_LEEWAY_SECS: u64 = 60;

/// One request the token server received. `params` are the query (GET) or
/// form (POST) pairs in order, with `password` and `refresh_token` values
/// replaced by `<redacted>`.
#[derive(Clone, Debug)]
pub struct TokenRequest {
    pub method: String,
    pub params: Vec<(String, String)>,
    /// User name from a Basic `Authorization` header, if one was sent.
    pub basic_user: Option<String>,
    pub status: u16,
}

impl TokenRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn scopes(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "scope")
            .flat_map(|(_, v)| v.split(' ').map(str::to_string).collect::<Vec<_>>())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

pub(crate) struct TokenState {
    signer: TokenSigner,
    expiry_secs: u64,
    hard_expiry: bool,
    users: Vec<(&'static str, &'static str)>,
    refresh: Mutex<HashMap<String, String>>,
    log: Mutex<Vec<TokenRequest>>,
    serial: AtomicU64,
}

pub struct TokenServer {
    state: Arc<TokenState>,
    server: BackgroundServer,
}

impl TokenServer {
    /// `hard_expiry` back-dates `exp` by distribution's leeway so that the
    /// registry really rejects a token once `expires_in` has passed.
    pub(crate) fn start(dir: &Path, expiry_secs: u64, hard_expiry: bool) -> TokenServer {
        TokenServer::start_with(dir, expiry_secs, hard_expiry, None)
    }

    /// Like [`TokenServer::start`], serving HTTPS with `tls` (certificate, key) when given.
    pub(crate) fn start_with(
        dir: &Path,
        expiry_secs: u64,
        hard_expiry: bool,
        tls: Option<(&Path, &Path)>,
    ) -> TokenServer {
        let state = Arc::new(TokenState {
            signer: TokenSigner::generate(dir),
            expiry_secs,
            hard_expiry,
            users: vec![("alice", "alice-secret"), ("reader", "reader-secret")],
            refresh: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            serial: AtomicU64::new(0),
        });
        let st = state.clone();
        let handler: Handler = Arc::new(move |req| {
            let st = st.clone();
            Box::pin(async move { handle(st, req).await })
        });
        let server = match tls {
            Some((cert, key)) => BackgroundServer::start_tls("token", handler, cert, key),
            None => BackgroundServer::start("token", handler),
        };
        TokenServer { state, server }
    }

    /// The `realm` URL the registry advertises in its Bearer challenge.
    pub fn realm(&self) -> String {
        format!("{}/token", self.server.url())
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The self-signed certificate the registry trusts (`rootcertbundle`).
    pub fn cert_file(&self) -> &Path {
        &self.state.signer.cert
    }

    /// Number of HTTP requests received on /token (harness-minted tokens
    /// from `issue` are not counted).
    pub fn token_requests(&self) -> usize {
        self.state.log.lock().unwrap().len()
    }

    pub fn requests(&self) -> Vec<TokenRequest> {
        self.state.log.lock().unwrap().clone()
    }

    pub fn reset_requests(&self) {
        self.state.log.lock().unwrap().clear();
    }

    /// Mints a token in-process under the same ACL, e.g. for tests that want
    /// to hand ferry a pre-made bearer token.
    pub fn issue(&self, user: Option<&str>, scopes: &[&str]) -> String {
        let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
        self.state.mint(user, &scopes)
    }

    pub(crate) fn state(&self) -> Arc<TokenState> {
        self.state.clone()
    }
}

impl TokenState {
    pub(crate) fn mint(&self, user: Option<&str>, scopes: &[String]) -> String {
        self.mint_for(user, scopes, self.expiry_secs)
    }

    /// The harness's own seeding uses long-lived tokens: a test's short expiry is about
    /// ferry, and signing (an openssl run) under load could outlast it.
    pub(crate) fn mint_long_lived(&self, user: Option<&str>, scopes: &[String]) -> String {
        self.mint_for(user, scopes, self.expiry_secs.max(300))
    }

    fn mint_for(&self, user: Option<&str>, scopes: &[String], expiry_secs: u64) -> String {
        let now = unix_now();
        let exp = if self.hard_expiry {
            // Distribution adds its leeway to `exp`; pre-subtracting it makes
            // the registry-side lifetime equal `expires_in`.
            (now + expiry_secs) as i64 - DISTRIBUTION_LEEWAY_SECS as i64
        } else {
            (now + expiry_secs) as i64
        };
        let access: Vec<serde_json::Value> = scopes
            .iter()
            .filter_map(|s| grant(user, s))
            .map(|(typ, name, actions)| json!({"type": typ, "name": name, "actions": actions}))
            .collect();
        let header = json!({"alg": "ES256", "typ": "JWT", "x5c": [self.signer.x5c]});
        // distribution 2.8 decodes `aud` as a single string, not a list.
        let claims = json!({
            "iss": ISSUER,
            "sub": user.unwrap_or(""),
            "aud": SERVICE,
            "exp": exp,
            "nbf": now as i64 - 1,
            "iat": now as i64,
            "jti": self.random_id(),
            "access": access,
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap())
        );
        let sig = self.signer.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    fn random_id(&self) -> String {
        use sha2::{Digest, Sha256};
        let n = self.serial.fetch_add(1, Ordering::SeqCst);
        let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
        let h = Sha256::digest(format!("{n}/{t}/{}", std::process::id()));
        h.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    fn check_password(&self, user: &str, password: &str) -> bool {
        self.users.iter().any(|(u, p)| *u == user && *p == password)
    }
}

/// Applies the fixed ACL to one scope string (`type:name:actions`). Returns
/// None when nothing is granted, so the entry is left out of `access`.
fn grant(user: Option<&str>, scope: &str) -> Option<(String, String, Vec<String>)> {
    // The name may itself contain ':' (e.g. a host:port prefix), so split
    // the type off the front and the actions off the back.
    let (typ, rest) = scope.split_once(':')?;
    let (name, actions) = rest.rsplit_once(':')?;
    let requested: Vec<String> = actions.split(',').filter(|a| !a.is_empty()).map(str::to_string).collect();
    let wants_pull = requested.iter().any(|a| a == "pull" || a == "*");
    let granted: Vec<String> = match user {
        Some("alice") => requested,
        Some("reader") if typ == "repository" && wants_pull => vec!["pull".into()],
        None if typ == "repository" && name.starts_with("public/") && wants_pull => {
            vec!["pull".into()]
        }
        _ => vec![],
    };
    if granted.is_empty() {
        return None;
    }
    Some((typ.to_string(), name.to_string(), granted))
}

fn unauthorized(message: &str) -> hyper::Response<super::server::Body> {
    json_response(401, &json!({"errors": [{"code": "UNAUTHORIZED", "message": message}]}))
}

async fn handle(
    st: Arc<TokenState>,
    req: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<super::server::Body> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let basic = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_string(), p.to_string())));
    let params: Vec<(String, String)> = if method == Method::POST {
        let body = read_body(req.into_body()).await;
        url::form_urlencoded::parse(&body).into_owned().collect()
    } else {
        url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
    };
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let scopes: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "scope")
        .flat_map(|(_, v)| v.split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect();

    // Status is returned alongside the response so the log entry written
    // below records what the client actually got.
    let (status, resp) = if path != "/token" {
        (404, json_response(404, &json!({"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})))
    } else if method == Method::GET {
        let user = match &basic {
            Some((u, p)) if st.check_password(u, p) => Ok(Some(u.clone())),
            Some(_) => Err(()),
            None => Ok(None),
        };
        match user {
            Err(()) => (401, unauthorized("invalid username or password")),
            Ok(user) => {
                let token = st.mint(user.as_deref(), &scopes);
                let mut body = json!({
                    "token": token,
                    "access_token": token,
                    "expires_in": st.expiry_secs,
                    "issued_at": rfc3339(unix_now()),
                });
                if let Some(u) = &user
                    && get("offline_token").as_deref() == Some("true")
                {
                    body["refresh_token"] = json!(new_refresh(&st, u));
                }
                (200, json_response(200, &body))
            }
        }
    } else if method == Method::POST {
        let user = match get("grant_type").as_deref() {
            Some("password") => {
                let (u, p) = (get("username").unwrap_or_default(), get("password").unwrap_or_default());
                if st.check_password(&u, &p) { Ok((u, true)) } else { Err((401, "invalid username or password")) }
            }
            Some("refresh_token") => {
                let rt = get("refresh_token").unwrap_or_default();
                match st.refresh.lock().unwrap().get(&rt) {
                    Some(u) => Ok((u.clone(), false)),
                    None => Err((401, "invalid refresh token")),
                }
            }
            _ => Err((400, "unsupported grant_type")),
        };
        match user {
            Err((code, msg)) => {
                let r = if code == 401 {
                    unauthorized(msg)
                } else {
                    json_response(code, &json!({"error": "unsupported_grant_type", "error_description": msg}))
                };
                (code, r)
            }
            Ok((user, is_password)) => {
                let token = st.mint(Some(&user), &scopes);
                let mut body = json!({
                    "access_token": token,
                    "expires_in": st.expiry_secs,
                    "issued_at": rfc3339(unix_now()),
                    "scope": scopes.join(" "),
                });
                if is_password || get("access_type").as_deref() == Some("offline") {
                    body["refresh_token"] = json!(new_refresh(&st, &user));
                } else if let Some(rt) = get("refresh_token") {
                    body["refresh_token"] = json!(rt);
                }
                (200, json_response(200, &body))
            }
        }
    } else {
        (405, json_response(405, &json!({"errors": [{"code": "UNSUPPORTED", "message": "method not allowed"}]})))
    };

    let logged: Vec<(String, String)> = params
        .into_iter()
        .map(|(k, v)| if k == "password" || k == "refresh_token" { (k, "<redacted>".to_string()) } else { (k, v) })
        .collect();
    st.log.lock().unwrap().push(TokenRequest {
        method: method.to_string(),
        params: logged,
        basic_user: basic.map(|(u, _)| u),
        status,
    });
    resp
}

fn new_refresh(st: &TokenState, user: &str) -> String {
    let rt = format!("rt-{}", st.random_id());
    st.refresh.lock().unwrap().insert(rt.clone(), user.to_string());
    rt
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// UTC RFC 3339 timestamp, e.g. `2024-05-01T12:00:00Z`.
pub fn rfc3339(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Decodes a JWT's claims without verifying it, for assertions in tests.
pub fn decode_claims(jwt: &str) -> serde_json::Value {
    let part = jwt.split('.').nth(1).expect("JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url claims")).expect("JSON claims")
}
