//! The `coffer` command line: one function per subcommand.

mod addresses;
pub(crate) mod args;
mod backup;
mod call;
mod chain;
mod keys;
mod progress;
mod serve;
mod tenants;
mod users;
mod verify;
mod xpub;

use crate::config::{Config, Flags};
use crate::service::provision::Opened;
use args::Args;

const USAGE: &str = "\
usage: coffer <command> [flags]

commands:
  serve                      run the HTTP server (initialises an empty data dir)
  init [--json]              create a data dir: database, master key, first credentials
  verify                     check the database: integrity, ledger against entries, audit chain
  backup DEST [--keep N] [--json]
                             an online, consistent copy of the database (safe while serving);
                             DEST a file, or a directory (then named by time, --keep the newest N)
  check-config               load the configuration and report every problem
  keys create --name N [--roles r1,r2] [--scopes s1,s2] [--ip-allow CIDR,..]
              [--expires RFC3339] [--env test|live] [--tenant ID] [--user EMAIL]
              [--read-only] [--json]
  keys list [--json]
  keys revoke NAME_OR_ID [--tenant ID]
  tenants create --name N [--label L] [--json]   another tenant (subwallet) and its admin token
  tenants list
  users add --name N --email E --role admin|approver|auditor|viewer [--tenant ID]
            [--password-file F] [--json]
  users passwd --email E --password-file F [--tenant ID]   set a console password (argon2id)
  users list [--tenant ID] [--json]
  users reset-2fa --email E [--tenant ID]   remove a user's console two-factor (lost phone)
  addresses import --network N --file F [--tenant ID]
                             deposit addresses generated offline (EIP-55, one a line) for
                             live wallets; duplicates refuse the whole file
  addresses gas-station --network ethereum --address A [--index I] [--tenant ID]
                             the tenant's address whose coin pays gas top-ups of token
                             withdrawals (--index: its BIP-32 index, for the signer)
  chain rescan --network N --from BLOCK
                             the network's scanner reads again from BLOCK (serving or not),
                             recording deposits it missed
  xpub set --network N XPUB [--tenant ID] [--json]
                             the account xpub (m/44'/60'/0') live wallets on network N
                             derive their deposit addresses from (coffer-signer xpub)
  call METHOD PATH [BODY|-|@FILE]  a signed request; key from COFFER_KEY_ID and COFFER_KEY_SECRET,
                             server from COFFER_URL (default http://<listen>)

flags for every command: --data-dir DIR, --config FILE, --listen ADDR";

/// Exit codes: 0 success, 1 failure, 2 bad usage or configuration.
pub fn main() -> i32 {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let mut args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if args.switch("help") {
        println!("{USAGE}");
        return 0;
    }
    let command = args.next().unwrap_or_default();
    let flags = match global_flags(&mut args) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let result = match command.as_str() {
        "serve" => with_config(args, &flags, |args, config| {
            args.finish()?;
            serve::serve(&config)
        }),
        "init" => with_config(args, &flags, serve::init),
        "check-config" => with_config(args, &flags, |args, config| {
            args.finish()?;
            println!(
                "configuration is valid (data dir {}, listen {})",
                config.data_dir, config.listen
            );
            Ok(())
        }),
        "keys" => with_config(args, &flags, keys::run),
        "tenants" => with_config(args, &flags, tenants::run),
        "users" => with_config(args, &flags, users::run),
        "verify" => with_config(args, &flags, verify::run),
        "backup" => with_config(args, &flags, backup::run),
        "call" => with_config(args, &flags, call::run),
        "addresses" => with_config(args, &flags, addresses::run),
        "xpub" => with_config(args, &flags, xpub::run),
        "chain" => with_config(args, &flags, chain::run),
        "" => return usage_error("a command is required"),
        other => return usage_error(&format!("unknown command '{other}'")),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(e)) => usage_error(&e),
        Err(Failure::Config(e)) => {
            eprintln!("coffer: {e}");
            2
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("coffer: {e}");
            1
        }
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("coffer: {message}\n\n{USAGE}");
    2
}

/// Why a command failed: the caller's mistake (exit 2), with the usage for a
/// mistake in the command line; or the world's (exit 1).
pub enum Failure {
    Usage(String),
    /// The configuration is wrong: exit 2, every problem listed, no usage.
    Config(String),
    Runtime(String),
}

impl From<String> for Failure {
    fn from(e: String) -> Failure {
        Failure::Usage(e)
    }
}

impl From<&str> for Failure {
    fn from(e: &str) -> Failure {
        Failure::Usage(e.to_string())
    }
}

impl From<crate::domain::Error> for Failure {
    fn from(e: crate::domain::Error) -> Failure {
        Failure::Runtime(e.to_string())
    }
}

fn global_flags(args: &mut Args) -> Result<Flags, String> {
    Ok(Flags {
        config: args.value("config")?.map(Into::into),
        data_dir: args.value("data-dir")?,
        listen: args.value("listen")?,
    })
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The tenant named by `--tenant`, or the base tenant.
fn tenant(args: &mut Args, opened: &Opened) -> Result<String, Failure> {
    match args.value("tenant")? {
        Some(id) => Ok(id),
        None => base_tenant(opened),
    }
}

fn base_tenant(opened: &Opened) -> Result<String, Failure> {
    opened
        .store
        .read(crate::store::tenants::base)?
        .map(|t| t.id)
        .ok_or_else(|| Failure::Runtime("the database has no base tenant".into()))
}

fn with_config(
    args: Args,
    flags: &Flags,
    command: impl FnOnce(Args, Config) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let config = Config::load(flags, &env_var)
        .map_err(|e| Failure::Config(format!("configuration:\n{e}")))?;
    command(args, config)
}
