//! Users of a tenant.

use super::is_unique_violation;
use super::query::ListQuery;
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::{ActivityId, TenantId, UserId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::user::{HeldChange, PasswordSource, User, UserPatch, UserRole, UserStatus};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str =
    "SELECT id, name, email, role, status, password_hash, created_at, updated_at, \
     password_set_by, approver_since, credential_version, activity_id FROM users";

fn from_row(r: &Row) -> rusqlite::Result<User> {
    from_row_at(r, 0)
}

/// A user from the row's columns starting at `at`.
fn from_row_at(r: &Row, at: usize) -> rusqlite::Result<User> {
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(at, what, rusqlite::types::Type::Text);
    let role: String = r.get(at + 3)?;
    let status: String = r.get(at + 4)?;
    let password_set_by = match r.get::<_, Option<String>>(at + 8)? {
        None => None,
        Some(p) => {
            Some(PasswordSource::parse(&p).ok_or_else(|| bad(format!("password_set_by {p}")))?)
        }
    };
    Ok(User {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        email: r.get(at + 2)?,
        role: UserRole::parse(&role).ok_or_else(|| bad(format!("role {role}")))?,
        status: UserStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        password_hash: r.get(at + 5)?,
        created_at: Timestamp::from_millis(r.get(at + 6)?),
        updated_at: Timestamp::from_millis(r.get(at + 7)?),
        password_set_by,
        approver_since: r.get::<_, Option<i64>>(at + 9)?.map(Timestamp::from_millis),
        credential_version: r.get(at + 10)?,
        activity_id: r.get(at + 11)?,
    })
}

fn email_taken(email: &str) -> Error {
    Error::conflict(
        "email_taken",
        format!("a user with email '{email}' already exists"),
    )
}

pub fn insert(conn: &Connection, tenant_id: &str, u: &User) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO users (id, tenant_id, name, email, role, status, password_hash, created_at, updated_at,
                            password_set_by, approver_since, credential_version, activity_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            u.id,
            tenant_id,
            u.name,
            u.email,
            u.role.as_str(),
            u.status.as_str(),
            u.password_hash,
            u.created_at.millis(),
            u.updated_at.millis(),
            u.password_set_by.map(PasswordSource::as_str),
            u.approver_since.map(Timestamp::millis),
            u.credential_version,
            u.activity_id,
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            email_taken(&u.email)
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// The tenant's user with this id; 404 for any other tenant's.
pub fn get(conn: &Connection, tenant_id: &str, id: &UserId) -> Result<User, Error> {
    let sql = format!("{SELECT} WHERE id = ?1 AND tenant_id = ?2");
    query_one(conn, &sql, params![id, tenant_id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("user", id.to_string()))
}

/// The tenant's user with this (normalised) email.
pub fn get_by_email(conn: &Connection, tenant_id: &str, email: &str) -> Result<User, Error> {
    let sql = format!("{SELECT} WHERE tenant_id = ?1 AND email = ?2");
    query_one(conn, &sql, params![tenant_id, email], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found_by("user", "email", email))
}

/// Saves everything about a user but its id, tenant, email and creation time.
pub fn update(conn: &Connection, u: &User) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE users SET name = ?2, role = ?3, status = ?4, updated_at = ?5, password_hash = ?6,
                          password_set_by = ?7, approver_since = ?8, credential_version = ?9,
                          activity_id = ?10
          WHERE id = ?1",
        params![
            u.id,
            u.name,
            u.role.as_str(),
            u.status.as_str(),
            u.updated_at.millis(),
            u.password_hash,
            u.password_set_by.map(PasswordSource::as_str),
            u.approver_since.map(Timestamp::millis),
            u.credential_version,
            u.activity_id,
        ],
    )?;
    Ok(())
}

/// Removes a user whose creation was refused: they never existed for any
/// purpose (no key, vote or request can name a user still pending approval).
pub fn delete_pending(conn: &Connection, id: &UserId) -> Result<(), Error> {
    exec(
        conn,
        "DELETE FROM users WHERE id = ?1 AND status = 'PendingApproval'",
        [id],
    )?;
    Ok(())
}

/// Records the change an activity holds.
pub fn insert_change(
    conn: &Connection,
    activity_id: &ActivityId,
    user_id: &UserId,
    change: &HeldChange,
    now: Timestamp,
) -> Result<(), Error> {
    let (kind, email, name, role, status) = match change {
        HeldChange::Create { email, name, role } => (
            "create",
            Some(email.as_str()),
            Some(name.as_str()),
            Some(*role),
            None,
        ),
        HeldChange::Update(p) => ("update", None, p.name.as_deref(), p.role, p.status),
    };
    exec(
        conn,
        "INSERT INTO user_changes (activity_id, user_id, kind, email, name, role, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            activity_id,
            user_id,
            kind,
            email,
            name,
            role.map(UserRole::as_str),
            status.map(UserStatus::as_str),
            now.millis()
        ],
    )?;
    Ok(())
}

/// The change an activity holds (or held), with the user it is about.
pub fn change(conn: &Connection, activity_id: &ActivityId) -> Result<(UserId, HeldChange), Error> {
    let row = query_one(
        conn,
        "SELECT user_id, kind, email, name, role, status FROM user_changes WHERE activity_id = ?1",
        [activity_id],
        |r| {
            Ok((
                r.get::<_, UserId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::Internal(format!("activity {activity_id} holds no user change")))?;
    let (user_id, kind, email, name, role, status) = row;
    let bad = |what: &str| Error::Internal(format!("user change {activity_id}: bad {what}"));
    let role = role
        .map(|r| UserRole::parse(&r).ok_or_else(|| bad("role")))
        .transpose()?;
    let status = status
        .map(|s| UserStatus::parse_settable(&s).ok_or_else(|| bad("status")))
        .transpose()?;
    let change = match kind.as_str() {
        "create" => HeldChange::Create {
            email: email.ok_or_else(|| bad("email"))?,
            name: name.ok_or_else(|| bad("name"))?,
            role: role.ok_or_else(|| bad("role"))?,
        },
        _ => HeldChange::Update(UserPatch { name, role, status }),
    };
    Ok((user_id, change))
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub email: Option<String>,
    pub role: Option<UserRole>,
    pub status: Option<UserStatus>,
}

pub fn list(
    conn: &Connection,
    tenant_id: &str,
    f: &UserFilter,
    page: &PageRequest,
) -> Result<Page<User>, Error> {
    ListQuery::new(SELECT)
        .and("tenant_id = ?", tenant_id.to_string())
        .and_maybe("email = ?", f.email.clone())
        .and_maybe("role = ?", f.role.map(UserRole::as_str))
        .and_maybe("status = ?", f.status.map(UserStatus::as_str))
        .page(conn, "id", page, from_row)
}

/// Every user with this (normalised) email, in any tenant, with the tenant:
/// the console's sign-in form has no tenant field.
pub fn with_email_in_any_tenant(
    conn: &Connection,
    email: &str,
) -> Result<Vec<(TenantId, User)>, Error> {
    let sql = SELECT.replace("SELECT id,", "SELECT tenant_id, id,");
    let sql = format!("{sql} WHERE email = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([email], |r| {
            let tenant: TenantId = r.get(0)?;
            let user = from_row_at(r, 1)?;
            Ok((tenant, user))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
