//! Vaults: one per end customer, the boundary for balances and audit.

use super::ids::VaultId;
use super::wire::wire_names;
use super::Error;
use crate::clock::Timestamp;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultStatus {
    Active,
    Frozen,
    Archived,
}

wire_names!(VaultStatus {
    Active => "Active",
    Frozen => "Frozen",
    Archived => "Archived",
});

#[derive(Debug, Clone, PartialEq)]
pub struct Vault {
    pub id: VaultId,
    pub external_id: Option<String>,
    pub name: String,
    pub metadata: Map<String, Value>,
    pub status: VaultStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A validated request to create a vault.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVault {
    pub name: String,
    pub external_id: Option<String>,
    pub metadata: Map<String, Value>,
}

/// A validated partial update; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VaultPatch {
    pub name: Option<String>,
    pub metadata: Option<Map<String, Value>>,
    pub status: Option<VaultStatus>,
}

impl VaultPatch {
    /// Applies the patch. An archived vault is closed for good: its status cannot
    /// change any more (a firm that needs it again creates a new vault).
    pub fn apply(self, vault: &mut Vault, now: Timestamp) -> Result<(), Error> {
        if let Some(status) = self.status {
            if vault.status == VaultStatus::Archived && status != VaultStatus::Archived {
                return Err(Error::conflict(
                    "vault_archived",
                    "an archived vault cannot be reactivated or frozen",
                ));
            }
            vault.status = status;
        }
        if let Some(name) = self.name {
            vault.name = name;
        }
        if let Some(metadata) = self.metadata {
            vault.metadata = metadata;
        }
        vault.updated_at = now;
        Ok(())
    }
}

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_EXTERNAL_ID_CHARS: usize = 128;
pub const MAX_METADATA_KEYS: usize = 50;
pub const MAX_METADATA_KEY_CHARS: usize = 40;
pub const MAX_METADATA_VALUE_CHARS: usize = 500;

/// A display name: 1..=200 characters, not blank, no control characters.
pub fn validate_name(field: &str, name: &str, max_chars: usize) -> Result<String, Error> {
    if name.trim().is_empty() {
        return Err(Error::field(field, "must not be empty"));
    }
    if name.chars().count() > max_chars {
        return Err(Error::field(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::field(field, "must not contain control characters"));
    }
    Ok(name.to_owned())
}

/// Metadata follows Stripe's rules: a flat object of at most 50 string values.
pub fn validate_metadata(value: Map<String, Value>) -> Result<Map<String, Value>, Error> {
    const FIELD: &str = "metadata";
    if value.len() > MAX_METADATA_KEYS {
        return Err(Error::field(
            FIELD,
            format!("must have at most {MAX_METADATA_KEYS} keys"),
        ));
    }
    for (key, v) in &value {
        if key.is_empty() || key.chars().count() > MAX_METADATA_KEY_CHARS {
            return Err(Error::field(
                FIELD,
                format!("keys must be 1 to {MAX_METADATA_KEY_CHARS} characters"),
            ));
        }
        match v {
            Value::String(s) if s.chars().count() <= MAX_METADATA_VALUE_CHARS => {}
            Value::String(_) => {
                return Err(Error::field(
                    FIELD,
                    format!(
                        "value of '{key}' must be at most {MAX_METADATA_VALUE_CHARS} characters"
                    ),
                ))
            }
            _ => {
                return Err(Error::field(
                    FIELD,
                    format!("value of '{key}' must be a string"),
                ))
            }
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vault(status: VaultStatus) -> Vault {
        Vault {
            id: crate::domain::ids::TypedId::from_stored("v".into()),
            external_id: None,
            name: "alice".into(),
            metadata: Map::new(),
            status,
            created_at: Timestamp::from_millis(1),
            updated_at: Timestamp::from_millis(1),
        }
    }

    #[test]
    fn patch_changes_only_given_fields() {
        let mut v = vault(VaultStatus::Active);
        let patch = VaultPatch {
            status: Some(VaultStatus::Frozen),
            ..VaultPatch::default()
        };
        patch.apply(&mut v, Timestamp::from_millis(5)).unwrap();
        assert_eq!(v.status, VaultStatus::Frozen);
        assert_eq!(v.name, "alice");
        assert_eq!(v.updated_at, Timestamp::from_millis(5));
    }

    #[test]
    fn archived_is_final() {
        let mut v = vault(VaultStatus::Archived);
        let patch = VaultPatch {
            status: Some(VaultStatus::Active),
            ..VaultPatch::default()
        };
        let err = patch.apply(&mut v, Timestamp::from_millis(5)).unwrap_err();
        assert!(matches!(
            err,
            Error::Conflict {
                code: "vault_archived",
                ..
            }
        ));
        assert_eq!(v.status, VaultStatus::Archived);
    }

    #[test]
    fn names_and_metadata_are_bounded() {
        assert!(validate_name("name", "  ", 200).is_err());
        assert!(validate_name("name", &"x".repeat(201), 200).is_err());
        assert!(validate_name("name", "a\u{0}b", 200).is_err());
        assert_eq!(
            validate_name("name", "Alice Ltd", 200).unwrap(),
            "Alice Ltd"
        );
        let ok = json!({"tier": "gold"}).as_object().cloned().unwrap();
        assert!(validate_metadata(ok).is_ok());
        let nested = json!({"tier": {"x": 1}}).as_object().cloned().unwrap();
        assert!(validate_metadata(nested).is_err());
    }
}
