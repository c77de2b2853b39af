fn main() {
    std::process::exit(coffer::cli::main());
}
