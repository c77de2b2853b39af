//! Ledger accounts and entries. `post` is the only way balances change: it
//! writes the entries and moves each cached balance with a conditional UPDATE
//! that refuses to take a wallet account below zero.

use super::amounts::{from_sql, to_sql};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::new_id;
use crate::domain::ledger::{wallet_account, AccountKind, Journal};
use crate::domain::tenancy::Partition;
use crate::domain::wallet::Balance;
use crate::domain::Error;
use rusqlite::{params, Connection};

/// Creates a new wallet's available, locked and pending accounts.
pub fn open_wallet_accounts(
    conn: &Connection,
    p: &Partition,
    wallet_id: &str,
    asset_id: &str,
) -> Result<(), Error> {
    for kind in [
        AccountKind::Available,
        AccountKind::Locked,
        AccountKind::Pending,
    ] {
        let (id, kind) = wallet_account(wallet_id, kind);
        exec(conn,
            "INSERT INTO ledger_accounts (id, tenant_id, environment, asset_id, kind, wallet_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, p.tenant_id, p.environment.as_str(), asset_id, kind.as_str(), wallet_id],
        )?;
    }
    Ok(())
}

/// Writes a journal for `transaction_id`. Fails with 422 `insufficient_funds`
/// (and, run inside a write job, changes nothing) if a wallet account would go
/// negative.
pub fn post(
    conn: &Connection,
    p: &Partition,
    journal: &Journal,
    transaction_id: &str,
    now: Timestamp,
) -> Result<(), Error> {
    let journal_id = new_id();
    for posting in &journal.postings {
        if posting.kind.may_go_negative() {
            exec(conn,
                "INSERT OR IGNORE INTO ledger_accounts (id, tenant_id, environment, asset_id, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![posting.account, p.tenant_id, p.environment.as_str(), journal.asset_id, posting.kind.as_str()],
            )?;
        }
        let amount = to_sql(posting.amount);
        let moved = exec(
            conn,
            "UPDATE ledger_accounts SET balance = amt_add(balance, ?2)
             WHERE id = ?1 AND asset_id = ?3
               AND (kind IN ('external', 'fees') OR amt_ge(amt_add(balance, ?2), '0'))",
            params![posting.account, amount, journal.asset_id],
        )?;
        if moved == 0 {
            return Err(Error::refused(
                "insufficient_funds",
                "the wallet's available balance does not cover this amount",
            ));
        }
        exec(conn,
            "INSERT INTO ledger_entries (journal_id, transaction_id, account_id, asset_id, amount, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![journal_id, transaction_id, posting.account, journal.asset_id, amount, now.millis()],
        )?;
    }
    Ok(())
}

/// A wallet's three balances in one statement (a wallet read runs on every
/// movement: docs/performance.md, "The write path"); an account not yet
/// opened holds zero.
pub fn wallet_balance(conn: &Connection, wallet_id: &str) -> Result<Balance, Error> {
    let [available, locked, pending] = [
        AccountKind::Available,
        AccountKind::Locked,
        AccountKind::Pending,
    ]
    .map(|kind| wallet_account(wallet_id, kind).0);
    let texts: [Option<String>; 3] = query_one(
        conn,
        "SELECT (SELECT balance FROM ledger_accounts WHERE id = ?1),
                (SELECT balance FROM ledger_accounts WHERE id = ?2),
                (SELECT balance FROM ledger_accounts WHERE id = ?3)",
        params![available, locked, pending],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]),
    )?;
    let [available, locked, pending] = texts.map(|text| match text {
        None => Ok(crate::domain::money::Amount::ZERO),
        Some(t) => from_sql(&t).map_err(Error::Internal),
    });
    Ok(Balance {
        available: available?,
        locked: locked?,
        pending: pending?,
    })
}
