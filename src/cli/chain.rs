//! `coffer chain rescan --network N --from BLOCK`: asks the network's scanner
//! to read again from a block (while `serve` runs, or before it starts), to
//! record deposits it missed (docs/evm.md, "Operations").

use super::args::Args;
use super::{base_tenant, env_var, Failure};
use crate::config::Config;
use crate::domain::tenancy::{Environment, Partition};
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::service::{operator, provision};

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    if args.next().as_deref() != Some("rescan") {
        return Err(Failure::Usage(
            "chain needs: rescan --network N --from BLOCK".into(),
        ));
    }
    let network = args.value("network")?.ok_or("--network is required")?;
    let from = args.value("from")?.ok_or("--from is required")?;
    args.finish()?;
    let from: i64 = from
        .parse()
        .ok()
        .filter(|b| *b >= 0)
        .ok_or_else(|| format!("--from must be a block number, not '{from}'"))?;
    if !config.networks.iter().any(|n| n.name == network) {
        return Err(Failure::Usage(format!(
            "no [[networks]] entry is named '{network}'"
        )));
    }
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
