//! Tenants: the base tenant made by `coffer init` and the subwallets of docs/api.md, "Admin API".

use super::is_unique_violation;
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::TenantId;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub label: Option<String>,
    pub is_base: bool,
    /// Public input to the admin token's derivation; useless without the master key.
    pub admin_token_salt: String,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, name, label, is_base, admin_token_salt, created_at";

fn from_row(r: &Row) -> rusqlite::Result<Tenant> {
    Ok(Tenant {
        id: r.get(0)?,
        name: r.get(1)?,
        label: r.get(2)?,
        is_base: r.get(3)?,
        admin_token_salt: r.get(4)?,
        created_at: Timestamp::from_millis(r.get(5)?),
    })
}

pub fn insert(conn: &Connection, t: &Tenant, admin_token_hmac: &str) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO tenants (id, name, label, is_base, admin_token_salt, admin_token_hmac, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![t.id, t.name, t.label, t.is_base, t.admin_token_salt, admin_token_hmac, t.created_at.millis()],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict("name_taken", format!("a wallet named '{}' already exists", t.name))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Tenant>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE id = ?1");
    Ok(query_one(conn, &sql, [id], from_row).optional()?)
}

pub fn base(conn: &Connection) -> Result<Option<Tenant>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE is_base = 1");
    Ok(query_one(conn, &sql, [], from_row).optional()?)
}

pub fn by_admin_token_hmac(conn: &Connection, token_hmac: &str) -> Result<Option<Tenant>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE admin_token_hmac = ?1");
    Ok(query_one(conn, &sql, [token_hmac], from_row).optional()?)
}

/// Every tenant but the base one, oldest first.
pub fn list_subwallets(conn: &Connection) -> Result<Vec<Tenant>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE is_base = 0 ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
