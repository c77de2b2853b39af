//! Activities (requests subject to consensus).

use super::exec;
use crate::domain::activity::Activity;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection};

pub fn insert(conn: &Connection, p: &Partition, a: &Activity) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO activities (id, tenant_id, environment, action, status, initiator_type, initiator_id,
                                 initiator_name, required_approvals, object_type, object_id,
                                 created_at, updated_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            a.id,
            p.tenant_id,
            p.environment.as_str(),
            a.action.as_str(),
            a.status.as_str(),
            a.initiator.kind,
            a.initiator.id,
            a.initiator.name,
            a.required_approvals,
            a.object_type,
            a.object_id,
            a.created_at.millis(),
            a.updated_at.millis(),
            a.expires_at.map(crate::clock::Timestamp::millis),
        ],
    )?;
    Ok(())
}
