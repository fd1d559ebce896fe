//! `completions`: the shell completion script. Built from a copy of the command line without its
//! hidden options, since the script generators offer every option they are given.

use clap::CommandFactory;

use super::{Cli, CliError, output};

/// Writes the completion script of `shell` to stdout. Needs no service.
pub fn print(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut full = Cli::command();
    full.build();
    let mut shown = without_hidden(&full);
    // Generated into memory first: the generator panics on a failed write to a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut shown, "tl-assets", &mut script);
    output::stdout().write_all(&script)
}

/// `cmd` (already built, so global options sit on every subcommand) minus hidden options and
/// subcommands.
fn without_hidden(cmd: &clap::Command) -> clap::Command {
    let mut out = clap::Command::new(cmd.get_name().to_string())
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true);
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        out = out.arg(arg.clone().global(false));
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out = out.subcommand(without_hidden(sub));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_options_are_left_out_and_the_rest_kept() {
        let mut full = Cli::command();
        full.build();
        let mut shown = without_hidden(&full);
        shown.build();
        let names = |c: &clap::Command| -> Vec<String> {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_string))
                .collect()
        };
        assert!(!names(&shown).contains(&"bench-first-frame".to_string()));
        assert!(names(&shown).contains(&"api-key".to_string()));
        let list = shown.find_subcommand("list").expect("list");
        assert!(names(list).contains(&"json".to_string()));
        assert!(
            names(list).contains(&"data-dir".to_string()),
            "global options stay"
        );
    }
}
