//! Creating and changing users, shared by the native API and `coffer users`.

use crate::clock::Timestamp;
use crate::crypto::hash_password;
use crate::domain::ids::new_id;
use crate::domain::user::{
    normalize_email, validate_password, User, UserPatch, UserRole, UserStatus,
};
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::store;
use rusqlite::Connection;

/// A validated new user, its password (if any) already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    name: String,
    email: String,
    role: UserRole,
    password_hash: Option<String>,
}

impl NewUser {
    /// Validates the fields and hashes the password with argon2id. Slow on
    /// purpose: call it before the write job, never inside it.
    pub fn prepare(
        name: &str,
        email: &str,
        role: UserRole,
        password: Option<&str>,
    ) -> Result<NewUser, Error> {
        let name = validate_name("name", name, 200)?;
        let email = normalize_email("email", email)?;
        let password_hash = match password {
            None => None,
            Some(p) => {
                validate_password("password", p)?;
                Some(hash_password(p).map_err(Error::Internal)?)
            }
        };
        Ok(NewUser {
            name,
            email,
            role,
            password_hash,
        })
    }
}

pub fn create(
    conn: &Connection,
    tenant_id: &str,
    new: NewUser,
    now: Timestamp,
) -> Result<User, Error> {
    if store::tenants::get(conn, tenant_id)?.is_none() {
        return Err(Error::not_found("tenant", tenant_id));
    }
    let user = User {
        id: new_id(),
        name: new.name,
        email: new.email,
        role: new.role,
        status: UserStatus::Active,
        password_hash: new.password_hash,
        created_at: now,
        updated_at: now,
    };
    store::users::insert(conn, tenant_id, &user)?;
    Ok(user)
}

pub fn update(
    conn: &Connection,
    tenant_id: &str,
    id: &str,
    patch: UserPatch,
    now: Timestamp,
) -> Result<User, Error> {
    let mut user = store::users::get(conn, tenant_id, id)?;
    patch.apply(&mut user, now);
    store::users::update(conn, &user)?;
    Ok(user)
}
