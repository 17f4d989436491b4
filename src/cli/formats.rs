//! The output formats commands offer: a table or JSON (`--format table|json`), and for
//! listings plain lines or JSON (`--format plain|json`).

use clap::ValueEnum;

/// Output of the commands that print a table: the table, or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Output of the listing commands: one entry per line (for scripts and pipes), or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One entry per line, nothing else
    Plain,
    /// A JSON object (see the README for its shape)
    Json,
}
