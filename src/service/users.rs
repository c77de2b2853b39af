//! Creating and changing users, shared by the native API and `coffer users`.
//!
//! Who can approve decides live money, so (docs/security.md, "Who can
//! approve"): only a live key changes users through the API; under a live
//! policy that requires approvals, a change that gives someone the power to
//! approve waits, as a `user_change` activity, for the approvers who already
//! exist; taking power away acts at once. The CLI on the box is the
//! break-glass path: it acts at once and its commands audit themselves.

use crate::crypto::{dummy_password_hash, hash_password};
use crate::domain::activity::{Activity, InitiatorRef};
use crate::domain::ids::{ActivityId, TenantId, UserId};
use crate::domain::tenancy::Environment;
use crate::domain::user::{
    normalize_email, validate_password, HeldChange, PasswordSource, User, UserPatch, UserRole,
    UserStatus,
};
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::service::grant::{Granted, UsersWrite};
use crate::service::ledger::Ledger;
use crate::service::work::Work;
use crate::service::{policies, requests};
use crate::store;
use std::sync::Arc;

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

/// Who changes a tenant's users, proven: the capability every change here
/// demands, so a caller that skipped the test-key check cannot compile.
pub enum UserAdmin {
    /// A live API key: its changes are governed by the tenant's live policy.
    Api {
        tenant_id: TenantId,
        who: InitiatorRef,
        ledger: Arc<Ledger>,
    },
    /// The operator at the CLI on the box: acts at once (break-glass).
    Cli { tenant_id: TenantId },
}

impl UserAdmin {
    /// A key's right to change users. Users belong to the tenant and serve
    /// both environments, so the approvers among them decide live money: a
    /// test key may read them but not change them (403 `live_key_required`).
    pub fn for_key(
        _: &Granted<UsersWrite>,
        tenant_id: &TenantId,
        environment: Environment,
        who: InitiatorRef,
        ledger: Arc<Ledger>,
    ) -> Result<UserAdmin, Error> {
        if environment != Environment::Live {
            return Err(Error::forbidden(
                "live_key_required",
                "users serve both environments and approve live money; a test key may read \
                 them, but changing them needs a live key",
            ));
        }
        Ok(UserAdmin::Api {
            tenant_id: tenant_id.clone(),
            who,
            ledger,
        })
    }

    /// An admin signed in to the console. The console only takes power away
    /// (it disables users), which never waits for approvals; the change is
    /// the same as `PATCH /v1/users/{id}` by a live key bound to that admin.
    pub fn console_admin(tenant_id: &TenantId, user_id: &UserId, ledger: Arc<Ledger>) -> UserAdmin {
        UserAdmin::Api {
            tenant_id: tenant_id.clone(),
            who: InitiatorRef::User(user_id.clone()),
            ledger,
        }
    }

    pub fn cli(tenant_id: &TenantId) -> UserAdmin {
        UserAdmin::Cli {
            tenant_id: tenant_id.clone(),
        }
    }

    fn tenant_id(&self) -> &TenantId {
        match self {
            UserAdmin::Api { tenant_id, .. } | UserAdmin::Cli { tenant_id } => tenant_id,
        }
    }

    fn password_source(&self) -> PasswordSource {
        match self {
            UserAdmin::Api { .. } => PasswordSource::Api,
            UserAdmin::Cli { .. } => PasswordSource::Cli,
        }
    }

    /// Records a change to who can approve as a pending `user_change`
    /// activity when the tenant's live policy requires approvals for
    /// anything; `None` when the change may take effect at once.
    fn hold(&self, work: &Work, user_id: &UserId) -> Result<Option<Activity>, Error> {
        let UserAdmin::Api {
            tenant_id,
            who,
            ledger,
        } = self
        else {
            return Ok(None);
        };
        let assets = &ledger.assets;
        let Some(requirement) = policies::governance_requirement(work.conn, tenant_id, assets)?
        else {
            return Ok(None);
        };
        let activity = requests::user_change(ledger, work, tenant_id, who, user_id, requirement)?;
        Ok(Some(activity))
    }
}

/// A user as a change left them, and the activity holding the change when it
/// waits for approvals.
#[derive(Debug)]
pub struct Changed {
    pub user: User,
    pub activity: Option<Activity>,
}

fn change_pending(user: &User) -> Error {
    Error::conflict(
        "user_change_pending",
        format!(
            "user {} has a change waiting for approval (activity {}); approve or reject it first",
            user.id,
            user.activity_id.as_deref().unwrap_or("?")
        ),
    )
}

/// No one disables themselves through the API or the console: a slip would
/// leave the firm without its last admin, and a stolen session could not be
/// told from an admin locking themselves out. Another admin does it, or the
/// operator on the box.
fn cannot_disable_self() -> Error {
    Error::forbidden(
        "cannot_disable_self",
        "you cannot disable yourself; ask another admin",
    )
}

/// Adds a user. One who could approve waits as `PendingApproval` when the
/// change is held.
pub fn create(work: &Work, admin: &UserAdmin, new: NewUser) -> Result<Changed, Error> {
    let (conn, now) = (work.conn, work.now);
    let tenant_id = admin.tenant_id();
    if store::tenants::get(conn, tenant_id)?.is_none() {
        return Err(Error::not_found("tenant", tenant_id.to_string()));
    }
    let id = UserId::mint();
    let could_approve = matches!(new.role, UserRole::Approver | UserRole::Admin);
    let activity = if could_approve {
        admin.hold(work, &id)?
    } else {
        None
    };
    let status = match activity {
        Some(_) => UserStatus::PendingApproval,
        None => UserStatus::Active,
    };
    let password = new.password_hash.map(|h| (h, admin.password_source()));
    let mut user = User::new(id, new.name, new.email, new.role, status, password, now);
    user.activity_id = activity.as_ref().map(|a| a.id.clone());
    // A taken email fails the whole write job, the activity with it.
    store::users::insert(conn, tenant_id, &user)?;
    if let Some(a) = &activity {
        let proposed = HeldChange::Create {
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
        };
        store::users::insert_change(conn, &a.id, &user.id, &proposed, now)?;
    }
    Ok(Changed { user, activity })
}

/// Changes a user's name, role or status. A change that gives power to
/// approve may be held; one that removes power or renames acts at once.
/// A user acting as themselves (through a key bound to them, or on the
/// console) cannot disable themselves: 403 `cannot_disable_self`.
pub fn update(
    work: &Work,
    admin: &UserAdmin,
    id: &UserId,
    patch: UserPatch,
) -> Result<Changed, Error> {
    let (conn, now) = (work.conn, work.now);
    let mut user = store::users::get(conn, admin.tenant_id(), id)?;
    if user.status == UserStatus::PendingApproval {
        return Err(change_pending(&user));
    }
    if let UserAdmin::Api {
        who: InitiatorRef::User(me),
        ..
    } = admin
    {
        if *me == user.id && patch.status == Some(UserStatus::Disabled) {
            return Err(cannot_disable_self());
        }
    }
    if patch.grants_power(&user) {
        if user.activity_id.is_some() {
            return Err(change_pending(&user));
        }
        if let Some(activity) = admin.hold(work, &user.id)? {
            store::users::insert_change(
                conn,
                &activity.id,
                &user.id,
                &HeldChange::Update(patch),
                now,
            )?;
            user.activity_id = Some(activity.id.clone());
            store::users::update(conn, &user)?;
            return Ok(Changed {
                user,
                activity: Some(activity),
            });
        }
    }
    patch.apply(&mut user, now);
    store::users::update(conn, &user)?;
    Ok(Changed {
        user,
        activity: None,
    })
}

/// `coffer users passwd`: a new console password, set on the box. The user's
/// open console sessions end.
pub fn set_password_at_cli(
    work: &Work,
    tenant_id: &str,
    email: &str,
    password_hash: String,
) -> Result<User, Error> {
    let (conn, now) = (work.conn, work.now);
    let mut user = store::users::get_by_email(conn, tenant_id, email)?;
    user.set_password(password_hash, PasswordSource::Cli, now);
    store::users::update(conn, &user)?;
    Ok(user)
}

/// An approved `user_change` takes effect: the new user becomes `Active`, or
/// the held fields are set. Their tenure as an approver starts now.
pub fn carry_out_change(work: &Work, activity_id: &ActivityId) -> Result<User, Error> {
    let (conn, tenant_id, now) = (work.conn, &work.p.tenant_id, work.now);
    let (user_id, change) = store::users::change(conn, activity_id)?;
    let mut user = store::users::get(conn, tenant_id, &user_id)?;
    match change {
        HeldChange::Create { .. } => {
            if user.status == UserStatus::PendingApproval {
                user.set_standing(user.role, UserStatus::Active, now);
            }
        }
        HeldChange::Update(patch) => patch.apply(&mut user, now),
    }
    if user.activity_id.as_deref() == Some(activity_id) {
        user.activity_id = None;
    }
    store::users::update(conn, &user)?;
    Ok(user)
}

/// A refused or expired `user_change` leaves things as they were: a user
/// proposed by it is removed (freeing the email), a held update dropped.
pub fn discard_change(work: &Work, activity_id: &ActivityId) -> Result<(), Error> {
    let (conn, tenant_id) = (work.conn, &work.p.tenant_id);
    let (user_id, change) = store::users::change(conn, activity_id)?;
    if let HeldChange::Create { .. } = change {
        return store::users::delete_pending(conn, &user_id);
    }
    let mut user = store::users::get(conn, tenant_id, &user_id)?;
    if user.activity_id.as_deref() == Some(activity_id) {
        user.activity_id = None;
        store::users::update(conn, &user)?;
    }
    Ok(())
}

/// The console's sign-in: the first active user among `candidates` (an email
/// may exist in several tenants) whose password matches. Every candidate
/// costs one argon2 run whether or not it is active or has a password, and an
/// email nobody has costs one against a dummy hash, so the time taken does
/// not tell which emails exist. `verify` is the argon2 check (injected so
/// tests can count the work).
pub fn sign_in(
    candidates: Vec<(TenantId, User)>,
    password: &str,
    verify: impl Fn(&str, &str) -> bool,
) -> Option<(TenantId, User)> {
    if candidates.is_empty() {
        verify(password, dummy_password_hash());
        return None;
    }
    let mut found = None;
    for (tenant_id, user) in candidates {
        let hash = user.password_hash.as_deref();
        let matches = verify(password, hash.unwrap_or(dummy_password_hash()));
        if matches && hash.is_some() && user.status == UserStatus::Active && found.is_none() {
            found = Some((tenant_id, user));
        }
    }
    found
}

#[cfg(test)]
mod tests;
