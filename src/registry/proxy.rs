//! Which proxy a request goes through: `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` (upper or
//! lower case) and `NO_PROXY`, with the rules of Go's `ProxyFromEnvironment` (which docker
//! and podman use): loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) are never proxied;
//! `NO_PROXY` entries are `*`, host names (matching the name and its subdomains, a leading
//! `.` optional), IP addresses and CIDR ranges, each optionally with a `:port`. Pure: the
//! caller hands over the variables ([`ProxyRules::from_vars`]); `http` applies the decision
//! to every request.

use std::net::IpAddr;

use super::http::{authority, is_loopback};

/// The proxy settings, as read from the environment once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyRules {
    http: Option<url::Url>,
    https: Option<url::Url>,
    no_proxy: Vec<String>,
}

impl ProxyRules {
    /// Reads the settings through `var` (`std::env::var(..).ok()` for the process's own).
    /// A proxy value without a scheme means `http://`, as in Go and curl; one that does not
    /// parse is ignored.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> ProxyRules {
        let get = |name: &str| var(name).or_else(|| var(&name.to_ascii_lowercase())).filter(|v| !v.trim().is_empty());
        let parse = |v: String| {
            let v = v.trim();
            let with_scheme = if v.contains("://") { v.to_string() } else { format!("http://{v}") };
            url::Url::parse(&with_scheme).ok()
        };
        let all = get("ALL_PROXY").and_then(parse);
        ProxyRules {
            http: get("HTTP_PROXY").and_then(parse).or_else(|| all.clone()),
            https: get("HTTPS_PROXY").and_then(parse).or(all),
            no_proxy: get("NO_PROXY")
                .map(|v| v.split(',').map(|e| e.trim().to_ascii_lowercase()).filter(|e| !e.is_empty()).collect())
                .unwrap_or_default(),
        }
    }

    /// Whether any proxy is configured at all.
    pub fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The proxy for `url`, or `None` to connect directly.
    pub fn proxy_for(&self, url: &url::Url) -> Option<url::Url> {
        let proxy = match url.scheme() {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        }?;
        if is_loopback(&authority(url)) {
            return None;
        }
        let host = match url.host()? {
            url::Host::Domain(d) => Host::Name(d.trim_end_matches('.').to_ascii_lowercase()),
            url::Host::Ipv4(ip) => Host::Ip(IpAddr::V4(ip)),
            url::Host::Ipv6(ip) => Host::Ip(IpAddr::V6(ip)),
        };
        let port = url.port_or_known_default();
        if self.no_proxy.iter().any(|entry| no_proxy_matches(entry, &host, port)) {
            return None;
        }
        Some(proxy.clone())
    }
}

enum Host {
    Name(String),
    Ip(IpAddr),
}

/// One `NO_PROXY` entry against a host and port.
fn no_proxy_matches(entry: &str, host: &Host, port: Option<u16>) -> bool {
    if entry == "*" {
        return true;
    }
    // `[v6]:port`, `v4:port`, `name:port`, or without the port; a bare IPv6 address has
    // colons of its own.
    let (pattern, entry_port) = if let Some(rest) = entry.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, after)) => (inside, after.strip_prefix(':').and_then(|p| p.parse::<u16>().ok())),
            None => return false,
        }
    } else if entry.matches(':').count() == 1 {
        let (h, p) = entry.split_once(':').expect("one colon");
        match p.parse::<u16>() {
            Ok(p) => (h, Some(p)),
            Err(_) => return false,
        }
    } else {
        (entry, None)
    };
    if entry_port.is_some_and(|p| Some(p) != port) {
        return false;
    }
    match host {
        Host::Ip(ip) => {
            if let Some((net, bits)) = pattern.split_once('/') {
                let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>()) else {
                    return false;
                };
                in_cidr(*ip, net, bits)
            } else {
                pattern.parse::<IpAddr>().is_ok_and(|p| p == *ip)
            }
        }
        Host::Name(name) => {
            let domain = pattern.trim_start_matches("*.").trim_start_matches('.');
            !domain.is_empty()
                && (name == domain || name.strip_suffix(domain).is_some_and(|prefix| prefix.ends_with('.')))
        }
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u32) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(vars: &[(&str, &str)]) -> ProxyRules {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ProxyRules::from_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    fn via(r: &ProxyRules, url: &str) -> Option<String> {
        r.proxy_for(&url::Url::parse(url).unwrap()).map(|u| u.to_string())
    }

    #[test]
    fn loopback_is_never_proxied() {
        let r = rules(&[("HTTP_PROXY", "http://proxy:3128"), ("HTTPS_PROXY", "http://proxy:3128")]);
        for url in [
            "http://localhost:5000/v2/",
            "https://localhost/v2/",
            "http://127.0.0.1:5000/v2/",
            "http://127.8.9.10/v2/",
            "http://[::1]:5000/v2/",
            "https://registry.localhost/v2/",
        ] {
            assert_eq!(via(&r, url), None, "{url}");
        }
        assert_eq!(via(&r, "https://registry.example/v2/").as_deref(), Some("http://proxy:3128/"));
        assert_eq!(via(&r, "http://10.0.0.1:5000/v2/").as_deref(), Some("http://proxy:3128/"));
    }

    #[test]
    fn each_scheme_takes_its_own_variable_and_all_proxy_fills_in() {
        let r = rules(&[("http_proxy", "h:1"), ("ALL_PROXY", "http://all:2")]);
        assert_eq!(via(&r, "http://r.example/").as_deref(), Some("http://h:1/"));
        assert_eq!(via(&r, "https://r.example/").as_deref(), Some("http://all:2/"));
        let r = rules(&[("HTTPS_PROXY", "http://s:3")]);
        assert_eq!(via(&r, "http://r.example/"), None);
        assert!(rules(&[("HTTP_PROXY", "")]).is_empty());
    }

    #[test]
    fn no_proxy_entries() {
        let r = rules(&[
            ("HTTPS_PROXY", "http://proxy:3128"),
            ("NO_PROXY", " corp.example, .internal.example,10.0.0.0/8, 192.168.1.5, [2001:db8::1], r.example:5000"),
        ]);
        for (url, direct) in [
            ("https://corp.example/", true),
            ("https://registry.corp.example/", true),
            ("https://notcorp.example/", false),
            ("https://internal.example/", true),
            ("https://a.internal.example/", true),
            ("https://10.1.2.3/", true),
            ("https://11.1.2.3/", false),
            ("https://192.168.1.5:5000/", true),
            ("https://192.168.1.6/", false),
            ("https://[2001:db8::1]/", true),
            ("https://r.example:5000/", true),
            ("https://r.example/", false),
            ("https://other.example/", false),
        ] {
            assert_eq!(via(&r, url).is_none(), direct, "{url}");
        }
        assert_eq!(via(&rules(&[("HTTPS_PROXY", "p:1"), ("no_proxy", "*")]), "https://x.example/"), None);
    }
}
