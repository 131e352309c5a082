use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = gwlint::cli::Cli::parse();
    match gwlint::run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        // `gwlint check | head`: the reader is gone, nothing more to say.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            ExitCode::from(gwlint::EXIT_ERROR as u8)
        }
    }
}
