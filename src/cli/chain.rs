//! `coffer chain rescan --network N --from BLOCK`: asks the network's scanner
//! to read again from a block (while `serve` runs, or before it starts), to
//! record deposits it missed (docs/evm.md, "Operations").

use super::{base_tenant, env_var, Failure};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::service::{operator, provision};

#[derive(clap::Subcommand)]
pub enum Action {
    /// The network's scanner reads again from BLOCK (serving or not),
    /// recording deposits it missed
    Rescan {
        /// A configured EVM network ([[networks]] name)
        #[arg(long, value_name = "N")]
        network: String,
        /// The block to read again from
        #[arg(long, value_name = "BLOCK", allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(0..))]
        from: i64,
    },
}

pub fn run(action: Action, config: Config) -> Result<(), Failure> {
    let Action::Rescan { network, from } = action;
    let network = super::network(&config, network)?;
    let opened = provision::open(config.data_dir(), 1, &env_var)?;
    // A chain is the appliance's, not a tenant's: the rescan is the base
    // tenant's operator's change, audited under no tenant.
    let p = Partition {
        tenant_id: base_tenant(&opened)?,
        environment: Environment::Live,
    };
    let name = network.clone();
    let act = Act::cli("chain", p);
    let cursor = work::run(&opened.store, &NoWorkers, act, move |work| {
        let cursor = operator::rescan(work, &name, from)?;
        let books = Books {
            tenant_id: None,
            environment: Some(Environment::Live),
        };
        work.audit(
            "chain.rescan",
            Some(("network", format!("{name}@{from}"))),
            Some(books),
        )?;
        Ok(cursor)
    })?;
    println!(
        "the {network} scanner reads again from block {from} (it had reached {cursor}) on its next pass"
    );
    Ok(())
}
