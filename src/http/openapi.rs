//! The OpenAPI 3.1 document of every route of the three APIs and the console
//! (`GET /openapi.json`, served from `routes`). Paths, methods, path
//! parameters, scopes, security and the Idempotency-Key header come from the
//! route table itself; each route's own description (`Doc`: summary, query
//! parameters, request and response schemas) stands beside it in its
//! resource module, written with `describe`; `schemas` holds the objects'
//! schemas, their enums drawn from the domain's.

pub mod describe;
mod schemas;

use super::endpoint::{Doc, Endpoint};
use super::family::Api;
use super::idempotency::Rule;
use super::router::Route;
use describe::{r, string};
use schemas::components;
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn security(api: Api) -> Value {
    match api {
        Api::Public | Api::Console => json!([]),
        Api::Native => json!([{"apiKey": [], "timestamp": [], "signature": []}]),
        Api::Coinbase => json!([{"cbAccessKey": [], "cbAccessPassphrase": []}]),
        Api::Admin => json!([{"adminToken": []}]),
    }
}

fn error_schema(api: Api) -> Value {
    match api {
        Api::Public | Api::Native => r("NativeError"),
        Api::Console => json!({"type": "string", "description": "an HTML page"}),
        Api::Coinbase => r("CoinbaseError"),
        Api::Admin => r("AdminError"),
    }
}

fn operation(route: &Endpoint) -> Value {
    let d = route.doc.clone();
    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": string()}))
        .collect();
    parameters.extend(d.query.iter().map(|name| {
        let schema = if *name == "limit" {
            json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 25})
        } else {
            string()
        };
        json!({"name": name, "in": "query", "required": false, "schema": schema})
    }));
    if route.is_mutating() && route.api != Api::Coinbase {
        parameters.push(json!({
            "name": "Idempotency-Key", "in": "header",
            "required": route.idempotency == Rule::Required,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
        }));
    }
    let mut responses = Map::new();
    let success = match d.response {
        Some(schema) => {
            json!({"description": "success", "content": {d.media: {"schema": schema}}})
        }
        None => json!({"description": "success, no content"}),
    };
    responses.insert(d.status.to_string(), success);
    let error = json!({"description": "error", "content": {"application/json": {"schema": error_schema(route.api)}}});
    responses.insert("default".into(), error);
    let mut op = json!({
        "summary": d.summary,
        "operationId": operation_id(route),
        "parameters": parameters,
        "responses": responses,
        "security": security(route.api),
        "tags": [match route.api { Api::Public => "operations", Api::Native => "native", Api::Coinbase => "coinbase", Api::Admin => "admin", Api::Console => "console" }],
    });
    if let Some(scope) = route.scope {
        op["x-required-scope"] = json!(scope.as_str());
    }
    if let Some(request) = d.request {
        op["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": request}}});
    }
    op
}

/// A readable, unique operation id for client generators: the family, the
/// method and the path's words in camelCase, parameters as `By…`
/// (`POST /v1/transactions/transfer` → `postTransactionsTransfer`,
/// `GET /api/v1/wallets/{wallet_id}` → `coinbaseGetWalletsByWalletId`).
fn operation_id(route: &Endpoint) -> String {
    let family = match route.api {
        Api::Coinbase => "coinbase",
        Api::Admin => "admin",
        Api::Console => "console",
        Api::Public | Api::Native => "",
    };
    let capital = |word: &str| {
        let mut chars = word.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    let mut id = String::from(family);
    let method = route.method.to_ascii_lowercase();
    id += &if family.is_empty() {
        method
    } else {
        capital(&method)
    };
    let words = route
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !matches!(*s, "v1" | "api"));
    for segment in words {
        let (prefix, name) = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => ("By", param),
            None => ("", segment),
        };
        id += prefix;
        for word in name.split(['_', '-', '.']) {
            id += &capital(word);
        }
    }
    id
}

/// Notes in each route the fields its request body may hold, so that a body
/// missing a field is told about every unknown one beside it (docs/api.md,
/// "Conventions").
pub fn note_body_fields(routes: &mut [Route]) {
    let schemas = components();
    for route in routes {
        route.endpoint.body_fields = body_fields(&route.endpoint.doc, &schemas);
    }
}

/// The fields an operation's request body may hold: its schema's properties
/// (through a `$ref` to `schemas`), or `None` when the schema leaves the
/// object open or there is none.
fn body_fields(doc: &Doc, schemas: &Value) -> Option<Arc<[String]>> {
    let mut schema = doc.request.as_ref()?;
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        schema = &schemas[name];
    }
    if schema["additionalProperties"] != Value::Bool(false) {
        return None;
    }
    let properties = schema["properties"].as_object()?;
    Some(properties.keys().cloned().collect())
}

/// The whole document for a route table.
pub fn build(routes: &[Route]) -> Value {
    let mut paths = Map::new();
    for route in routes.iter().map(|r| &r.endpoint) {
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        entry[route.method.to_ascii_lowercase()] = operation(route);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Coffer",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Self-hosted custody: the native API (/v1), the Coinbase Custody v1 compatible API (/api/v1) and the subwallet and API-key admin API (/api/...).",
        },
        "paths": paths,
        "webhooks": webhooks(),
        "components": {
            "schemas": components(),
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "timestamp": {"type": "apiKey", "in": "header", "name": "X-Timestamp"},
                "signature": {"type": "apiKey", "in": "header", "name": "X-Signature",
                              "description": "hex HMAC-SHA256(secret, timestamp\\nMETHOD\\npath?query\\nhex(sha256(body)))"},
                "cbAccessKey": {"type": "apiKey", "in": "header", "name": "CB-ACCESS-KEY"},
                "cbAccessPassphrase": {"type": "apiKey", "in": "header", "name": "CB-ACCESS-PASSPHRASE"},
                "adminToken": {"type": "apiKey", "in": "header", "name": "x-api-key"},
            },
        },
    })
}

/// The events Coffer sends to a tenant's endpoint (docs/api.md, "Webhooks"), each a POST
/// of a `WebhookEvent`.
fn webhooks() -> Value {
    crate::domain::webhook::EVENT_TYPES
        .iter()
        .map(|t| {
            let op = json!({"post": {
                "summary": crate::domain::webhook::event_summary(t),
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/WebhookEvent"}}}},
                "responses": {"200": {"description": "Any 2xx acknowledges the event"}},
            }});
            ((*t).to_string(), op)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_route_is_in_the_document() {
        let routes = crate::http::routes::all();
        let in_table: BTreeSet<(String, String)> = routes
            .iter()
            .map(|r| (r.endpoint.method.to_string(), r.endpoint.path.to_string()))
            .collect();
        assert_eq!(
            in_table.len(),
            routes.len(),
            "a route is in the table twice"
        );
        let document = build(&routes);
        let mut in_document = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                in_document.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        assert_eq!(in_document, in_table);
    }

    #[test]
    fn operation_ids_read_well_and_are_unique() {
        let document = build(&crate::http::routes::all());
        let mut ids = BTreeSet::new();
        for item in document["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let id = op["operationId"].as_str().unwrap().to_string();
                assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
                assert!(ids.insert(id.clone()), "{id} twice");
            }
        }
        for expected in [
            "postTransactionsTransfer",
            "getVaultsById",
            "postVaultsByVaultIdWallets",
            "coinbaseGetWallets",
            "adminPostApikeyCreate",
        ] {
            assert!(ids.contains(expected), "{expected} not in {ids:?}");
        }
    }

    #[test]
    fn every_schema_reference_resolves() {
        let document = build(&crate::http::routes::all());
        let text = document.to_string();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(schemas.contains_key(&name), "unresolved schema {name}");
        }
    }
}
