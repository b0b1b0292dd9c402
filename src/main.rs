//! The `parlab` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    parlab::cli::main()
}
