//! Application services: the operations that span the domain, the keyring and the
//! store inside one transaction, shared by the HTTP API and the CLI.

pub mod address_book;
pub mod approvals;
pub mod briefing;
pub mod grant;
pub mod keys;
pub mod ledger;
pub mod operator;
pub mod overview;
pub mod policies;
pub mod policy_changes;
pub mod provision;
pub mod requests;
pub mod second_factor;
pub mod tenants;
pub mod users;
pub mod vaults;
pub mod webhook_endpoint;
pub mod work;
pub mod xpubs;
