//! The route table's rows and their look-up: each endpoint with the handler
//! that serves it. Each resource module opens with the routes it serves;
//! `routes` puts them together.

use super::context::Ctx;
use super::endpoint::{Doc, Endpoint, Params};
use super::error::ApiError;
use super::family::Api;
use super::idempotency::{Reissue, Rule, Secrets};
use super::reply::Reply;
use super::session::Session;
use crate::domain::scope::Scope;

pub type Handler = fn(&mut Ctx) -> Result<Reply, ApiError>;

/// A console page for a signed-in person: it gets the session the pipeline
/// checked, so a page cannot forget to check it.
pub type PageHandler = fn(&mut Ctx, Session) -> Result<Reply, ApiError>;

pub enum Serve {
    Handler(Handler),
    Page(PageHandler, SignedOut),
}

/// Where a console request without a session goes.
#[derive(Clone, Copy)]
pub enum SignedOut {
    /// The sign-in form, coming back to this page.
    Here,
    /// The sign-in form, coming back to another page (this address takes
    /// only POSTs).
    Then(&'static str),
    /// Where a handler says (one that carries a form's comment through
    /// sign-in, say).
    With(Handler),
}

pub struct Route {
    pub endpoint: Endpoint,
    pub serve: Serve,
}

/// A route not described yet: `doc` makes it a `Route`, so every route has
/// its place in the OpenAPI document.
pub struct Undocumented {
    method: &'static str,
    path: &'static str,
    api: Api,
    scope: Option<Scope>,
    serve: Serve,
}

impl Undocumented {
    pub fn doc(self, doc: Doc) -> Route {
        Route {
            endpoint: Endpoint::new(self.method, self.path, self.api, self.scope, doc),
            serve: self.serve,
        }
    }
}

impl Route {
    fn draft(
        method: &'static str,
        path: &'static str,
        api: Api,
        scope: Option<Scope>,
        serve: Serve,
    ) -> Undocumented {
        Undocumented {
            method,
            path,
            api,
            scope,
            serve,
        }
    }

    pub fn public(method: &'static str, path: &'static str, handler: Handler) -> Undocumented {
        Route::draft(method, path, Api::Public, None, Serve::Handler(handler))
    }

    /// A console page for a signed-in person (a session cookie, no API
    /// credentials); without a session, the sign-in form.
    pub fn console(method: &'static str, path: &'static str, page: PageHandler) -> Undocumented {
        Route::draft(
            method,
            path,
            Api::Console,
            None,
            Serve::Page(page, SignedOut::Here),
        )
    }

    /// A console page anyone may open: the sign-in form and the way there.
    pub fn console_public(
        method: &'static str,
        path: &'static str,
        handler: Handler,
    ) -> Undocumented {
        Route::draft(method, path, Api::Console, None, Serve::Handler(handler))
    }

    pub fn native(
        method: &'static str,
        path: &'static str,
        scope: Scope,
        handler: Handler,
    ) -> Undocumented {
        Route::draft(
            method,
            path,
            Api::Native,
            Some(scope),
            Serve::Handler(handler),
        )
    }

    /// A Coinbase-compatible endpoint (docs/api.md, "Coinbase-compatible API"), mapped onto a native scope.
    pub fn coinbase(
        method: &'static str,
        path: &'static str,
        scope: Scope,
        handler: Handler,
    ) -> Undocumented {
        Route::draft(
            method,
            path,
            Api::Coinbase,
            Some(scope),
            Serve::Handler(handler),
        )
    }

    /// An admin endpoint (docs/api.md, "Admin API"): admin tokens have no scopes; each handler
    /// decides what a subwallet's token may do.
    pub fn admin(method: &'static str, path: &'static str, handler: Handler) -> Undocumented {
        Route::draft(method, path, Api::Admin, None, Serve::Handler(handler))
    }

    /// Names the audit action recorded when this route changes state.
    pub fn audited(mut self, action: &'static str) -> Route {
        self.endpoint.action = Some(action);
        self
    }

    /// Names the answer's secret fields: an idempotency record stores them as
    /// null and a replay derives them again with `reissue`.
    pub fn with_secrets(mut self, fields: &'static [&'static str], reissue: Reissue) -> Route {
        self.endpoint.secrets = Some(Secrets { fields, reissue });
        self
    }

    pub fn idempotency_required(mut self) -> Route {
        self.endpoint.idempotency = Rule::Required;
        self
    }

    /// A console page's way to sign-in when its request has no session.
    pub fn signed_out(mut self, to: SignedOut) -> Route {
        if let Serve::Page(_, signed_out) = &mut self.serve {
            *signed_out = to;
        }
        self
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
            if let Some(params) = route.endpoint.matches(&parts) {
                if route.endpoint.method == method {
                    return Match::Found(route, params);
                }
                allowed.push(route.endpoint.method);
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
    use serde_json::Value;

    fn nothing(_: &mut Ctx) -> Result<Reply, ApiError> {
        Ok(Reply::no_content())
    }

    fn doc() -> Doc {
        Doc {
            summary: "",
            media: "application/json",
            query: Vec::new(),
            request: None,
            status: 204,
            response: Some(Value::Null),
        }
    }

    #[test]
    fn matches_params_methods_and_misses() {
        let router = Router::new(vec![
            Route::native("GET", "/v1/vaults/{id}", Scope::VaultsRead, nothing).doc(doc()),
            Route::native("PATCH", "/v1/vaults/{id}", Scope::VaultsWrite, nothing)
                .doc(doc())
                .audited("vault.update"),
        ]);
        match router.find("GET", "/v1/vaults/abc") {
            Match::Found(route, params) => {
                assert_eq!(route.endpoint.path, "/v1/vaults/{id}");
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
}
