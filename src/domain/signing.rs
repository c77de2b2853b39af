//! Native API request signing (docs/api.md, "Authentication"): the canonical string and its HMAC.
//! Shared by the server (verification), the CLI's `coffer call` and the tests' client.

use crate::crypto::{hex, hmac_sha256, sha256_hex};

/// The signature of a signed mutating request that was let through, and the
/// Unix second after which its timestamp would be refused as stale anyway:
/// until then, the same signature again is a replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenSignature {
    pub signature: String,
    pub expires_at: i64,
}

/// Four lines joined by `\n`: timestamp, upper-case method, path with query exactly
/// as sent, lowercase hex SHA-256 of the raw body.
pub fn canonical_string(
    timestamp: &str,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> String {
    format!(
        "{timestamp}\n{}\n{path_and_query}\n{}",
        method.to_ascii_uppercase(),
        sha256_hex(body)
    )
}

/// Lowercase hex HMAC-SHA256(secret, canonical string).
pub fn sign(
    secret: &str,
    timestamp: &str,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> String {
    let canonical = canonical_string(timestamp, method, path_and_query, body);
    hex(&hmac_sha256(secret.as_bytes(), canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_test_vector() {
        let body = br#"{"name":"alice"}"#;
        assert_eq!(
            canonical_string("1700000000", "post", "/v1/vaults", body),
            "1700000000\nPOST\n/v1/vaults\n3b8f02c64624e355de637e609642b441ab1427b619d9fb91cb6c7b0e8f8ceed1"
        );
        assert_eq!(
            sign("example-secret", "1700000000", "POST", "/v1/vaults", body),
            "4c3de8158c38da03ac80ca36d8cb58332da8807e7539f2fa40bbc58c075ff7cc"
        );
    }

    #[test]
    fn empty_body_hashes_the_empty_string() {
        assert!(canonical_string("1", "GET", "/v1/assets?limit=5", b"")
            .ends_with("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
}
