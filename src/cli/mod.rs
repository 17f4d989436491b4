//! The command line: clap definitions, prompts, stdout/stderr, progress bars, exit codes.
//!
//! The only layer that prints. stdout carries data (references, digests, tables, JSON);
//! every human message, warning and progress bar goes to stderr. Command logic lives a
//! layer down; a command file here parses, calls, and renders.

// One file per command; no command imports another. What more than one command needs lives
// in the shared modules below (a unit test here checks the rule).
mod catalog;
mod completions;
mod copy;
mod delete;
mod digest;
#[cfg(unix)]
mod export;
mod fsck;
mod generate_docs;
mod history;
mod images;
mod inspect;
mod load;
mod login;
mod logout;
mod manifest;
mod prune;
mod pull;
mod push;
mod rmi;
mod save;
mod search;
mod tag;
mod tags;

// Shared by commands.
mod client;
mod context;
mod docgen;
mod errors;
mod flags;
mod formats;
mod listing;
mod platforms;
mod printer;
mod registries;
mod reporter;
mod stored;
mod summary;
mod template;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use client::{NetArgs, client_at_registry, client_config, client_for, client_for_pair};
pub use context::{Context, runtime};
pub use errors::{EXIT_AUTH, EXIT_FAILURE, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE};

const ABOUT: &str = "A fast, careful client for container registries";

const LONG_ABOUT: &str = "\
ferry moves container images between registries and this machine. Images are kept in a
local OCI image layout (readable by skopeo, umoci and other OCI tools); every blob is
verified against its digest before it is stored, and interrupted downloads resume where
they stopped on the next run.";

const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 failure, 2 usage error, 3 not found (image, tag, platform or
local reference), 4 authentication or authorization failure, 130 interrupted (Ctrl-C; what was
transferred is kept, and the same command resumes).";

#[derive(Parser, Debug)]
#[command(name = "ferry", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    /// Local image store (an OCI image layout directory)
    #[arg(long, global = true, env = "FERRY_ROOT", value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Print only results and errors: no progress, no status messages
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Directory of docker's client configuration (config.json), as docker's --config;
    /// default $DOCKER_CONFIG, else ~/.docker
    #[arg(long, global = true, value_name = "DIR")]
    pub config: Option<PathBuf>,

    /// How to show progress: bars on a terminal, periodic plain lines otherwise
    #[arg(long, global = true, value_enum, default_value_t = ProgressMode::Auto, value_name = "MODE")]
    pub progress: ProgressMode,

    /// Log every registry request (method, URL, status, timing) to stderr; never a secret
    #[arg(short, long, visible_alias = "debug", global = true)]
    pub verbose: bool,

    /// Read mirrors and registry locations from this containers-registries.conf(5) file (and
    /// the registries.conf.d/ beside it) instead of the usual places
    #[arg(long, global = true, value_name = "FILE")]
    pub registries_conf: Option<PathBuf>,

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
    #[command(after_help = login::EXAMPLES)]
    Login(login::LoginArgs),
    /// Remove stored credentials for a registry
    #[command(after_help = logout::EXAMPLES)]
    Logout(logout::LogoutArgs),
    /// Download an image into the local store
    #[command(after_help = pull::EXAMPLES)]
    Pull(pull::PullArgs),
    /// List the images in the local store
    #[command(visible_alias = "ls", after_help = images::EXAMPLES)]
    Images(images::ImagesArgs),
    /// Show an image's manifest and configuration as JSON (stored, or --remote)
    #[command(after_help = inspect::EXAMPLES)]
    Inspect(inspect::InspectArgs),
    /// Show a stored image's history: the steps that built it, layer by layer
    #[command(after_help = history::EXAMPLES)]
    History(history::HistoryArgs),
    /// Remove references from the local store, and the blobs only they used
    #[command(after_help = rmi::EXAMPLES)]
    Rmi(rmi::RmiArgs),
    /// Delete unreferenced blobs and partial downloads from the local store
    #[command(after_help = prune::EXAMPLES)]
    Prune(prune::PruneArgs),
    /// Check the local store (blobs, references' images, layout files); --repair what can be
    #[command(after_help = fsck::EXAMPLES)]
    Fsck(fsck::FsckArgs),
    /// Search Docker Hub, or another registry, for repositories
    #[command(after_help = search::EXAMPLES)]
    Search(search::SearchArgs),
    /// List a repository's tags
    #[command(after_help = tags::EXAMPLES)]
    Tags(tags::TagsArgs),
    /// List a registry's repositories
    #[command(after_help = catalog::EXAMPLES)]
    Catalog(catalog::CatalogArgs),
    /// Print an image's manifest exactly as the registry serves it
    #[command(after_help = manifest::EXAMPLES)]
    Manifest(manifest::ManifestArgs),
    /// Print the digest a reference resolves to, without pulling (a HEAD request)
    #[command(after_help = digest::EXAMPLES)]
    Digest(digest::DigestArgs),
    /// Print a shell completion script
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Write man pages and completion scripts into a directory (for scripts/gen-docs)
    #[command(hide = true, after_help = generate_docs::EXAMPLES)]
    GenerateDocs(generate_docs::GenerateDocsArgs),
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
    #[command(after_help = load::EXAMPLES)]
    Load(load::LoadArgs),
    /// Write stored images to an archive that docker load and skopeo read
    #[command(after_help = save::EXAMPLES)]
    Save(save::SaveArgs),
    /// Write a stored image's root filesystem, flattened, to a directory or a tar stream
    #[cfg(unix)]
    #[command(after_help = export::EXAMPLES)]
    Export(export::ExportArgs),
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
    registries::set_flag(cli.registries_conf.clone());
    context::set_docker_config_dir(cli.config.clone());
    let ctx = Context { cli_root: cli.root.clone(), quiet: cli.quiet, progress: cli.progress, verbose: cli.verbose };
    let result = match cli.command {
        Command::Login(args) => login::run(&ctx, args),
        Command::Logout(args) => logout::run(&ctx, args),
        Command::Pull(args) => pull::run(&ctx, args),
        Command::Images(args) => images::run(&ctx, args),
        Command::Inspect(args) => inspect::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
        Command::Rmi(args) => rmi::run(&ctx, args),
        Command::Prune(args) => prune::run(&ctx, args),
        Command::Fsck(args) => fsck::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Tags(args) => tags::run(&ctx, args),
        Command::Catalog(args) => catalog::run(&ctx, args),
        Command::Manifest(args) => manifest::run(&ctx, args),
        Command::Digest(args) => digest::run(&ctx, args),
        Command::Completions(args) => completions::run(args),
        Command::GenerateDocs(args) => generate_docs::run(args),
        Command::Tag(args) => tag::run(&ctx, args),
        Command::Push(args) => push::run(&ctx, args),
        Command::Copy(args) => copy::run(&ctx, args),
        Command::Delete(args) => delete::run(&ctx, args),
        Command::Load(args) => load::run(&ctx, args),
        Command::Save(args) => save::run(&ctx, args),
        #[cfg(unix)]
        Command::Export(args) => export::run(&ctx, args),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => errors::report(&e),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The modules commands share; every other file in src/cli/ is one command.
    const SHARED: [&str; 15] = [
        "mod",
        "client",
        "context",
        "docgen",
        "errors",
        "flags",
        "formats",
        "listing",
        "platforms",
        "printer",
        "registries",
        "reporter",
        "stored",
        "summary",
        "template",
    ];

    /// The first segment of every path a file names after `super::` or `cli::`, including
    /// each entry of a `super::{a, b::c}` group.
    fn siblings_named(source: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for prefix in ["super::", "cli::"] {
            for (i, _) in source.match_indices(prefix) {
                let rest = &source[i + prefix.len()..];
                let items: Vec<&str> = match rest.strip_prefix('{') {
                    Some(inner) => inner[..inner.find('}').unwrap_or(inner.len())].split(',').collect(),
                    None => vec![rest],
                };
                for item in items {
                    let name: String =
                        item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn no_command_imports_another() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".rs").map(str::to_string))
            .collect();
        files.sort();
        for shared in SHARED {
            assert!(files.iter().any(|f| f == shared), "src/cli/{shared}.rs is listed as shared but does not exist");
        }
        let commands: Vec<&String> = files.iter().filter(|f| !SHARED.contains(&f.as_str())).collect();
        assert!(commands.len() >= 20, "{commands:?}");
        for command in &commands {
            let source = std::fs::read_to_string(dir.join(format!("{command}.rs"))).unwrap();
            for named in siblings_named(&source) {
                assert!(
                    !commands.iter().any(|c| **c == named) || named == **command,
                    "src/cli/{command}.rs uses the command module `{named}`: move what they share to a shared module"
                );
            }
        }
    }

    #[test]
    fn the_import_scan_sees_grouped_and_nested_paths() {
        let names = siblings_named("use super::{Context, push::x};\nlet a = super::tag::find(); crate::cli::save::run");
        assert_eq!(names, ["Context", "push", "save", "tag"].map(String::from).into());
    }
}
