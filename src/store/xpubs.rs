//! Tenants' registered account xpubs, and the next child each hands out.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

/// Registers `xpub` for a tenant's network; `Ok(false)` when exactly this one
/// was already registered, 409 `xpub_already_set` when another one was:
/// addresses already handed out must stay the tenant's.
pub fn set(
    conn: &Connection,
    tenant_id: &str,
    network: &str,
    xpub: &str,
    now: Timestamp,
) -> Result<bool, Error> {
    match get(conn, tenant_id, network)? {
        Some(existing) if existing == xpub => Ok(false),
        Some(_) => Err(Error::conflict(
            "xpub_already_set",
            format!(
                "another account xpub is registered for {network}; deposit addresses derived \
                 from it stay in use, so it cannot be replaced"
            ),
        )),
        None => {
            exec(
                conn,
                "INSERT INTO tenant_xpubs (tenant_id, network, xpub, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![tenant_id, network, xpub, now.millis()],
            )?;
            Ok(true)
        }
    }
}

pub fn get(conn: &Connection, tenant_id: &str, network: &str) -> Result<Option<String>, Error> {
    Ok(query_one(
        conn,
        "SELECT xpub FROM tenant_xpubs WHERE tenant_id = ?1 AND network = ?2",
        params![tenant_id, network],
        |r| r.get(0),
    )
    .optional()?)
}

/// The registered xpub and the child index the next address takes, which
/// is consumed; `None` without an xpub.
pub fn take_index(
    conn: &Connection,
    tenant_id: &str,
    network: &str,
) -> Result<Option<(String, u32)>, Error> {
    let taken: Option<(String, i64)> = query_one(
        conn,
        "UPDATE tenant_xpubs SET next_index = next_index + 1
          WHERE tenant_id = ?1 AND network = ?2
          RETURNING xpub, next_index - 1",
        params![tenant_id, network],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?;
    taken
        .map(|(xpub, index)| {
            u32::try_from(index)
                .map(|i| (xpub, i))
                .map_err(|_| Error::Internal(format!("xpub index {index} out of range")))
        })
        .transpose()
}
