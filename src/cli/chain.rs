//! `coffer chain rescan --network N --from BLOCK`: asks the network's scanner
//! to read again from a block (while `serve` runs, or before it starts), to
//! record deposits it missed (docs/evm.md, "Operations").

use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::audit::AuditEntry;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::service::provision;
use crate::store;

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
