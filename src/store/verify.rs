//! `coffer verify`: the database's own consistency proofs, run in one read
//! transaction so they see a single snapshot even while the server writes.

use super::amounts::from_sql;
use super::audit;
use crate::domain::audit::GENESIS_HASH;
use crate::domain::Error;
use rusqlite::{Connection, OptionalExtension};

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

pub fn verify(conn: &Connection) -> Result<Result<Verified, Broken>, Error> {
    conn.execute_batch("BEGIN")?;
    let result = run(conn);
    let _ = conn.execute_batch("COMMIT");
    result
}

fn run(conn: &Connection) -> Result<Result<Verified, Broken>, Error> {
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Ok(Err(Broken(format!("integrity_check: {integrity}"))));
    }
    let checks: [&str; 7] = [
        "SELECT 'ledger account ' || a.id || ' has a balance of ' || a.balance || ' ' || a.asset_id
                    || ' atomic units but its entries sum to '
                    || (SELECT amt_sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id)
             FROM ledger_accounts a
             WHERE a.balance != (SELECT amt_sum(e.amount) FROM ledger_entries e WHERE e.account_id = a.id)
             ORDER BY a.id LIMIT 1",
        "SELECT 'transaction ' || transaction_id || ' has ' || asset_id || ' entries summing to ' || amt_sum(amount)
             FROM ledger_entries GROUP BY transaction_id, asset_id
             HAVING amt_sum(amount) != '0' ORDER BY transaction_id LIMIT 1",
        "SELECT 'ledger account ' || id || ' (' || kind || ') is negative: ' || balance || ' ' || asset_id || ' atomic units'
             FROM ledger_accounts WHERE kind IN ('available', 'locked', 'pending') AND NOT amt_ge(balance, '0')
             ORDER BY id LIMIT 1",
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
        let found: Option<String> = conn.query_row(sql, [], |r| r.get(0)).optional()?;
        if let Some(problem) = found {
            return Ok(Err(Broken(problem)));
        }
    }
    let accounts: i64 = conn.query_row("SELECT COUNT(*) FROM ledger_accounts", [], |r| r.get(0))?;
    let entries: i64 = conn.query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0))?;
    let bad_amount: Option<String> = {
        let mut stmt = conn.prepare("SELECT balance FROM ledger_accounts")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut bad = None;
        for row in rows {
            let text = row?;
            if from_sql(&text).is_err() {
                bad = Some(text);
                break;
            }
        }
        bad
    };
    if let Some(text) = bad_amount {
        return Ok(Err(Broken(format!(
            "a ledger balance is not an amount: '{text}'"
        ))));
    }
    match audit_chain(conn)? {
        Ok(audit_records) => Ok(Ok(Verified {
            accounts,
            entries,
            audit_records,
        })),
        Err(broken) => Ok(Err(broken)),
    }
}

/// Recomputes every audit record's hash and its link to the one before.
fn audit_chain(conn: &Connection) -> Result<Result<u64, Broken>, Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM audit_log ORDER BY seq",
        audit::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut previous = GENESIS_HASH.to_string();
    let mut count = 0u64;
    while let Some(row) = rows.next()? {
        let record = audit::from_row(row)?;
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
    Ok(Ok(count))
}
