//! The words a route's description is written in: `doc` and `html_page` for
//! an operation, and shorthands for the JSON Schemas of its request and answer
//! (`r("Vault")` refers to a schema of `schemas`).

use crate::domain::tenancy::Environment;
use crate::domain::user::UserRole;
use crate::http::endpoint::Doc;
use serde_json::{json, Map, Value};

/// The query parameters of a list: docs/api.md, "Conventions".
pub const PAGING: &[&str] = &["limit", "before", "after"];

/// An operation answering `status` with a JSON `response`.
pub fn doc(summary: &'static str, status: u16, response: Value) -> Doc {
    Doc {
        summary,
        media: "application/json",
        query: Vec::new(),
        request: None,
        status,
        response: Some(response),
    }
}

/// An operation answering 200 with a JSON `response`.
pub fn ok(summary: &'static str, response: Value) -> Doc {
    doc(summary, 200, response)
}

/// An operation answering 201 with the JSON of what it created.
pub fn created(summary: &'static str, response: Value) -> Doc {
    doc(summary, 201, response)
}

/// An operation answering 204 without a body.
pub fn no_content(summary: &'static str) -> Doc {
    Doc {
        response: None,
        ..doc(summary, 204, Value::Null)
    }
}

/// A console page: HTML, signed in by a session cookie, not an API key.
pub fn html_page(summary: &'static str, status: u16) -> Doc {
    doc(summary, status, json!({"type": "string"})).media("text/html; charset=utf-8")
}

impl Doc {
    /// The JSON request body's schema.
    pub fn body(mut self, request: Value) -> Doc {
        self.request = Some(request);
        self
    }

    /// The success answer's media type, when not JSON.
    pub fn media(mut self, media: &'static str) -> Doc {
        self.media = media;
        self
    }

    /// Query parameters the operation reads, after those already named.
    pub fn query(mut self, names: &'static [&'static str]) -> Doc {
        self.query.extend_from_slice(names);
        self
    }
}

pub fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

pub fn string() -> Value {
    json!({"type": "string"})
}

pub fn int() -> Value {
    json!({"type": "integer"})
}

pub fn boolean() -> Value {
    json!({"type": "boolean"})
}

pub fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

pub fn time() -> Value {
    json!({"type": "string", "format": "date-time"})
}

/// A decimal amount in whole units, as a string.
pub fn amount() -> Value {
    json!({"type": "string", "pattern": "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$"})
}

pub fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

/// The wire names of domain enum values: `names(&VaultStatus::ALL,
/// VaultStatus::as_str)`, so the document lists what the server speaks.
pub fn names<T: Copy>(values: &[T], name: fn(T) -> &'static str) -> Value {
    one_of(&values.iter().map(|v| name(*v)).collect::<Vec<_>>())
}

pub fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

pub fn array(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

pub fn obj(props: &[(&str, Value)], required: &[&str]) -> Value {
    let properties: Map<String, Value> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// A list answer: `{data, pagination: {before, after}}`.
pub fn page(item: Value) -> Value {
    obj(
        &[
            ("data", array(item)),
            (
                "pagination",
                obj(
                    &[
                        ("before", nullable(string())),
                        ("after", nullable(string())),
                    ],
                    &["before", "after"],
                ),
            ),
        ],
        &["data", "pagination"],
    )
}

/// One of the webhook event types (docs/api.md, "Webhooks").
pub fn event_type() -> Value {
    one_of(&crate::domain::webhook::EVENT_TYPES)
}

/// Every property required: the shape of an object the server renders.
pub fn rendered(props: &[(&str, Value)]) -> Value {
    let names: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    obj(props, &names)
}

/// An amount in atomic units as a JSON integer with exact digits (Coinbase API).
pub fn atomic() -> Value {
    json!({"type": "integer"})
}

/// The roles a person can have.
pub fn roles() -> Value {
    names(&UserRole::ALL, UserRole::as_str)
}

/// The roles a quorum may require: approvers, or admins only.
pub fn approver_role() -> Value {
    names(&[UserRole::Approver, UserRole::Admin], UserRole::as_str)
}

pub fn environment() -> Value {
    names(&Environment::ALL, Environment::as_str)
}

/// Free-form string metadata (vaults).
pub fn metadata() -> Value {
    json!({"type": "object", "additionalProperties": {"type": "string"}})
}
