//! `coffer-signer`, the reference offline signer (src/bin/coffer-signer.rs
//! calls `main`). It holds the keys Coffer never sees: it prints the account
//! xpub a tenant registers and the addresses below it, and signs signer
//! requests after checking them. It never reads the server's database. See
//! docs/evm.md, "Keys and signing" and "The reference signer".

pub mod check;
mod client;
mod key_file;

use crate::chain::eth::{address_path, AccountKey, ACCOUNT_PATH};
use crate::cli::args::Args;
use serde_json::json;
use std::path::Path;

const USAGE: &str = "\
usage: coffer-signer <command> [flags]

commands:
  xpub --key-file F [--passphrase-file P] [--json]
                       the account xpub of m/44'/60'/0', to register with
                       `coffer xpub set`
  address --key-file F --index I [--passphrase-file P] [--json]
                       the address at m/44'/60'/0'/0/I, as a wallet restored
                       from the same key shows it
  requests             list the signer requests awaiting a signature, in words
  sign --key-file F [--id ID] [--search N] [--dry-run] [--passphrase-file P]
                       check each awaiting request (or only ID): payload equal
                       to its fields, fields doing what its words say, sender
                       one of this key's addresses (its derivationPath, or the
                       first N addresses, default 100, for pool addresses);
                       then sign and submit it. Refuses to sign anything that
                       fails a check. --dry-run: check and show, sign nothing.

requests and sign talk to COFFER_URL with the signer API key in
COFFER_KEY_ID and COFFER_KEY_SECRET.

The key file (mode 0600) holds a BIP-39 mnemonic (English words) or an xprv
(the master key, or the account key of m/44'/60'/0'). The passphrase file
(mode 0600, one final line break ignored) holds the mnemonic's optional
BIP-39 passphrase.";

/// Exit codes: 0 success, 1 failure (key file, key), 2 bad usage.
pub fn main() -> i32 {
    let mut args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if args.switch("help") {
        println!("{USAGE}");
        return 0;
    }
    let command = args.next().unwrap_or_default();
    let result = match command.as_str() {
        "xpub" => xpub(args),
        "address" => address(args),
        "requests" => requests(args),
        "sign" => sign(args),
        "" => return usage_error("a command is required"),
        other => return usage_error(&format!("unknown command '{other}'")),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(Failure::Usage(e)) => usage_error(&e),
        Err(Failure::Runtime(e)) => {
            eprintln!("coffer-signer: {e}");
            1
        }
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("coffer-signer: {message}\n\n{USAGE}");
    2
}

enum Failure {
    Usage(String),
    Runtime(String),
}

impl From<String> for Failure {
    fn from(e: String) -> Failure {
        Failure::Usage(e)
    }
}

fn runtime(e: impl ToString) -> Failure {
    Failure::Runtime(e.to_string())
}

/// The account key from `--key-file` and `--passphrase-file`.
fn account_key(args: &mut Args) -> Result<AccountKey, Failure> {
    let key_path = args
        .value("key-file")?
        .ok_or_else(|| Failure::Usage("--key-file is required".into()))?;
    let passphrase = args
        .value("passphrase-file")?
        .map(|p| key_file::read_secret(Path::new(&p), "passphrase file"))
        .transpose()
        .map_err(runtime)?;
    let text = key_file::read_secret(Path::new(&key_path), "key file").map_err(runtime)?;
    let passphrase = passphrase.as_deref().map(|p| key_file::passphrase(p));
    AccountKey::from_key_text(&text, passphrase)
        .map_err(|e| runtime(format!("key file {key_path}: {e}")))
}

fn xpub(mut args: Args) -> Result<String, Failure> {
    let key = account_key(&mut args)?;
    let json = args.switch("json");
    args.finish()?;
    let xpub = key.xpub().to_string();
    Ok(match json {
        true => json!({"xpub": xpub, "derivationPath": ACCOUNT_PATH}).to_string(),
        false => xpub,
    })
}

fn address(mut args: Args) -> Result<String, Failure> {
    let index = args
        .value("index")?
        .ok_or_else(|| Failure::Usage("--index is required".into()))?;
    let index: u32 = index
        .parse()
        .ok()
        .filter(|&i: &u32| i < 1 << 31)
        .ok_or_else(|| Failure::Usage(format!("--index {index}: a number from 0 to 2147483647")))?;
    let key = account_key(&mut args)?;
    let json = args.switch("json");
    args.finish()?;
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

fn requests(args: Args) -> Result<String, Failure> {
    args.finish()?;
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
fn sign(mut args: Args) -> Result<String, Failure> {
    let only = args.value("id")?;
    let search = match args.value("search")? {
        None => 100,
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0 && n <= 100_000)
            .ok_or_else(|| Failure::Usage(format!("--search {n}: a number from 1 to 100000")))?,
    };
    let dry_run = args.switch("dry-run");
    let key = account_key(&mut args)?;
    args.finish()?;
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
