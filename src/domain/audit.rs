//! Audit records and their hash chain (docs/api.md, "Audit").

use super::tenancy::Environment;
use crate::clock::Timestamp;
use crate::crypto::sha256_hex;

/// The `prev_hash` of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what. The id, time and hashes are added when the
/// record is appended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditEntry {
    pub tenant_id: Option<String>,
    pub environment: Option<Environment>,
    /// `api_key`, `admin_token`, `user` or `cli`.
    pub actor_type: String,
    pub actor_id: String,
    pub ip: Option<String>,
    /// e.g. `vault.create`, `api_key.revoke`.
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub request_id: Option<String>,
}

/// A record as stored: the entry plus its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Position in the one chain shared by every tenant.
    pub seq: i64,
    pub id: String,
    pub entry: AuditEntry,
    pub created_at: Timestamp,
    pub prev_hash: String,
    pub hash: String,
}

/// How the audit log's `actor.type` spells the stored actor kind, matching the
/// `initiator.type` of activities (`ApiKey`, `User`).
pub fn actor_type_name(stored: &str) -> &str {
    match stored {
        "api_key" => "ApiKey",
        "admin_token" => "AdminToken",
        "user" => "User",
        "cli" => "Cli",
        other => other,
    }
}

impl AuditEntry {
    /// SHA-256 over the previous hash and every field, each length-prefixed so no
    /// two different records can encode alike.
    pub fn chain_hash(&self, id: &str, created_at: Timestamp, prev_hash: &str) -> String {
        let created = created_at.millis().to_string();
        let fields: [Option<&str>; 12] = [
            Some(prev_hash),
            Some(id),
            self.tenant_id.as_deref(),
            self.environment.map(Environment::as_str),
            Some(&self.actor_type),
            Some(&self.actor_id),
            self.ip.as_deref(),
            Some(&self.action),
            self.object_type.as_deref(),
            self.object_id.as_deref(),
            self.request_id.as_deref(),
            Some(&created),
        ];
        let mut encoded = String::new();
        for field in fields {
            match field {
                Some(text) => encoded.push_str(&format!("{}:{text};", text.len())),
                None => encoded.push_str("-;"),
            }
        }
        sha256_hex(encoded.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_hash() {
        let e = AuditEntry {
            actor_type: "api_key".into(),
            actor_id: "ck_test_a".into(),
            action: "vault.create".into(),
            ..AuditEntry::default()
        };
        let t = Timestamp::from_millis(1);
        let h = e.chain_hash("id1", t, GENESIS_HASH);
        assert_eq!(h.len(), 64);
        assert_ne!(h, e.chain_hash("id1", t, &"1".repeat(64)));
        assert_ne!(h, e.chain_hash("id2", t, GENESIS_HASH));
        assert_ne!(
            h,
            e.chain_hash("id1", Timestamp::from_millis(2), GENESIS_HASH)
        );
        let moved = AuditEntry {
            ip: Some(String::new()),
            ..e.clone()
        };
        assert_ne!(
            h,
            moved.chain_hash("id1", t, GENESIS_HASH),
            "None and empty differ"
        );
    }
}
