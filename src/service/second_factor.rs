//! The second factor for console decisions (docs/console.md, "Two-factor"):
//! enrolment, proof with a fresh code, reset by the operator. The secret is
//! derived from the master key (`MasterKey::totp_secret`); the database holds
//! a salt and the last step accepted, so a code works once.
//!
//! Live decisions on the console always need a code; test decisions need one
//! once the user enrolled.

use crate::crypto::random_token;
use crate::domain::ids::UserId;
use crate::domain::tenancy::Environment;
use crate::domain::totp;
use crate::domain::user::User;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::service::work::Work;
use crate::store;
use rusqlite::Connection;

pub const ISSUER: &str = "Coffer";

/// Whether `user` has a confirmed second factor.
pub fn enrolled(conn: &Connection, user_id: &UserId) -> Result<bool, Error> {
    Ok(store::totp::get(conn, user_id)?.is_some_and(|e| e.confirmed_at.is_some()))
}

/// Whether a decision of `user_id` on a request of `env` needs a code.
pub fn required(conn: &Connection, user_id: &UserId, env: Environment) -> Result<bool, Error> {
    Ok(env == Environment::Live || enrolled(conn, user_id)?)
}

/// Checks `code` for a decision in `env`, spending it. Call it in the
/// decision's transaction: a refused decision leaves the code unspent.
pub fn prove(
    work: &Work,
    master: &MasterKey,
    user_id: &UserId,
    code: Option<&str>,
) -> Result<(), Error> {
    let (conn, env) = (work.conn, work.p.environment);
    let enrolment = store::totp::get(conn, user_id)?.filter(|e| e.confirmed_at.is_some());
    let Some(e) = enrolment else {
        if env == Environment::Live {
            return Err(Error::forbidden(
                "second_factor_not_enrolled",
                "live requests are decided with a second factor; set it up on the Two-factor page",
            ));
        }
        return Ok(());
    };
    let code = code
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            Error::forbidden(
                "second_factor_required",
                "enter the code from your authenticator app",
            )
        })?;
    let wrong = "that code is wrong or was used already; wait for the next one";
    accept_code(work, master, user_id, &e, code, wrong)
}

/// The secret (base32) and `otpauth://` URI of an enrolment.
pub fn show(master: &MasterKey, user: &User, salt: &str) -> (String, String) {
    let secret = master.totp_secret(&user.id, salt);
    (
        totp::base32(&secret),
        totp::otpauth_uri(ISSUER, &user.email, &secret),
    )
}

/// Begins enrolment with a new secret. A confirmed one is replaced only by
/// the operator (`coffer users reset-2fa`), so a stolen session cannot move
/// the second factor to another phone.
pub fn begin(work: &Work, user_id: &UserId) -> Result<(), Error> {
    let (conn, now) = (work.conn, work.now);
    if enrolled(conn, user_id)? {
        return Err(Error::conflict(
            "second_factor_enrolled",
            "two-factor is already on; an administrator resets it with coffer users reset-2fa",
        ));
    }
    let salt = random_token(32).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    store::totp::begin(conn, user_id, &salt, now)
}

/// Confirms a begun enrolment with a code from the app.
pub fn confirm(work: &Work, master: &MasterKey, user_id: &UserId, code: &str) -> Result<(), Error> {
    let e = store::totp::get(work.conn, user_id)?
        .filter(|e| e.confirmed_at.is_none())
        .ok_or_else(|| {
            Error::conflict(
                "second_factor_not_begun",
                "start the set-up first, or it is already confirmed",
            )
        })?;
    let wrong = "that code does not match; check the phone's clock and try the next code";
    accept_code(work, master, user_id, &e, code, wrong)
}

/// Spends `code` if it is the enrolment's current one, else refuses with
/// `second_factor_invalid` and the message `wrong` (what to try next).
fn accept_code(
    work: &Work,
    master: &MasterKey,
    user_id: &UserId,
    e: &store::totp::Enrolment,
    code: &str,
    wrong: &str,
) -> Result<(), Error> {
    let (conn, now) = (work.conn, work.now);
    let secret = master.totp_secret(user_id, &e.salt);
    let step = totp::verify(&secret, code, now.unix_seconds(), e.last_step)
        .ok_or_else(|| Error::forbidden("second_factor_invalid", wrong))?;
    store::totp::accept(conn, user_id, step, now)
}

/// Removes the second factor of the tenant's user with this (normalised)
/// email: the operator's recovery path (a lost phone). Answers the user's id
/// and whether a second factor was set.
pub fn reset(work: &Work, tenant_id: &str, email: &str) -> Result<(UserId, bool), Error> {
    let id = store::users::get_by_email(work.conn, tenant_id, email)?.id;
    let had = store::totp::remove(work.conn, &id)?;
    Ok((id, had))
}
