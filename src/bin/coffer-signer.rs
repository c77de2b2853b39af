//! The reference offline signer: a thin entry point; the work is in
//! `coffer::signer` and `coffer::chain::eth`.
#![deny(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    std::process::exit(coffer::signer::main());
}
