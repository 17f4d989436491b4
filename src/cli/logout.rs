//! `ferry logout`: removes a registry's login from everywhere ferry and docker keep one.

use anyhow::{Context as _, Result};
use clap::Args;

use super::Context;
use super::client::registry_hosts;
use super::errors::report;
use crate::credentials::Credentials;
use crate::progress::{Event, Reporter};

pub const EXAMPLES: &str = "\
Examples:
  ferry logout ghcr.io
  ferry logout                                  # Docker Hub
  ferry logout --all";

#[derive(Args, Debug)]
pub struct LogoutArgs {
    /// Registry to log out of (default: Docker Hub)
    #[arg(conflicts_with = "all")]
    pub server: Option<String>,

    /// Log out of every registry with a stored login
    #[arg(long)]
    pub all: bool,
}

pub fn run(ctx: &Context, args: LogoutArgs) -> Result<()> {
    let credentials = Credentials::new(super::context::credentials_env());
    let registries = if args.all {
        credentials.list().context("listing stored logins")?
    } else {
        vec![registry_hosts(args.server.as_deref()).0]
    };
    if registries.is_empty() {
        ctx.status("No stored logins");
        return Ok(());
    }
    let reporter = ctx.reporter();
    let mut first_error = None;
    for registry in registries {
        match credentials.erase_login(&registry) {
            Ok(outcome) => {
                for w in &outcome.warnings {
                    reporter.event(Event::Warning(w.to_string()));
                }
                if outcome.removed_from.is_empty() {
                    ctx.status(format!("Not logged in to {registry}"));
                } else {
                    ctx.status(format!(
                        "Removed login credentials for {registry} from {}",
                        outcome.removed_from.join(", ")
                    ));
                }
            }
            Err(e) => {
                let e = anyhow::Error::from(e).context(format!("logging out of {registry}"));
                if first_error.is_none() {
                    first_error = Some(e);
                } else {
                    report(&e);
                }
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
