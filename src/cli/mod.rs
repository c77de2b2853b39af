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
use crate::domain::ids::{TenantId, TypedId};
use crate::service::provision::Opened;
use clap::{CommandFactory, Parser, Subcommand};

/// `coffer`: the flags every command takes, then one command.
#[derive(Parser)]
#[command(
    name = "coffer",
    version,
    about = "Self-hosted crypto custody: one binary, one SQLite file, one HTTP API",
    after_help = ENVIRONMENT
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

const ENVIRONMENT: &str = "\
Environment: every configuration key as COFFER_SECTION_KEY (COFFER_DATA_DIR,
COFFER_LISTEN, COFFER_LIMITS_PER_KEY_PER_MINUTE…), COFFER_CONFIG for the file,
COFFER_MASTER_KEY_FILE for a master key outside the data dir. Flags beat the
environment, which beats the file.";

/// Taken before or after the command (`coffer --data-dir D keys list` or
/// `coffer keys list --data-dir D`).
#[derive(clap::Args)]
#[command(next_help_heading = "Global options")]
struct Global {
    /// The data dir: database, master key, first credentials [env: COFFER_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<String>,
    /// The configuration file (TOML) [env: COFFER_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    /// The address to serve on, and `coffer call`'s default server [env: COFFER_LISTEN]
    #[arg(long, global = true, value_name = "ADDR")]
    listen: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (initialises an empty data dir first)
    Serve,
    /// Create a data dir: database, master key, first credentials
    Init {
        /// Print the credentials as JSON
        #[arg(long)]
        json: bool,
    },
    /// Check the database: integrity, ledger against entries, audit chain
    Verify,
    /// An online, consistent copy of the database (safe while serving)
    Backup(backup::Args),
    /// Load the configuration and report every problem
    CheckConfig,
    /// API keys: create, list, revoke
    #[command(subcommand)]
    Keys(keys::Action),
    /// Tenants (the admin API's subwallets): create, list
    #[command(subcommand)]
    Tenants(tenants::Action),
    /// The people of a tenant and their console passwords
    #[command(subcommand)]
    Users(users::Action),
    /// Deposit address pools and gas stations of live EVM networks
    #[command(subcommand)]
    Addresses(addresses::Action),
    /// Chain scanners: rescan
    #[command(subcommand)]
    Chain(chain::Action),
    /// The account xpub live wallets derive their deposit addresses from
    #[command(subcommand)]
    Xpub(xpub::Action),
    /// A signed request to the API, as a client would send it
    Call(call::Args),
}

/// The `coffer` command. A command with actions of its own (`keys`,
/// `users`…) answers a missing action with a usage error, not its help, and
/// takes no `help` action: `coffer keys help` is a mistyped action.
fn command() -> clap::Command {
    args::requiring_a_command(Cli::command()).mut_subcommands(|c| {
        if c.has_subcommands() {
            c.arg_required_else_help(false)
                .disable_help_subcommand(true)
        } else {
            c
        }
    })
}

/// Exit codes: 0 success, 1 failure, 2 bad usage or configuration.
pub fn main() -> i32 {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli: Cli = match args::parse(command()) {
        Ok(cli) => cli,
        Err(exit_code) => return exit_code,
    };
    let flags = Flags {
        config: cli.global.config,
        data_dir: cli.global.data_dir,
        listen: cli.global.listen,
    };
    let config = match Config::load(&flags, &env_var) {
        Ok(config) => config,
        Err(e) => return failed(Failure::Config(format!("configuration:\n{e}"))),
    };
    let result = match cli.command {
        Command::Serve => serve::serve(&config),
        Command::Init { json } => serve::init(json, config),
        Command::CheckConfig => {
            println!(
                "configuration is valid (data dir {}, listen {})",
                config.data_dir, config.listen
            );
            Ok(())
        }
        Command::Keys(action) => keys::run(action, config),
        Command::Tenants(action) => tenants::run(action, config),
        Command::Users(action) => users::run(action, config),
        Command::Verify => verify::run(config),
        Command::Backup(args) => backup::run(args, config),
        Command::Call(args) => call::run(args, config),
        Command::Addresses(action) => addresses::run(action, config),
        Command::Xpub(action) => xpub::run(action, config),
        Command::Chain(action) => chain::run(action, config),
    };
    match result {
        Ok(()) => 0,
        Err(failure) => failed(failure),
    }
}

fn failed(failure: Failure) -> i32 {
    match failure {
        Failure::Usage(e) => args::report(e, &mut command()),
        Failure::Config(e) => {
            eprintln!("coffer: {e}");
            2
        }
        Failure::Runtime(e) => {
            eprintln!("coffer: {e}");
            1
        }
    }
}

/// Why a command failed: the caller's mistake (exit 2), told as clap tells
/// one; or the world's (exit 1).
pub enum Failure {
    Usage(clap::Error),
    /// The configuration is wrong: exit 2, every problem listed, no usage.
    Config(String),
    Runtime(String),
}

impl From<String> for Failure {
    fn from(e: String) -> Failure {
        Failure::Usage(args::usage(e))
    }
}

impl From<&str> for Failure {
    fn from(e: &str) -> Failure {
        Failure::Usage(args::usage(e))
    }
}

impl From<clap::Error> for Failure {
    fn from(e: clap::Error) -> Failure {
        Failure::Usage(e)
    }
}

impl From<crate::domain::Error> for Failure {
    fn from(e: crate::domain::Error) -> Failure {
        Failure::Runtime(e.to_string())
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// `--tenant ID`, for the commands that act in one tenant.
#[derive(clap::Args)]
struct TenantFlag {
    /// The tenant (default: the base tenant)
    #[arg(long = "tenant", value_name = "ID")]
    id: Option<String>,
}

/// The tenant named by `--tenant`, or the base tenant.
fn tenant(given: TenantFlag, opened: &Opened) -> Result<TenantId, Failure> {
    match given_tenant(given, opened)? {
        Some(id) => Ok(id),
        None => base_tenant(opened),
    }
}

/// The tenant named by `--tenant`, if it names one: a mistyped id is said
/// as such, not as an empty list or a missing wallet.
fn given_tenant(given: TenantFlag, opened: &Opened) -> Result<Option<TenantId>, Failure> {
    let Some(given) = given.id else {
        return Ok(None);
    };
    let missing = || Failure::Runtime(format!("no tenant with id '{given}'"));
    // Parsed at the edge: junk is a tenant that does not exist.
    let id = TenantId::parse(given.as_str()).map_err(|_| missing())?;
    match opened
        .store
        .read(|conn| crate::store::tenants::get(conn, &id))?
    {
        Some(_) => Ok(Some(id)),
        None => Err(missing()),
    }
}

fn base_tenant(opened: &Opened) -> Result<TenantId, Failure> {
    opened
        .store
        .read(crate::store::tenants::base)?
        .map(|t| t.id)
        .ok_or_else(|| Failure::Runtime("the database has no base tenant".into()))
}

/// `--network`, which must name a `[[networks]]` entry of the configuration:
/// a wrong one is refused listing the configured ones.
fn network(config: &Config, given: String) -> Result<String, Failure> {
    let known: Vec<&str> = config.networks.iter().map(|n| n.name.as_str()).collect();
    if known.is_empty() {
        return Err(Failure::Usage(args::usage(format!(
            "--network {given}: the configuration has no [[networks]] entry (docs/evm.md)"
        ))));
    }
    args::check_value(&command(), "network", &known, &given)?;
    Ok(given)
}
