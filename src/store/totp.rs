//! Second-factor enrolments, one row per user: the salt the secret is
//! derived with (never the secret), whether it was confirmed, and the last
//! step a code was accepted for.

use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::ids::UserId;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub salt: String,
    pub confirmed_at: Option<Timestamp>,
    pub last_step: i64,
}

pub fn get(conn: &Connection, user_id: &UserId) -> Result<Option<Enrolment>, Error> {
    Ok(query_one(
        conn,
        "SELECT salt, confirmed_at, last_step FROM user_totp WHERE user_id = ?1",
        params![user_id],
        |r| {
            Ok(Enrolment {
                salt: r.get(0)?,
                confirmed_at: r.get::<_, Option<i64>>(1)?.map(Timestamp::from_millis),
                last_step: r.get(2)?,
            })
        },
    )
    .optional()?)
}

/// Begins (or begins again) an unconfirmed enrolment with a new salt.
pub fn begin(conn: &Connection, user_id: &UserId, salt: &str, now: Timestamp) -> Result<(), Error> {
    exec(
        conn,
        "INSERT INTO user_totp (user_id, salt, confirmed_at, last_step, created_at)
         VALUES (?1, ?2, NULL, 0, ?3)
         ON CONFLICT (user_id) DO UPDATE SET salt = ?2, confirmed_at = NULL, last_step = 0,
                                             created_at = ?3",
        params![user_id, salt, now.millis()],
    )?;
    Ok(())
}

/// Records the step of an accepted code (and confirms an enrolment).
pub fn accept(conn: &Connection, user_id: &UserId, step: i64, now: Timestamp) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE user_totp SET last_step = ?2, confirmed_at = COALESCE(confirmed_at, ?3)
          WHERE user_id = ?1",
        params![user_id, step, now.millis()],
    )?;
    Ok(())
}

/// Removes the enrolment; `false` when there was none.
pub fn remove(conn: &Connection, user_id: &UserId) -> Result<bool, Error> {
    Ok(exec(
        conn,
        "DELETE FROM user_totp WHERE user_id = ?1",
        params![user_id],
    )? > 0)
}
