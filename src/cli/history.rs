//! `ferry history`: a stored image's layers as docker's `history` shows them, from its
//! config's `history` aligned with its layers: newest first, the top row named by the image
//! ID and the rest `<missing>` (the store keeps no parent images), `empty_layer` steps 0B.

use std::time::SystemTime;

use anyhow::{Result, bail};
use clap::{ArgAction, Args};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Context;
use super::errors::UsageError;
use super::platforms::platform_or_host;
use super::printer::{docker_since, docker_size, ellipsis, parse_rfc3339, rfc3339_seconds, stdout};
use super::stored::{image_manifest, lookup};
use super::template::{Column, DockerFormat, columns};

pub const EXAMPLES: &str = "\
Examples:
  ferry history redis
  ferry history --no-trunc localhost:5000/app:v1
  ferry history --format '{{.CreatedBy}}' redis | grep apt-get
  ferry history --format json redis | jq -r .Size";

const TABLE: &str = "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";

/// docker cuts CREATED BY at this width in its table.
const CREATED_BY_WIDTH: usize = 45;

fn history_columns(human: bool) -> Vec<Column> {
    columns(&[
        ("Comment", "COMMENT"),
        ("CreatedAt", "CREATED AT"),
        ("CreatedBy", "CREATED BY"),
        // docker's -H=false shows the time where the age was, and says so.
        ("CreatedSince", if human { "CREATED" } else { "CREATED AT" }),
        ("ID", "IMAGE"),
        ("Size", "SIZE"),
    ])
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// A stored image: reference, image ID or manifest digest (or a unique prefix of one)
    pub image: String,

    /// Show whole image IDs and whole CREATED BY lines
    #[arg(long)]
    pub no_trunc: bool,

    /// Sizes and ages for humans (-H=false: bytes and RFC 3339 times)
    #[arg(short = 'H', long, action = ArgAction::Set, default_value_t = true, num_args = 0..=1,
          default_missing_value = "true", value_name = "BOOL")]
    pub human: bool,

    /// From a stored multi-platform image, this platform's history; default: this machine's
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,

    /// table, json (one object per line), or a Go template: 'table {{.ID}}\t{{.CreatedBy}}';
    /// fields: .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment
    #[arg(long, default_value = "table", value_parser = DockerFormat::parse, value_name = "FORMAT")]
    pub format: DockerFormat,
}

/// One entry of an image config's `history`.
#[derive(Deserialize, Default)]
struct Step {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    created_by: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Deserialize, Default)]
struct ConfigHistory {
    #[serde(default)]
    history: Vec<Step>,
}

pub fn run(ctx: &Context, args: HistoryArgs) -> Result<()> {
    let columns = history_columns(args.human);
    args.format.check_fields(&columns)?;
    let wanted = platform_or_host(args.platform.as_deref())?;
    let store = ctx.open_store()?;
    let entry = lookup(&store, &args.image)?;
    let (_, manifest) = image_manifest(&store, &entry, &wanted)?;
    let config = store.read_blob(&manifest.config.digest)?;
    let config: ConfigHistory = serde_json::from_slice(&config)
        .map_err(|e| anyhow::anyhow!("{}: its config's history does not parse: {e}", args.image))?;

    // Each step that made a layer takes the next one, oldest first (as docker aligns them).
    let mut layers = manifest.layers.iter();
    let mut sized = Vec::with_capacity(config.history.len());
    for step in &config.history {
        let size = if step.empty_layer {
            0
        } else {
            match layers.next() {
                Some(l) => l.size,
                None => bail!("{}: its config's history lists more layers than the image has", args.image),
            }
        };
        sized.push((step, size));
    }
    let id = &manifest.config.digest;
    let id = if args.no_trunc { id.to_string() } else { id.short().to_string() };
    let now = SystemTime::now();
    let rows: Vec<Value> = sized
        .iter()
        .rev()
        .enumerate()
        .map(|(i, (step, size))| {
            let created = step.created.as_deref().and_then(parse_rfc3339);
            let created_at = created.map(rfc3339_seconds).unwrap_or_else(|| "N/A".into());
            let since = match created {
                Some(c) if args.human => docker_since(c, now),
                Some(_) => created_at.clone(),
                None => "N/A".into(),
            };
            let created_by = step.created_by.as_deref().unwrap_or("").replace('\t', " ");
            json!({
                "Comment": step.comment.as_deref().unwrap_or(""),
                "CreatedAt": created_at,
                "CreatedBy": if args.no_trunc { created_by } else { ellipsis(&created_by, CREATED_BY_WIDTH) },
                "CreatedSince": since,
                "ID": if i == 0 { id.clone() } else { "<missing>".to_string() },
                "Size": if args.human { docker_size(*size, 3) } else { size.to_string() },
            })
        })
        .collect();
    let format = if ctx.quiet { DockerFormat::parse("{{.ID}}").map_err(UsageError::error)? } else { args.format };
    stdout(&format.render(TABLE, &columns, &rows)?)
}
