//! docker's `--format`: `table` (the command's own table), `json` (one object per line), or
//! a Go template of the subset docker users write: `{{.Field}}`, `{{.Field.Sub}}`, `{{.}}`,
//! `{{json .}}`, `{{json .Field}}`, literal text, `\t` and `\n`, and a `table ` prefix for a
//! header row and columns aligned as docker's tabwriter aligns them. Anything else (pipes,
//! functions, `if`/`range`) is a usage error naming the part ferry does not support.
//!
//! Values are JSON: the rows of `images`, `history` and `search` are objects of strings, as
//! docker's formatter contexts are; `inspect` executes on the inspect document itself.

use anyhow::Result;
use serde_json::Value;

use super::errors::UsageError;

/// What a command's `--format` asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerFormat {
    /// The command's default table (`--format table`, or no `--format`).
    Table,
    /// One JSON object per line (`--format json`, as docker).
    Json,
    /// A Go template, `table ` prefixed or not.
    Template(Template),
}

impl DockerFormat {
    /// clap's value parser: `table`, `json`, or a template checked for syntax here (its
    /// fields are checked by the command, which knows them).
    pub fn parse(s: &str) -> Result<DockerFormat, String> {
        match s.trim() {
            "" | "table" => Ok(DockerFormat::Table),
            "json" => Ok(DockerFormat::Json),
            _ => Template::parse(s).map(DockerFormat::Template),
        }
    }

    /// Refuses a template naming a field the rows do not have (docker's "can't evaluate
    /// field"), before the command does any work.
    pub fn check_fields(&self, columns: &[Column]) -> Result<()> {
        let DockerFormat::Template(t) = self else {
            return Ok(());
        };
        for node in &t.nodes {
            let path = match node {
                Node::Field(p) | Node::Json(p) => p,
                Node::Text(_) => continue,
            };
            match path.as_slice() {
                [] => {}
                [name] if columns.iter().any(|c| c.field == name) => {}
                [name] => {
                    let known: Vec<String> = columns.iter().map(|c| format!(".{}", c.field)).collect();
                    return Err(UsageError::error(format!(
                        "--format: there is no field .{name} here; the fields are {}",
                        known.join(", ")
                    )));
                }
                [name, ..] => {
                    return Err(UsageError::error(format!(
                        "--format: .{name} is text here and has no field .{}",
                        path[1..].join(".")
                    )));
                }
            }
        }
        Ok(())
    }

    /// The lines for `rows` (objects of strings): `default` is the command's table template
    /// (`table {{.A}}\t{{.B}}`), used for `Table`.
    pub fn render(&self, default: &str, columns: &[Column], rows: &[Value]) -> Result<String> {
        let parsed;
        let template = match self {
            DockerFormat::Table => {
                parsed = Template::parse(default).map_err(UsageError::error)?;
                &parsed
            }
            DockerFormat::Json => return Ok(rows.iter().map(|r| format!("{}\n", to_json(r))).collect()),
            DockerFormat::Template(t) => t,
        };
        self.check_fields(columns)?;
        let mut lines = Vec::with_capacity(rows.len() + 1);
        if template.table {
            lines.push(template.header(columns));
        }
        for row in rows {
            lines.push(template.execute(row)?);
        }
        Ok(if template.table { tabwrite(&lines) } else { lines.iter().map(|l| format!("{l}\n")).collect() })
    }
}

/// A field a command's rows have, and its header in a table.
pub struct Column {
    pub field: &'static str,
    pub header: &'static str,
}

/// `Column { field, header }` for each pair.
pub fn columns(pairs: &[(&'static str, &'static str)]) -> Vec<Column> {
    pairs.iter().map(|&(field, header)| Column { field, header }).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Text(String),
    /// `{{.A.B}}`; empty for `{{.}}`.
    Field(Vec<String>),
    /// `{{json .A.B}}`; empty for `{{json .}}`.
    Json(Vec<String>),
}

/// A parsed template of docker's subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    table: bool,
    nodes: Vec<Node>,
}

impl Template {
    /// Parses `format` as docker's CLI does: a leading `table` asks for a header and aligned
    /// columns, spaces around the rest are trimmed, `\t` and `\n` are a tab and a newline.
    pub fn parse(format: &str) -> Result<Template, String> {
        let (table, body) = match format.strip_prefix("table") {
            Some(rest) => (true, rest),
            None => (false, format),
        };
        let body = body.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
        let mut nodes = Vec::new();
        let mut rest = body.as_str();
        while let Some(open) = rest.find("{{") {
            let mut text = &rest[..open];
            let after = &rest[open + 2..];
            let close = after.find("}}").ok_or_else(|| format!("template {format:?}: unclosed action (no }}}}"))?;
            let mut action = &after[..close];
            // `{{- ` and ` -}}` trim the whitespace beside the action, as in Go.
            if let Some(a) = action.strip_prefix("- ") {
                text = text.trim_end();
                action = a;
            }
            let trim_after = action.ends_with(" -");
            if trim_after {
                action = &action[..action.len() - 2];
            }
            if !text.is_empty() {
                nodes.push(Node::Text(text.to_string()));
            }
            nodes.push(parse_action(action.trim())?);
            rest = &after[close + 2..];
            if trim_after {
                rest = rest.trim_start();
            }
        }
        if !rest.is_empty() {
            nodes.push(Node::Text(rest.to_string()));
        }
        Ok(Template { table, nodes })
    }

    /// Runs the template on `value`, as Go's text/template prints values (`[a b]` for a
    /// list, `map[k:v]` for an object, `<no value>` for null).
    pub fn execute(&self, value: &Value) -> Result<String> {
        let mut out = String::new();
        for node in &self.nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Field(path) => match lookup(value, path)? {
                    Value::Null => out.push_str("<no value>"),
                    v => out.push_str(&go_print(v)),
                },
                Node::Json(path) => out.push_str(&to_json(lookup(value, path)?)),
            }
        }
        Ok(out)
    }

    /// The header row: each field's column header, literal text kept (docker executes the
    /// template on a map of headers, where `json` prints its argument as it is).
    fn header(&self, columns: &[Column]) -> String {
        let mut out = String::new();
        for node in &self.nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Field(path) | Node::Json(path) => {
                    if let Some(name) = path.first() {
                        out.push_str(columns.iter().find(|c| c.field == name).map(|c| c.header).unwrap_or(""));
                    }
                }
            }
        }
        out
    }
}

fn parse_action(action: &str) -> Result<Node, String> {
    let words: Vec<&str> = action.split_whitespace().collect();
    let unsupported = || {
        format!(
            "template action {{{{{action}}}}} is not supported: ferry's --format takes {{{{.Field}}}}, \
             {{{{.Field.Sub}}}}, {{{{json .}}}} and {{{{json .Field}}}}, with text, \\t and a `table` prefix"
        )
    };
    match words.as_slice() {
        [path] => parse_path(path).map(Node::Field).ok_or_else(unsupported),
        ["json", path] => parse_path(path).map(Node::Json).ok_or_else(unsupported),
        _ => Err(unsupported()),
    }
}

/// `.` → [], `.A.B` → [A, B]; anything else (a variable, a literal, a function) → None.
fn parse_path(path: &str) -> Option<Vec<String>> {
    if path == "." {
        return Some(Vec::new());
    }
    let fields: Vec<String> = path.strip_prefix('.')?.split('.').map(str::to_string).collect();
    let name = |f: &String| {
        f.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && f.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    fields.iter().all(name).then_some(fields)
}

fn lookup<'v>(value: &'v Value, path: &[String]) -> Result<&'v Value> {
    let mut v = value;
    for (i, field) in path.iter().enumerate() {
        let at = || if i == 0 { "the value".to_string() } else { format!(".{}", path[..i].join(".")) };
        v = match v {
            Value::Object(map) => {
                map.get(field).ok_or_else(|| UsageError::error(format!("--format: {} has no field {field:?}", at())))?
            }
            _ => {
                return Err(UsageError::error(format!(
                    "--format: {} is not an object, so it has no field {field:?}",
                    at()
                )));
            }
        };
    }
    Ok(v)
}

/// What Go's `fmt.Print` shows for a JSON value decoded into Go's interface types (numbers
/// kept as written, as docker decodes them with `UseNumber`).
fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(go_print).collect::<Vec<_>>().join(" ")),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let items: Vec<String> = keys.iter().map(|k| format!("{k}:{}", go_print(&map[k.as_str()]))).collect();
            format!("map[{}]", items.join(" "))
        }
    }
}

/// Go's `json.Marshal`: compact, and `<`, `>`, `&` escaped as docker's output has them.
pub fn to_json(v: &Value) -> String {
    serde_json::to_string(v)
        .expect("JSON values serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Go's `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`, as docker's tables use it: a cell
/// ended by a tab is padded to its column's width (at least 10, else the widest cell plus
/// 3); the last cell of a line is not part of a column and is written as it is.
pub fn tabwrite(lines: &[String]) -> String {
    let cells: Vec<Vec<&str>> = lines.iter().map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<usize> = Vec::new();
    for row in &cells {
        for (i, cell) in row.iter().enumerate().take(row.len() - 1) {
            let w = cell.chars().count() + 3;
            if widths.len() <= i {
                widths.push(10);
            }
            widths[i] = widths[i].max(w);
        }
    }
    let mut out = String::new();
    for row in &cells {
        let last = row.len() - 1;
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                out.push_str(&" ".repeat(widths[i] - cell.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(format: &str, v: Value) -> String {
        Template::parse(format).unwrap().execute(&v).unwrap()
    }

    #[test]
    fn fields_json_and_text() {
        let row = json!({"Repository": "app", "Tag": "v1", "Labels": {"b": "2", "a": "1"}, "Env": ["A=1", "B=2"]});
        assert_eq!(run("{{.Repository}}:{{.Tag}}", row.clone()), "app:v1");
        assert_eq!(run("  {{.Repository}}\\t{{.Tag}} ", row.clone()), "app\tv1");
        assert_eq!(run("{{json .Tag}}", row.clone()), "\"v1\"");
        assert_eq!(run("{{ json .Labels }}", row.clone()), r#"{"a":"1","b":"2"}"#);
        assert_eq!(run("{{.Labels}} {{.Env}} {{.Labels.a}}", row.clone()), "map[a:1 b:2] [A=1 B=2] 1");
        assert_eq!(run("{{.Nothing}}", json!({"Nothing": null})), "<no value>");
        assert_eq!(run("{{json .}}", json!({"D": "<none>"})), r#"{"D":"\u003cnone\u003e"}"#);
        assert_eq!(run("{{.Size}}", json!({"Size": 1982259})), "1982259");
        assert_eq!(run("a {{- .X -}} b", json!({"X": 1})), "a1b");
    }

    #[test]
    fn unsupported_parts_are_named() {
        for (bad, named) in [
            ("{{.Repository | upper}}", "{{.Repository | upper}}"),
            ("{{if .Tag}}x{{end}}", "{{if .Tag}}"),
            ("{{range .Env}}", "{{range .Env}}"),
            ("{{$x := 1}}", "{{$x := 1}}"),
            ("{{printf \"%s\" .Tag}}", "printf"),
        ] {
            let e = Template::parse(bad).unwrap_err();
            assert!(e.contains(named) && e.contains("not supported"), "{bad}: {e}");
        }
        assert!(Template::parse("{{.Tag").unwrap_err().contains("unclosed"));
        // As in Go, only `{{` opens an action: a lone `}}` is text.
        assert_eq!(run("{{.X}}}}", json!({"X": 1})), "1}}");
        let missing = Template::parse("{{.Config.Nope}}").unwrap().execute(&json!({"Config": {}})).unwrap_err();
        assert!(missing.to_string().contains("Config has no field \"Nope\""), "{missing}");
    }

    #[test]
    fn formats_and_field_checks() {
        assert_eq!(DockerFormat::parse("table").unwrap(), DockerFormat::Table);
        assert_eq!(DockerFormat::parse("json").unwrap(), DockerFormat::Json);
        let cols = columns(&[("Repository", "REPOSITORY"), ("Tag", "TAG")]);
        let f = DockerFormat::parse("{{.Repository}} {{.Nope}}").unwrap();
        let e = f.check_fields(&cols).unwrap_err().to_string();
        assert!(e.contains(".Nope") && e.contains(".Repository, .Tag"), "{e}");
        assert!(DockerFormat::parse("{{.Tag.X}}").unwrap().check_fields(&cols).is_err());
    }

    /// Pinned from docker 28 (`docker images --format 'table …'`): widths of at least 10,
    /// else the widest cell plus 3; the last column unpadded; literal text in the header.
    #[test]
    fn tables_align_as_docker_prints_them() {
        let cols = columns(&[("Repository", "REPOSITORY"), ("Tag", "TAG"), ("Size", "SIZE")]);
        let rows = vec![
            json!({"Repository": "app", "Tag": "v1", "Size": "1.98MB"}),
            json!({"Repository": "localhost:5000/team/app", "Tag": "v2", "Size": "1.98MB"}),
        ];
        let f = DockerFormat::parse("table {{.Repository}}\\t{{.Tag}}\\t{{.Size}}").unwrap();
        assert_eq!(
            f.render("", &cols, &rows).unwrap(),
            "REPOSITORY                TAG       SIZE\n\
             app                       v1        1.98MB\n\
             localhost:5000/team/app   v2        1.98MB\n"
        );
        let f = DockerFormat::parse("table {{.Repository}} x {{.Tag}}").unwrap();
        assert_eq!(f.render("", &cols, &rows).unwrap().lines().next(), Some("REPOSITORY x TAG"));
        let f = DockerFormat::parse("table {{json .Tag}}").unwrap();
        assert_eq!(f.render("", &cols, &rows).unwrap(), "TAG\n\"v1\"\n\"v2\"\n");
        let plain = DockerFormat::parse("{{.Repository}}\\t{{.Tag}}").unwrap();
        assert_eq!(plain.render("", &cols, &rows).unwrap(), "app\tv1\nlocalhost:5000/team/app\tv2\n");
        assert_eq!(
            DockerFormat::Json.render("", &cols, &rows[..1]).unwrap(),
            "{\"Repository\":\"app\",\"Size\":\"1.98MB\",\"Tag\":\"v1\"}\n"
        );
    }
}
