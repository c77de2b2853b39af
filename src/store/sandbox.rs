//! The simulated chain of each tenant's test environment.

use super::{exec, query_one};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

fn ensure(conn: &Connection, tenant_id: &str) -> Result<(), Error> {
    exec(
        conn,
        "INSERT OR IGNORE INTO sandbox_chains (tenant_id) VALUES (?1)",
        [tenant_id],
    )?;
    Ok(())
}

pub fn height(conn: &Connection, tenant_id: &str) -> Result<i64, Error> {
    Ok(query_one(
        conn,
        "SELECT height FROM sandbox_chains WHERE tenant_id = ?1",
        [tenant_id],
        |r| r.get(0),
    )
    .optional()?
    .unwrap_or(0))
}

/// Mines `count` blocks: the first new block includes every broadcast or seen
/// transaction of the tenant's test environment that was not yet in a block.
/// Returns the new height.
pub fn mine(conn: &Connection, tenant_id: &str, count: i64) -> Result<i64, Error> {
    ensure(conn, tenant_id)?;
    let first_new = height(conn, tenant_id)? + 1;
    exec(conn,
        "UPDATE transactions SET included_height = ?2
         WHERE tenant_id = ?1 AND environment = 'test' AND status = 'Confirming' AND included_height IS NULL",
        params![tenant_id, first_new],
    )?;
    Ok(query_one(
        conn,
        "UPDATE sandbox_chains SET height = height + ?2 WHERE tenant_id = ?1 RETURNING height",
        params![tenant_id, count],
        |r| r.get(0),
    )?)
}
