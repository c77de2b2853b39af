//! Black-box tests: every test starts the real `coffer` binary and talks HTTP.
//! One test binary with modules keeps link time down (STYLE.md).

mod support;

mod auth;
mod cli;
mod conventions;
mod vaults;
