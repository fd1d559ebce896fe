//! Reading the command line: the parsed [`Cli`], whether `--json` was asked (then errors are
//! JSON too), and usage errors whose `Usage:` line shows only what the user typed.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use super::{Cli, parse_error};

/// The parsed command line and whether its command has `--json` set. Help, version and mistakes
/// end here with their exit status.
pub fn parse() -> Result<(Cli, bool), ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let parsed = command()
        .try_get_matches_from(&args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, json_asked(&m))));
    parsed.map_err(|e| {
        let json = args.iter().skip(1).any(|a| a == "--json");
        parse_error(without_env_in_usage(e, &args), json)
    })
}

/// The command line as `--help` shows it: an environment variable that is not set is named
/// without `=` (clap shows `[env: NAME=]`, as if it were set to nothing), and `serve` does not
/// list the global options that choose a service to talk to, since it is the service.
fn command() -> clap::Command {
    Cli::command()
        .mut_args(|a| {
            let unset = a.get_env().is_some_and(|name| std::env::var_os(name).is_none());
            if unset { a.hide_env_values(true) } else { a }
        })
        // An argument of the subcommand's own with a global's id stops that global reaching it:
        // these stay accepted (a script may pass them everywhere) and unlisted.
        .mut_subcommand("serve", |serve| {
            serve.arg(Arg::new("base_url").long("base-url").hide(true)).arg(
                Arg::new("local")
                    .long("local")
                    .action(ArgAction::SetTrue)
                    .hide(true),
            )
        })
}

/// True when the subcommand has a `--json` flag and it is set, whichever command it is.
fn json_asked(matches: &clap::ArgMatches) -> bool {
    matches
        .subcommand()
        .and_then(|(_, m)| m.try_get_one::<bool>("json").ok().flatten().copied())
        .unwrap_or(false)
}

/// clap counts an option an environment variable provides as given, and so prints it in the
/// `Usage:` line of an error as if it were required (`upload --api-key <API_KEY> <SOURCE>` when
/// `TWELVE_LABS_API_KEY` is set). The same mistake, parsed again with no environment, gets the
/// usage line of what was typed.
fn without_env_in_usage(e: clap::Error, args: &[OsString]) -> clap::Error {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return e;
    }
    let no_env = command().mut_args(|a| a.env(None));
    match no_env.try_get_matches_from(args) {
        Err(again) if again.kind() == e.kind() => again,
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_found_on_any_subcommand() {
        let m = Cli::command()
            .try_get_matches_from(["tl-assets", "get", "abc", "--json"])
            .expect("parse");
        assert!(json_asked(&m));
        let m = Cli::command()
            .try_get_matches_from(["tl-assets", "delete", "abc"])
            .expect("parse");
        assert!(!json_asked(&m), "delete has no --json");
    }
}
