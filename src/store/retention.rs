//! Pruning what grows with traffic but need not be kept forever, in batches
//! small enough that a write job never holds the writer long
//! (docs/performance.md, "Retention"). What is kept forever: the ledger,
//! transactions, the audit log, activities.

use super::exec;
use crate::clock::Timestamp;
use crate::domain::Error;
use rusqlite::{params, Connection};

/// Drops up to `batch` idempotency records made before `before`; returns how
/// many. Past their window they can no longer answer a retry.
pub fn idempotency_records(
    conn: &Connection,
    before: Timestamp,
    batch: u32,
) -> Result<usize, Error> {
    Ok(exec(
        conn,
        "DELETE FROM idempotency_records WHERE (actor, idempotency_key) IN
             (SELECT actor, idempotency_key FROM idempotency_records
               WHERE created_at < ?1 LIMIT ?2)",
        params![before.millis(), batch],
    )?)
}

/// Drops up to `batch` finished webhook deliveries (delivered, or failed for
/// good) last touched before `before`, with their attempts, and the events
/// no delivery is left for; returns how many deliveries. A delivery still
/// owed (`Pending`) is never dropped, nor is its event.
pub fn finished_deliveries(
    conn: &Connection,
    before: Timestamp,
    batch: u32,
) -> Result<usize, Error> {
    exec(
        conn,
        "CREATE TEMP TABLE IF NOT EXISTS pruned_deliveries (id TEXT PRIMARY KEY, event_id TEXT NOT NULL)",
        [],
    )?;
    exec(conn, "DELETE FROM temp.pruned_deliveries", [])?;
    let pruned = exec(
        conn,
        "INSERT INTO temp.pruned_deliveries (id, event_id)
             SELECT id, event_id FROM webhook_deliveries
              WHERE status != 'Pending' AND updated_at < ?1 LIMIT ?2",
        params![before.millis(), batch],
    )?;
    exec(
        conn,
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM temp.pruned_deliveries)",
        [],
    )?;
    exec(
        conn,
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM temp.pruned_deliveries)",
        [],
    )?;
    exec(
        conn,
        "DELETE FROM events WHERE id IN (SELECT event_id FROM temp.pruned_deliveries)
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id)",
        [],
    )?;
    Ok(pruned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    fn count(conn: &Connection, table: &str) -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn old_idempotency_records_go_in_batches() {
        let conn = crate::store::tests::memory();
        for (key, at) in [("a", 1), ("b", 2), ("c", 3), ("new", 100)] {
            conn.execute(
                "INSERT INTO idempotency_records VALUES ('k', ?1, 'h', 201, '{}', ?2)",
                params![key, at],
            )
            .unwrap();
        }
        let before = Timestamp::from_millis(50);
        assert_eq!(idempotency_records(&conn, before, 2).unwrap(), 2);
        assert_eq!(idempotency_records(&conn, before, 2).unwrap(), 1);
        assert_eq!(idempotency_records(&conn, before, 2).unwrap(), 0);
        assert_eq!(count(&conn, "idempotency_records"), 1);
    }

    #[test]
    fn finished_deliveries_go_with_their_events_and_owed_ones_stay() {
        let conn = crate::store::tests::memory();
        let event = |id: &str| {
            conn.execute(
                "INSERT INTO events (id, tenant_id, environment, type, payload, created_at)
                 VALUES (?1, 't', 'test', 'x', '{}', 1)",
                [id],
            )
            .unwrap();
        };
        let delivery = |id: &str, event: &str, status: &str, updated: i64| {
            conn.execute(
                "INSERT INTO webhook_deliveries (id, event_id, tenant_id, environment, event_type, url,
                                                 status, created_at, updated_at)
                 VALUES (?1, ?2, 't', 'test', 'x', 'u', ?3, 1, ?4)",
                params![id, event, status, updated],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms) VALUES (?1, 1, 1)",
                [id],
            )
            .unwrap();
        };
        event("old-done");
        delivery("d1", "old-done", "Delivered", 10);
        event("old-owed");
        delivery("d2", "old-owed", "Pending", 10);
        event("two-endpoints");
        delivery("d3", "two-endpoints", "Failed", 10);
        delivery("d4", "two-endpoints", "Pending", 10);
        event("recent");
        delivery("d5", "recent", "Delivered", 100);
        let before = Timestamp::from_millis(50);
        assert_eq!(finished_deliveries(&conn, before, 100).unwrap(), 2);
        assert_eq!(finished_deliveries(&conn, before, 100).unwrap(), 0);
        let left: Vec<String> = conn
            .prepare("SELECT id FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(left, ["old-owed", "recent", "two-endpoints"]);
        assert_eq!(count(&conn, "webhook_deliveries"), 3);
        assert_eq!(count(&conn, "webhook_attempts"), 3);
    }
}
