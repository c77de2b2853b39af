//! Activities (requests subject to consensus).

use super::exec;
use super::query::{one_in_partition, ListQuery};
use crate::clock::Timestamp;
use crate::domain::activity::{Action, Activity, ActivityStatus, Approval, Initiator};
use crate::domain::ids::{ActivityId, TenantId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::UserRole;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub fn insert(conn: &Connection, p: &Partition, a: &Activity) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO activities (id, tenant_id, environment, action, status, initiator_type, initiator_id,
                                 initiator_name, required_approvals, object_type, object_id,
                                 created_at, updated_at, expires_at, approver_role, policy_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
            a.expires_at.map(Timestamp::millis),
            a.approver_role.map(UserRole::as_str),
            a.policy_version,
        ],
    )?;
    Ok(())
}

const SELECT: &str =
    "SELECT id, action, status, initiator_type, initiator_id, initiator_name, required_approvals, \
    object_type, object_id, created_at, updated_at, expires_at, approver_role, policy_version FROM activities";

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    let action: String = r.get(1)?;
    let status: String = r.get(2)?;
    let kind: String = r.get(3)?;
    Ok(Activity {
        id: r.get(0)?,
        action: Action::parse(&action).ok_or_else(|| bad(format!("action {action}")))?,
        status: ActivityStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        initiator: Initiator {
            kind: if kind == "User" { "User" } else { "ApiKey" },
            id: r.get(4)?,
            name: r.get(5)?,
        },
        required_approvals: r.get(6)?,
        object_type: r.get(7)?,
        object_id: r.get(8)?,
        created_at: Timestamp::from_millis(r.get(9)?),
        updated_at: Timestamp::from_millis(r.get(10)?),
        expires_at: r.get::<_, Option<i64>>(11)?.map(Timestamp::from_millis),
        approver_role: r
            .get::<_, Option<String>>(12)?
            .and_then(|s| UserRole::parse(&s)),
        policy_version: r.get(13)?,
    })
}

pub fn get(conn: &Connection, p: &Partition, id: &ActivityId) -> Result<Activity, Error> {
    one_in_partition(conn, SELECT, p, id, "activity", from_row)
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub status: Option<ActivityStatus>,
    pub action: Option<Action>,
}

pub fn list(
    conn: &Connection,
    p: &Partition,
    f: &ActivityFilter,
    page: &PageRequest,
) -> Result<Page<Activity>, Error> {
    ListQuery::in_partition(SELECT, p)
        .and_maybe("status = ?", f.status.map(ActivityStatus::as_str))
        .and_maybe("action = ?", f.action.map(Action::as_str))
        .page(conn, "id", page, from_row)
}

/// The decisions made on an activity, oldest first.
pub fn approvals(conn: &Connection, activity_id: &ActivityId) -> Result<Vec<Approval>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, decision, comment, created_at FROM activity_approvals WHERE activity_id = ?1 ORDER BY created_at",
    )?;
    let rows = stmt
        .query_map([activity_id], |r| {
            Ok(Approval {
                user_id: r.get(0)?,
                decision: r.get(1)?,
                comment: r.get(2)?,
                created_at: Timestamp::from_millis(r.get(3)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Saves a changed status (and `updated_at`).
pub fn update_status(conn: &Connection, a: &Activity) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE activities SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![a.id, a.status.as_str(), a.updated_at.millis()],
    )?;
    Ok(())
}

pub fn insert_approval(
    conn: &Connection,
    activity_id: &ActivityId,
    ap: &Approval,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO activity_approvals (activity_id, user_id, decision, comment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            activity_id,
            ap.user_id,
            ap.decision,
            ap.comment,
            ap.created_at.millis()
        ],
    )?;
    Ok(())
}

/// Pending activities whose time ran out by `now`, with their partitions.
pub fn expired_pending(
    conn: &Connection,
    now: Timestamp,
) -> Result<Vec<(Partition, Activity)>, Error> {
    let mut out = Vec::new();
    let ids: Vec<(TenantId, String, ActivityId)> = conn
        .prepare_cached(
            "SELECT tenant_id, environment, id FROM activities
              WHERE status = 'Pending' AND expires_at <= ?1 ORDER BY expires_at",
        )?
        .query_map([now.millis()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (tenant_id, env, id) in ids {
        let environment = Environment::parse(&env)
            .ok_or_else(|| Error::Internal(format!("activity {id} has environment {env}")))?;
        let p = Partition {
            tenant_id,
            environment,
        };
        let a = get(conn, &p, &id)?;
        out.push((p, a));
    }
    Ok(out)
}

/// An activity of a tenant in either environment, with its partition: the
/// console's users belong to a tenant, not to an environment.
pub fn get_in_tenant(
    conn: &Connection,
    tenant_id: &TenantId,
    id: &ActivityId,
) -> Result<(Partition, Activity), Error> {
    let env: Option<String> = conn
        .prepare_cached("SELECT environment FROM activities WHERE id = ?1 AND tenant_id = ?2")?
        .query_row(params![id, tenant_id], |r| r.get(0))
        .optional()?;
    let environment = env
        .as_deref()
        .and_then(Environment::parse)
        .ok_or_else(|| Error::not_found("activity", id.to_string()))?;
    let p = Partition {
        tenant_id: tenant_id.clone(),
        environment,
    };
    let a = get(conn, &p, id)?;
    Ok((p, a))
}

/// A tenant's pending activities in both environments, newest first.
pub fn pending_in_tenant(
    conn: &Connection,
    tenant_id: &TenantId,
    limit: u32,
) -> Result<Vec<(Partition, Activity)>, Error> {
    let ids: Vec<ActivityId> = conn
        .prepare_cached(
            "SELECT id FROM activities WHERE tenant_id = ?1 AND status = 'Pending'
              ORDER BY id DESC LIMIT ?2",
        )?
        .query_map(params![tenant_id, limit], |r| r.get(0))?
        .collect::<Result<Vec<_>, _>>()?;
    ids.iter()
        .map(|id| get_in_tenant(conn, tenant_id, id))
        .collect()
}

/// A tenant's decided (or expired) activities in both environments, the
/// most recently closed first: the console's history.
pub fn decided_in_tenant(
    conn: &Connection,
    tenant_id: &TenantId,
    limit: u32,
) -> Result<Vec<(Partition, Activity)>, Error> {
    let ids: Vec<ActivityId> = conn
        .prepare_cached(
            "SELECT id FROM activities WHERE tenant_id = ?1 AND status <> 'Pending'
              ORDER BY updated_at DESC, id DESC LIMIT ?2",
        )?
        .query_map(params![tenant_id, limit], |r| r.get(0))?
        .collect::<Result<Vec<_>, _>>()?;
    ids.iter()
        .map(|id| get_in_tenant(conn, tenant_id, id))
        .collect()
}
