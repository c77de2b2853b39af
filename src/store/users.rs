//! Users of a tenant.

use super::is_unique_violation;
use super::query::ListQuery;
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::page::{Page, PageRequest};
use crate::domain::user::{User, UserRole, UserStatus};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str =
    "SELECT id, name, email, role, status, password_hash, created_at, updated_at FROM users";

fn from_row(r: &Row) -> rusqlite::Result<User> {
    from_row_at(r, 0)
}

/// A user from the row's columns starting at `at`.
fn from_row_at(r: &Row, at: usize) -> rusqlite::Result<User> {
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(at, what, rusqlite::types::Type::Text);
    let role: String = r.get(at + 3)?;
    let status: String = r.get(at + 4)?;
    Ok(User {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        email: r.get(at + 2)?,
        role: UserRole::parse(&role).ok_or_else(|| bad(format!("role {role}")))?,
        status: UserStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        password_hash: r.get(at + 5)?,
        created_at: Timestamp::from_millis(r.get(at + 6)?),
        updated_at: Timestamp::from_millis(r.get(at + 7)?),
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
        "INSERT INTO users (id, tenant_id, name, email, role, status, password_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            u.id,
            tenant_id,
            u.name,
            u.email,
            u.role.as_str(),
            u.status.as_str(),
            u.password_hash,
            u.created_at.millis(),
            u.updated_at.millis()
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
pub fn get(conn: &Connection, tenant_id: &str, id: &str) -> Result<User, Error> {
    let sql = format!("{SELECT} WHERE id = ?1 AND tenant_id = ?2");
    query_one(conn, &sql, params![id, tenant_id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("user", id))
}

/// Saves the fields a patch may change.
pub fn update(conn: &Connection, u: &User) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE users SET name = ?2, role = ?3, status = ?4, updated_at = ?5 WHERE id = ?1",
        params![
            u.id,
            u.name,
            u.role.as_str(),
            u.status.as_str(),
            u.updated_at.millis()
        ],
    )?;
    Ok(())
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
) -> Result<Vec<(String, User)>, Error> {
    let sql = SELECT.replace("SELECT id,", "SELECT tenant_id, id,");
    let sql = format!("{sql} WHERE email = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([email], |r| {
            let tenant: String = r.get(0)?;
            let user = from_row_at(r, 1)?;
            Ok((tenant, user))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Sets (or replaces) the console password hash of the tenant's user with
/// this email; returns the user's id.
pub fn set_password(
    conn: &Connection,
    tenant_id: &str,
    email: &str,
    password_hash: &str,
    now: Timestamp,
) -> Result<String, Error> {
    let id: Option<String> = query_one(
        conn,
        "UPDATE users SET password_hash = ?3, updated_at = ?4
          WHERE tenant_id = ?1 AND email = ?2 RETURNING id",
        params![tenant_id, email, password_hash, now.millis()],
        |r| r.get(0),
    )
    .optional()?;
    id.ok_or_else(|| Error::not_found("user", email))
}
