use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match listlint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are not failures; usage errors exit 2 (SPEC 2).
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    listlint::run(cli).into()
}
