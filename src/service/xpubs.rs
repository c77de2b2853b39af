//! Registering a tenant's account xpub for an EVM network, the source of its
//! live deposit addresses (docs/evm.md, "Deposit addresses"). Shared by
//! `coffer xpub set` and the admin API.

use crate::chain::eth::{address_path, AccountXpub};
use crate::domain::Error;
use crate::service::grant::TenantAdmin;
use crate::service::work::Work;
use crate::store;

/// What was registered, with the first address it gives so the operator can
/// compare it with the signer's (`coffer-signer address --index 0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub network: String,
    pub xpub: String,
    pub first_address: String,
    pub first_path: String,
    /// False when exactly this xpub was already registered.
    pub new: bool,
}

/// A checked xpub for one of the `configured` EVM networks: 400 naming
/// `network` or `field` otherwise.
pub fn check(
    configured: &[&str],
    network: &str,
    text: &str,
    field: &str,
) -> Result<AccountXpub, Error> {
    if !configured.contains(&network) {
        return Err(Error::field(
            "network",
            format!(
                "'{network}' is not a configured EVM network (configured: {})",
                if configured.is_empty() {
                    "none".into()
                } else {
                    configured.join(", ")
                }
            ),
        ));
    }
    AccountXpub::parse(text).map_err(|e| Error::field(field, e.to_string()))
}

/// Registers `xpub` for the tenant's `network`; a different one already
/// registered is 409 `xpub_already_set`.
pub fn register(
    work: &Work,
    admin: &TenantAdmin,
    network: &str,
    xpub: &AccountXpub,
) -> Result<Registered, Error> {
    let (conn, tenant_id, now) = (work.conn, admin.tenant_id(), work.now);
    if store::tenants::get(conn, tenant_id)?.is_none() {
        return Err(Error::not_found("tenant", tenant_id.to_string()));
    }
    let text = xpub.to_string();
    let new = store::xpubs::set(conn, tenant_id, network, &text, now)?;
    let first = xpub
        .address(0)
        .map_err(|e| Error::Internal(format!("first address of a checked xpub: {e}")))?;
    Ok(Registered {
        network: network.to_string(),
        xpub: text,
        first_address: first.to_string(),
        first_path: address_path(0),
        new,
    })
}
