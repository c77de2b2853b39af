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
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    let role: String = r.get(3)?;
    let status: String = r.get(4)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        role: UserRole::parse(&role).ok_or_else(|| bad(format!("role {role}")))?,
        status: UserStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        password_hash: r.get(5)?,
        created_at: Timestamp::from_millis(r.get(6)?),
        updated_at: Timestamp::from_millis(r.get(7)?),
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
