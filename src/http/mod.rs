//! The HTTP layer (docs/architecture.md): parse, authenticate, call the
//! services, render. Its modules import each other as a tree, from the
//! leaves (`reply`, `family`, `error`…) through `app`, `context` and `router`
//! to the resource modules, `routes`, `pipeline` and `server`;
//! `scripts/http-import-cycles.py` checks it.

mod admin;
mod app;
mod auth;
mod authenticate;
mod body;
mod coinbase;
mod console;
mod context;
mod endpoint;
mod error;
mod family;
mod html;
mod idempotency;
pub mod metrics;
mod native;
mod openapi;
mod passphrases;
mod pipeline;
#[cfg(test)]
mod proptests;
mod query;
mod ratelimit;
mod replay;
mod reply;
mod router;
mod routes;
pub mod server;
mod session;

pub use app::{App, Workers};
