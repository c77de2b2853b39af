//! Numbers read at scrape time for `/metrics`: counters and sizes, never a
//! count over a table that grows with traffic.

use crate::domain::Error;
use rusqlite::Connection;

/// (kind, status, count) of every custody transaction, all tenants together,
/// from the counters the schema's triggers keep (no table scan).
pub fn transaction_counts(conn: &Connection) -> Result<Vec<(String, String, i64)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, status, n FROM status_counts
          WHERE subject = 'transaction' AND n > 0 ORDER BY kind, status",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Whether the database answers a query at all (`GET /health`).
pub fn reachable(conn: &Connection) -> Result<(), Error> {
    conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// The database's size in bytes (pages × page size), not counting the WAL.
pub fn database_bytes(conn: &Connection) -> Result<i64, Error> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok(pages * page_size)
}

/// (status, count) of webhook deliveries, all tenants together, from the
/// triggers' counters.
pub fn webhook_delivery_counts(conn: &Connection) -> Result<Vec<(String, i64)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, n FROM status_counts
          WHERE subject = 'webhook_delivery' AND n > 0 ORDER BY status",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(conn: &Connection) -> Vec<(String, String, i64)> {
        transaction_counts(conn).unwrap()
    }

    #[test]
    fn the_counters_follow_every_insert_status_change_and_delete() {
        let conn = crate::store::tests::memory();
        let insert = |id: &str, kind: &str, status: &str| {
            conn.execute(
                "INSERT INTO transactions (id, tenant_id, environment, kind, status, asset_id, amount, fee,
                                           network, created_at, updated_at)
                 VALUES (?1, 't', 'test', ?2, ?3, 'BTC', '1', '0', 'bitcoin', 0, 0)",
                rusqlite::params![id, kind, status],
            )
            .unwrap();
        };
        insert("a", "Deposit", "Confirming");
        insert("b", "Deposit", "Confirming");
        insert("c", "Withdrawal", "Submitted");
        let row = |k: &str, s: &str, n| (k.to_string(), s.to_string(), n);
        assert_eq!(
            counted(&conn),
            vec![
                row("Deposit", "Confirming", 2),
                row("Withdrawal", "Submitted", 1)
            ]
        );
        conn.execute(
            "UPDATE transactions SET status = 'Completed' WHERE id = 'a'",
            [],
        )
        .unwrap();
        // A write that leaves the status alone counts nothing.
        conn.execute(
            "UPDATE transactions SET status = 'Completed', updated_at = 1 WHERE id = 'a'",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM transactions WHERE id = 'c'", [])
            .unwrap();
        assert_eq!(
            counted(&conn),
            vec![
                row("Deposit", "Completed", 1),
                row("Deposit", "Confirming", 1)
            ]
        );
    }
}
