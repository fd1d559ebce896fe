//! Entry point: parse the command line, pick the service (real or embedded local platform), and
//! run the TUI, a one-shot command, or the platform as a server.

use std::process::ExitCode;

use anyhow::Result;
use tl_assets::cli::{self, Cli, CliError, Command};
use tl_assets::config::{FlagInputs, ServiceChoice, settings};
use tl_assets::entry::logging::{init_file_logging, init_stderr_logging};
use tl_assets::entry::{commands, serve, tui_setup};
use tl_assets::terminal_env::EnvMap;
use tl_assets::tui;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let (cli, json) = match cli::parse_command_line() {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    cli::output::set_json_stderr(json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            return cli::fail(
                &CliError::Other(format!("cannot start the async runtime: {e}")),
                json,
            );
        }
    };
    let code = match runtime.block_on(run(cli, json, started)) {
        Ok(code) => code,
        Err(e) => cli::fail(&CliError::Other(format!("{e:#}")), json),
    };
    if code == CliError::Interrupted.exit_code() {
        // A blocking read still waiting (a question interrupted by Ctrl-C) must not hold the exit.
        runtime.shutdown_background();
    }
    code
}

async fn run(cli: Cli, json: bool, started: std::time::Instant) -> Result<ExitCode> {
    let fail = |e: &CliError| Ok(cli::fail(e, json));
    // Completions need no settings: a broken config file must not break the shell.
    if let Some(Command::Completions(args)) = &cli.command {
        return match cli::print_completions(args.shell) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => fail(&e),
        };
    }
    let flags = FlagInputs {
        choice: ServiceChoice {
            api_key: cli.api_key.clone(),
            base_url: cli.base_url.clone(),
            local: cli.local,
            data_dir: cli.data_dir.clone(),
        },
        profile: cli.profile.clone(),
        read_only: cli.read_only,
    };
    let env = EnvMap::from_process();
    // Loading may run the profile's key command: on a blocking thread, not the runtime's.
    let loaded = {
        let (flags, config, env) = (flags.clone(), cli.config.clone(), env.clone());
        tokio::task::spawn_blocking(move || settings::load(&flags, config.as_deref(), &env)).await?
    };
    let settings = match loaded {
        Ok(s) => s,
        Err(e) => return fail(&CliError::Usage(e.to_string())),
    };
    match cli.command {
        Some(Command::Serve(args)) => {
            init_stderr_logging(cli.debug, "info", &env);
            serve::serve(&settings.choice, &args, settings.read_only).await
        }
        Some(command) => {
            init_stderr_logging(cli.debug, "warn", &env);
            Ok(match commands::run(command, &settings).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => cli::fail(&e, json),
            })
        }
        None => {
            let log_file = init_file_logging(cli.debug);
            let probe = cli
                .bench_first_frame
                .map(|file| tui::FirstFrameProbe { started, file });
            match tui_setup::options(&settings, log_file, probe).await {
                Ok((options, embedded)) => {
                    let result = tui::run(options).await;
                    if let Some(p) = embedded {
                        p.shutdown().await;
                    }
                    result.map(|()| ExitCode::SUCCESS)
                }
                Err(e) => fail(&e),
            }
        }
    }
}
