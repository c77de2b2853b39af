//! Changes only the operator makes, at the machine (docs/evm.md,
//! "Operations"): the gas station and the address pool of a tenant's live
//! books, and a chain scanner's rescan. Each runs in a unit of work of the
//! CLI's; the caller names the change for its audit record.

use crate::domain::Error;
use crate::service::work::Work;
use crate::store::{self, chain::GasStation};

fn tenant_exists(work: &Work) -> Result<(), Error> {
    match store::tenants::get(work.conn, &work.p.tenant_id)? {
        Some(_) => Ok(()),
        None => Err(Error::not_found("tenant", work.p.tenant_id.to_string())),
    }
}

/// Sets the address that pays the books' gas top-ups on `network`.
pub fn set_gas_station(work: &Work, network: &str, station: &GasStation) -> Result<(), Error> {
    tenant_exists(work)?;
    store::chain::set_gas_station(work.conn, &work.p, network, station, work.now)
}

/// Adds deposit addresses generated offline to the books' pool on `network`;
/// answers how many were new and how many are unused now.
pub fn import_pool(
    work: &Work,
    network: &str,
    addresses: &[String],
) -> Result<(usize, i64), Error> {
    tenant_exists(work)?;
    let imported = store::chain::pool_import(work.conn, &work.p, network, addresses, work.now)?;
    Ok((
        imported,
        store::chain::pool_free(work.conn, &work.p, network)?,
    ))
}

/// Asks `network`'s scanner to read again from block `from`, which must not
/// be past what it has scanned; answers the block it had reached.
pub fn rescan(work: &Work, network: &str, from: i64) -> Result<i64, Error> {
    let cursor = store::chain::cursor(work.conn, network)?.ok_or_else(|| {
        Error::conflict(
            "nothing_scanned",
            format!("{network} has not been scanned yet: set its start_block instead"),
        )
    })?;
    if from > cursor {
        return Err(Error::conflict(
            "beyond_cursor",
            format!("--from {from} is past the highest block scanned on {network} ({cursor})"),
        ));
    }
    store::chain::request_rescan(work.conn, network, from, work.now)?;
    Ok(cursor)
}
