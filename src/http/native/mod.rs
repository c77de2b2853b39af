//! The native custody API (`/v1`, seed 000 and SPEC §6), one module per resource.

pub mod assets;
pub mod health;
pub mod vaults;
