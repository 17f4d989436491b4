//! Request counting and fault injection between ferry and a registry: a
//! plain-HTTP reverse proxy on 127.0.0.1 that forwards to the registry with
//! reqwest (trusting the harness CA for a TLS upstream), streams bodies both
//! ways without buffering, passes Range/206 through untouched, and rewrites
//! upload `Location`s that point at the upstream so clients stay on the
//! proxy. Rules, counters and the request log live behind a mutex so the test
//! thread can change and read them while ferry runs.
//!
//! Also `FakeServer`: a tiny server answering from a test-provided closure,
//! for endpoints no real registry has (or misbehaving ones).

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, Response};

use super::registry::Registry;
use super::server::{self, BackgroundServer, Body, ChannelBody, Handler};

/// One request as the proxy saw it. `bytes_served` grows while the response
/// body streams.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query, e.g. `/v2/a/blobs/sha256:...`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// Status sent to the client (0 while the upstream has not answered, 502
    /// if it could not be reached).
    pub status: u16,
    /// Headers sent back to the client (after Location rewriting).
    pub response_headers: Vec<(String, String)>,
    pub bytes_served: u64,
    /// Ids of the rules that fired on this request.
    pub rules: Vec<RuleId>,
}

impl RecordedRequest {
    /// First value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn is_blob_get(&self) -> bool {
        self.method == "GET" && is_blob_path(&self.path)
    }
}

fn is_blob_path(path: &str) -> bool {
    path.contains("/blobs/") && !path.contains("/blobs/uploads")
}

pub type RuleId = usize;

#[derive(Clone, Debug, Default)]
enum Action {
    /// Forward untouched; the rule only counts.
    #[default]
    None,
    Status {
        code: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    Redirect {
        location: String,
    },
    CorruptByte {
        offset: u64,
    },
    Throttle {
        bytes_per_sec: u64,
    },
    DropAfter {
        bytes: u64,
    },
    Delay {
        by: Duration,
    },
    DropRequest {
        after: u64,
    },
    BreakForwarded {
        after: u64,
    },
}

/// A fault rule: matches requests whose path (with query) contains a
/// substring, optionally only for one method, and fires at most `times`
/// times (unlimited unless set). Build with `Rule::on(..)` and one action:
///
/// ```ignore
/// proxy.add_rule(Rule::on("/blobs/sha256:").method("GET").status(503).times(2));
/// proxy.add_rule(Rule::on("/manifests/").status(429).header("Retry-After", "1").times(1));
/// proxy.add_rule(Rule::on(&layer.digest).corrupt_byte_at(1000).times(1));
/// proxy.add_rule(Rule::on("/blobs/").throttle(1 << 20));
/// proxy.add_rule(Rule::on("/blobs/").drop_after(4096).times(1));
/// proxy.add_rule(Rule::on("/blobs/").redirect_to(&format!("{}{{path}}", other.url())));
/// ```
///
/// When several rules match, the first unexhausted status/redirect rule
/// answers without forwarding; otherwise every matching body rule (corrupt,
/// throttle, drop, delay) applies to the forwarded response.
#[derive(Clone, Debug)]
pub struct Rule {
    path_contains: String,
    method: Option<String>,
    times: Option<usize>,
    skip: usize,
    larger_than: Option<u64>,
    action: Action,
}

impl Rule {
    pub fn on(path_contains: &str) -> Rule {
        Rule {
            path_contains: path_contains.into(),
            method: None,
            times: None,
            skip: 0,
            larger_than: None,
            action: Action::None,
        }
    }
    pub fn method(mut self, m: &str) -> Rule {
        self.method = Some(m.to_ascii_uppercase());
        self
    }
    pub fn times(mut self, n: usize) -> Rule {
        self.times = Some(n);
        self
    }
    /// Let the first `n` matching requests through untouched (and uncounted by `fired`).
    pub fn skip(mut self, n: usize) -> Rule {
        self.skip = n;
        self
    }
    /// Only match requests whose body is larger than `bytes` (by Content-Length; a body
    /// of unknown length always matches): a proxy's body limit, with `.status(413)`.
    pub fn request_larger_than(mut self, bytes: u64) -> Rule {
        self.larger_than = Some(bytes);
        self
    }
    /// Read `after` bytes of the request body (forwarding nothing upstream), then drop the
    /// connection without answering, like a link that breaks mid-upload in front of a
    /// buffering proxy: the registry never sees the request.
    pub fn drop_request_after(mut self, after: u64) -> Rule {
        self.action = Action::DropRequest { after };
        self
    }
    /// Forward the first `after` bytes of the request body upstream, then break both
    /// connections: the registry has received (and may keep) part of the request, the
    /// client gets no answer.
    pub fn break_forwarded_request_after(mut self, after: u64) -> Rule {
        self.action = Action::BreakForwarded { after };
        self
    }
    /// Answer with this status instead of forwarding (body: a distribution
    /// style JSON error).
    pub fn status(mut self, code: u16) -> Rule {
        self.action = Action::Status { code, headers: vec![], body: default_error_body(code) };
        self
    }
    /// Extra response header for a `status` rule (e.g. Retry-After).
    pub fn header(mut self, name: &str, value: &str) -> Rule {
        match &mut self.action {
            Action::Status { headers, .. } => headers.push((name.into(), value.into())),
            _ => panic!("Rule::header only applies after Rule::status"),
        }
        self
    }
    pub fn body(mut self, text: &str) -> Rule {
        match &mut self.action {
            Action::Status { body, .. } => *body = text.into(),
            _ => panic!("Rule::body only applies after Rule::status"),
        }
        self
    }
    /// 307 to `location`; `{path}` in it is replaced by the request's path
    /// and query.
    pub fn redirect_to(mut self, location: &str) -> Rule {
        self.action = Action::Redirect { location: location.into() };
        self
    }
    /// Flip every bit of the response body byte at `offset`.
    pub fn corrupt_byte_at(mut self, offset: u64) -> Rule {
        self.action = Action::CorruptByte { offset };
        self
    }
    pub fn throttle(mut self, bytes_per_sec: u64) -> Rule {
        self.action = Action::Throttle { bytes_per_sec: bytes_per_sec.max(1) };
        self
    }
    /// Send `bytes` of the response body, then abort the connection.
    pub fn drop_after(mut self, bytes: u64) -> Rule {
        self.action = Action::DropAfter { bytes };
        self
    }
    /// Wait before forwarding the request.
    pub fn delay(mut self, by: Duration) -> Rule {
        self.action = Action::Delay { by };
        self
    }

    fn matches(&self, method: &str, path: &str, request_length: Option<u64>) -> bool {
        path.contains(&self.path_contains)
            && self.method.as_deref().is_none_or(|m| m == method)
            && self.larger_than.is_none_or(|limit| request_length.is_none_or(|n| n > limit))
    }
}

fn default_error_body(code: u16) -> String {
    let c = match code {
        401 => "UNAUTHORIZED",
        403 => "DENIED",
        404 => "NOT_FOUND",
        429 => "TOOMANYREQUESTS",
        _ => "UNAVAILABLE",
    };
    format!("{{\"errors\":[{{\"code\":\"{c}\",\"message\":\"injected by test proxy\"}}]}}")
}

struct RuleState {
    rule: Rule,
    fired: usize,
    skipped: usize,
}

#[derive(Default)]
struct State {
    rules: Vec<RuleState>,
    log: Vec<RecordedRequest>,
    /// Entries cleared by `reset_counters` so far. Requests are addressed by absolute id
    /// (`cleared + position`), so a response still streaming from before a reset (a client
    /// killed mid-download) finds no entry and records nothing, instead of indexing past
    /// the end or into a newer request's entry.
    cleared: usize,
}

impl State {
    fn entry(&mut self, id: usize) -> Option<&mut RecordedRequest> {
        id.checked_sub(self.cleared).and_then(|i| self.log.get_mut(i))
    }
}

struct Shared {
    state: Mutex<State>,
    upstream: String,
    self_url: OnceLock<String>,
    http: reqwest::Client,
}

pub struct Proxy {
    shared: Arc<Shared>,
    server: BackgroundServer,
}

impl Proxy {
    /// Proxy in front of a harness registry.
    pub fn to(registry: &Registry) -> Proxy {
        Proxy::start(&registry.url(), registry.ca_file())
    }

    /// Proxy in front of any upstream base URL (`http(s)://host:port`).
    pub fn start(upstream: &str, ca_file: Option<&Path>) -> Proxy {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            upstream: upstream.trim_end_matches('/').to_string(),
            self_url: OnceLock::new(),
            http: super::client::http_client(ca_file),
        });
        let s = shared.clone();
        let handler: Handler = Arc::new(move |req| Box::pin(handle(s.clone(), req)));
        let server = BackgroundServer::start("proxy", handler);
        shared.self_url.set(server.url()).unwrap();
        Proxy { shared, server }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// `127.0.0.1:PORT`
    pub fn host(&self) -> String {
        self.server.addr().to_string()
    }

    pub fn upstream(&self) -> &str {
        &self.shared.upstream
    }

    pub fn add_rule(&self, rule: Rule) -> RuleId {
        let mut st = self.shared.state.lock().unwrap();
        st.rules.push(RuleState { rule, fired: 0, skipped: 0 });
        st.rules.len() - 1
    }

    /// Disables every rule (ids stay valid; `fired` keeps counting history).
    pub fn clear_rules(&self) {
        for r in &mut self.shared.state.lock().unwrap().rules {
            r.rule.times = Some(0);
        }
    }

    /// How many requests a rule has fired on.
    pub fn fired(&self, id: RuleId) -> usize {
        self.shared.state.lock().unwrap().rules[id].fired
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state.lock().unwrap().log.clone()
    }

    pub fn requests_matching(&self, path_contains: &str) -> Vec<RecordedRequest> {
        self.filter(|r| r.path.contains(path_contains))
    }

    /// Forgets the request log (rules stay).
    pub fn reset_counters(&self) {
        let mut st = self.shared.state.lock().unwrap();
        st.cleared += st.log.len();
        st.log.clear();
    }

    fn filter(&self, f: impl Fn(&RecordedRequest) -> bool) -> Vec<RecordedRequest> {
        self.shared.state.lock().unwrap().log.iter().filter(|r| f(r)).cloned().collect()
    }

    fn count_where(&self, f: impl Fn(&RecordedRequest) -> bool) -> usize {
        self.shared.state.lock().unwrap().log.iter().filter(|r| f(r)).count()
    }

    pub fn count(&self, method: &str, path_contains: &str) -> usize {
        self.count_where(|r| r.method.eq_ignore_ascii_case(method) && r.path.contains(path_contains))
    }

    pub fn blob_gets(&self) -> usize {
        self.count_where(|r| r.method == "GET" && is_blob_path(&r.path))
    }

    pub fn blob_heads(&self) -> usize {
        self.count_where(|r| r.method == "HEAD" && is_blob_path(&r.path))
    }

    pub fn manifest_gets(&self) -> usize {
        self.count_where(|r| r.method == "GET" && r.path.contains("/manifests/"))
    }

    pub fn manifest_heads(&self) -> usize {
        self.count_where(|r| r.method == "HEAD" && r.path.contains("/manifests/"))
    }

    /// POST/PATCH/PUT under `/blobs/uploads/`.
    pub fn upload_requests(&self) -> usize {
        self.count_where(|r| {
            matches!(r.method.as_str(), "POST" | "PATCH" | "PUT") && r.path.contains("/blobs/uploads/")
        })
    }

    /// Requests that carry blob bytes to an upload session (PUT or PATCH): what a push
    /// that uploads nothing must not send.
    pub fn blob_body_uploads(&self) -> usize {
        self.count_where(|r| matches!(r.method.as_str(), "PATCH" | "PUT") && r.path.contains("/blobs/uploads/"))
    }

    /// Response body bytes sent for requests whose path contains the string.
    pub fn bytes_served_for(&self, path_contains: &str) -> u64 {
        let st = self.shared.state.lock().unwrap();
        st.log.iter().filter(|r| r.path.contains(path_contains)).map(|r| r.bytes_served).sum()
    }

    /// Response body bytes of all blob GETs.
    pub fn blob_bytes_served(&self) -> u64 {
        let st = self.shared.state.lock().unwrap();
        st.log.iter().filter(|r| r.is_blob_get()).map(|r| r.bytes_served).sum()
    }

    /// Values of `header` on requests whose path contains `path_contains`,
    /// in order; None where the request lacked it.
    pub fn header_values(&self, path_contains: &str, header: &str) -> Vec<Option<String>> {
        self.requests_matching(path_contains).iter().map(|r| r.header(header).map(String::from)).collect()
    }

    /// Polls `cond` every 10 ms until it holds or `timeout` passes.
    pub fn wait_until(&self, timeout: Duration, cond: impl Fn(&Proxy) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

// `expect` is here too: hyper's server side already answered any
// 100-continue, and hyper's client side would not handle a second one.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "expect",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn is_hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP.contains(&name)
}

struct BodyFaults {
    corrupt: Vec<u64>,
    throttle: Option<u64>,
    drop_after: Option<u64>,
    break_request_after: Option<u64>,
}

async fn handle(sh: Arc<Shared>, req: Request<Incoming>) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();

    let request_length = if req.headers().contains_key(hyper::header::TRANSFER_ENCODING) {
        None
    } else {
        Some(
            req.headers()
                .get(hyper::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0),
        )
    };
    let mut terminal: Option<Action> = None;
    let mut faults = BodyFaults { corrupt: vec![], throttle: None, drop_after: None, break_request_after: None };
    let mut delay = Duration::ZERO;
    let idx = {
        let mut st = sh.state.lock().unwrap();
        let mut fired_ids = vec![];
        for (id, rs) in st.rules.iter_mut().enumerate() {
            if rs.rule.times == Some(0) || !rs.rule.matches(&method, &path, request_length) {
                continue;
            }
            if rs.skipped < rs.rule.skip {
                rs.skipped += 1;
                continue;
            }
            let fires = match &rs.rule.action {
                Action::Status { .. } | Action::Redirect { .. } | Action::DropRequest { .. } => {
                    if terminal.is_some() {
                        false
                    } else {
                        terminal = Some(rs.rule.action.clone());
                        true
                    }
                }
                Action::CorruptByte { offset } => {
                    faults.corrupt.push(*offset);
                    true
                }
                Action::Throttle { bytes_per_sec } => {
                    faults.throttle = Some(faults.throttle.map_or(*bytes_per_sec, |t| t.min(*bytes_per_sec)));
                    true
                }
                Action::DropAfter { bytes } => {
                    faults.drop_after = Some(faults.drop_after.map_or(*bytes, |d| d.min(*bytes)));
                    true
                }
                Action::Delay { by } => {
                    delay += *by;
                    true
                }
                Action::BreakForwarded { after } => {
                    faults.break_request_after = Some(*after);
                    true
                }
                Action::None => true,
            };
            if fires {
                rs.fired += 1;
                if let Some(t) = &mut rs.rule.times {
                    *t -= 1;
                }
                fired_ids.push(id);
            }
        }
        st.log.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            headers,
            status: 0,
            response_headers: vec![],
            bytes_served: 0,
            rules: fired_ids,
        });
        st.cleared + st.log.len() - 1
    };
    let set_status = |code: u16| {
        if let Some(rec) = sh.state.lock().unwrap().entry(idx) {
            rec.status = code;
        }
    };

    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }

    match terminal {
        Some(Action::Status { code, headers, body }) => {
            // Read the request body first, as nginx's lingering close does: answering early
            // and closing on unread bytes resets the connection, and the client may never
            // see the answer.
            let mut incoming = req.into_body();
            while let Some(Ok(_)) = incoming.frame().await {}
            set_status(code);
            let mut h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            h.push(("content-type", "application/json"));
            return server::response(code, &h, body);
        }
        Some(Action::DropRequest { after }) => {
            let mut body = req.into_body();
            let mut read = 0u64;
            while read < after {
                match body.frame().await {
                    Some(Ok(f)) => read += f.data_ref().map_or(0, |d| d.len() as u64),
                    _ => break,
                }
            }
            return server::abort_connection();
        }
        Some(Action::Redirect { location }) => {
            set_status(307);
            let loc = location.replace("{path}", &path);
            return server::response(307, &[("location", loc.as_str())], Bytes::new());
        }
        _ => {}
    }

    let mut rb = sh.http.request(req.method().clone(), format!("{}{}", sh.upstream, path));
    for (k, v) in req.headers() {
        if !is_hop_by_hop(k.as_str()) && k != hyper::header::HOST {
            rb = rb.header(k.clone(), v.clone());
        }
    }
    let content_length = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = req.headers().contains_key(hyper::header::TRANSFER_ENCODING);
    if content_length.is_some_and(|n| n > 0) || chunked {
        let (tx, body) = ChannelBody::new(content_length);
        let mut incoming = req.into_body();
        let mut allowance = faults.break_request_after;
        tokio::spawn(async move {
            while let Some(frame) = incoming.frame().await {
                match frame {
                    Ok(f) => {
                        let Ok(mut data) = f.into_data() else { continue };
                        if let Some(left) = allowance.as_mut() {
                            if data.len() as u64 >= *left {
                                let _ = tx.send(Ok(data.split_to(*left as usize))).await;
                                let _ = tx.send(Err("test proxy: request broken by rule".into())).await;
                                return;
                            }
                            *left -= data.len() as u64;
                        }
                        if tx.send(Ok(data)).await.is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(Box::new(e))).await;
                        return;
                    }
                }
            }
        });
        rb = rb.body(reqwest::Body::wrap(body));
    }

    let resp = match rb.send().await {
        Ok(r) => r,
        Err(_) if faults.break_request_after.is_some() => return server::abort_connection(),
        Err(e) => {
            set_status(502);
            return server::response(
                502,
                &[("content-type", "text/plain")],
                format!("test proxy: upstream error: {e}"),
            );
        }
    };
    let status = resp.status().as_u16();
    let self_url = sh.self_url.get().cloned().unwrap_or_default();
    let mut response_length = None;
    let mut out_headers: Vec<(hyper::header::HeaderName, hyper::header::HeaderValue)> = Vec::new();
    for (k, v) in resp.headers() {
        if is_hop_by_hop(k.as_str()) {
            continue;
        }
        if k == hyper::header::CONTENT_LENGTH {
            response_length = v.to_str().ok().and_then(|s| s.parse::<u64>().ok());
        }
        let mut v = v.clone();
        if k == hyper::header::LOCATION
            && let Some(rest) = v.to_str().ok().and_then(|loc| loc.strip_prefix(&sh.upstream))
        {
            v = hyper::header::HeaderValue::from_str(&format!("{self_url}{rest}")).unwrap();
        }
        out_headers.push((k.clone(), v));
    }
    {
        let mut st = sh.state.lock().unwrap();
        if let Some(rec) = st.entry(idx) {
            rec.status = status;
            rec.response_headers = out_headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
        }
    }
    let mut builder = Response::builder().status(status);
    for (k, v) in out_headers {
        builder = builder.header(k, v);
    }

    let bodyless = method == "HEAD" || status == 204 || status == 304;
    if bodyless {
        return builder.body(server::empty()).unwrap();
    }
    let (tx, body) = ChannelBody::new(response_length);
    tokio::spawn(pump(sh.clone(), idx, resp, tx, faults));
    builder.body(body.boxed_unsync()).unwrap()
}

/// Moves the upstream body to the client piece by piece, applying body
/// faults and counting what was handed on.
async fn pump(
    sh: Arc<Shared>,
    idx: usize,
    mut resp: reqwest::Response,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, server::BoxError>>,
    faults: BodyFaults,
) {
    let start = tokio::time::Instant::now();
    let mut pos: u64 = 0;
    // Small pieces under throttling so the rate is smooth and a test can
    // kill the client with a predictable amount transferred.
    let piece = faults.throttle.map(|bps| (bps / 20).clamp(512, 64 * 1024) as usize);
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(e) => {
                let _ = tx.send(Err(Box::new(e))).await;
                return;
            }
        };
        let mut rest = chunk;
        while !rest.is_empty() {
            let take = piece.map_or(rest.len(), |p| p.min(rest.len()));
            let mut part = rest.split_to(take);
            let len = part.len() as u64;
            if let Some(limit) = faults.drop_after
                && pos + len > limit
            {
                let keep = (limit - pos) as usize;
                if keep > 0 {
                    let head = part.split_to(keep);
                    if tx.send(Ok(head)).await.is_ok()
                        && let Some(rec) = sh.state.lock().unwrap().entry(idx)
                    {
                        rec.bytes_served += keep as u64;
                    }
                }
                let _ = tx.send(Err("test proxy: connection dropped by rule".into())).await;
                return;
            }
            let hits: Vec<u64> = faults.corrupt.iter().copied().filter(|o| *o >= pos && *o < pos + len).collect();
            if !hits.is_empty() {
                let mut m = BytesMut::from(&part[..]);
                for o in hits {
                    m[(o - pos) as usize] ^= 0xff;
                }
                part = m.freeze();
            }
            if tx.send(Ok(part)).await.is_err() {
                // Client went away; dropping `resp` closes the upstream side.
                return;
            }
            pos += len;
            if let Some(rec) = sh.state.lock().unwrap().entry(idx) {
                rec.bytes_served += len;
            }
            if let Some(bps) = faults.throttle {
                tokio::time::sleep_until(start + Duration::from_secs_f64(pos as f64 / bps as f64)).await;
            }
        }
    }
}

/// A request as a `FakeServer` handler sees it (body fully read).
#[derive(Clone, Debug)]
pub struct FakeRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl FakeRequest {
    /// Reads a request whole (fakes answer small requests only).
    pub async fn read(req: Request<Incoming>) -> FakeRequest {
        let (parts, body) = req.into_parts();
        FakeRequest {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: server::read_body(body).await.to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// First value of a query parameter, percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
}

#[derive(Clone, Debug)]
pub struct FakeResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send a body that never ends instead of `body` ([`super::hostile`]).
    pub endless: bool,
}

impl FakeResponse {
    pub fn new(status: u16) -> FakeResponse {
        FakeResponse { status, headers: vec![], body: vec![], endless: false }
    }
    pub fn json(status: u16, value: &serde_json::Value) -> FakeResponse {
        FakeResponse::new(status).header("content-type", "application/json").body(serde_json::to_vec(value).unwrap())
    }
    pub fn text(status: u16, text: &str) -> FakeResponse {
        FakeResponse::new(status).header("content-type", "text/plain").body(text.as_bytes().to_vec())
    }
    pub fn header(mut self, name: &str, value: &str) -> FakeResponse {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> FakeResponse {
        self.body = body.into();
        self
    }
    /// A body that never ends (instead of `body`), as a hostile server would send.
    pub fn endless(mut self) -> FakeResponse {
        self.endless = true;
        self
    }
}

pub struct FakeServer {
    requests: Arc<Mutex<Vec<FakeRequest>>>,
    server: BackgroundServer,
}

impl FakeServer {
    pub fn start(handler: impl Fn(&FakeRequest) -> FakeResponse + Send + Sync + 'static) -> FakeServer {
        FakeServer::start_with(handler, None)
    }

    /// Like [`FakeServer::start`], over HTTPS with this PEM certificate and key (rustls: a
    /// TLS port that is not Go's, answering plain HTTP with an alert, not a 400).
    pub fn start_tls(
        cert: &Path,
        key: &Path,
        handler: impl Fn(&FakeRequest) -> FakeResponse + Send + Sync + 'static,
    ) -> FakeServer {
        FakeServer::start_with(handler, Some((cert, key)))
    }

    fn start_with(
        handler: impl Fn(&FakeRequest) -> FakeResponse + Send + Sync + 'static,
        tls: Option<(&Path, &Path)>,
    ) -> FakeServer {
        let requests: Arc<Mutex<Vec<FakeRequest>>> = Arc::default();
        let log = requests.clone();
        let handler = Arc::new(handler);
        let h: Handler = Arc::new(move |req: Request<Incoming>| {
            let log = log.clone();
            let handler = handler.clone();
            Box::pin(async move {
                let fake = FakeRequest::read(req).await;
                let resp = handler(&fake);
                log.lock().unwrap().push(fake);
                let h: Vec<(&str, &str)> = resp.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let mut r = server::response(resp.status, &h, resp.body);
                if resp.endless {
                    *r.body_mut() = super::hostile::endless_body();
                }
                r
            })
        });
        let server = match tls {
            Some((cert, key)) => BackgroundServer::start_tls("fake", h, cert, key),
            None => BackgroundServer::start("fake", h),
        };
        FakeServer { requests, server }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn host(&self) -> String {
        self.server.addr().to_string()
    }

    pub fn requests(&self) -> Vec<FakeRequest> {
        self.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}
