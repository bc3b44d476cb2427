//! `cryptocloud`: the CryptoCloud payment API from the terminal.

mod args;
mod commands;
mod connect;
mod export;
mod failure;
mod output;
mod postback;
mod reconcile;
mod replace;
mod secret;
mod shown;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let verbose = cli.global.verbose;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(verbose);
            failure.exit_code()
        }
    }
}
