//! The append-only, hash-chained audit log.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::audit::{AuditEntry, AuditRecord, GENESIS_HASH};
use crate::domain::ids::new_id;
use crate::domain::page::{Cursor, Page, PageRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

/// Appends a record chained to the last one; returns its id. Must run on the
/// writer so that the chain has one order.
pub fn append(conn: &Connection, entry: &AuditEntry, now: Timestamp) -> Result<String, Error> {
    let prev: String = query_one(
        conn,
        "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()?
    .unwrap_or_else(|| GENESIS_HASH.to_string());
    let id = new_id();
    let hash = entry.chain_hash(&id, now, &prev);
    exec(
        conn,
        "INSERT INTO audit_log (id, tenant_id, environment, actor_type, actor_id, ip, action,
                                object_type, object_id, request_id, created_at, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            entry.tenant_id,
            entry.environment.map(|e| e.as_str()),
            entry.actor_type,
            entry.actor_id,
            entry.ip,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.request_id,
            now.millis(),
            hash,
        ],
    )?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<String>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
}

/// A record's `prev_hash` is not stored: it is the `hash` of the record
/// before it in `seq` order, read by the primary key (migration 21), or none
/// for the first record.
pub(crate) const COLUMNS: &str =
    "seq, id, tenant_id, environment, actor_type, actor_id, ip, action, object_type, \
    object_id, request_id, created_at, \
    (SELECT before.hash FROM audit_log before WHERE before.seq < audit_log.seq \
     ORDER BY before.seq DESC LIMIT 1), hash";

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<AuditRecord> {
    let environment: Option<String> = r.get(3)?;
    Ok(AuditRecord {
        seq: r.get(0)?,
        id: r.get(1)?,
        entry: AuditEntry {
            tenant_id: r.get(2)?,
            environment: environment.as_deref().and_then(Environment::parse),
            actor_type: r.get(4)?,
            actor_id: r.get(5)?,
            ip: r.get(6)?,
            action: r.get(7)?,
            object_type: r.get(8)?,
            object_id: r.get(9)?,
            request_id: r.get(10)?,
        },
        created_at: Timestamp::from_millis(r.get(11)?),
        prev_hash: r
            .get::<_, Option<String>>(12)?
            .unwrap_or_else(|| GENESIS_HASH.to_string()),
        hash: r.get(13)?,
    })
}

/// One page of a tenant's records newest first, keyset on the chain's `seq`
/// (the cursors are record ids). `p`'s environment sees its own records and the
/// tenant's environment-less ones (CLI actions on the tenant as a whole).
///
/// The two kinds are read by two index-ordered branches, each limited, and
/// merged: a page costs the same at any depth, where `environment = ? OR
/// environment IS NULL` would sort the whole partition.
pub fn list(
    conn: &Connection,
    p: &Partition,
    f: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditRecord>, Error> {
    let mut conditions = String::new();
    let mut values: Vec<Value> = Vec::new();
    let mut add = |sql: &str, value: Option<Value>| {
        if let Some(v) = value {
            conditions.push_str(" AND ");
            conditions.push_str(sql);
            values.push(v);
        }
    };
    add("action = ?", f.action.clone().map(Value::Text));
    add("object_type = ?", f.object_type.clone().map(Value::Text));
    add("object_id = ?", f.object_id.clone().map(Value::Text));
    add("actor_id = ?", f.actor_id.clone().map(Value::Text));
    add(
        "created_at >= ?",
        f.created_from.map(|t| Value::Integer(t.millis())),
    );
    add(
        "created_at < ?",
        f.created_to.map(|t| Value::Integer(t.millis())),
    );
    let position = "(SELECT c.seq FROM audit_log c WHERE c.id = ?)";
    let (cursor, order) = match &page.cursor {
        None => (None, "DESC"),
        Some(Cursor::After(id)) => (Some((format!(" AND seq < {position}"), id)), "DESC"),
        Some(Cursor::Before(id)) => (Some((format!(" AND seq > {position}"), id)), "ASC"),
    };
    if let Some((sql, id)) = &cursor {
        conditions.push_str(sql);
        values.push(Value::Text((*id).clone()));
    }
    let limit = u64::from(page.limit) + 1;
    let branch = |environment: &str| {
        format!(
            "SELECT * FROM (SELECT {COLUMNS} FROM audit_log WHERE tenant_id = ? AND {environment}{conditions} \
             ORDER BY seq {order} LIMIT {limit})"
        )
    };
    let sql = format!(
        "SELECT * FROM ({} UNION ALL {}) ORDER BY seq {order} LIMIT {limit}",
        branch("environment = ?"),
        branch("environment IS NULL")
    );
    let mut all: Vec<Value> = vec![
        Value::Text(p.tenant_id.to_string()),
        Value::Text(p.environment.as_str().into()),
    ];
    all.extend(values.iter().cloned());
    all.push(Value::Text(p.tenant_id.to_string()));
    all.extend(values);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(all.iter()), from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(rows, page))
}
