//! The append-only, hash-chained audit log.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::audit::{AuditEntry, GENESIS_HASH};
use crate::domain::ids::new_id;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

/// Appends a record chained to the last one; returns its id. Must run on the
/// writer so that the chain has one order.
pub fn append(conn: &Connection, entry: &AuditEntry, now: Timestamp) -> Result<String, Error> {
    let prev: String = query_one(
        conn,
        "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()?
    .unwrap_or_else(|| GENESIS_HASH.to_string());
    let id = new_id();
    let hash = entry.chain_hash(&id, now, &prev);
    exec(
        conn,
        "INSERT INTO audit_log (id, tenant_id, environment, actor_type, actor_id, ip, action,
                                object_type, object_id, request_id, created_at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            entry.tenant_id,
            entry.environment.map(|e| e.as_str()),
            entry.actor_type,
            entry.actor_id,
            entry.ip,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.request_id,
            now.millis(),
            prev,
            hash,
        ],
    )?;
    Ok(id)
}
