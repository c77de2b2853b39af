//! Stored first answers to requests that carried an `Idempotency-Key`.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// The record for (actor, key) created at or after `not_before`, if any.
pub fn find(
    conn: &Connection,
    actor: &str,
    key: &str,
    not_before: Timestamp,
) -> Result<Option<StoredResponse>, Error> {
    Ok(query_one(
        conn,
        "SELECT request_hash, response_status, response_body FROM idempotency_records
             WHERE actor = ?1 AND idempotency_key = ?2 AND created_at >= ?3",
        params![actor, key, not_before.millis()],
        |r| {
            Ok(StoredResponse {
                request_hash: r.get(0)?,
                status: r.get(1)?,
                body: r.get(2)?,
            })
        },
    )
    .optional()?)
}

/// Saves the answer; an expired record under the same key is replaced (one
/// statement: it runs on every keyed write). An unexpired one is never
/// overwritten: saving over it is an error.
pub fn save(
    conn: &Connection,
    actor: &str,
    key: &str,
    response: &StoredResponse,
    now: Timestamp,
    expired_before: Timestamp,
) -> Result<(), Error> {
    let saved = exec(conn,
        "INSERT INTO idempotency_records (actor, idempotency_key, request_hash, response_status, response_body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (actor, idempotency_key) DO UPDATE SET
             request_hash = excluded.request_hash, response_status = excluded.response_status,
             response_body = excluded.response_body, created_at = excluded.created_at
         WHERE idempotency_records.created_at < ?7",
        params![actor, key, response.request_hash, response.status, response.body, now.millis(), expired_before.millis()],
    )?;
    if saved == 0 {
        return Err(Error::Internal(format!(
            "idempotency key {key} already holds an unexpired answer"
        )));
    }
    Ok(())
}

/// Drops records older than `before`; returns how many.
pub fn purge(conn: &Connection, before: Timestamp) -> Result<usize, Error> {
    Ok(exec(
        conn,
        "DELETE FROM idempotency_records WHERE created_at < ?1",
        [before.millis()],
    )?)
}
