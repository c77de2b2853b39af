//! `coffer chain rescan --network N --from BLOCK`: asks the network's scanner
//! to read again from a block (while `serve` runs, or before it starts), to
//! record deposits it missed (docs/evm.md, "Operations").

use super::args::Args;
use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::audit::AuditEntry;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::service::provision;
use crate::store;

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
    let now = Timestamp::now();
    let name = network.clone();
    let cursor = opened.store.write(move |conn| {
        let cursor = store::chain::cursor(conn, &name)?.ok_or_else(|| {
            Error::conflict(
                "nothing_scanned",
                format!("{name} has not been scanned yet: set its start_block instead"),
            )
        })?;
        if from > cursor {
            return Err(Error::conflict(
                "beyond_cursor",
                format!("--from {from} is past the highest block scanned on {name} ({cursor})"),
            ));
        }
        store::chain::request_rescan(conn, &name, from, now)?;
        let audit = AuditEntry {
            environment: Some(Environment::Live),
            actor_type: "cli".into(),
            actor_id: "chain".into(),
            action: "chain.rescan".into(),
            object_type: Some("network".into()),
            object_id: Some(format!("{name}@{from}")),
            ..AuditEntry::default()
        };
        store::audit::append(conn, &audit, now)?;
        Ok(cursor)
    })?;
    println!(
        "the {network} scanner reads again from block {from} (it had reached {cursor}) on its next pass"
    );
    Ok(())
}
