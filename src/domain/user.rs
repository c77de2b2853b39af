//! Users: the people of a tenant (docs/api.md, "Consensus"), who approve requests and to whom API
//! keys may be bound. A user belongs to a tenant, not to an environment.

use super::ids::{ActivityId, UserId};
use super::wire::wire_names;
use super::Error;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRole {
    Admin,
    Approver,
    Auditor,
    Viewer,
}

wire_names!(UserRole {
    Admin => "admin",
    Approver => "approver",
    Auditor => "auditor",
    Viewer => "viewer",
});

impl UserRole {
    pub const EXPECTED: &'static str = "one of admin, approver, auditor, viewer";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Active,
    Disabled,
    /// Created through the API under a live policy: waits for the approvers
    /// before it exists for any purpose (docs/security.md, "Who can approve").
    PendingApproval,
}

wire_names!(UserStatus {
    Active => "Active",
    Disabled => "Disabled",
    PendingApproval => "PendingApproval",
});

impl UserStatus {
    /// What `PATCH` may set; `PendingApproval` is only ever the server's doing.
    pub const EXPECTED: &'static str = "one of Active, Disabled";

    /// A status a client may set: `Active` or `Disabled`.
    pub fn parse_settable(s: &str) -> Option<UserStatus> {
        UserStatus::parse(s).filter(|st| *st != UserStatus::PendingApproval)
    }
}

/// Where a console password was set. Whoever sets a password through the API
/// knows it, so only one set on the box decides live requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    Cli,
    Api,
}

wire_names!(PasswordSource {
    Cli => "cli",
    Api => "api",
});

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: UserRole,
    pub status: UserStatus,
    /// argon2id PHC string; `None` for a user who cannot log in to the console.
    pub password_hash: Option<String>,
    pub password_set_by: Option<PasswordSource>,
    /// When the user last became an active approver or admin in their current
    /// role; `None` while they cannot approve. Only approvers older than a
    /// request may decide it.
    pub approver_since: Option<Timestamp>,
    /// Bumped whenever the status, role or password changes; a console session
    /// opened under another value is over.
    pub credential_version: i64,
    /// The open activity that holds a change to this user.
    pub activity_id: Option<ActivityId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How much a user with this role and status may decide: 0 nothing, 1 what
/// approvers decide, 2 everything (an admin counts as any approver role).
fn approving_power(role: UserRole, status: UserStatus) -> u8 {
    match (status, role) {
        (UserStatus::Active, UserRole::Admin) => 2,
        (UserStatus::Active, UserRole::Approver) => 1,
        _ => 0,
    }
}

impl User {
    /// A user as first stored: an approver's tenure starts now.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: UserId,
        name: String,
        email: String,
        role: UserRole,
        status: UserStatus,
        password: Option<(String, PasswordSource)>,
        now: Timestamp,
    ) -> User {
        let (password_hash, password_set_by) = password.unzip();
        let mut user = User {
            id,
            name,
            email,
            role,
            status,
            password_hash,
            password_set_by,
            approver_since: None,
            credential_version: 0,
            activity_id: None,
            created_at: now,
            updated_at: now,
        };
        user.approver_since = user.can_approve().then_some(now);
        user
    }

    /// Active with the role approver or admin.
    pub fn can_approve(&self) -> bool {
        approving_power(self.role, self.status) > 0
    }

    /// Sets the role and status; when either changes, the user's tenure as an
    /// approver starts again (or ends) and their console sessions end.
    pub fn set_standing(&mut self, role: UserRole, status: UserStatus, now: Timestamp) {
        if (role, status) == (self.role, self.status) {
            return;
        }
        self.role = role;
        self.status = status;
        self.approver_since = self.can_approve().then_some(now);
        self.credential_version += 1;
        self.updated_at = now;
    }

    /// A new console password; the user's console sessions end.
    pub fn set_password(&mut self, hash: String, source: PasswordSource, now: Timestamp) {
        self.password_hash = Some(hash);
        self.password_set_by = Some(source);
        self.credential_version += 1;
        self.updated_at = now;
    }
}

/// A validated partial update; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserPatch {
    pub name: Option<String>,
    pub role: Option<UserRole>,
    pub status: Option<UserStatus>,
}

impl UserPatch {
    pub fn is_empty(&self) -> bool {
        *self == UserPatch::default()
    }

    /// Whether the patch would let `user` decide more than they can now: a
    /// promotion to approver or admin, or the re-enabling of one. Removing
    /// power (disabling, demoting) or renaming grants nothing.
    pub fn grants_power(&self, user: &User) -> bool {
        let role = self.role.unwrap_or(user.role);
        let status = self.status.unwrap_or(user.status);
        approving_power(role, status) > approving_power(user.role, user.status)
    }

    pub fn apply(self, user: &mut User, now: Timestamp) {
        if let Some(name) = self.name {
            user.name = name;
        }
        let role = self.role.unwrap_or(user.role);
        let status = self.status.unwrap_or(user.status);
        user.set_standing(role, status, now);
        user.updated_at = now;
    }
}

/// A change to who can approve, held until its `user_change` activity is
/// approved.
#[derive(Debug, Clone, PartialEq)]
pub enum HeldChange {
    /// A new user, waiting as `PendingApproval`; what was proposed is kept
    /// even if the user is removed after a refusal.
    Create {
        email: String,
        name: String,
        role: UserRole,
    },
    Update(UserPatch),
}

impl HeldChange {
    /// One line for the approvers: what approving would do.
    pub fn describe(&self) -> String {
        match self {
            HeldChange::Create { email, name, role } => {
                format!("add {name} <{email}> with the role {}", role.as_str())
            }
            HeldChange::Update(p) => {
                let mut parts = Vec::new();
                if let Some(role) = p.role {
                    parts.push(format!("role to {}", role.as_str()));
                }
                if let Some(status) = p.status {
                    parts.push(format!("status to {}", status.as_str()));
                }
                if let Some(name) = &p.name {
                    parts.push(format!("name to {name}"));
                }
                format!("set {}", parts.join(", "))
            }
        }
    }
}

pub const MAX_EMAIL_CHARS: usize = 254;
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// An email address in its stored form: trimmed and lower-cased, one `@` with
/// something on both sides and a dot in the domain; no spaces or control
/// characters. Deliverability is the firm's business, not ours.
pub fn normalize_email(field: &str, email: &str) -> Result<String, Error> {
    let email = email.trim().to_lowercase();
    let bad = || Error::field(field, "must be an email address such as ops@example.com");
    if email.is_empty() || email.chars().count() > MAX_EMAIL_CHARS {
        return Err(bad());
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(bad());
    };
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.');
    if local.is_empty() || !domain_ok {
        return Err(bad());
    }
    Ok(email)
}

/// A console password: long enough to resist guessing, short enough to hash.
pub fn validate_password(field: &str, password: &str) -> Result<(), Error> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(Error::field(
            field,
            format!("must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(Error::field(
            field,
            format!("must be at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
