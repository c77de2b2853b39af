//! What the live chain adapters keep: imported deposit-address pools, the
//! recent blocks each network's scanner has read, and transfers to our
//! addresses that no wallet may take.

use super::amounts::{from_sql, to_sql};
use super::{exec, is_unique_violation, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::TenantId;
use crate::domain::money::Amount;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

/// Adds addresses (already validated and normalised) to a partition's pool on
/// a network, in order. An address already in any pool or already a deposit
/// address refuses the whole import (the caller's write job rolls back).
pub fn pool_import(
    conn: &Connection,
    p: &Partition,
    network: &str,
    addresses: &[String],
    now: Timestamp,
) -> Result<usize, Error> {
    let duplicate = |address: &str| {
        Error::conflict(
            "address_exists",
            format!("{address} is already imported or in use on {network}"),
        )
    };
    let mut seq: i64 = query_one(
        conn,
        "SELECT COALESCE(MAX(seq), 0) FROM address_pool",
        [],
        |r| r.get(0),
    )?;
    for address in addresses {
        let in_use: Option<String> = query_one(
            conn,
            "SELECT id FROM deposit_addresses WHERE network = ?1 AND address = ?2",
            params![network, address],
            |r| r.get(0),
        )
        .optional()?;
        if in_use.is_some() {
            return Err(duplicate(address));
        }
        seq += 1;
        exec(
            conn,
            "INSERT INTO address_pool (network, address, tenant_id, environment, imported_at, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                network,
                address,
                p.tenant_id,
                p.environment.as_str(),
                now.millis(),
                seq
            ],
        )
        .map_err(|e| {
            if is_unique_violation(&e) {
                duplicate(address)
            } else {
                e.into()
            }
        })?;
    }
    Ok(addresses.len())
}

/// Gives the partition's oldest unused pool address on a network to a wallet;
/// `None` when the pool is empty.
pub fn pool_take(
    conn: &Connection,
    p: &Partition,
    network: &str,
    wallet_id: &str,
) -> Result<Option<String>, Error> {
    Ok(query_one(
        conn,
        "UPDATE address_pool SET wallet_id = ?4
          WHERE rowid = (SELECT rowid FROM address_pool
                          WHERE tenant_id = ?1 AND environment = ?2 AND network = ?3
                            AND wallet_id IS NULL
                          ORDER BY seq LIMIT 1)
          RETURNING address",
        params![p.tenant_id, p.environment.as_str(), network, wallet_id],
        |r| r.get(0),
    )
    .optional()?)
}

/// How many unused addresses the partition's pool holds on a network.
pub fn pool_free(conn: &Connection, p: &Partition, network: &str) -> Result<i64, Error> {
    Ok(query_one(
        conn,
        "SELECT COUNT(*) FROM address_pool
          WHERE tenant_id = ?1 AND environment = ?2 AND network = ?3 AND wallet_id IS NULL",
        params![p.tenant_id, p.environment.as_str(), network],
        |r| r.get(0),
    )?)
}

/// The scanner's recent blocks on a network, highest first: (height, hash).
pub fn recent_blocks(conn: &Connection, network: &str) -> Result<Vec<(i64, String)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT height, hash FROM chain_blocks WHERE network = ?1 ORDER BY height DESC",
    )?;
    let rows = stmt
        .query_map([network], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The highest block the scanner has read on a network.
pub fn cursor(conn: &Connection, network: &str) -> Result<Option<i64>, Error> {
    Ok(query_one(
        conn,
        "SELECT MAX(height) FROM chain_blocks WHERE network = ?1",
        [network],
        |r| r.get(0),
    )?)
}

/// Records a block as read and forgets those more than `keep` below it.
pub fn record_block(
    conn: &Connection,
    network: &str,
    height: i64,
    hash: &str,
    keep: i64,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO chain_blocks (network, height, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (network, height) DO UPDATE SET hash = excluded.hash",
        params![network, height, hash],
    )?;
    exec(
        conn,
        "DELETE FROM chain_blocks WHERE network = ?1 AND height <= ?2",
        params![network, height - keep],
    )?;
    Ok(())
}

/// Forgets the blocks above `height` (a reorganisation replaced them), and
/// the unattributed transfers seen in them.
pub fn rollback_to(conn: &Connection, network: &str, height: i64) -> Result<(), Error> {
    exec(
        conn,
        "DELETE FROM chain_blocks WHERE network = ?1 AND height > ?2",
        params![network, height],
    )?;
    exec(
        conn,
        "DELETE FROM unattributed_transfers WHERE network = ?1 AND block_height > ?2",
        params![network, height],
    )?;
    Ok(())
}

/// A transfer to a deposit address of a wallet of another asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unattributed {
    pub network: String,
    pub tx_hash: String,
    /// The log's index; -1 for the native value of the transaction.
    pub log_index: i64,
    pub asset_id: String,
    pub to: String,
    pub wallet_id: String,
    pub amount: Amount,
    pub height: i64,
}

/// Keeps `u` for an operator (once: a block read again adds nothing).
pub fn record_unattributed(
    conn: &Connection,
    u: &Unattributed,
    now: Timestamp,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT OR IGNORE INTO unattributed_transfers
             (network, tx_hash, log_index, asset_id, to_address, wallet_id, amount, block_height, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            u.network,
            u.tx_hash,
            u.log_index,
            u.asset_id,
            u.to,
            u.wallet_id,
            to_sql(u.amount),
            u.height,
            now.millis()
        ],
    )?;
    Ok(())
}

/// The unattributed transfers of a network, oldest first.
pub fn unattributed(conn: &Connection, network: &str) -> Result<Vec<Unattributed>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT network, tx_hash, log_index, asset_id, to_address, wallet_id, amount, block_height
           FROM unattributed_transfers WHERE network = ?1 ORDER BY block_height, tx_hash, log_index",
    )?;
    let rows = stmt
        .query_map([network], |r| {
            Ok((
                Unattributed {
                    network: r.get(0)?,
                    tx_hash: r.get(1)?,
                    log_index: r.get(2)?,
                    asset_id: r.get(3)?,
                    to: r.get(4)?,
                    wallet_id: r.get(5)?,
                    amount: Amount::ZERO,
                    height: r.get(7)?,
                },
                r.get::<_, String>(6)?,
            ))
        })?
        .map(|row| {
            let (u, amount) = row?;
            Ok(Unattributed {
                amount: from_sql(&amount).map_err(Error::Internal)?,
                ..u
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(rows)
}

/// Asks the network's scanner to read again from `from_block` (a later ask
/// replaces an earlier one not yet taken).
pub fn request_rescan(
    conn: &Connection,
    network: &str,
    from_block: i64,
    now: Timestamp,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO chain_rescans (network, from_block, asked_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (network) DO UPDATE SET from_block = excluded.from_block,
                                             asked_at = excluded.asked_at",
        params![network, from_block, now.millis()],
    )?;
    Ok(())
}

/// The block a rescan asked for on a network starts from, if one waits.
pub fn pending_rescan(conn: &Connection, network: &str) -> Result<Option<i64>, Error> {
    Ok(query_one(
        conn,
        "SELECT from_block FROM chain_rescans WHERE network = ?1",
        [network],
        |r| r.get(0),
    )
    .optional()?)
}

/// A tenant's gas station on a network: its address and, when derived,
/// its BIP-32 index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GasStation {
    pub address: String,
    pub derivation_index: Option<u32>,
}

/// Sets (or moves) a partition's gas station on a network. An address that
/// is a deposit address or in a pool is refused (409): the tenant's gas
/// money and a customer's coins must not share an address.
pub fn set_gas_station(
    conn: &Connection,
    p: &Partition,
    network: &str,
    station: &GasStation,
    now: Timestamp,
) -> Result<(), Error> {
    let taken: Option<String> = query_one(
        conn,
        "SELECT address FROM deposit_addresses WHERE network = ?1 AND address = ?2
         UNION SELECT address FROM address_pool WHERE network = ?1 AND address = ?2",
        params![network, station.address],
        |r| r.get(0),
    )
    .optional()?;
    if taken.is_some() {
        return Err(Error::conflict(
            "address_exists",
            format!(
                "{} is a deposit address on {network}; a gas station needs its own",
                station.address
            ),
        ));
    }
    exec(
        conn,
        "INSERT INTO gas_stations (tenant_id, environment, network, address, derivation_index, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (tenant_id, environment, network)
         DO UPDATE SET address = excluded.address, derivation_index = excluded.derivation_index",
        params![
            p.tenant_id,
            p.environment.as_str(),
            network,
            station.address,
            station.derivation_index,
            now.millis()
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict(
                "address_exists",
                format!("{} is another tenant's gas station", station.address),
            )
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn gas_station(
    conn: &Connection,
    p: &Partition,
    network: &str,
) -> Result<Option<GasStation>, Error> {
    Ok(query_one(
        conn,
        "SELECT address, derivation_index FROM gas_stations
          WHERE tenant_id = ?1 AND environment = ?2 AND network = ?3",
        params![p.tenant_id, p.environment.as_str(), network],
        |r| {
            Ok(GasStation {
                address: r.get(0)?,
                derivation_index: r.get(1)?,
            })
        },
    )
    .optional()?)
}

/// When block `height` is the one a waiting rescan starts from: the rescan is
/// under way, so the blocks read before it from there on are forgotten (the
/// cursor moves back). In the job that records that block, so a pass that
/// fails before it leaves the rescan waiting.
pub fn start_rescan_at(conn: &Connection, network: &str, height: i64) -> Result<(), Error> {
    let started = exec(
        conn,
        "DELETE FROM chain_rescans WHERE network = ?1 AND from_block = ?2",
        params![network, height],
    )?;
    if started > 0 {
        exec(
            conn,
            "DELETE FROM chain_blocks WHERE network = ?1 AND height >= ?2",
            params![network, height],
        )?;
    }
    Ok(())
}

/// The partition whose gas station `address` is, if any.
pub fn gas_station_owner(
    conn: &Connection,
    network: &str,
    address: &str,
) -> Result<Option<Partition>, Error> {
    Ok(query_one(
        conn,
        "SELECT tenant_id, environment FROM gas_stations WHERE network = ?1 AND address = ?2",
        params![network, address],
        |r| {
            let env: String = r.get(1)?;
            Ok((r.get::<_, TenantId>(0)?, env))
        },
    )
    .optional()?
    .and_then(|(tenant_id, env)| {
        crate::domain::tenancy::Environment::parse(&env).map(|environment| Partition {
            tenant_id,
            environment,
        })
    }))
}
