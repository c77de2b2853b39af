//! The one route table: every endpoint with its method, path pattern, API family,
//! required scope, idempotency rule and audit action.

use super::context::Ctx;
use super::error::ApiError;
use super::reply::Reply;
use super::App;
use crate::domain::scope::Scope;
use crate::domain::Error;
use serde_json::{Map, Value};

pub type Handler = fn(&mut Ctx) -> Result<Reply, ApiError>;

/// Puts an answer's secrets back into its stored copy for an idempotent replay.
pub type Reissue = fn(&App, &mut Map<String, Value>) -> Result<(), Error>;

/// Top-level fields of an answer that must never be stored (an API secret, an
/// admin token), and how to derive them again from the master key on replay.
#[derive(Clone, Copy)]
pub struct Secrets {
    pub fields: &'static [&'static str],
    pub reissue: Reissue,
}

/// Which contract an endpoint belongs to: decides authentication and error shape.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Not a creating request: the header is ignored.
    Ignored,
    /// Honoured when sent.
    Accepted,
    /// 400 without it (money movements).
    Required,
}

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub api: Api,
    pub scope: Option<Scope>,
    pub idempotency: Idempotency,
    /// The audit log's name for what a successful call changes; `None` for reads.
    pub action: Option<&'static str>,
    pub handler: Handler,
    /// Secrets in the answer, kept out of the idempotency record.
    pub secrets: Option<Secrets>,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

impl Route {
    fn new(
        method: &'static str,
        path: &'static str,
        api: Api,
        scope: Option<Scope>,
        handler: Handler,
    ) -> Route {
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
            Idempotency::Accepted
        } else {
            Idempotency::Ignored
        };
        Route {
            method,
            path,
            api,
            scope,
            idempotency,
            action: None,
            handler,
            secrets: None,
            segments,
        }
    }

    pub fn public(method: &'static str, path: &'static str, handler: Handler) -> Route {
        Route::new(method, path, Api::Public, None, handler)
    }

    /// A console page: no API credentials (the handler checks the session).
    pub fn console(method: &'static str, path: &'static str, handler: Handler) -> Route {
        Route::new(method, path, Api::Console, None, handler)
    }

    pub fn native(
        method: &'static str,
        path: &'static str,
        scope: Scope,
        handler: Handler,
    ) -> Route {
        Route::new(method, path, Api::Native, Some(scope), handler)
    }

    /// A Coinbase-compatible endpoint (docs/api.md, "Coinbase-compatible API"), mapped onto a native scope.
    pub fn coinbase(
        method: &'static str,
        path: &'static str,
        scope: Scope,
        handler: Handler,
    ) -> Route {
        Route::new(method, path, Api::Coinbase, Some(scope), handler)
    }

    /// An admin endpoint (docs/api.md, "Admin API"): admin tokens have no scopes; each handler
    /// decides what a subwallet's token may do.
    pub fn admin(method: &'static str, path: &'static str, handler: Handler) -> Route {
        Route::new(method, path, Api::Admin, None, handler)
    }

    /// Names the audit action recorded when this route changes state.
    pub fn audited(mut self, action: &'static str) -> Route {
        self.action = Some(action);
        self
    }

    /// Names the answer's secret fields: an idempotency record stores them as
    /// null and a replay derives them again with `reissue`.
    pub fn with_secrets(mut self, fields: &'static [&'static str], reissue: Reissue) -> Route {
        self.secrets = Some(Secrets { fields, reissue });
        self
    }

    pub fn idempotency_required(mut self) -> Route {
        self.idempotency = Idempotency::Required;
        self
    }

    pub fn is_mutating(&self) -> bool {
        matches!(self.method, "POST" | "PUT" | "PATCH" | "DELETE")
    }

    fn matches(&self, parts: &[&str]) -> Option<Params> {
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

pub enum Match<'a> {
    Found(&'a Route, Params),
    MethodNotAllowed(Vec<&'static str>),
    NotFound,
}

pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    pub fn new(routes: Vec<Route>) -> Router {
        Router { routes }
    }

    pub fn find(&self, method: &str, path: &str) -> Match<'_> {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut allowed = Vec::new();
        for route in &self.routes {
            if let Some(params) = route.matches(&parts) {
                if route.method == method {
                    return Match::Found(route, params);
                }
                allowed.push(route.method);
            }
        }
        if allowed.is_empty() {
            Match::NotFound
        } else {
            allowed.dedup();
            Match::MethodNotAllowed(allowed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: &mut Ctx) -> Result<Reply, ApiError> {
        Ok(Reply::no_content())
    }

    #[test]
    fn matches_params_methods_and_misses() {
        let router = Router::new(vec![
            Route::native("GET", "/v1/vaults/{id}", Scope::VaultsRead, nothing),
            Route::native("PATCH", "/v1/vaults/{id}", Scope::VaultsWrite, nothing)
                .audited("vault.update"),
        ]);
        match router.find("GET", "/v1/vaults/abc") {
            Match::Found(route, params) => {
                assert_eq!(route.path, "/v1/vaults/{id}");
                assert_eq!(params.get("id"), "abc");
            }
            _ => panic!("should match"),
        }
        assert!(
            matches!(router.find("DELETE", "/v1/vaults/abc"), Match::MethodNotAllowed(m) if m == ["GET", "PATCH"])
        );
        assert!(matches!(router.find("GET", "/v1/vaults"), Match::NotFound));
        assert!(matches!(
            router.find("GET", "/v1/vaults/abc/x"),
            Match::NotFound
        ));
    }

    #[test]
    fn every_mutating_route_is_audited() {
        for route in super::super::routes() {
            if route.is_mutating() {
                assert!(
                    route.action.is_some(),
                    "{} {} has no audit action",
                    route.method,
                    route.path
                );
            }
        }
    }
}
