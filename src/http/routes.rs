//! The one route table: every resource module's routes, and `/openapi.json`,
//! the document drawn from them.

use super::context::Ctx;
use super::error::ApiError;
use super::openapi::{self, describe::ok};
use super::reply::Reply;
use super::router::Route;
use super::{admin, coinbase, console, native};
use serde_json::json;

/// Every route, each resource module listing its own, with the fields its
/// body may hold taken from its description.
pub fn all() -> Vec<Route> {
    let mut routes: Vec<Route> = [
        native::health::routes(),
        vec![Route::public("GET", "/openapi.json", document)
            .doc(ok("This document", json!({"type": "object"})))],
        native::assets::routes(),
        native::vaults::routes(),
        native::wallets::routes(),
        native::transactions::routes(),
        native::address_book::routes(),
        native::sandbox::routes(),
        native::signer::routes(),
        native::webhooks::routes(),
        native::audit_log::routes(),
        native::users::routes(),
        native::activities::routes(),
        native::policies::routes(),
        coinbase::currencies::routes(),
        coinbase::addresses::routes(),
        coinbase::wallets::routes(),
        coinbase::transactions::routes(),
        coinbase::users::routes(),
        coinbase::address_book::routes(),
        admin::routes(),
        console::routes::routes(),
    ]
    .into_iter()
    .flatten()
    .collect();
    openapi::note_body_fields(&mut routes);
    routes
}

/// `GET /openapi.json`.
fn document(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut document = openapi::build(&all());
    // Where generated clients send their requests: this server as its
    // clients reach it (`public_url`, else the bound address).
    document["servers"] = json!([{"url": ctx.app.config.public_url}]);
    Ok(Reply::ok(&document))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_mutating_route_is_audited() {
        for route in super::all() {
            let e = route.endpoint;
            if e.is_mutating() {
                assert!(
                    e.action.is_some(),
                    "{} {} has no audit action",
                    e.method,
                    e.path
                );
            }
        }
    }
}
