//! JSON Schemas of the objects the APIs exchange, for the OpenAPI document,
//! one file per family of objects; the errors and the admin API's are here.

use super::describe::{
    array, boolean, environment, int, names, nullable, obj, one_of, r, rendered, string, time, uuid,
};
use crate::domain::scope::{Role, Scope};
use serde_json::{json, Value};

mod coinbase;
mod custody;
mod governance;

pub fn components() -> Value {
    [
        errors(),
        custody::schemas(),
        governance::schemas(),
        coinbase::schemas(),
        admin(),
        governance::webhooks(),
    ]
    .into_iter()
    .flatten()
    .map(|(k, v)| (k.to_string(), v))
    .collect::<serde_json::Map<_, _>>()
    .into()
}

/// The error answer of each family, and what the operator's endpoints answer.
pub(super) fn errors() -> Vec<(&'static str, Value)> {
    vec![
        (
            "NativeError",
            rendered(&[
                ("statusCode", int()),
                ("message", string()),
                ("code", string()),
                ("requestId", string()),
                (
                    "errors",
                    json!({"type": "object", "additionalProperties": array(string())}),
                ),
            ]),
        ),
        (
            "CoinbaseError",
            obj(&[("message", string()), ("code", string())], &["message"]),
        ),
        ("AdminError", obj(&[("error", string())], &["error"])),
        (
            "Health",
            rendered(&[
                (
                    "status",
                    one_of(&["ok", "degraded", "unavailable", "shutting_down"]),
                ),
                ("database", string()),
                ("writer", string()),
                ("networks", array(r("NetworkHealth"))),
            ]),
        ),
        (
            "NetworkHealth",
            rendered(&[
                ("name", string()),
                ("node", one_of(&["ok", "unreachable", "starting"])),
                ("nodeHeight", nullable(int())),
                ("scannedHeight", nullable(int())),
                ("lagBlocks", nullable(int())),
            ]),
        ),
    ]
}

/// The admin API's subwallets and API keys (docs/api.md, "Admin API").
pub(super) fn admin() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Subwallet",
            rendered(&[
                ("wallet_id", string()),
                ("token", string()),
                ("label", nullable(string())),
            ]),
        ),
        (
            "ApiKeyCreate",
            obj(
                &[
                    ("wallet_id", nullable(string())),
                    ("name", string()),
                    ("roles", array(names(&Role::ALL, Role::as_str))),
                    ("scopes", nullable(array(names(&Scope::ALL, Scope::as_str)))),
                    ("ip_allowlist", nullable(array(string()))),
                    ("expires_at", nullable(time())),
                    ("user_id", nullable(uuid())),
                    ("environment", nullable(environment())),
                    ("read_only", nullable(boolean())),
                ],
                &["name"],
            ),
        ),
        (
            "ApiKeyCreated",
            rendered(&[
                ("api_key", string()),
                ("key_id", string()),
                ("name", string()),
                ("status", string()),
                ("expires_at", nullable(time())),
                ("api_secret", string()),
                ("passphrase", string()),
            ]),
        ),
    ]
}
