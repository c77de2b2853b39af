//! Numbers read at scrape time for `/metrics`.

use crate::domain::Error;
use rusqlite::Connection;

/// (kind, status, count) of every custody transaction, all tenants together.
/// A scan of the transactions table: cheap at appliance sizes, and only run
/// when Prometheus scrapes.
pub fn transaction_counts(conn: &Connection) -> Result<Vec<(String, String, i64)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, status, COUNT(*) FROM transactions GROUP BY kind, status ORDER BY kind, status",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The database's size in bytes (pages × page size), not counting the WAL.
pub fn database_bytes(conn: &Connection) -> Result<i64, Error> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok(pages * page_size)
}

/// (status, count) of webhook deliveries, all tenants together.
pub fn webhook_delivery_counts(conn: &Connection) -> Result<Vec<(String, i64)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, COUNT(*) FROM webhook_deliveries GROUP BY status ORDER BY status",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
