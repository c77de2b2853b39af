//! `coffer verify`: the database's own consistency proofs, read in chunks so
//! that it can run beside a busy server without holding one read transaction
//! (and with it the WAL) for the whole run. Each chunk is one consistent
//! snapshot, and every check is one that a snapshot of its chunk decides
//! exactly (docs/performance.md, "verify and backup under load"):
//!
//! - integrity, one table with its indexes per check;
//! - the ledger in one pass over its entries: each journal's entries sum to
//!   zero per asset (every journal is balanced when written, so a
//!   transaction's entries sum to zero too), and each account's balance is
//!   the sum of its entries, compared in the snapshot that reads the last
//!   entries (see `ledger`);
//! - the counters against the rows they count, and the gas held by signer
//!   requests, each one statement over its whole table;
//! - the audit chain, record by record in ranges of `seq`, each range linked
//!   to the last hash of the one before (the log is append-only).

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

pub fn verify(conn: &Connection) -> Checked<Verified> {
    verify_with(conn, &mut |_| {})
}

/// `verify`, telling `progress` how far it has got.
pub fn verify_with(conn: &Connection, progress: &mut dyn FnMut(Progress)) -> Checked<Verified> {
    in_chunks(conn, CHUNK, progress)
}

fn in_chunks(
    conn: &Connection,
    chunk: i64,
    progress: &mut dyn FnMut(Progress),
) -> Checked<Verified> {
    if let Err(broken) = integrity(conn, progress)? {
        return Ok(Err(broken));
    }
    let (accounts, entries) = match ledger(conn, chunk, progress)? {
        Ok(counts) => counts,
        Err(broken) => return Ok(Err(broken)),
    };
    if let Err(broken) = whole_tables(conn)? {
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

/// `PRAGMA integrity_check` table by table, each with its indexes.
fn integrity(conn: &Connection, progress: &mut dyn FnMut(Progress)) -> Checked<()> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for (i, table) in tables.iter().enumerate() {
        let verdict: String = conn.query_row(
            &format!("PRAGMA integrity_check('{}')", table.replace('\'', "''")),
            [],
            |r| r.get(0),
        )?;
        if verdict != "ok" {
            return Ok(Err(Broken(format!("integrity_check: {verdict}"))));
        }
        std::thread::sleep(PAUSE);
        progress(Progress {
            step: "integrity",
            done: i as u64 + 1,
            total: tables.len() as u64,
        });
    }
    Ok(Ok(()))
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

/// The checks that compare a table with itself or a counter: one statement
/// (one snapshot) each.
fn whole_tables(conn: &Connection) -> Checked<()> {
    let checks: [&str; 4] = [
        // The counters /metrics reads, against the rows they count.
        "SELECT 'status_counts says ' || IFNULL(c.n, 0) || ' ' || t.kind || ' transactions are '
                    || t.status || ', there are ' || t.n
             FROM (SELECT kind, status, COUNT(*) AS n FROM transactions GROUP BY kind, status) t
             LEFT JOIN status_counts c
               ON c.subject = 'transaction' AND c.kind = t.kind AND c.status = t.status
             WHERE IFNULL(c.n, 0) != t.n
           UNION ALL
           SELECT 'status_counts says ' || c.n || ' ' || c.kind || ' transactions are ' || c.status
                    || ', there are none'
             FROM status_counts c
             WHERE c.subject = 'transaction' AND c.n != 0 AND NOT EXISTS
                   (SELECT 1 FROM transactions t WHERE t.kind = c.kind AND t.status = c.status)
           LIMIT 1",
        "SELECT 'status_counts says ' || IFNULL(c.n, 0) || ' webhook deliveries are ' || d.status
                    || ', there are ' || d.n
             FROM (SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status) d
             LEFT JOIN status_counts c
               ON c.subject = 'webhook_delivery' AND c.kind = '' AND c.status = d.status
             WHERE IFNULL(c.n, 0) != d.n
           UNION ALL
           SELECT 'status_counts says ' || c.n || ' webhook deliveries are ' || c.status
                    || ', there are none'
             FROM status_counts c
             WHERE c.subject = 'webhook_delivery' AND c.n != 0 AND NOT EXISTS
                   (SELECT 1 FROM webhook_deliveries d WHERE d.status = c.status)
           LIMIT 1",
        // An EVM signer request holds its gas reservation exactly while it
        // is open, and one mined or reverted has booked its real cost.
        "SELECT 'signer request ' || r.id || ' (' || r.status || ') holds ' || h.held
                    || ' of gas, not ' || h.due
             FROM signer_requests r,
                  (SELECT id,
                          COALESCE((SELECT amt_sum(e.amount) FROM ledger_entries e
                                     WHERE e.transaction_id = q.id AND e.account_id LIKE '%:gas_held'), '0') AS held,
                          CASE WHEN q.status IN ('PendingSignature', 'Signed', 'Broadcast', 'Replaced')
                               THEN q.gas_reserved ELSE '0' END AS due
                     FROM signer_requests q) h
             WHERE h.id = r.id AND h.held != h.due ORDER BY r.id LIMIT 1",
        "SELECT 'signer request ' || r.id || ' was mined but its gas ' || COALESCE(r.gas_charged, 'none')
                    || ' is not booked'
             FROM signer_requests r
             WHERE r.status IN ('Mined', 'Reverted')
               AND COALESCE(r.gas_charged, '') != COALESCE((SELECT amt_sum(e.amount) FROM ledger_entries e
                     JOIN ledger_accounts a ON a.id = e.account_id
                    WHERE e.transaction_id = r.id AND a.kind = 'external'), '0')
             ORDER BY r.id LIMIT 1",
    ];
    for sql in checks {
        if let Some(problem) = first(conn, sql, [])? {
            return Ok(Err(Broken(problem)));
        }
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
                    "audit record {seq} ({id}) does not match its hash"
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

#[cfg(test)]
mod tests;
