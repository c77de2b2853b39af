//! One request through the HTTP layer, the same for every route: refuse
//! writes while shutting down, authenticate per the route's API family, check
//! the route's scope, apply the Idempotency-Key rule, run the handler, render
//! an error in the family's shape (docs/architecture.md, "A request").

use super::authenticate;
use super::context::Ctx;
use super::error::{self, ApiError};
use super::family::Api;
use super::html::to_login;
use super::idempotency::{Attempt, Begin, Keys, HEADER};
use super::reply::Reply;
use super::router::{Route, Router, Serve, SignedOut};
use super::routes;

/// The route table and who holds which Idempotency-Key: the server's for its
/// lifetime.
pub struct Pipeline {
    pub router: Router,
    keys: Keys,
}

impl Default for Pipeline {
    fn default() -> Pipeline {
        Pipeline {
            router: Router::new(routes::all()),
            keys: Keys::default(),
        }
    }
}

impl Pipeline {
    /// Answers the request `ctx` of `route`. Returns the answer and the key
    /// id for the access log.
    pub fn handle(&self, ctx: &mut Ctx, route: &Route) -> (Reply, Option<String>) {
        let api = ctx.endpoint.api;
        let mut rate = None;
        let app = ctx.app;
        let _handling = ctx
            .header("x-signature")
            .filter(|_| ctx.endpoint.is_mutating())
            .map(|signature| self.keys.handling(signature));
        let result = (|| {
            if ctx.endpoint.is_mutating() && app.shutting_down() {
                return Err(ApiError::Domain(crate::domain::Error::Unavailable(
                    "the server is shutting down".into(),
                )));
            }
            let authenticated = match api {
                Api::Public | Api::Console => None,
                Api::Native => Some(authenticate::native(ctx)?),
                Api::Coinbase => Some(authenticate::coinbase(ctx)?),
                Api::Admin => Some(authenticate::admin(ctx)?),
            };
            let replayed = authenticated.is_some_and(|a| {
                rate = Some(a.rate);
                ctx.caller = Some(a.caller);
                ctx.signature = a.fresh_signature;
                a.replayed
            });
            if let (Some(scope), Some(caller)) = (ctx.endpoint.scope, &ctx.caller) {
                caller.holds(scope)?;
            }
            let actor = ctx.caller.as_ref().map(|c| c.actor.idempotency_scope());
            let begin = match &actor {
                Some(actor) => self.keys.begin(&Attempt {
                    app,
                    rule: ctx.endpoint.idempotency,
                    secrets: ctx.endpoint.secrets,
                    actor,
                    replayed_signature: replayed,
                    method: &ctx.method,
                    pattern: ctx.endpoint.path,
                    url: &ctx.url,
                    body: &ctx.body,
                    key: ctx.header(HEADER),
                    signature: ctx.header("x-signature"),
                    now: ctx.now,
                })?,
                None => Begin::Plain,
            };
            match begin {
                Begin::Replay(reply) => Ok(reply),
                Begin::Plain => serve(ctx, route),
                Begin::Fresh(claim, _in_flight) => {
                    ctx.claim = Some(claim);
                    serve(ctx, route)
                }
            }
        })();
        ctx.record_unused_signature();
        let mut reply = result.unwrap_or_else(|e| error::render(&e, api, &ctx.request_id));
        if let Some(rate) = rate {
            reply = rate.annotate(reply);
        }
        let key_id = ctx.caller.as_ref().map(|c| c.actor.id());
        (reply, key_id)
    }
}

/// Runs the route's handler; a console page only with a session.
fn serve(ctx: &mut Ctx, route: &Route) -> Result<Reply, ApiError> {
    match route.serve {
        Serve::Handler(handler) => handler(ctx),
        Serve::Page(page, signed_out) => match authenticate::console(ctx) {
            Ok(Some(session)) => page(ctx, session),
            Ok(None) => match signed_out {
                SignedOut::Here => Ok(to_login(ctx.url.split('?').next().unwrap_or("/console"))),
                SignedOut::Then(back) => Ok(to_login(back)),
                SignedOut::With(handler) => handler(ctx),
            },
            Err(unavailable) => Ok(unavailable),
        },
    }
}
