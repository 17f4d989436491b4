//! `WWW-Authenticate` parsing (RFC 9110 §11.6.1, RFC 6750 §3): every challenge in every
//! header, scheme case-insensitive, quoted values with commas and escaped quotes, token68.
//! Pure: takes header strings, returns challenges.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Lowercased: `bearer`, `basic`.
    pub scheme: String,
    /// Parameter names lowercased; values unquoted and unescaped.
    pub params: BTreeMap<String, String>,
    pub token68: Option<String>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// Parses all challenges from any number of `WWW-Authenticate` header values.
pub fn parse_all<'a>(headers: impl IntoIterator<Item = &'a str>) -> Vec<Challenge> {
    headers.into_iter().flat_map(parse).collect()
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_token68_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/".contains(c)
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }
    fn skip_ws_and_commas(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | ',')) {
            self.i += 1;
        }
    }
    fn token(&mut self) -> &'a str {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }
    fn quoted(&mut self) -> String {
        // Opening quote already seen.
        self.i += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += c.len_utf8();
            match c {
                '"' => return out,
                '\\' => {
                    if let Some(n) = self.peek() {
                        self.i += n.len_utf8();
                        out.push(n);
                    }
                }
                _ => out.push(c),
            }
        }
        out // unterminated: take what there is, as browsers do
    }
    /// After a token, is the next non-space char a lone `=` (a parameter), rather than
    /// `==` padding of a token68?
    fn at_param_equals(&self) -> bool {
        let rest = self.s[self.i..].trim_start_matches([' ', '\t']);
        rest.starts_with('=') && !rest.starts_with("==")
    }
}

/// Parses one header value, which may hold several challenges separated by commas.
pub fn parse(header: &str) -> Vec<Challenge> {
    let mut out = Vec::new();
    let mut c = Cursor { s: header, i: 0 };
    loop {
        c.skip_ws_and_commas();
        let scheme = c.token();
        if scheme.is_empty() {
            // Not a token: skip one char so garbage cannot loop forever.
            match c.peek() {
                None => break,
                Some(ch) => {
                    c.i += ch.len_utf8();
                    continue;
                }
            }
        }
        let mut challenge = Challenge { scheme: scheme.to_ascii_lowercase(), params: BTreeMap::new(), token68: None };
        c.skip_ws();
        // token68 form: `Basic dXNlcjpwYXNz==`
        let save = c.i;
        let t = {
            let start = c.i;
            while c.peek().is_some_and(is_token68_char) {
                c.i += 1;
            }
            while c.peek() == Some('=') {
                c.i += 1;
            }
            &header[start..c.i]
        };
        let after = header[c.i..].trim_start_matches([' ', '\t']);
        // A token68 stands alone: nothing but end-of-header or the next challenge follows it.
        if !t.is_empty() && (after.is_empty() || after.starts_with(',')) {
            challenge.token68 = Some(t.to_string());
            out.push(challenge);
            continue;
        }
        c.i = save;
        // auth-params until the next challenge begins.
        loop {
            c.skip_ws_and_commas();
            let save = c.i;
            let name = c.token();
            if name.is_empty() {
                break;
            }
            c.skip_ws();
            if !c.at_param_equals() {
                // A bare token: the next challenge's scheme.
                c.i = save;
                break;
            }
            c.i += c.s[c.i..].find('=').unwrap_or(0) + 1;
            c.skip_ws();
            let value = if c.peek() == Some('"') { c.quoted() } else { c.token().to_string() };
            challenge.params.insert(name.to_ascii_lowercase(), value);
        }
        out.push(challenge);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(scheme: &str, params: &[(&str, &str)]) -> Challenge {
        Challenge {
            scheme: scheme.into(),
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            token68: None,
        }
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, Vec<Challenge>)> = vec![
            (
                r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/redis:pull""#,
                vec![ch(
                    "bearer",
                    &[
                        ("realm", "https://auth.docker.io/token"),
                        ("service", "registry.docker.io"),
                        ("scope", "repository:library/redis:pull"),
                    ],
                )],
            ),
            (r#"Basic realm="Registry Realm""#, vec![ch("basic", &[("realm", "Registry Realm")])]),
            (r#"BASIC REALM="x""#, vec![ch("basic", &[("realm", "x")])]),
            (
                r#"Bearer realm="https://t/x",scope="repository:a:pull,push""#,
                vec![ch("bearer", &[("realm", "https://t/x"), ("scope", "repository:a:pull,push")])],
            ),
            (
                r#"Bearer realm="a\"b\\c", service=svc , error="insufficient_scope""#,
                vec![ch("bearer", &[("realm", "a\"b\\c"), ("service", "svc"), ("error", "insufficient_scope")])],
            ),
            (
                r#"Basic realm="r", Bearer realm="https://t",service="s""#,
                vec![ch("basic", &[("realm", "r")]), ch("bearer", &[("realm", "https://t"), ("service", "s")])],
            ),
            (r#"Bearer"#, vec![ch("bearer", &[])]),
            (r#"Negotiate, Basic realm="x""#, vec![ch("negotiate", &[]), ch("basic", &[("realm", "x")])]),
            (
                r#"bearer realm = "spaced" , service = "s""#,
                vec![ch("bearer", &[("realm", "spaced"), ("service", "s")])],
            ),
            ("", vec![]),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input), want, "input: {input}");
        }
    }

    #[test]
    fn token68() {
        let got = parse("Basic dXNlcjpwYXNz==");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].token68.as_deref(), Some("dXNlcjpwYXNz=="));
        let got = parse("Custom abc, Basic realm=\"x\"");
        assert_eq!(got[0].token68.as_deref(), Some("abc"));
        assert_eq!(got[1], ch("basic", &[("realm", "x")]));
    }

    #[test]
    fn several_headers() {
        let got = parse_all(["Basic realm=\"a\"", "Bearer realm=\"https://b\""]);
        assert_eq!(got.iter().map(|c| c.scheme.as_str()).collect::<Vec<_>>(), ["basic", "bearer"]);
    }

    #[test]
    fn garbage_does_not_loop_or_panic() {
        for s in ["\"\"\"", "===", ",,,", "Bearer realm=\"unterminated", "Bearer =x", "é"] {
            let _ = parse(s);
        }
    }
}
