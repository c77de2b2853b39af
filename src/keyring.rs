//! The master key and everything derived from it. The key lives outside the
//! database, so a stolen copy of the database alone can neither sign requests nor
//! present an admin token (docs/api.md, "Authentication").

use crate::crypto::{hex, hmac_sha256, random_bytes, unhex, Secret};
use crate::domain::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const MASTER_KEY_FILE: &str = "master.key";
pub const MASTER_KEY_ENV: &str = "COFFER_MASTER_KEY_FILE";

pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

/// Where the master key is: `COFFER_MASTER_KEY_FILE` (e.g. a systemd credential)
/// or `master.key` in the data dir.
pub fn master_key_path(data_dir: &Path, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    env(MASTER_KEY_ENV).map_or_else(|| data_dir.join(MASTER_KEY_FILE), PathBuf::from)
}

impl MasterKey {
    /// Creates a new random key file, readable by its owner only.
    pub fn create(path: &Path) -> Result<MasterKey, Error> {
        let bytes =
            random_bytes::<32>().map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
        write_private_file(path, format!("{}\n", hex(&bytes)).as_bytes())?;
        Ok(MasterKey(bytes))
    }

    pub fn load(path: &Path) -> Result<MasterKey, Error> {
        // The operator's to fix (a missing file, a user without the right to
        // read it), so said plainly rather than as an internal error.
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::conflict(
                "master_key_unreadable",
                format!(
                    "cannot read the master key {}: {e}; on a systemd install, set \
                     COFFER_MASTER_KEY_FILE to the key the service is given (LoadCredential=) \
                     and run as a user that may read it",
                    path.display()
                ),
            )
        })?;
        let bytes = unhex(text.trim())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                Error::conflict(
                    "master_key_invalid",
                    format!("{} is not a master key (64 hex digits)", path.display()),
                )
            })?;
        Ok(MasterKey(bytes))
    }

    fn derive(&self, purpose: &str, input: &str) -> [u8; 32] {
        hmac_sha256(&self.0, format!("{purpose}\n{input}").as_bytes())
    }

    /// The API secret of a key id: HMAC-SHA256(master key, key id), as hex.
    pub fn api_secret(&self, key_id: &str) -> Secret {
        Secret::new(hex(&hmac_sha256(&self.0, key_id.as_bytes())))
    }

    /// The passphrase of a key id for the Coinbase-compatible API. Derived like
    /// the API secret, so the database never holds it (only its argon2id hash).
    pub fn passphrase(&self, key_id: &str) -> Secret {
        let mac = self.derive("passphrase", key_id);
        Secret::new(hex(mac.get(..24).unwrap_or(&mac)))
    }

    /// A tenant's admin token, re-derivable so the super-admin can be shown it.
    pub fn admin_token(&self, tenant_id: &str, salt: &str) -> Secret {
        let mac = self.derive("admin-token", &format!("{tenant_id}\n{salt}"));
        Secret::new(format!("cat_{}", hex(&mac)))
    }

    /// A webhook endpoint's signing secret: base64 of 32 bytes derived from the
    /// master key, so the database alone cannot forge a delivery. A new salt
    /// rotates it.
    pub fn webhook_secret(&self, tenant_id: &str, environment: &str, salt: &str) -> Secret {
        let bytes = self.derive(
            "webhook-secret",
            &format!("{tenant_id}\n{environment}\n{salt}"),
        );
        Secret::new(crate::domain::webhook::encode_secret(&bytes))
    }

    /// A console CSRF token bound to `input` (a login nonce or a session).
    pub fn console_token(&self, purpose: &str, input: &str) -> String {
        hex(&self.derive(&format!("console-{purpose}"), input))
    }

    /// A user's TOTP secret (RFC 6238, 20 bytes as RFC 4226 recommends),
    /// derived so the database, which holds only `salt`, does not reveal it.
    /// A new salt is a new secret.
    pub fn totp_secret(&self, user_id: &str, salt: &str) -> [u8; 20] {
        let mac = self.derive("totp", &format!("{user_id}\n{salt}"));
        let mut out = [0u8; 20];
        out.copy_from_slice(&mac[..20]);
        out
    }

    /// What the database stores to find a token: a keyed hash, never the token.
    pub fn token_lookup_hash(&self, token: &str) -> String {
        hex(&self.derive("token-lookup", token))
    }

    /// The in-memory name of a (key, stored hash, passphrase) triple in the
    /// verified-passphrase cache: keyed, so the cache holds nothing a memory
    /// dump could test passphrases against without the master key.
    pub fn passphrase_digest(&self, key_id: &str, stored_hash: &str, passphrase: &str) -> [u8; 32] {
        // Key ids are base62 and PHC strings have no newline: the join is unambiguous
        // up to the passphrase, which comes last.
        self.derive(
            "passphrase-cache",
            &format!("{key_id}\n{stored_hash}\n{passphrase}"),
        )
    }

    /// A short public fingerprint kept in the database, so a server started with
    /// the wrong key refuses to run instead of failing every signature.
    pub fn fingerprint(&self) -> String {
        hex(&self.derive("fingerprint", "coffer"))
    }
}

/// Writes a new file with mode 0600, failing if it exists.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<(), Error> {
    // A missing directory or a file in the way is the operator's to fix.
    let fail = |e: std::io::Error| {
        Error::conflict(
            "file_unwritable",
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(contents).map_err(fail)?;
    file.sync_all().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivations_are_stable_and_distinct() {
        let k = MasterKey([7; 32]);
        assert_eq!(k.api_secret("ck_test_a"), k.api_secret("ck_test_a"));
        assert_ne!(k.api_secret("ck_test_a"), k.api_secret("ck_test_b"));
        assert_eq!(k.passphrase("ck_test_a").expose().len(), 48);
        assert_ne!(k.passphrase("ck_test_a"), k.passphrase("ck_test_b"));
        assert_ne!(k.passphrase("ck_test_a"), k.api_secret("ck_test_a"));
        assert!(k.admin_token("t", "s").expose().starts_with("cat_"));
        assert_ne!(k.admin_token("t", "s"), k.admin_token("t", "s2"));
        let other = MasterKey([8; 32]);
        assert_ne!(k.fingerprint(), other.fingerprint());
        assert_ne!(k.token_lookup_hash("x"), other.token_lookup_hash("x"));
    }

    #[test]
    fn key_files_are_private_and_round_trip() {
        let dir =
            std::env::temp_dir().join(format!("coffer-keyring-{}", crate::domain::ids::new_id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(MASTER_KEY_FILE);
        let created = MasterKey::create(&path).unwrap();
        let loaded = MasterKey::load(&path).unwrap();
        assert_eq!(created.fingerprint(), loaded.fingerprint());
        assert!(MasterKey::create(&path).is_err(), "never overwrites a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
