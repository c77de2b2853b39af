//! `GET /health`: no authentication; is the database readable, the writer alive,
//! and the server not shutting down? A load balancer stops sending on a 503.

use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::router::Route;
use serde_json::json;

pub fn routes() -> Vec<Route> {
    vec![Route::public("GET", "/health", health)]
}

fn health(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let database = ctx
        .app
        .store
        .read(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
        .is_ok();
    let writer = ctx.app.store.writer_alive();
    let stopping = ctx.app.shutting_down();
    let healthy = database && writer && !stopping;
    let status = if stopping {
        "shutting_down"
    } else if healthy {
        "ok"
    } else {
        "unavailable"
    };
    let body = json!({
        "status": status,
        "database": if database { "ok" } else { "unreachable" },
        "writer": if writer { "ok" } else { "stopped" },
    });
    Ok(Reply::json(if healthy { 200 } else { 503 }, &body))
}
