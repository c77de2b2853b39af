//! The custody domain: rules and types that know nothing of HTTP or SQL.

pub mod activity;
pub mod address;
pub mod address_book;
pub mod apikey;
pub mod asset;
pub mod audit;
pub mod cidr;
pub mod delivery;
pub mod error;
pub mod ids;
pub mod ledger;
pub mod money;
pub mod page;
pub mod policy;
#[cfg(test)]
pub(crate) mod proptests;
pub mod public_ip;
pub mod scope;
pub mod signer_request;
pub mod signing;
pub mod tenancy;
pub mod totp;
pub mod transaction;
pub mod user;
pub mod vault;
pub mod wallet;
pub mod webhook;
mod wire;

pub use error::Error;
