//! `ferry completions SHELL`: a shell completion script on stdout.

use anyhow::Result;
use clap::Args;
use clap_complete::Shell;

use super::docgen::completion_script;
use super::printer::stdout_bytes;

pub const EXAMPLES: &str = "\
Examples:
  ferry completions bash > ~/.local/share/bash-completion/completions/ferry
  ferry completions zsh > \"${fpath[1]}/_ferry\"
  ferry completions fish > ~/.config/fish/completions/ferry.fish
  ferry completions powershell >> $PROFILE
  ferry completions elvish >> ~/.config/elvish/rc.elv";

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<()> {
    stdout_bytes(&completion_script(args.shell))
}
