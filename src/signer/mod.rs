//! `coffer-signer`, the reference offline signer (src/bin/coffer-signer.rs
//! calls `main`). It holds the keys Coffer never sees: it prints the account
//! xpub a tenant registers and the addresses below it, and signs signer
//! requests after checking them. It never reads the server's database. See
//! docs/evm.md, "Keys and signing" and "The reference signer".

pub mod check;
mod client;
mod key_file;

use crate::chain::eth::{address_path, AccountKey, ACCOUNT_PATH};
use crate::cli::args;
use clap::{CommandFactory, Parser, Subcommand};
use serde_json::json;
use std::path::PathBuf;

/// `coffer-signer`: the keys Coffer never sees.
#[derive(Parser)]
#[command(
    name = "coffer-signer",
    version,
    about = "The reference offline signer: account xpub, addresses, signer requests",
    after_help = KEY_FILES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const KEY_FILES: &str = "\
requests and sign talk to COFFER_URL with the signer API key in
COFFER_KEY_ID and COFFER_KEY_SECRET.

The key file (mode 0600) holds a BIP-39 mnemonic (English words) or an xprv
(the master key, or the account key of m/44'/60'/0'). The passphrase file
(mode 0600, one final line break ignored) holds the mnemonic's optional
BIP-39 passphrase.";

#[derive(Subcommand)]
enum Command {
    /// The account xpub of m/44'/60'/0', to register with `coffer xpub set`
    Xpub {
        #[command(flatten)]
        key: KeyFlags,
        /// Print the xpub and its path as JSON
        #[arg(long)]
        json: bool,
    },
    /// The address at m/44'/60'/0'/0/I, as a wallet restored from the same
    /// key shows it
    Address {
        #[command(flatten)]
        key: KeyFlags,
        /// The address index
        #[arg(long, value_name = "I", value_parser = clap::value_parser!(u32).range(0..1 << 31))]
        index: u32,
        /// Print the address and its path as JSON
        #[arg(long)]
        json: bool,
    },
    /// The signer requests awaiting a signature, in words
    Requests,
    /// Check each awaiting request, then sign and submit it
    ///
    /// Checks: payload equal to its fields, fields doing what its words say,
    /// sender one of this key's addresses (its derivationPath, or the first N
    /// addresses for pool addresses). Refuses to sign anything that fails a
    /// check.
    Sign {
        #[command(flatten)]
        key: KeyFlags,
        /// Only this request
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// How many addresses to search for a pool address's sender
        #[arg(long, value_name = "N", default_value_t = 100,
              value_parser = clap::value_parser!(u32).range(1..=100_000))]
        search: u32,
        /// Check and show, sign nothing
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
}

/// `--key-file F [--passphrase-file P]`.
#[derive(clap::Args)]
struct KeyFlags {
    /// The key file: a BIP-39 mnemonic or an xprv (mode 0600)
    #[arg(long = "key-file", value_name = "F")]
    key_file: PathBuf,
    /// The mnemonic's BIP-39 passphrase (mode 0600)
    #[arg(long = "passphrase-file", value_name = "P")]
    passphrase_file: Option<PathBuf>,
}

/// Exit codes: 0 success, 1 failure (key file, key), 2 bad usage.
pub fn main() -> i32 {
    let cli: Cli = match args::parse(args::requiring_a_command(Cli::command())) {
        Ok(cli) => cli,
        Err(exit_code) => return exit_code,
    };
    let result = match cli.command {
        Command::Xpub { key, json } => xpub(key, json),
        Command::Address { key, index, json } => address(key, index, json),
        Command::Requests => requests(),
        Command::Sign {
            key,
            id,
            search,
            dry_run,
        } => sign(key, id, search, dry_run),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(e) => {
            eprintln!("coffer-signer: {e}");
            1
        }
    }
}

fn runtime(e: impl ToString) -> String {
    e.to_string()
}

/// The account key from `--key-file` and `--passphrase-file`.
fn account_key(flags: KeyFlags) -> Result<AccountKey, String> {
    let passphrase = flags
        .passphrase_file
        .map(|p| key_file::read_secret(&p, "passphrase file"))
        .transpose()?;
    let key_path = flags.key_file;
    let text = key_file::read_secret(&key_path, "key file")?;
    let passphrase = passphrase.as_deref().map(|p| key_file::passphrase(p));
    AccountKey::from_key_text(&text, passphrase)
        .map_err(|e| format!("key file {}: {e}", key_path.display()))
}

fn xpub(key: KeyFlags, json: bool) -> Result<String, String> {
    let key = account_key(key)?;
    let xpub = key.xpub().to_string();
    Ok(match json {
        true => json!({"xpub": xpub, "derivationPath": ACCOUNT_PATH}).to_string(),
        false => xpub,
    })
}

fn address(key: KeyFlags, index: u32, json: bool) -> Result<String, String> {
    let key = account_key(key)?;
    let address = key
        .secret_key(index)
        .map_err(runtime)?
        .address()
        .to_string();
    Ok(match json {
        true => json!({
            "address": address,
            "index": index,
            "derivationPath": address_path(index),
        })
        .to_string(),
        false => address,
    })
}

fn requests() -> Result<String, String> {
    let pending = client::Client::from_env()
        .map_err(runtime)?
        .pending()
        .map_err(runtime)?;
    let lines: Vec<String> = pending
        .iter()
        .map(|r| {
            format!(
                "{}: {} of {} {} from {} to {}",
                r["id"].as_str().unwrap_or("?"),
                r["purpose"].as_str().unwrap_or("?"),
                r["amount"].as_str().unwrap_or("?"),
                r["assetId"].as_str().unwrap_or("?"),
                r["from"].as_str().unwrap_or("?"),
                r["destinationAddress"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    Ok(match lines.is_empty() {
        true => "no signer requests await a signature".into(),
        false => lines.join("\n"),
    })
}

/// Checks, signs and submits; any request that fails its check is named
/// and not signed (exit 1 when one was refused).
fn sign(key: KeyFlags, only: Option<String>, search: u32, dry_run: bool) -> Result<String, String> {
    let key = account_key(key)?;
    let client = client::Client::from_env().map_err(runtime)?;
    let pending: Vec<serde_json::Value> = client
        .pending()
        .map_err(runtime)?
        .into_iter()
        .filter(|r| only.as_deref().is_none_or(|id| r["id"] == id))
        .collect();
    if let (Some(id), true) = (&only, pending.is_empty()) {
        return Err(runtime(format!(
            "no signer request {id} awaits a signature"
        )));
    }
    let mut done = Vec::new();
    let mut refused = Vec::new();
    for r in &pending {
        let outcome = check::check(r, &key, search).and_then(|c| {
            if dry_run {
                return Ok(c.words);
            }
            let raw = crate::chain::eth::sign(&c.tx, &c.key).map_err(|e| e.to_string())?;
            let raw = format!("0x{}", crate::crypto::hex(&raw));
            client.submit(&c.id, &raw)?;
            Ok(c.words)
        });
        let verb = if dry_run { "would sign" } else { "signed" };
        match outcome {
            Ok(words) => done.push(format!("{verb} {words}")),
            Err(e) => refused.push(format!(
                "NOT signed {}: {e}",
                r["id"].as_str().unwrap_or("?")
            )),
        }
    }
    if refused.is_empty() {
        Ok(match done.is_empty() {
            true => "no signer requests await a signature".into(),
            false => done.join("\n"),
        })
    } else {
        for line in &done {
            println!("{line}");
        }
        Err(runtime(refused.join("\n")))
    }
}
