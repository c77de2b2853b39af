//! `coffer verify`: the database's own consistency proofs.
//!
//! Two kinds of check (docs/performance.md, "verify and backup under load"):
//!
//! - **Chunked** (`Scope::Live`): what a busy server's database can be
//!   checked for without holding one read snapshot (and with it the WAL) for
//!   long. Each chunk is one short read transaction, with a pause between
//!   chunks so the writer can restart the WAL, and every check is one that
//!   the snapshots of its chunks decide exactly:
//!   - the ledger in one pass over its entries: each journal's entries sum to
//!     zero per asset (every journal is balanced when written, so a
//!     transaction's entries sum to zero too), and each account's balance is
//!     the sum of its entries, compared in the snapshot that reads the last
//!     entries (see `ledger`);
//!   - the gas held and booked by EVM signer requests, one statement each;
//!   - the audit chain, record by record in ranges of `seq`, each range
//!     linked to the last hash of the one before (the log is append-only).
//! - **Whole-file** (`whole_file`): `PRAGMA integrity_check` over the whole
//!   file (b-trees, indexes against their tables, page accounting) and the
//!   `/metrics` counters against the rows they count. Neither can be cut
//!   into short snapshots (a table's check is one statement; a counter
//!   matches its rows only in one snapshot, and transactions change status),
//!   so they run where no writer is disturbed: on every backup's copy (a
//!   page-for-page, consistent copy: a damaged page or a wrong counter in the
//!   live file is in the copy too), and by `coffer verify` when no server is
//!   running (`Scope::Everything`).

use super::amounts::{from_sql, to_sql};
use super::audit;
use crate::domain::audit::GENESIS_HASH;
use crate::domain::money::Amount;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::time::Duration;

/// What was checked, when everything holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub accounts: i64,
    pub entries: i64,
    pub audit_records: u64,
}

/// The first broken thing found, in words that name the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken(pub String);

/// How far `verify` has got: a step, and units done of an estimated total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub step: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Rows read per read transaction (`chunk` below).
const CHUNK: i64 = 5_000;
/// Between two chunks, no read transaction of ours is open: long enough for
/// the server's next commit to checkpoint the WAL completely and the one
/// after to restart it. Back-to-back chunks would pin the WAL as surely as
/// one long read (the bench saw it grow to 82 MiB during verify without this).
const PAUSE: Duration = Duration::from_millis(20);

type Checked<T> = Result<Result<T, Broken>, Error>;

/// Which checks `verify` runs (see the module's comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole-file checks, then the chunked ones: for a database no
    /// server is writing to.
    Everything,
    /// The chunked checks only: for a database a running server writes to
    /// (the whole-file ones run on every backup's copy).
    Live,
}

/// Every check, whole-file and chunked.
pub fn verify(conn: &Connection) -> Checked<Verified> {
    verify_with(conn, Scope::Everything, &mut |_| {})
}

/// `verify` over `scope`, telling `progress` how far it has got.
pub fn verify_with(
    conn: &Connection,
    scope: Scope,
    progress: &mut dyn FnMut(Progress),
) -> Checked<Verified> {
    if scope == Scope::Everything {
        progress(Progress {
            step: "integrity_check",
            done: 0,
            total: 1,
        });
        if let Err(broken) = whole_file(conn)? {
            return Ok(Err(broken));
        }
    }
    in_chunks(conn, CHUNK, progress)
}

/// The checks that need one snapshot of the whole file: `integrity` and
/// `counters`. For a backup's copy, or a database no server is writing to:
/// on a live one this holds the WAL for as long as it reads.
pub fn whole_file(conn: &Connection) -> Checked<()> {
    if let Err(broken) = integrity(conn)? {
        return Ok(Err(broken));
    }
    counters(conn)
}

/// `PRAGMA integrity_check` over the whole file: every b-tree, every index
/// against its table, and page accounting (no page used twice or lost).
pub fn integrity(conn: &Connection) -> Checked<()> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Ok(Err(Broken(format!("integrity_check: {verdict}"))));
    }
    Ok(Ok(()))
}

/// The counters `/metrics` reads against the rows they count, in one
/// snapshot.
pub fn counters(conn: &Connection) -> Checked<()> {
    snapshot(conn, || {
        for sql in checks::COUNTERS {
            if let Some(problem) = first(conn, sql, [])? {
                return Ok(Err(Broken(problem)));
            }
        }
        Ok(Ok(()))
    })
}

/// The chunked checks: short read transactions, a pause between them.
fn in_chunks(
    conn: &Connection,
    chunk: i64,
    progress: &mut dyn FnMut(Progress),
) -> Checked<Verified> {
    let (accounts, entries) = match ledger(conn, chunk, progress)? {
        Ok(counts) => counts,
        Err(broken) => return Ok(Err(broken)),
    };
    if let Err(broken) = signer_gas(conn)? {
        return Ok(Err(broken));
    }
    Ok(
        audit_chain(conn, chunk, progress)?.map(|audit_records| Verified {
            accounts,
            entries,
            audit_records,
        }),
    )
}

/// Runs `read` in one read transaction: one snapshot.
fn snapshot<T>(conn: &Connection, read: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    conn.execute_batch("BEGIN")?;
    let result = read();
    let _ = conn.execute_batch("COMMIT");
    result
}

fn first(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Option<String>, Error> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params, |r| r.get(0))
        .optional()?)
}

/// A ledger account's balance, as stored.
struct Account {
    id: String,
    kind: String,
    asset_id: String,
    balance: String,
}

/// The journal being summed: its entries are consecutive (one `post`, in one
/// transaction, on the single writer).
struct Journal {
    id: String,
    transaction_id: String,
    asset_id: String,
    sum: Amount,
}

impl Journal {
    fn balanced(&self) -> Result<(), Broken> {
        if self.sum == Amount::ZERO {
            return Ok(());
        }
        Err(Broken(format!(
            "journal {} of transaction {} has {} entries summing to {}",
            self.id,
            self.transaction_id,
            self.asset_id,
            to_sql(self.sum)
        )))
    }
}

/// The ledger in one pass over its entries, `chunk` entries per snapshot:
/// each journal sums to zero in its asset (so each transaction does too);
/// then, in the snapshot that reads the last entries, every account's
/// balance is the sum of its entries, a wallet's is not negative, and each is
/// an amount. Sums carried from earlier snapshots still hold in the last one
/// because entries are only ever appended, and an entry is committed with
/// its whole journal and the balances it moves. Returns (accounts, entries).
fn ledger(
    conn: &Connection,
    chunk: i64,
    progress: &mut dyn FnMut(Progress),
) -> Checked<(i64, i64)> {
    let last: i64 = conn.query_row("SELECT IFNULL(MAX(id), 0) FROM ledger_entries", [], |r| {
        r.get(0)
    })?;
    let mut sums: HashMap<String, Amount> = HashMap::new();
    let mut journal: Option<Journal> = None;
    let mut after = 0i64;
    let mut entries = 0i64;
    loop {
        let finished = snapshot(conn, || {
            let mut stmt = conn.prepare_cached(
                "SELECT id, journal_id, transaction_id, account_id, asset_id, amount
                 FROM ledger_entries WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?;
            let mut rows = stmt.query(params![after, chunk])?;
            let mut read = 0i64;
            while let Some(row) = rows.next()? {
                read += 1;
                after = row.get(0)?;
                let (journal_id, asset_id, text): (String, String, String) =
                    (row.get(1)?, row.get(4)?, row.get(5)?);
                let Ok(amount) = from_sql(&text) else {
                    return Ok(Err(Broken(format!(
                        "ledger entry {after} has an amount that is not one: '{text}'"
                    ))));
                };
                match &mut journal {
                    Some(j) if j.id == journal_id && j.asset_id == asset_id => {
                        j.sum = add(j.sum, amount)?;
                    }
                    open => {
                        if let Some(Err(broken)) = open.as_ref().map(Journal::balanced) {
                            return Ok(Err(broken));
                        }
                        *open = Some(Journal {
                            id: journal_id,
                            transaction_id: row.get(2)?,
                            asset_id,
                            sum: amount,
                        });
                    }
                }
                let sum = sums.entry(row.get(3)?).or_insert(Amount::ZERO);
                *sum = add(*sum, amount)?;
            }
            entries += read;
            if read == chunk {
                return Ok(Ok(None));
            }
            if let Some(Err(broken)) = journal.as_ref().map(Journal::balanced) {
                return Ok(Err(broken));
            }
            let accounts = conn
                .prepare("SELECT id, kind, asset_id, balance FROM ledger_accounts ORDER BY id")?
                .query_map([], |r| {
                    Ok(Account {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        asset_id: r.get(2)?,
                        balance: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            for a in &accounts {
                if let Err(broken) =
                    balance_holds(a, sums.get(&a.id).copied().unwrap_or(Amount::ZERO))
                {
                    return Ok(Err(broken));
                }
            }
            Ok(Ok(Some(accounts.len() as i64)))
        })?;
        progress(Progress {
            step: "ledger entries",
            done: after as u64,
            total: last.max(after) as u64,
        });
        match finished {
            Err(broken) => return Ok(Err(broken)),
            Ok(Some(accounts)) => return Ok(Ok((accounts, entries))),
            Ok(None) => std::thread::sleep(PAUSE),
        }
    }
}

fn add(a: Amount, b: Amount) -> Result<Amount, Error> {
    a.checked_add(b)
        .ok_or_else(|| Error::Internal("ledger entries overflow an amount".into()))
}

/// An account's stored balance against the sum of its entries.
fn balance_holds(a: &Account, entries: Amount) -> Result<(), Broken> {
    if a.balance != to_sql(entries) {
        return Err(Broken(format!(
            "ledger account {} has a balance of {} {} atomic units but its entries sum to {}",
            a.id,
            a.balance,
            a.asset_id,
            to_sql(entries)
        )));
    }
    let wallet = matches!(a.kind.as_str(), "available" | "locked" | "pending");
    match from_sql(&a.balance) {
        Err(_) => Err(Broken(format!(
            "a ledger balance is not an amount: '{}'",
            a.balance
        ))),
        Ok(b) if wallet && b < Amount::ZERO => Err(Broken(format!(
            "ledger account {} ({}) is negative: {} {} atomic units",
            a.id, a.kind, a.balance, a.asset_id
        ))),
        Ok(_) => Ok(()),
    }
}

/// The gas held and booked by EVM signer requests against their ledger
/// entries: one statement (one snapshot) each, over the signer requests.
fn signer_gas(conn: &Connection) -> Checked<()> {
    for sql in checks::SIGNER_GAS {
        if let Some(problem) = first(conn, sql, [])? {
            return Ok(Err(Broken(problem)));
        }
        std::thread::sleep(PAUSE);
    }
    Ok(Ok(()))
}

/// Recomputes every audit record's hash from the one before it, in
/// ranges of `CHUNK` records by `seq`.
fn audit_chain(conn: &Connection, chunk: i64, progress: &mut dyn FnMut(Progress)) -> Checked<u64> {
    let total: i64 = conn.query_row("SELECT IFNULL(MAX(seq), 0) FROM audit_log", [], |r| {
        r.get(0)
    })?;
    let sql = format!(
        "SELECT {} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        audit::COLUMNS
    );
    let mut previous = GENESIS_HASH.to_string();
    let mut after = 0i64;
    let mut count = 0u64;
    loop {
        // One statement, read to its end: one snapshot.
        let records = conn
            .prepare_cached(&sql)?
            .query_map(params![after, chunk], audit::from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let Some(last) = records.last() else {
            return Ok(Ok(count));
        };
        after = last.seq;
        for record in records {
            let (seq, id) = (record.seq, &record.id);
            // Each hash covers the one before it, so a record removed,
            // inserted or changed anywhere breaks the first hash after it.
            if record.entry.chain_hash(id, record.created_at, &previous) != record.hash {
                return Ok(Err(Broken(format!(
                    "audit record {seq} ({id}) does not match its hash: it was changed, \
                     or a record before it was changed, removed or inserted"
                ))));
            }
            previous = record.hash;
            count += 1;
        }
        std::thread::sleep(PAUSE);
        progress(Progress {
            step: "audit records",
            done: after as u64,
            total: total.max(after) as u64,
        });
    }
}

mod checks;
#[cfg(test)]
mod tests;
