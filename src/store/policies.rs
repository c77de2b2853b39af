//! Policy documents, one row per version.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

/// A stored version: its number, its JSON document and when it was written.
pub struct StoredPolicy {
    pub version: i64,
    pub document: String,
    pub created_at: Timestamp,
}

/// The version in force (the highest), if a policy was ever set.
pub fn current(conn: &Connection, p: &Partition) -> Result<Option<StoredPolicy>, Error> {
    Ok(query_one(
        conn,
        "SELECT version, document, created_at FROM policies
          WHERE tenant_id = ?1 AND environment = ?2 ORDER BY version DESC LIMIT 1",
        params![p.tenant_id, p.environment.as_str()],
        |r| {
            Ok(StoredPolicy {
                version: r.get(0)?,
                document: r.get(1)?,
                created_at: Timestamp::from_millis(r.get(2)?),
            })
        },
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
        |r| {
            Ok(StoredPolicy {
                version: r.get(0)?,
                document: r.get(1)?,
                created_at: Timestamp::from_millis(r.get(2)?),
            })
        },
    )
    .optional()?)
}
