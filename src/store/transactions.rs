//! Custody transactions (deposits, transfers, withdrawals).

use super::amounts::{from_sql, to_sql};
use super::query::{one_in_partition, Alternative, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::{first_id_at, minted_at};
use crate::domain::ids::{TransactionId, VaultId, WalletId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{
    Deposit, Details, Direction, Kind, OnChain, Status, Transaction, Transfer, Withdrawal,
};
use crate::domain::Error;
use rusqlite::types::FromSql;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, kind, status, asset_id, network, amount, fee, source_vault_id, destination_vault_id, \
    source_wallet_id, destination_wallet_id, source_address, destination_address, destination_tag, \
    address_book_entry_id, tx_hash, included_height, confirmations, required_confirmations, unsigned_payload, \
    signed_payload, note, failure_reason, activity_id, created_at, updated_at, tenant_id, environment";

fn bad(what: String) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text)
}

fn amount(r: &Row, i: usize) -> rusqlite::Result<crate::domain::money::Amount> {
    let text: String = r.get(i)?;
    from_sql(&text).map_err(bad)
}

fn from_row(r: &Row) -> rusqlite::Result<Transaction> {
    let id: TransactionId = r.get(0)?;
    let status: String = r.get(2)?;
    Ok(Transaction {
        details: details(r, &id)?,
        id,
        status: Status::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        asset_id: r.get(3)?,
        network: r.get(4)?,
        amount: amount(r, 5)?,
        fee: amount(r, 6)?,
        confirmations: r.get(17)?,
        required_confirmations: r.get(18)?,
        note: r.get(21)?,
        failure_reason: r.get(22)?,
        activity_id: r.get(23)?,
        created_at: Timestamp::from_millis(r.get(24)?),
        updated_at: Timestamp::from_millis(r.get(25)?),
    })
}

/// The per-kind data of a row; a row without an id its kind must have is
/// damaged, and reading it is an error (a 500), never a made-up value.
fn details(r: &Row, id: &str) -> rusqlite::Result<Details> {
    let kind: String = r.get(1)?;
    let at = (kind.as_str(), id);
    let chain = || -> rusqlite::Result<OnChain> {
        Ok(OnChain {
            tx_hash: r.get(15)?,
            included_height: r.get(16)?,
        })
    };
    Ok(match Kind::parse(&kind) {
        Some(Kind::Deposit) => Details::Deposit(Deposit {
            vault_id: needed(r, 8, at, "destination_vault_id")?,
            wallet_id: needed(r, 10, at, "destination_wallet_id")?,
            from: r.get(11)?,
            to: r.get(12)?,
            chain: chain()?,
        }),
        Some(Kind::Transfer) => Details::Transfer(Transfer {
            source_vault_id: needed(r, 7, at, "source_vault_id")?,
            source_wallet_id: needed(r, 9, at, "source_wallet_id")?,
            destination_vault_id: needed(r, 8, at, "destination_vault_id")?,
            destination_wallet_id: needed(r, 10, at, "destination_wallet_id")?,
        }),
        Some(Kind::Withdrawal) => Details::Withdrawal(Withdrawal {
            vault_id: needed(r, 7, at, "source_vault_id")?,
            wallet_id: needed(r, 9, at, "source_wallet_id")?,
            address_book_entry_id: needed(r, 14, at, "address_book_entry_id")?,
            from: r.get(11)?,
            to: needed(r, 12, at, "destination_address")?,
            tag: r.get(13)?,
            chain: chain()?,
            unsigned_payload: r.get(19)?,
            signed_payload: r.get(20)?,
        }),
        None => return Err(bad(format!("kind {kind}"))),
    })
}

/// Column `i` of the row `at` (kind, id), which a row of its kind must have.
fn needed<T: FromSql>(r: &Row, i: usize, at: (&str, &str), column: &str) -> rusqlite::Result<T> {
    let (kind, id) = at;
    r.get::<_, Option<T>>(i)?
        .ok_or_else(|| bad(format!("{kind} {id} has no {column}")))
}

/// A transaction with the partition it belongs to (for the chain worker).
fn with_partition(r: &Row) -> rusqlite::Result<(Partition, Transaction)> {
    let env: String = r.get(27)?;
    let p = Partition {
        tenant_id: r.get(26)?,
        environment: Environment::parse(&env).ok_or_else(|| bad(format!("environment {env}")))?,
    };
    Ok((p, from_row(r)?))
}

pub fn insert(conn: &Connection, p: &Partition, t: &Transaction) -> Result<(), Error> {
    let d = &t.details;
    let (unsigned_payload, signed_payload) = payloads(t);
    exec(conn,
        &format!(
            "INSERT INTO transactions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
             ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)"
        ),
        params![
            t.id,
            t.kind().as_str(),
            t.status.as_str(),
            t.asset_id,
            t.network,
            to_sql(t.amount),
            to_sql(t.fee),
            d.source_vault_id(),
            d.destination_vault_id(),
            d.source_wallet_id(),
            d.destination_wallet_id(),
            d.source_address(),
            d.destination_address(),
            d.destination_tag(),
            d.address_book_entry_id(),
            t.tx_hash(),
            t.included_height(),
            t.confirmations,
            t.required_confirmations,
            unsigned_payload,
            signed_payload,
            t.note,
            t.failure_reason,
            t.activity_id,
            t.created_at.millis(),
            t.updated_at.millis(),
            p.tenant_id,
            p.environment.as_str(),
        ],
    )?;
    // Writes only when this id runs further ahead of its created_at than any
    // before it (migration 19): most transfers read one row and write none.
    if let Some(lag) = minted_at(&t.id).map(|ms| ms - t.created_at.millis()) {
        exec(
            conn,
            "UPDATE transaction_id_lag SET ms = ?1 WHERE ms < ?1",
            [lag],
        )?;
    }
    Ok(())
}

/// A withdrawal's payloads for the signer; none for another kind.
fn payloads(t: &Transaction) -> (Option<&str>, Option<&str>) {
    t.details.withdrawal().map_or((None, None), |w| {
        (w.unsigned_payload.as_deref(), w.signed_payload.as_deref())
    })
}

/// Saves the fields that change over a transaction's life.
pub fn update(conn: &Connection, t: &Transaction) -> Result<(), Error> {
    let (unsigned_payload, signed_payload) = payloads(t);
    exec(conn,
        "UPDATE transactions SET status = ?2, tx_hash = ?3, included_height = ?4, confirmations = ?5,
             unsigned_payload = ?6, signed_payload = ?7, failure_reason = ?8, activity_id = ?9, updated_at = ?10
         WHERE id = ?1",
        params![
            t.id,
            t.status.as_str(),
            t.tx_hash(),
            t.included_height(),
            t.confirmations,
            unsigned_payload,
            signed_payload,
            t.failure_reason,
            t.activity_id,
            t.updated_at.millis(),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, p: &Partition, id: &TransactionId) -> Result<Transaction, Error> {
    one_in_partition(
        conn,
        &format!("SELECT {COLUMNS} FROM transactions"),
        p,
        id,
        "transaction",
        from_row,
    )
}

#[derive(Debug, Clone, Default)]
pub struct TransactionFilter {
    pub id: Option<TransactionId>,
    pub wallet_id: Option<WalletId>,
    pub vault_id: Option<VaultId>,
    pub kind: Option<Kind>,
    /// Any of these statuses; empty for any status.
    pub statuses: Vec<Status>,
    /// Money moving this way, seen from `wallet_id` when given (`Direction::of`).
    pub direction: Option<Direction>,
    pub asset_id: Option<String>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
}

/// How far before its `created_at` a row's id may have been minted, in
/// milliseconds: only a clock stepped back between the two readings does it.
const ID_CLOCK_SLACK_MS: i64 = 60_000;

pub fn list(
    conn: &Connection,
    p: &Partition,
    f: &TransactionFilter,
    page: &PageRequest,
) -> Result<Page<Transaction>, Error> {
    // Direction::of in SQL: inside one wallet's listing, money comes in exactly
    // when that wallet is the destination; for the partition, only deposits do.
    let direction = match (f.direction, &f.wallet_id) {
        (None, _) => None,
        (Some(Direction::Incoming), Some(w)) => Some(("destination_wallet_id = ?", w.to_string())),
        (Some(Direction::Outgoing), Some(w)) => Some(("source_wallet_id = ?", w.to_string())),
        (Some(Direction::Incoming), None) => Some(("kind = ?", Kind::Deposit.as_str().into())),
        (Some(Direction::Outgoing), None) => Some(("kind != ?", Kind::Deposit.as_str().into())),
    };
    let statuses: Vec<&'static str> = f.statuses.iter().map(|s| s.as_str()).collect();
    // Every row created before `created_to` has an id minted before
    // `created_to` + the largest lag of an id behind its created_at.
    let id_before = match f.created_to {
        Some(t) => {
            let lag: i64 = query_one(conn, "SELECT ms FROM transaction_id_lag", [], |r| r.get(0))?;
            Some(first_id_at(t.millis() + lag))
        }
        None => None,
    };
    // A wallet is on either side of a transaction, and a vault is its
    // wallets: one index walk per wallet and side, each bounded by the page
    // (docs/performance.md, "Lists"). Vaults have no index of their own on
    // transactions (migration 20): every transaction with a vault has that
    // vault's wallet on the same side.
    let wallets = match (&f.wallet_id, &f.vault_id) {
        (Some(wallet), _) => Some(vec![wallet.clone()]),
        (None, Some(vault)) => Some(super::wallets::ids_in_vault(conn, vault)?),
        (None, None) => None,
    };
    let either_side = wallets.map(|ids| {
        ids.into_iter()
            .flat_map(|id| {
                [
                    Alternative::new("transactions_source", "source_wallet_id = ?", id.clone()),
                    Alternative::new("transactions_destination", "destination_wallet_id = ?", id),
                ]
            })
            .collect()
    });
    let query = ListQuery::in_partition(&format!("SELECT {COLUMNS} FROM transactions"), p)
        .and_maybe("id = ?", f.id.clone())
        .and_pair(
            "(source_vault_id = ? OR destination_vault_id = ?)",
            f.vault_id.clone().filter(|_| f.wallet_id.is_some()),
        )
        .and_maybe("kind = ?", f.kind.map(Kind::as_str))
        .and_in("status", statuses)
        .and_maybe("asset_id = ?", f.asset_id.clone())
        .and_maybe("created_at >= ?", f.created_from.map(Timestamp::millis))
        .and_maybe("created_at < ?", f.created_to.map(Timestamp::millis))
        // Ids are UUIDv7, minted when the row is written, a moment after the
        // request read its clock for created_at: a time filter is also a
        // bound on the id index, so that no filter walks the partition.
        .and_maybe(
            "id >= ?",
            f.created_from
                .map(|t| first_id_at(t.millis() - ID_CLOCK_SLACK_MS)),
        )
        .and_maybe("id < ?", id_before);
    let query = match either_side {
        Some(alternatives) => query.and_any_of(alternatives),
        None => query,
    };
    match direction {
        Some((condition, value)) => query.and(condition, value),
        None => query,
    }
    .page(conn, "id", page, from_row)
}

/// Every transaction in `status`, oldest first, with its partition.
///
/// For open statuses only: the query repeats the condition of the partial
/// index `transactions_open` (schema.sql), word for word, because SQLite uses
/// a partial index only for a query whose condition implies the index's, and
/// `status = ?1` does not (the chain worker asks every tick: without the
/// index it walked the whole table). A final status finds nothing.
pub fn in_status(
    conn: &Connection,
    status: Status,
) -> Result<Vec<(Partition, Transaction)>, Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM transactions WHERE status = ?1 \
         AND status NOT IN ('Completed', 'Failed', 'Cancelled', 'Rejected') ORDER BY +id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([status.as_str()], with_partition)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The transaction by id alone, with its partition (for the chain worker).
pub fn get_any(conn: &Connection, id: &str) -> Result<(Partition, Transaction), Error> {
    let sql = format!("SELECT {COLUMNS} FROM transactions WHERE id = ?1");
    query_one(conn, &sql, [id], with_partition)
        .optional()?
        .ok_or_else(|| Error::not_found("transaction", id))
}

/// The amounts (not fees) of a vault's withdrawals of an asset created since
/// `since` that still count against a velocity limit: all but the failed,
/// cancelled (expired ones included) and rejected.
pub fn withdrawn_since(
    conn: &Connection,
    p: &Partition,
    vault_id: &str,
    asset_id: &str,
    since: Timestamp,
) -> Result<crate::domain::money::Amount, Error> {
    let total: Option<String> = query_one(
        conn,
        "SELECT amt_sum(amount) FROM transactions
          WHERE source_vault_id = ?1 AND asset_id = ?2 AND created_at >= ?3
            AND kind = 'Withdrawal' AND tenant_id = ?4 AND environment = ?5
            AND status NOT IN ('Failed', 'Cancelled', 'Rejected')",
        params![
            vault_id,
            asset_id,
            since.millis(),
            p.tenant_id,
            p.environment.as_str()
        ],
        |r| r.get(0),
    )?;
    match total {
        None => Ok(crate::domain::money::Amount::ZERO),
        Some(t) => super::amounts::from_sql(&t).map_err(Error::Internal),
    }
}

/// Whether a chain deposit of `tx_hash` to a wallet is already recorded (and
/// not dropped by a reorganisation).
pub fn deposit_recorded(conn: &Connection, tx_hash: &str, wallet_id: &str) -> Result<bool, Error> {
    let found: Option<String> = query_one(
        conn,
        "SELECT id FROM transactions
          WHERE tx_hash = ?1 AND destination_wallet_id = ?2 AND kind = 'Deposit' AND status != 'Failed'",
        params![tx_hash, wallet_id],
        |r| r.get(0),
    )
    .optional()?;
    Ok(found.is_some())
}

/// The deposits of an environment and network still `Confirming` in blocks
/// above `height`: those a reorganisation back to `height` orphans.
pub fn confirming_deposits_above(
    conn: &Connection,
    env: Environment,
    network: &str,
    height: i64,
) -> Result<Vec<(Partition, Transaction)>, Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM transactions
          WHERE environment = ?1 AND network = ?2 AND kind = 'Deposit' AND status = 'Confirming'
            AND included_height > ?3 ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![env.as_str(), network, height], with_partition)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
