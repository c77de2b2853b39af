//! Vaults.

use super::is_unique_violation;
use super::query::{one_in_partition, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::VaultId;
use crate::domain::page::{Page, PageRequest};
use crate::domain::tenancy::Partition;
use crate::domain::vault::{Vault, VaultStatus};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str =
    "SELECT id, external_id, name, metadata, status, created_at, updated_at FROM vaults";

fn from_row(r: &Row) -> rusqlite::Result<Vault> {
    let bad =
        |what: String| rusqlite::Error::InvalidColumnType(0, what, rusqlite::types::Type::Text);
    let metadata: String = r.get(3)?;
    let status: String = r.get(4)?;
    Ok(Vault {
        id: r.get(0)?,
        external_id: r.get(1)?,
        name: r.get(2)?,
        metadata: serde_json::from_str(&metadata).map_err(|e| bad(format!("metadata: {e}")))?,
        status: VaultStatus::parse(&status).ok_or_else(|| bad(format!("status {status}")))?,
        created_at: Timestamp::from_millis(r.get(5)?),
        updated_at: Timestamp::from_millis(r.get(6)?),
    })
}

fn external_id_taken(e: rusqlite::Error, v: &Vault) -> Error {
    if is_unique_violation(&e) {
        Error::conflict(
            "external_id_taken",
            format!(
                "a vault with externalId '{}' already exists",
                v.external_id.as_deref().unwrap_or("")
            ),
        )
    } else {
        e.into()
    }
}

pub fn insert(conn: &Connection, p: &Partition, v: &Vault) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO vaults (id, tenant_id, environment, external_id, name, metadata, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            v.id,
            p.tenant_id,
            p.environment.as_str(),
            v.external_id,
            v.name,
            serde_json::Value::Object(v.metadata.clone()).to_string(),
            v.status.as_str(),
            v.created_at.millis(),
            v.updated_at.millis(),
        ],
    )
    .map_err(|e| external_id_taken(e, v))?;
    Ok(())
}

pub fn update(conn: &Connection, p: &Partition, v: &Vault) -> Result<(), Error> {
    let changed = exec(
        conn,
        "UPDATE vaults SET name = ?4, metadata = ?5, status = ?6, updated_at = ?7
         WHERE id = ?1 AND tenant_id = ?2 AND environment = ?3",
        params![
            v.id,
            p.tenant_id,
            p.environment.as_str(),
            v.name,
            serde_json::Value::Object(v.metadata.clone()).to_string(),
            v.status.as_str(),
            v.updated_at.millis(),
        ],
    )?;
    if changed == 0 {
        return Err(Error::not_found("vault", v.id.to_string()));
    }
    Ok(())
}

/// The vault with this id in the partition; another partition's vault is absent.
pub fn get(conn: &Connection, p: &Partition, id: &VaultId) -> Result<Vault, Error> {
    one_in_partition(conn, SELECT, p, id, "vault", from_row)
}

#[derive(Debug, Clone, Default)]
pub struct VaultFilter {
    pub status: Option<VaultStatus>,
    pub external_id: Option<String>,
}

pub fn list(
    conn: &Connection,
    p: &Partition,
    filter: &VaultFilter,
    page: &PageRequest,
) -> Result<Page<Vault>, Error> {
    ListQuery::in_partition(SELECT, p)
        .and_maybe("status = ?", filter.status.map(VaultStatus::as_str))
        .and_maybe("external_id = ?", filter.external_id.clone())
        .page(conn, "id", page, from_row)
}

/// The partition's default vault (where Coinbase-compatible wallets go), if made yet.
pub fn default_vault(conn: &Connection, p: &Partition) -> Result<Option<VaultId>, Error> {
    Ok(query_one(
        conn,
        "SELECT vault_id FROM default_vaults WHERE tenant_id = ?1 AND environment = ?2",
        params![p.tenant_id, p.environment.as_str()],
        |r| r.get(0),
    )
    .optional()?)
}

pub fn set_default_vault(
    conn: &Connection,
    p: &Partition,
    vault_id: &VaultId,
) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO default_vaults (tenant_id, environment, vault_id) VALUES (?1, ?2, ?3)",
        params![p.tenant_id, p.environment.as_str(), vault_id],
    )?;
    Ok(())
}
