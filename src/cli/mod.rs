//! The command line: clap definitions, prompts, stdout/stderr, progress bars, exit codes.
//!
//! The only layer that prints. stdout carries data (references, digests, tables, JSON);
//! every human message, warning and progress bar goes to stderr. Command logic lives a
//! layer down; a command file here parses, calls, and renders.

mod archive;
mod copy;
mod delete;
mod docs;
mod errors;
mod list;
mod local;
mod login;
mod printer;
mod pull;
mod push;
mod remote;
mod reporter;
mod search;
mod tag;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::credentials::{Credential, Credentials, Env, OneShot, Origin};
use crate::progress::{Event, Reporter};
use crate::reference::Reference;
use crate::registry::{Client, ClientConfig};
use crate::store::Store;

pub use errors::{EXIT_AUTH, EXIT_FAILURE, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE};

const ABOUT: &str = "A fast, careful client for container registries";

const LONG_ABOUT: &str = "\
ferry moves container images between registries and this machine. Images are kept in a
local OCI image layout (readable by skopeo, umoci and other OCI tools); every blob is
verified against its digest before it is stored, and interrupted downloads resume where
they stopped on the next run.";

const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 failure, 2 usage error, 3 not found (image, tag, platform or
local reference), 4 authentication or authorization failure.";

#[derive(Parser, Debug)]
#[command(name = "ferry", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    /// Local image store (an OCI image layout directory)
    #[arg(long, global = true, env = "FERRY_ROOT", value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Print only results and errors: no progress, no status messages
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// How to show progress: bars on a terminal, periodic plain lines otherwise
    #[arg(long, global = true, value_enum, default_value_t = ProgressMode::Auto, value_name = "MODE")]
    pub progress: ProgressMode,

    /// Log every registry request (method, URL, status, timing) to stderr; never a secret
    #[arg(short, long, visible_alias = "debug", global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// Bars when stderr is a terminal, plain lines otherwise
    Auto,
    /// Progress bars
    Bars,
    /// One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)
    Plain,
    /// No progress output
    None,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Log in to a registry: verify the credentials, then store them
    #[command(after_help = login::LOGIN_EXAMPLES)]
    Login(login::LoginArgs),
    /// Remove stored credentials for a registry
    #[command(after_help = login::LOGOUT_EXAMPLES)]
    Logout(login::LogoutArgs),
    /// Download an image into the local store
    #[command(after_help = pull::EXAMPLES)]
    Pull(pull::PullArgs),
    /// List the images in the local store
    #[command(visible_alias = "ls", after_help = local::IMAGES_EXAMPLES)]
    Images(local::ImagesArgs),
    /// Show an image's manifest and configuration as JSON (stored, or --remote)
    #[command(after_help = local::INSPECT_EXAMPLES)]
    Inspect(local::InspectArgs),
    /// Remove references from the local store, and the blobs only they used
    #[command(after_help = local::RMI_EXAMPLES)]
    Rmi(local::RmiArgs),
    /// Delete unreferenced blobs and partial downloads from the local store
    #[command(after_help = local::PRUNE_EXAMPLES)]
    Prune(local::PruneArgs),
    /// Search Docker Hub, or another registry, for repositories
    #[command(after_help = search::EXAMPLES)]
    Search(search::SearchArgs),
    /// List a repository's tags
    #[command(after_help = list::TAGS_EXAMPLES)]
    Tags(list::TagsArgs),
    /// List a registry's repositories
    #[command(after_help = list::CATALOG_EXAMPLES)]
    Catalog(list::CatalogArgs),
    /// Print an image's manifest exactly as the registry serves it
    #[command(after_help = remote::MANIFEST_EXAMPLES)]
    Manifest(remote::ManifestArgs),
    /// Print the digest a reference resolves to, without pulling (a HEAD request)
    #[command(after_help = remote::DIGEST_EXAMPLES)]
    Digest(remote::DigestArgs),
    /// Print a shell completion script
    #[command(after_help = docs::COMPLETIONS_EXAMPLES)]
    Completions(docs::CompletionsArgs),
    /// Write man pages and completion scripts into a directory (for scripts/gen-docs)
    #[command(hide = true, after_help = docs::GENERATE_DOCS_EXAMPLES)]
    GenerateDocs(docs::GenerateDocsArgs),
    /// Give a stored image another name (in the local store)
    #[command(after_help = tag::EXAMPLES)]
    Tag(tag::TagArgs),
    /// Upload a stored image to a registry
    #[command(after_help = push::EXAMPLES)]
    Push(push::PushArgs),
    /// Copy an image from one registry to another, without storing it locally
    #[command(visible_alias = "cp", after_help = copy::EXAMPLES)]
    Copy(copy::CopyArgs),
    /// Delete a manifest (and so every tag pointing at it) from a registry
    #[command(after_help = delete::EXAMPLES)]
    Delete(delete::DeleteArgs),
    /// Import images from a docker or OCI archive, or an OCI layout directory
    #[command(after_help = archive::LOAD_EXAMPLES)]
    Load(archive::LoadArgs),
    /// Write stored images to an archive that docker load and skopeo read
    #[command(after_help = archive::SAVE_EXAMPLES)]
    Save(archive::SaveArgs),
}

/// Options shared by every command that talks to a registry.
#[derive(Args, Debug, Clone)]
pub struct NetArgs {
    /// Allow plain HTTP and unverified TLS for this registry (loopback registries may
    /// always fall back to plain HTTP)
    #[arg(long)]
    pub insecure: bool,

    /// Username for this command only (never stored); the password is read from stdin
    #[arg(short, long, requires = "password_stdin", value_name = "USER")]
    pub username: Option<String>,

    /// Read the password or token for --username from standard input
    #[arg(long, requires = "username")]
    pub password_stdin: bool,

    /// Retries for failed requests and broken downloads
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
}

/// What every command gets: the parsed global options.
pub struct Context {
    pub cli_root: Option<PathBuf>,
    pub quiet: bool,
    pub progress: ProgressMode,
    pub verbose: bool,
}

impl Context {
    pub fn store_root(&self) -> Result<PathBuf> {
        if let Some(r) = &self.cli_root {
            return Ok(r.clone());
        }
        let base = dirs::data_dir().context("cannot tell where to keep the image store: set --root or FERRY_ROOT")?;
        Ok(base.join("ferry"))
    }

    pub fn open_store(&self) -> Result<Store> {
        let root = self.store_root()?;
        Store::open(&root).with_context(|| format!("opening the image store at {}", root.display()))
    }

    /// The reporter for this invocation's progress and warnings.
    pub fn reporter(&self) -> Arc<reporter::CliReporter> {
        let mode = if self.quiet {
            reporter::Mode::Quiet
        } else {
            match self.progress {
                ProgressMode::None => reporter::Mode::Quiet,
                ProgressMode::Bars => reporter::Mode::Bars,
                ProgressMode::Plain => reporter::Mode::Plain,
                ProgressMode::Auto if std::io::stderr().is_terminal() => reporter::Mode::Bars,
                ProgressMode::Auto => reporter::Mode::Plain,
            }
        };
        Arc::new(reporter::CliReporter::new(mode, self.verbose))
    }

    /// A status line for humans (stderr), unless `-q`.
    pub fn status(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
}

/// Builds a registry client for `reference`'s registry from the network options.
/// The transport settings every registry client shares: insecure hosts, extra CAs from
/// `SSL_CERT_FILE`, and the certs.d roots.
pub fn client_config(insecure: bool, registry: &str, api_host: &str) -> ClientConfig {
    let mut config = ClientConfig::default();
    if insecure {
        config.insecure_hosts.push(registry.to_string());
        config.insecure_hosts.push(api_host.to_string());
    }
    if let Some(path) = std::env::var_os("SSL_CERT_FILE") {
        config.ca_files.push(PathBuf::from(path));
    }
    config.certs_d = certs_d_roots();
    config
}

/// Builds a registry client for `reference`'s registry from the network options, with the
/// credentials the user has: one-shot flags, the environment, stored logins.
pub fn client_for(net: &NetArgs, reference: &Reference, reporter: Arc<reporter::CliReporter>) -> Result<Arc<Client>> {
    client_for_pair(net, reference, None, reporter)
}

/// Like [`client_for`], for commands that read from one registry and write to another
/// (`copy`): stored credentials are looked up for both, `--insecure` covers both, and the
/// one-shot `--username` credentials belong to `reference` (the destination).
pub fn client_for_pair(
    net: &NetArgs,
    reference: &Reference,
    other: Option<&Reference>,
    reporter: Arc<reporter::CliReporter>,
) -> Result<Arc<Client>> {
    let mut config = client_config(net.insecure, reference.registry(), reference.api_host());
    if let Some(o) = other.filter(|_| net.insecure) {
        config.insecure_hosts.push(o.registry().to_string());
        config.insecure_hosts.push(o.api_host().to_string());
    }
    config.retries = net.retries;
    let mut credentials =
        Credentials::new(Env::from_process()).for_repository(reference.registry(), reference.repository());
    if let Some(o) = other {
        credentials = credentials.for_repository(o.registry(), o.repository());
    }
    if let Some(user) = &net.username {
        let password = read_password_stdin()?;
        credentials = credentials.with_one_shot(OneShot {
            registry: reference.registry().to_string(),
            credential: Credential::basic(user, &password),
        });
    }
    let resolved = credentials
        .resolve(reference.registry(), Some(reference.repository()))
        .with_context(|| format!("looking up credentials for {}", reference.registry()))?;
    if let Some((credential, origin)) = &resolved {
        reporter.event(Event::Debug(format!(
            "credentials for {} as {:?} from {origin}",
            reference.registry(),
            credential.username
        )));
        // A stale stored login must not block a public pull; explicit input is never
        // second-guessed.
        config.anonymous_fallback =
            matches!(origin, Origin::Keyring { .. } | Origin::Helper { .. } | Origin::File { .. });
    }
    for w in credentials.take_warnings() {
        reporter.event(Event::Warning(w.to_string()));
    }
    Ok(Arc::new(Client::new(config, Arc::new(credentials), reporter)))
}

/// Where docker and podman keep per-registry TLS material, most specific to the user first.
fn certs_d_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(config) = dirs::config_dir() {
        roots.push(config.join("containers/certs.d"));
    }
    if let Some(home) = dirs::home_dir() {
        roots.push(home.join(".docker/certs.d"));
    }
    roots.push(PathBuf::from("/etc/containers/certs.d"));
    roots.push(PathBuf::from("/etc/docker/certs.d"));
    roots
}

fn read_password_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading the password from standard input")?;
    let password = s.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        anyhow::bail!("--password-stdin: standard input was empty");
    }
    Ok(password)
}

/// Parses, runs, renders errors; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let ctx = Context { cli_root: cli.root.clone(), quiet: cli.quiet, progress: cli.progress, verbose: cli.verbose };
    let result = match cli.command {
        Command::Login(args) => login::login(&ctx, args),
        Command::Logout(args) => login::logout(&ctx, args),
        Command::Pull(args) => pull::run(&ctx, args),
        Command::Images(args) => local::images(&ctx, args),
        Command::Inspect(args) => local::inspect(&ctx, args),
        Command::Rmi(args) => local::rmi(&ctx, args),
        Command::Prune(args) => local::prune(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Tags(args) => list::tags(&ctx, args),
        Command::Catalog(args) => list::catalog(&ctx, args),
        Command::Manifest(args) => remote::manifest(&ctx, args),
        Command::Digest(args) => remote::digest(&ctx, args),
        Command::Completions(args) => docs::completions(args),
        Command::GenerateDocs(args) => docs::generate_docs(args),
        Command::Tag(args) => tag::run(&ctx, args),
        Command::Push(args) => push::run(&ctx, args),
        Command::Copy(args) => copy::run(&ctx, args),
        Command::Delete(args) => delete::run(&ctx, args),
        Command::Load(args) => archive::load(&ctx, args),
        Command::Save(args) => archive::save(&ctx, args),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => errors::report(&e),
    }
}

/// The process's multi-threaded runtime, for commands that talk to registries. Built on
/// first use and never dropped: `main` exits the process, so no command waits for worker
/// threads to wind down before its exit (milliseconds, on a short pull).
pub fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    Ok(RUNTIME.get_or_init(|| rt))
}
