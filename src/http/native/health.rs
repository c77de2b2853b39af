//! The operator's endpoints, without authentication. `GET /health`: is the
//! database readable, the writer alive, and the server not shutting down? A
//! load balancer stops sending on a 503. Each live network's node and scanner
//! are reported too: a node that is away makes the answer `degraded`, still
//! 200, since the API serves on without it and nothing is lost (docs/evm.md,
//! "Operations"). `GET /metrics`: Prometheus metrics (firewall it, see README).

use crate::chain::status::NetworkStatus;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::metrics::CONTENT_TYPE;
use crate::http::openapi::describe::{ok, r};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store;
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::public("GET", "/health", health)
            .doc(ok("Database reachable and writer alive", r("Health"))),
        Route::public("GET", "/metrics", scrape).doc({
            let text =
                json!({"type": "string", "description": "Prometheus text exposition format"});
            ok("Prometheus metrics (no authentication: firewall it)", text)
                .media("text/plain; version=0.0.4")
        }),
    ]
}

fn scrape(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.query()?.finish()?;
    Ok(Reply::text(200, CONTENT_TYPE, ctx.app.metrics.render()))
}

fn health(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let database = ctx.app.store.read(store::stats::reachable).is_ok();
    let writer = ctx.app.store.writer_alive();
    let stopping = ctx.app.shutting_down();
    let healthy = database && writer && !stopping;
    let networks: Vec<(String, NetworkStatus)> = ctx
        .app
        .ledger
        .chains
        .evm()
        .iter()
        .map(|evm| (evm.network.name.clone(), evm.status()))
        .collect();
    let node_away = networks.iter().any(|(_, s)| s.reachable == Some(false));
    let status = if stopping {
        "shutting_down"
    } else if !healthy {
        "unavailable"
    } else if node_away {
        "degraded"
    } else {
        "ok"
    };
    let networks: Vec<Value> = networks
        .iter()
        .map(|(name, s)| {
            json!({
                "name": name,
                "node": s.state(),
                "nodeHeight": s.node_height,
                "scannedHeight": s.scanned_height,
                "lagBlocks": s.lag(),
            })
        })
        .collect();
    let body = json!({
        "status": status,
        "database": if database { "ok" } else { "unreachable" },
        "writer": if writer { "ok" } else { "stopped" },
        "networks": networks,
    });
    Ok(Reply::json(if healthy { 200 } else { 503 }, &body))
}
