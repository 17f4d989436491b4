//! What every command gets: the global options, the store they name, the reporter for
//! progress and warnings, and the process's async runtime.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::{ProgressMode, reporter};
use crate::store::Store;

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
        // Windows: the local, not the roaming, AppData. The store holds gigabytes of image
        // blobs, and a roaming profile is copied to a server at every sign-in and sign-out.
        #[cfg(windows)]
        let base = dirs::data_local_dir();
        #[cfg(not(windows))]
        let base = dirs::data_dir();
        let base = base.context("cannot tell where to keep the image store: set --root or FERRY_ROOT")?;
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

/// Runs a transfer on the runtime until it ends or the user presses Ctrl-C. On Ctrl-C the
/// progress bars are cleared (not left half-drawn) and the command fails with
/// [`errors::Interrupted`] (exit 130), whose hint `resume` says how to go on; what the
/// transfer already kept (partial downloads, uploaded blobs) stays for the next run.
pub fn interruptible<T>(
    reporter: &reporter::CliReporter,
    resume: &'static str,
    work: impl std::future::Future<Output = T>,
) -> Result<T> {
    runtime()?.block_on(async {
        tokio::select! {
            out = work => Ok(out),
            _ = tokio::signal::ctrl_c() => {
                reporter.interrupted();
                Err(super::errors::Interrupted { resume }.into())
            }
        }
    })
}

/// `--config DIR`, set once by `main` before any command runs.
static DOCKER_CONFIG_DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

pub fn set_docker_config_dir(dir: Option<PathBuf>) {
    let _ = DOCKER_CONFIG_DIR.set(dir);
}

/// The environment the credential layer reads, with `--config DIR` in place of
/// `DOCKER_CONFIG` when it was given (as docker's flag overrides its variable).
pub fn credentials_env() -> crate::credentials::Env {
    let mut env = crate::credentials::Env::from_process();
    if let Some(Some(dir)) = DOCKER_CONFIG_DIR.get() {
        env.docker_config = Some(dir.clone());
    }
    env
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
