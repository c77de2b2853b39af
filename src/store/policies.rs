//! Policy documents, one row per version, and new documents held while
//! their `policy_change` activity waits for approvals.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::ActivityId;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

/// A stored version: its number, its JSON document and when it was written.
pub struct StoredPolicy {
    pub version: i64,
    pub document: String,
    pub created_at: Timestamp,
}

fn stored_policy(r: &rusqlite::Row) -> rusqlite::Result<StoredPolicy> {
    Ok(StoredPolicy {
        version: r.get(0)?,
        document: r.get(1)?,
        created_at: Timestamp::from_millis(r.get(2)?),
    })
}

/// The version in force (the highest), if a policy was ever set.
pub fn current(conn: &Connection, p: &Partition) -> Result<Option<StoredPolicy>, Error> {
    Ok(query_one(
        conn,
        "SELECT version, document, created_at FROM policies
          WHERE tenant_id = ?1 AND environment = ?2 ORDER BY version DESC LIMIT 1",
        params![p.tenant_id, p.environment.as_str()],
        stored_policy,
    )
    .optional()?)
}

pub fn insert(conn: &Connection, p: &Partition, stored: &StoredPolicy) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO policies (tenant_id, environment, version, document, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            p.tenant_id,
            p.environment.as_str(),
            stored.version,
            stored.document,
            stored.created_at.millis()
        ],
    )?;
    Ok(())
}

/// Holds `document` until activity `activity_id` is decided.
pub fn hold_change(
    conn: &Connection,
    activity_id: &ActivityId,
    document: &str,
    now: Timestamp,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO policy_changes (activity_id, document, created_at) VALUES (?1, ?2, ?3)",
        params![activity_id, document, now.millis()],
    )?;
    Ok(())
}

/// The document a `policy_change` activity holds.
pub fn held_change(conn: &Connection, activity_id: &ActivityId) -> Result<String, Error> {
    query_one(
        conn,
        "SELECT document FROM policy_changes WHERE activity_id = ?1",
        [activity_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::Internal(format!("policy change {activity_id} holds no document")))
}

/// One version of the policy, as it was written (pending activities keep the
/// version they were judged under).
pub fn at_version(
    conn: &Connection,
    p: &Partition,
    version: i64,
) -> Result<Option<StoredPolicy>, Error> {
    Ok(query_one(
        conn,
        "SELECT version, document, created_at FROM policies
          WHERE tenant_id = ?1 AND environment = ?2 AND version = ?3",
        params![p.tenant_id, p.environment.as_str(), version],
        stored_policy,
    )
    .optional()?)
}
