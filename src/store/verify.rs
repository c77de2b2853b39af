//! `coffer verify`: the database's own consistency proofs, read in chunks so
//! that it can run beside a busy server without holding one read transaction
//! (and with it the WAL) for the whole run. Each chunk is one consistent
//! snapshot, and every check is one that a snapshot of its chunk decides
//! exactly (docs/performance.md, "verify and backup under load"):
//!
//! - integrity, one table with its indexes per check;
//! - each ledger account's balance against the sum of its entries, read in
//!   the same snapshot (an account's balance and entries change together);
//! - each journal's entries sum to zero per asset (every journal is balanced
//!   when written, in one transaction, so a transaction's entries sum to zero
//!   too); journals are found by ranges of entries and summed whole;
//! - the counters against the rows they count, and the gas held by signer
//!   requests, each one statement over its whole table;
//! - the audit chain, record by record in ranges of `seq`, each range linked
//!   to the last hash of the one before (the log is append-only).

use super::amounts::from_sql;
use super::audit;
use crate::domain::audit::GENESIS_HASH;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

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
    let accounts = match accounts(conn, chunk, progress)? {
        Ok(n) => n,
        Err(broken) => return Ok(Err(broken)),
    };
    let entries = match journals(conn, chunk, progress)? {
        Ok(n) => n,
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
        progress(Progress {
            step: "integrity",
            done: i as u64 + 1,
            total: tables.len() as u64,
        });
    }
    Ok(Ok(()))
}

/// Every ledger account, in chunks of `CHUNK` by id: its balance is the sum
/// of its entries, a wallet's is not negative, and it is an amount.
fn accounts(conn: &Connection, chunk: i64, progress: &mut dyn FnMut(Progress)) -> Checked<i64> {
    let total: i64 = conn.query_row("SELECT COUNT(*) FROM ledger_accounts", [], |r| r.get(0))?;
    let mut after = String::new();
    let mut count = 0i64;
    loop {
        let chunk = snapshot(conn, || {
            let ids: Vec<(String, String)> = conn
                .prepare_cached(
                    "SELECT id, balance FROM ledger_accounts WHERE id > ?1 ORDER BY id LIMIT ?2",
                )?
                .query_map(params![after, chunk], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let Some((last, _)) = ids.last() else {
                return Ok(Ok(None));
            };
            let range = params![after, last];
            let problem = first(conn,
                "SELECT 'ledger account ' || a.id || ' has a balance of ' || a.balance || ' ' || a.asset_id
                        || ' atomic units but its entries sum to '
                        || (SELECT amt_sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id)
                 FROM ledger_accounts a
                 WHERE a.id > ?1 AND a.id <= ?2
                   AND a.balance != (SELECT amt_sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id)
                 ORDER BY a.id LIMIT 1",
                range,
            )?
            .or(first(conn,
                "SELECT 'ledger account ' || id || ' (' || kind || ') is negative: ' || balance || ' ' || asset_id || ' atomic units'
                 FROM ledger_accounts
                 WHERE id > ?1 AND id <= ?2 AND kind IN ('available', 'locked', 'pending') AND NOT amt_ge(balance, '0')
                 ORDER BY id LIMIT 1",
                range,
            )?);
            if let Some(problem) = problem {
                return Ok(Err(Broken(problem)));
            }
            if let Some((_, text)) = ids.iter().find(|(_, text)| from_sql(text).is_err()) {
                return Ok(Err(Broken(format!(
                    "a ledger balance is not an amount: '{text}'"
                ))));
            }
            Ok(Ok(Some((last.clone(), ids.len() as i64))))
        })?;
        match chunk {
            Err(broken) => return Ok(Err(broken)),
            Ok(None) => return Ok(Ok(count)),
            Ok(Some((last, n))) => {
                after = last;
                count += n;
                progress(Progress {
                    step: "ledger accounts",
                    done: count as u64,
                    total: total.max(count) as u64,
                });
            }
        }
    }
}

/// Every journal sums to zero in its asset. Entries are read in ranges of
/// `CHUNK` ids; each journal with an entry in the range is summed whole (a
/// journal at a range's edge is summed twice, which is harmless).
fn journals(conn: &Connection, chunk: i64, progress: &mut dyn FnMut(Progress)) -> Checked<i64> {
    let last: i64 = conn.query_row("SELECT IFNULL(MAX(id), 0) FROM ledger_entries", [], |r| {
        r.get(0)
    })?;
    let mut from = 0i64;
    let mut count = 0i64;
    while from < last {
        let to = from + chunk;
        let chunk = snapshot(conn, || {
            let problem = first(conn,
                "SELECT 'journal ' || journal_id || ' of transaction ' || transaction_id || ' has ' || asset_id
                        || ' entries summing to ' || amt_sum(amount)
                 FROM ledger_entries
                 WHERE journal_id IN (SELECT journal_id FROM ledger_entries WHERE id > ?1 AND id <= ?2)
                 GROUP BY journal_id, asset_id
                 HAVING amt_sum(amount) != '0' ORDER BY journal_id LIMIT 1",
                params![from, to],
            )?;
            let n: i64 = conn.query_row(
                "SELECT COUNT(*) FROM ledger_entries WHERE id > ?1 AND id <= ?2",
                params![from, to],
                |r| r.get(0),
            )?;
            Ok(problem.map_or(Ok(n), |p| Err(Broken(p))))
        })?;
        match chunk {
            Err(broken) => return Ok(Err(broken)),
            Ok(n) => count += n,
        }
        from = to;
        progress(Progress {
            step: "journals",
            done: from.min(last) as u64,
            total: last as u64,
        });
    }
    Ok(Ok(count))
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

/// Recomputes every audit record's hash and its link to the one before, in
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
            if record.prev_hash != previous {
                return Ok(Err(Broken(format!(
                    "audit record {seq} ({id}) does not follow the record before it"
                ))));
            }
            if record
                .entry
                .chain_hash(id, record.created_at, &record.prev_hash)
                != record.hash
            {
                return Ok(Err(Broken(format!(
                    "audit record {seq} ({id}) does not match its hash"
                ))));
            }
            previous = record.hash;
            count += 1;
        }
        progress(Progress {
            step: "audit records",
            done: after as u64,
            total: total.max(after) as u64,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::memory;

    /// Books with a few accounts, journals and audit records, as the ledger
    /// writes them.
    fn books() -> Connection {
        let conn = memory();
        conn.execute_batch(
            "INSERT INTO ledger_accounts (id, tenant_id, environment, asset_id, kind, balance) VALUES
                 ('a', 't', 'test', 'BTC', 'external', '-6'),
                 ('b', 't', 'test', 'BTC', 'external', '4'),
                 ('c', 't', 'test', 'BTC', 'external', '2');
             INSERT INTO ledger_entries (journal_id, transaction_id, account_id, asset_id, amount, created_at) VALUES
                 ('j1', 't1', 'a', 'BTC', '-3', 0), ('j1', 't1', 'b', 'BTC', '3', 0),
                 ('j2', 't2', 'a', 'BTC', '-2', 0), ('j2', 't2', 'b', 'BTC', '1', 0),
                 ('j2', 't2', 'c', 'BTC', '1', 0),
                 ('j3', 't2', 'a', 'BTC', '-1', 0), ('j3', 't2', 'c', 'BTC', '1', 0);",
        )
        .unwrap();
        for n in 0..5 {
            let entry = crate::domain::audit::AuditEntry {
                actor_type: "cli".into(),
                actor_id: "test".into(),
                action: format!("test.{n}"),
                ..Default::default()
            };
            audit::append(&conn, &entry, crate::clock::Timestamp::from_millis(n)).unwrap();
        }
        conn
    }

    fn checked(conn: &Connection, chunk: i64) -> Result<Verified, Broken> {
        let mut steps = Vec::new();
        let verdict = in_chunks(conn, chunk, &mut |p| steps.push(p)).unwrap();
        assert!(steps.iter().all(|p| p.done <= p.total), "{steps:?}");
        verdict
    }

    #[test]
    fn chunks_of_any_size_check_every_row() {
        let conn = books();
        for chunk in [1, 2, 3, CHUNK] {
            assert_eq!(
                checked(&conn, chunk),
                Ok(Verified {
                    accounts: 3,
                    entries: 7,
                    audit_records: 5
                }),
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn a_tampered_balance_entry_or_record_is_found_in_any_chunk() {
        let tampered: [(&str, &str); 4] = [
            ("UPDATE ledger_accounts SET balance = '3' WHERE id = 'c'", "ledger account c has a balance of 3"),
            // Moving one unit between two journals of one transaction keeps
            // the transaction's sum: each journal must balance on its own.
            ("UPDATE ledger_entries SET amount = '2' WHERE journal_id = 'j2' AND account_id = 'c';
                 UPDATE ledger_entries SET amount = '0' WHERE journal_id = 'j3' AND account_id = 'c'", "journal j2 of transaction t2 has BTC entries summing to 1"),
            ("UPDATE audit_log SET action = 'forged' WHERE seq = 4", "audit record 4 "),
            ("UPDATE ledger_accounts SET balance = 'x' WHERE id = 'c'", "ledger account c has a balance of x"),
        ];
        for (change, expected) in tampered {
            for chunk in [1, 2, CHUNK] {
                let conn = books();
                conn.execute_batch(change).unwrap();
                let Err(Broken(problem)) = checked(&conn, chunk) else {
                    panic!("{change} went unnoticed in chunks of {chunk}");
                };
                assert!(
                    problem.contains(expected),
                    "{change}, chunks of {chunk}: {problem}"
                );
            }
        }
    }
}
