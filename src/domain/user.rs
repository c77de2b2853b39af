//! Users: the people of a tenant (SPEC §8), who approve requests and to whom API
//! keys may be bound. A user belongs to a tenant, not to an environment.

use super::Error;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRole {
    Admin,
    Approver,
    Auditor,
    Viewer,
}

impl UserRole {
    pub const ALL: [UserRole; 4] = [
        UserRole::Admin,
        UserRole::Approver,
        UserRole::Auditor,
        UserRole::Viewer,
    ];
    pub const EXPECTED: &'static str = "one of admin, approver, auditor, viewer";

    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Admin => "admin",
            UserRole::Approver => "approver",
            UserRole::Auditor => "auditor",
            UserRole::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<UserRole> {
        UserRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub const EXPECTED: &'static str = "one of Active, Disabled";

    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "Active",
            UserStatus::Disabled => "Disabled",
        }
    }

    pub fn parse(s: &str) -> Option<UserStatus> {
        [UserStatus::Active, UserStatus::Disabled]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: UserRole,
    pub status: UserStatus,
    /// argon2id PHC string; `None` for a user who cannot log in to the console.
    pub password_hash: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
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

    pub fn apply(self, user: &mut User, now: Timestamp) {
        if let Some(name) = self.name {
            user.name = name;
        }
        if let Some(role) = self.role {
            user.role = role;
        }
        if let Some(status) = self.status {
            user.status = status;
        }
        user.updated_at = now;
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
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("email", " Ops@Example.COM ").unwrap(),
            "ops@example.com"
        );
        for bad in [
            "",
            "ops",
            "ops@",
            "@example.com",
            "ops@example",
            "ops@@example.com",
            "o ps@example.com",
            "ops@.example.com",
            "ops@example.com.",
        ] {
            assert!(normalize_email("email", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn roles_and_statuses_round_trip() {
        for r in UserRole::ALL {
            assert_eq!(UserRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(UserRole::parse("Admin"), None);
        assert_eq!(UserStatus::parse("Disabled"), Some(UserStatus::Disabled));
        assert_eq!(UserStatus::parse("disabled"), None);
    }

    #[test]
    fn passwords_have_bounds() {
        assert!(validate_password("password", "short").is_err());
        assert!(validate_password("password", "twelve chars").is_ok());
    }
}
