//! Signer requests (docs/evm.md, "Withdrawals"): outgoing EVM transactions
//! for the external signer, from building to the chain's verdict.

use super::amounts::{from_sql, to_sql};
use super::query::{one_in_partition, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::crypto::{hex, unhex};
use crate::domain::ids::SignerRequestId;
use crate::domain::page::{Page, PageRequest};
use crate::domain::signer_request::{Purpose, RequestStatus, SignerRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, network, purpose, transaction_id, replaces, status, chain_id, from_address, \
    derivation_index, to_address, value, data, nonce, gas, max_fee_per_gas, max_priority_fee_per_gas, \
    gas_reserved, signed_payload, tx_hash, broadcast_height, included_height, gas_charged, created_at, \
    updated_at, tenant_id, environment";

fn bad(what: String) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text)
}

fn wei(r: &Row, i: usize) -> rusqlite::Result<u128> {
    let text: String = r.get(i)?;
    text.parse().map_err(|_| bad(format!("wei {text}")))
}

/// An integer column that holds a u64 (nonce, gas, chain id): SQLite's
/// INTEGER is i64, and these never come near its end.
fn count(r: &Row, i: usize) -> rusqlite::Result<u64> {
    let n: i64 = r.get(i)?;
    u64::try_from(n).map_err(|_| bad(format!("count {n}")))
}

fn stored(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn from_row(r: &Row) -> rusqlite::Result<SignerRequest> {
    let purpose: String = r.get(2)?;
    let status: String = r.get(5)?;
    let data: String = r.get(11)?;
    let reserved: String = r.get(16)?;
    let charged: Option<String> = r.get(21)?;
    Ok(SignerRequest {
        id: r.get(0)?,
        network: r.get(1)?,
        purpose: Purpose::parse(&purpose).ok_or_else(|| bad(format!("purpose {purpose}")))?,
        transaction_id: r.get(3)?,
        replaces: r.get(4)?,
        status: RequestStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        chain_id: count(r, 6)?,
        from: r.get(7)?,
        derivation_index: r.get(8)?,
        to: r.get(9)?,
        value: wei(r, 10)?,
        data: data
            .strip_prefix("0x")
            .and_then(unhex)
            .ok_or_else(|| bad(format!("data {data}")))?,
        nonce: count(r, 12)?,
        gas: count(r, 13)?,
        max_fee_per_gas: wei(r, 14)?,
        max_priority_fee_per_gas: wei(r, 15)?,
        gas_reserved: from_sql(&reserved).map_err(bad)?,
        signed_payload: r.get(17)?,
        tx_hash: r.get(18)?,
        broadcast_height: r.get(19)?,
        included_height: r.get(20)?,
        gas_charged: charged.as_deref().map(from_sql).transpose().map_err(bad)?,
        created_at: Timestamp::from_millis(r.get(22)?),
        updated_at: Timestamp::from_millis(r.get(23)?),
    })
}

fn with_partition(r: &Row) -> rusqlite::Result<(Partition, SignerRequest)> {
    let env: String = r.get(25)?;
    let p = Partition {
        tenant_id: r.get(24)?,
        environment: Environment::parse(&env).ok_or_else(|| bad(format!("environment {env}")))?,
    };
    Ok((p, from_row(r)?))
}

pub fn insert(conn: &Connection, p: &Partition, s: &SignerRequest) -> Result<(), Error> {
    exec(
        conn,
        &format!(
            "INSERT INTO signer_requests ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
             ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
        ),
        params![
            s.id,
            s.network,
            s.purpose.as_str(),
            s.transaction_id,
            s.replaces,
            s.status.as_str(),
            stored(s.chain_id),
            s.from,
            s.derivation_index,
            s.to,
            s.value.to_string(),
            format!("0x{}", hex(&s.data)),
            stored(s.nonce),
            stored(s.gas),
            s.max_fee_per_gas.to_string(),
            s.max_priority_fee_per_gas.to_string(),
            to_sql(s.gas_reserved),
            s.signed_payload,
            s.tx_hash,
            s.broadcast_height,
            s.included_height,
            s.gas_charged.map(to_sql),
            s.created_at.millis(),
            s.updated_at.millis(),
            p.tenant_id,
            p.environment.as_str(),
        ],
    )?;
    Ok(())
}

/// Saves what changes over a request's life.
pub fn update(conn: &Connection, s: &SignerRequest) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE signer_requests SET status = ?2, signed_payload = ?3, tx_hash = ?4,
             broadcast_height = ?5, included_height = ?6, gas_charged = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            s.id,
            s.status.as_str(),
            s.signed_payload,
            s.tx_hash,
            s.broadcast_height,
            s.included_height,
            s.gas_charged.map(to_sql),
            s.updated_at.millis(),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, p: &Partition, id: &SignerRequestId) -> Result<SignerRequest, Error> {
    one_in_partition(
        conn,
        &format!("SELECT {COLUMNS} FROM signer_requests"),
        p,
        id,
        "signer request",
        from_row,
    )
}

/// A partition's requests in `status`, newest first.
pub fn list(
    conn: &Connection,
    p: &Partition,
    status: RequestStatus,
    page: &PageRequest,
) -> Result<Page<SignerRequest>, Error> {
    ListQuery::in_partition(&format!("SELECT {COLUMNS} FROM signer_requests"), p)
        .and("status = ?", status.as_str())
        .page(conn, "id", page, from_row)
}

/// Every request of a network in one of `statuses`, oldest first.
pub fn in_status(
    conn: &Connection,
    network: &str,
    statuses: &[RequestStatus],
) -> Result<Vec<(Partition, SignerRequest)>, Error> {
    let marks = vec!["?"; statuses.len()].join(", ");
    // The second IN repeats the partial index `signer_requests_open`
    // (schema.sql) word for word so that SQLite uses it: `status IN (?, …)`
    // alone does not imply it, and the sender asks every tick. A status
    // outside it finds nothing.
    let sql = format!(
        "SELECT {COLUMNS} FROM signer_requests WHERE network = ? AND status IN ({marks}) \
         AND status IN ('PendingSignature', 'Signed', 'Broadcast', 'Replaced') ORDER BY +id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut values: Vec<&str> = vec![network];
    values.extend(statuses.iter().map(|s| s.as_str()));
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), with_partition)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The requests of one transaction, oldest first.
pub fn of_transaction(
    conn: &Connection,
    transaction_id: &str,
) -> Result<Vec<SignerRequest>, Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM signer_requests WHERE transaction_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([transaction_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The requests that share a nonce of an address: one of them at most is
/// ever mined.
pub fn same_nonce(
    conn: &Connection,
    network: &str,
    from: &str,
    nonce: u64,
) -> Result<Vec<SignerRequest>, Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM signer_requests
          WHERE network = ?1 AND from_address = ?2 AND nonce = ?3 ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![network, from, stored(nonce)], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Whether an address has a request not yet resolved by the chain: Coffer
/// keeps one nonce in flight per address, so a cancelled request never
/// leaves a gap that blocks later ones.
pub fn busy(conn: &Connection, network: &str, from: &str) -> Result<bool, Error> {
    let found: Option<String> = query_one(
        conn,
        "SELECT id FROM signer_requests
          WHERE network = ?1 AND from_address = ?2
            AND status IN ('PendingSignature', 'Signed', 'Broadcast', 'Replaced') LIMIT 1",
        params![network, from],
        |r| r.get(0),
    )
    .optional()?;
    Ok(found.is_some())
}

/// The nonce after the highest Coffer has seen mined from an address; 0 when
/// none.
pub fn next_nonce(conn: &Connection, network: &str, from: &str) -> Result<u64, Error> {
    let highest: Option<i64> = query_one(
        conn,
        "SELECT MAX(nonce) FROM signer_requests
          WHERE network = ?1 AND from_address = ?2 AND status IN ('Mined', 'Reverted')",
        params![network, from],
        |r| r.get(0),
    )?;
    Ok(highest.map_or(0, |n| u64::try_from(n).unwrap_or(0) + 1))
}

/// Whether a transaction hash is one of Coffer's own requests (a gas top-up
/// to a deposit address is not a deposit).
pub fn is_ours(conn: &Connection, tx_hash: &str) -> Result<bool, Error> {
    let found: Option<String> = query_one(
        conn,
        "SELECT id FROM signer_requests WHERE tx_hash = ?1 AND purpose != 'withdrawal'",
        [tx_hash],
        |r| r.get(0),
    )
    .optional()?;
    Ok(found.is_some())
}
