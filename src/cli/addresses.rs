//! `coffer addresses import`: deposit addresses generated offline, for live
//! chains whose adapter takes them from a pool; `coffer addresses
//! gas-station`: the tenant's address that pays gas top-ups (docs/evm.md).

use super::{env_var, network, tenant, Failure, TenantFlag};
use crate::config::Config;
use crate::domain::address::validate_evm_address;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::work::{self, Act, NoWorkers};
use crate::service::{operator, provision};
use crate::store;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Deposit addresses generated offline for live wallets (EIP-55, one a
    /// line; blank lines and # comments skipped); a duplicate refuses the file
    Import(ImportArgs),
    /// The tenant's address whose coin pays gas top-ups of token withdrawals
    GasStation(GasStationArgs),
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// A configured EVM network ([[networks]] name)
    #[arg(long, value_name = "N")]
    network: String,
    /// The file of addresses
    #[arg(long, value_name = "F")]
    file: String,
    #[command(flatten)]
    tenant: TenantFlag,
}

#[derive(clap::Args)]
pub struct GasStationArgs {
    /// A configured EVM network ([[networks]] name)
    #[arg(long, value_name = "N")]
    network: String,
    /// The address (EIP-55)
    #[arg(long, value_name = "A")]
    address: String,
    /// Its BIP-32 index below the account xpub, for the signer
    #[arg(long, value_name = "I", value_parser = clap::value_parser!(u32).range(0..1 << 31))]
    index: Option<u32>,
    #[command(flatten)]
    tenant: TenantFlag,
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    match action {
        Action::Import(args) => import(args, config),
        Action::GasStation(args) => gas_station(args, config),
    }
}

/// `coffer addresses gas-station --network N --address A [--index I]`.
fn gas_station(args: GasStationArgs, config: Config) -> Result<(), Failure> {
    let network = network(&config, args.network)?;
    let address = args.address;
    let address = validate_evm_address(&address)
        .ok()
        .filter(|c| *c == address)
        .ok_or_else(|| format!("--address '{address}' is not an EIP-55 address"))?;
    let derivation_index = args.index;
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    let tenant_id = tenant(args.tenant, &opened)?;
    let p = Partition {
        tenant_id,
        environment: Environment::Live,
    };
    let station = store::chain::GasStation {
        address: address.clone(),
        derivation_index,
    };
    let act = Act::cli("addresses", p);
    work::run(&opened.store, &NoWorkers, act, move |work| {
        operator::set_gas_station(work, &network, &station)?;
        let object = ("gas_station", station.address.clone());
        work.audit("addresses.gas_station", Some(object), None)
    })?;
    println!("gas station: {address}");
    Ok(())
}

fn import(args: ImportArgs, config: Config) -> Result<(), Failure> {
    let network = network(&config, args.network)?;
    let file = args.file;
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    let tenant_id = tenant(args.tenant, &opened)?;
    let text = std::fs::read_to_string(&file)
        .map_err(|e| Failure::Runtime(format!("cannot read {file}: {e}")))?;
    let addresses = parse_pool(&text).map_err(Failure::Runtime)?;
    let p = Partition {
        tenant_id,
        environment: Environment::Live,
    };
    let act = Act::cli("addresses", p);
    let (imported, free) = work::run(&opened.store, &NoWorkers, act, move |work| {
        let counts = operator::import_pool(work, &network, &addresses)?;
        work.audit("addresses.import", Some(("address_pool", network)), None)?;
        Ok(counts)
    })?;
    println!("imported {imported} address(es); {free} unused in the pool");
    Ok(())
}

/// The file's addresses, one per line (blank lines and `#` comments skipped),
/// each in its checksummed form: an address without a verifiable checksum
/// or seen twice refuses the whole file, naming the line.
pub fn parse_pool(text: &str) -> Result<Vec<String>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let checksummed = validate_evm_address(line)
            .ok()
            .filter(|c| c == line)
            .ok_or_else(|| {
                format!(
                    "line {}: '{line}' is not an EIP-55 checksummed address",
                    n + 1
                )
            })?;
        if !seen.insert(checksummed.clone()) {
            return Err(format!("line {}: {line} is listed twice", n + 1));
        }
        out.push(checksummed);
    }
    if out.is_empty() {
        return Err("the file lists no address".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_files_need_eip55_and_no_repeats() {
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let ok = parse_pool(&format!("# pool\n{good}\n\n")).unwrap();
        assert_eq!(ok, vec![good.to_string()]);
        let lower = good.to_ascii_lowercase();
        assert!(parse_pool(&lower).unwrap_err().contains("line 1"));
        let typo = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        assert!(parse_pool(typo).is_err());
        let twice = format!("{good}\n{good}\n");
        assert!(parse_pool(&twice).unwrap_err().contains("line 2"));
        assert!(parse_pool("\n").is_err());
    }
}
