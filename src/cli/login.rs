//! `ferry login`: prove credentials against the registry, then keep them where the user's
//! other tools will find them (OS keyring, a credential helper, or docker's config.json).

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};

use super::client::{read_password_stdin, registry_hosts};
use super::{Context, client_config, runtime};
use crate::credentials::{Credential, Credentials, StoreLocation, StorePreference};
use crate::progress::{Event, Reporter};
use crate::reference::Registry;
use crate::registry::Client;

pub const EXAMPLES: &str = "\
Examples:
  ferry login                                   # Docker Hub, prompts for username and password
  ferry login ghcr.io -u me                     # prompts for the password (no echo)
  echo \"$TOKEN\" | ferry login registry.example.com -u ci --password-stdin
  ferry login localhost:5000 -u me --store docker-config";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreChoice {
    /// A credential helper configured for the registry in docker's config.json, else the OS
    /// keyring, else config.json itself (with a warning)
    Auto,
    /// The OS keyring (Secret Service); an error when none is running
    Keyring,
    /// docker's config.json (or REGISTRY_AUTH_FILE), through its helper when it names one
    DockerConfig,
}

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// Registry to log in to (default: Docker Hub)
    pub server: Option<String>,

    /// Username (prompted for on a terminal when missing)
    #[arg(short, long, value_name = "USER")]
    pub username: Option<String>,

    /// Password or token on the command line (visible to other users of this machine;
    /// prefer --password-stdin)
    #[arg(short, long, value_name = "PASSWORD", conflicts_with = "password_stdin")]
    pub password: Option<String>,

    /// Read the password or token from standard input
    #[arg(long)]
    pub password_stdin: bool,

    /// Where to keep the credentials
    #[arg(long, value_enum, default_value_t = StoreChoice::Auto)]
    pub store: StoreChoice,

    /// Allow plain HTTP and unverified TLS for this registry
    #[arg(long)]
    pub insecure: bool,
}

fn prompt(label: &str) -> Result<String> {
    let mut err = std::io::stderr();
    write!(err, "{label}")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

pub fn run(ctx: &Context, args: LoginArgs) -> Result<()> {
    let (registry, api_host) = registry_hosts(args.server.as_deref());
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let username = match args.username {
        Some(u) => u,
        None if interactive && !args.password_stdin => prompt("Username: ")?,
        None => bail!("no username given: pass --username USER (standard input is not a terminal to ask on)"),
    };
    if username.is_empty() {
        bail!("the username is empty");
    }
    let password = if args.password_stdin {
        read_password_stdin()?
    } else if let Some(p) = args.password {
        eprintln!(
            "warning: a password on the command line is visible to other users of this machine; use --password-stdin"
        );
        p
    } else if interactive {
        rpassword::prompt_password("Password: ").context("reading the password")?
    } else {
        bail!(
            "no password given: pass --password-stdin and write it to standard input (standard input is not a terminal to ask on)"
        );
    };
    if password.is_empty() {
        bail!("the password is empty");
    }
    let credential = Credential::basic(&username, &password);
    let reporter = ctx.reporter();

    // Prove the credentials before keeping them: an authenticated GET /v2/ goes through the
    // registry's own scheme (Basic, or a token from its token service).
    let mut config = client_config(args.insecure, &registry, &api_host);
    super::client::with_configured_registries(&mut config, reporter.as_ref())?;
    config.retries = 2;
    let source = crate::credentials::OneShot { registry: registry.clone(), credential: credential.clone() };
    let client = Client::new(config, Arc::new(source), reporter.clone());
    let refresh = runtime()?
        .block_on(client.verify_login(&Registry::new(&registry, &api_host)))
        .with_context(|| format!("logging in to {registry} as {username:?}"))?;
    // Keep the token service's refresh token rather than the password when it gave one.
    let credential = match refresh {
        Some(token) => Credential::identity_token(&username, token.expose()),
        None => credential,
    };

    let credentials = Credentials::new(super::context::credentials_env());
    let preference = match args.store {
        StoreChoice::Auto => StorePreference::Auto,
        StoreChoice::Keyring => StorePreference::Keyring,
        StoreChoice::DockerConfig => StorePreference::DockerConfig,
    };
    let outcome = credentials
        .store_login(&registry, &credential, preference)
        .with_context(|| format!("storing the login for {registry}"))?;
    // Includes the one-time plain-text warning naming the file, when that is where it went.
    for w in &outcome.warnings {
        reporter.event(Event::Warning(w.to_string()));
    }
    let place = match &outcome.location {
        StoreLocation::Keyring { store } => store.clone(),
        StoreLocation::Helper { program, .. } => program.clone(),
        StoreLocation::File { path } => path.display().to_string(),
    };
    ctx.status(format!("Credentials for {registry} stored in {place}"));
    super::printer::stdout("Login Succeeded\n")
}
