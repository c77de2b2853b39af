//! API keys.

use super::is_unique_violation;
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::apikey::{ApiKey, KeyBinding};
use crate::domain::ids::KeyId;
use crate::domain::scope::{parse_roles, parse_scopes};
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, tenant_id, environment, name, roles, scopes, ip_allowlist, read_only, \
                       user_id, passphrase_hash, expires_at, revoked_at, created_at, bound_via";

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn from_row(r: &Row) -> rusqlite::Result<ApiKey> {
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    let env: String = r.get(2)?;
    let roles: String = r.get(4)?;
    let scopes: String = r.get(5)?;
    let cidrs: String = r.get(6)?;
    let bound_via = match r.get::<_, Option<String>>(13)? {
        None => None,
        Some(b) => Some(KeyBinding::parse(&b).ok_or_else(|| bad(format!("bound_via {b}")))?),
    };
    Ok(ApiKey {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        environment: Environment::parse(&env).ok_or_else(|| bad(format!("environment {env}")))?,
        name: r.get(3)?,
        roles: parse_roles(&words(&roles)).map_err(bad)?,
        scopes: parse_scopes(&words(&scopes)).map_err(bad)?,
        ip_allowlist: words(&cidrs).into_iter().map(String::from).collect(),
        read_only: r.get(7)?,
        user_id: r.get(8)?,
        bound_via,
        passphrase_hash: r.get(9)?,
        expires_at: r.get::<_, Option<i64>>(10)?.map(Timestamp::from_millis),
        revoked_at: r.get::<_, Option<i64>>(11)?.map(Timestamp::from_millis),
        created_at: Timestamp::from_millis(r.get(12)?),
    })
}

fn join<T>(items: &[T], name: impl Fn(&T) -> &str) -> String {
    items.iter().map(name).collect::<Vec<_>>().join(" ")
}

pub fn insert(conn: &Connection, k: &ApiKey) -> Result<(), Error> {
    exec(conn,
        &format!("INSERT INTO api_keys ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        params![
            k.id,
            k.tenant_id,
            k.environment.as_str(),
            k.name,
            join(&k.roles, |r| r.as_str()),
            join(&k.scopes, |s| s.as_str()),
            k.ip_allowlist.join(" "),
            k.read_only,
            k.user_id,
            k.passphrase_hash,
            k.expires_at.map(Timestamp::millis),
            k.revoked_at.map(Timestamp::millis),
            k.created_at.millis(),
            k.bound_via.map(KeyBinding::as_str),
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::conflict("name_taken", format!("an API key named '{}' already exists", k.name))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn get(conn: &Connection, id: &KeyId) -> Result<Option<ApiKey>, Error> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE id = ?1");
    Ok(query_one(conn, &sql, [id], from_row).optional()?)
}

/// Keys of one tenant (or of all), oldest first.
pub fn list(conn: &Connection, tenant_id: Option<&str>) -> Result<Vec<ApiKey>, Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_keys WHERE ?1 IS NULL OR tenant_id = ?1 ORDER BY created_at, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([tenant_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Revokes the working key with this name (or id) in the tenant; 404 when none.
pub fn revoke(
    conn: &Connection,
    tenant_id: &str,
    name_or_id: &str,
    now: Timestamp,
) -> Result<ApiKey, Error> {
    let sql = format!(
        "UPDATE api_keys SET revoked_at = ?3
         WHERE tenant_id = ?1 AND (name = ?2 OR id = ?2) AND revoked_at IS NULL
         RETURNING {COLUMNS}"
    );
    query_one(
        conn,
        &sql,
        params![tenant_id, name_or_id, now.millis()],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("API key", name_or_id))
}
