//! The API families (docs/api.md): which contract an endpoint belongs to, which
//! decides how its callers authenticate and the shape of its errors.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// No authentication (`/health`).
    Public,
    /// `/v1`, HMAC-signed (docs/api.md, "Native API").
    Native,
    /// `/api/v1`, Coinbase Custody v1 (docs/api.md, "Coinbase-compatible API").
    Coinbase,
    /// `/api/subwallet*`, `/api/apikey/*` (docs/api.md, "Admin API").
    Admin,
    /// `/console/*` (and `/`, which leads there): pages for a person in a
    /// browser, signed in by a session cookie; errors are HTML pages too.
    Console,
}

impl Api {
    /// The family whose error shape answers a path no route matched.
    pub fn for_path(path: &str) -> Api {
        if path.starts_with("/api/v1/") || path == "/api/v1" {
            Api::Coinbase
        } else if path.starts_with("/api/") {
            Api::Admin
        } else if path.starts_with("/console/") || path == "/console" || path == "/" {
            Api::Console
        } else {
            Api::Native
        }
    }
}
