//! Small named settings kept in the database (the master key's fingerprint).

use super::{exec, query_one};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, Error> {
    Ok(
        query_one(conn, "SELECT value FROM meta WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Takes the next value of a named counter (0, 1, 2, …).
pub fn next_counter(conn: &Connection, name: &str) -> Result<i64, Error> {
    let key = format!("counter:{name}");
    let current: Option<String> = get(conn, &key)?;
    let next = current.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    set(conn, &key, &(next + 1).to_string())?;
    Ok(next)
}
