//! Coffer: a self-hosted crypto custody appliance. One binary, one SQLite file,
//! one HTTP API.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod chain;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod crypto;
pub mod domain;
pub mod doorbell;
pub mod http;
pub mod keyring;
pub mod metrics;
pub mod retention;
pub mod service;
pub mod signer;
pub mod store;
pub mod views;
pub mod webhooks;
