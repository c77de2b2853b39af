//! Black-box tests: every test starts the real `coffer` binary and talks HTTP.
//! One test binary with modules keeps link time down (STYLE.md).
// A client reads the wall clock to sign; the server's ban on it is not for tests.
#![allow(clippy::disallowed_methods)]

mod support;

mod admin;
mod auth;
mod body_errors;
mod cli;
mod clients;
mod coinbase;
mod console;
mod console_address_book;
mod console_approvals;
mod console_browser;
mod console_governance;
mod console_overview;
mod console_people;
mod console_two_factor;
mod conventions;
mod erc20_asm;
mod evm;
mod evm_eth_account;
mod evm_ops;
mod evm_paths;
mod evm_replace;
mod evm_token_withdraw;
mod evm_tokens;
mod evm_withdraw;
mod fuzz;
mod governance;
mod ledger;
mod openapi;
mod ops;
mod policies;
mod prometheus;
mod readme;
mod signer_cli;
mod slow_clients;
mod torture;
mod users;
mod vaults;
mod webhooks;
