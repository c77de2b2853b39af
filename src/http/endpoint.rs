//! What the route table says about one endpoint, apart from the handler that
//! serves it: method and path pattern, API family, required scope,
//! Idempotency-Key rule, audit action, and its description in the OpenAPI
//! document (`/openapi.json`). A request's `Ctx` carries its endpoint.

use super::family::Api;
use super::idempotency::{Rule, Secrets};
use crate::domain::scope::Scope;
use serde_json::Value;
use std::sync::Arc;

pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub api: Api,
    pub scope: Option<Scope>,
    pub idempotency: Rule,
    /// The audit log's name for what a successful call changes; `None` for reads.
    pub action: Option<&'static str>,
    /// Secrets in the answer, kept out of the idempotency record.
    pub secrets: Option<Secrets>,
    pub doc: Doc,
    /// The fields a JSON request body may hold, when its schema closes them
    /// (filled in from `doc` by the route table): what a body's errors call
    /// unknown.
    pub body_fields: Option<Arc<[String]>>,
    segments: Vec<Segment>,
}

/// The endpoint's operation in the OpenAPI document, beyond what the route
/// table says by itself (path parameters, scope, security, Idempotency-Key).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub summary: &'static str,
    /// The success answer's media type.
    pub media: &'static str,
    pub query: Vec<&'static str>,
    pub request: Option<Value>,
    pub status: u16,
    pub response: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

impl Endpoint {
    pub fn new(
        method: &'static str,
        path: &'static str,
        api: Api,
        scope: Option<Scope>,
        doc: Doc,
    ) -> Endpoint {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param(name),
                    None => Segment::Literal(s),
                },
            )
            .collect();
        let idempotency = if method == "POST" {
            Rule::Accepted
        } else {
            Rule::Ignored
        };
        Endpoint {
            method,
            path,
            api,
            scope,
            idempotency,
            action: None,
            secrets: None,
            doc,
            body_fields: None,
            segments,
        }
    }

    pub fn is_mutating(&self) -> bool {
        matches!(self.method, "POST" | "PUT" | "PATCH" | "DELETE")
    }

    /// The path parameters when `parts` (a path split at `/`) fits the pattern.
    pub fn matches(&self, parts: &[&str]) -> Option<Params> {
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = Params::default();
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(lit) if lit == part => {}
                Segment::Literal(_) => return None,
                Segment::Param(name) => params.0.push((name, (*part).to_string())),
            }
        }
        Some(params)
    }
}

/// Path parameters captured by `{name}` segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}
