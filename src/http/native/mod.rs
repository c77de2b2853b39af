//! The native custody API (`/v1`, docs/api.md, "Native API"), one module per resource.

pub mod activities;
pub mod address_book;
pub mod assets;
pub mod audit_log;
pub mod health;
pub mod policies;
pub mod sandbox;
pub mod signer;
pub mod transactions;
pub mod users;
pub mod vaults;
pub mod wallets;
pub mod webhooks;
