//! Vaults: one per end customer (docs/api.md, "Native API").

use crate::domain::ids::VaultId;
use crate::domain::vault::{NewVault, Vault, VaultPatch, VaultStatus};
use crate::domain::Error;
use crate::service::grant::{Granted, VaultsWrite};
use crate::service::work::Work;
use crate::store::vaults;
use crate::views;

pub fn create(work: &Work, _: &Granted<VaultsWrite>, new: NewVault) -> Result<Vault, Error> {
    let vault = Vault {
        id: VaultId::mint(),
        external_id: new.external_id,
        name: new.name,
        metadata: new.metadata,
        status: VaultStatus::Active,
        created_at: work.now,
        updated_at: work.now,
    };
    vaults::insert(work.conn, &work.p, &vault)?;
    Ok(vault)
}

/// Applies `patch` to vault `id`; a change of status is announced.
pub fn update(
    work: &Work,
    _: &Granted<VaultsWrite>,
    id: &VaultId,
    patch: VaultPatch,
) -> Result<Vault, Error> {
    let mut vault = vaults::get(work.conn, &work.p, id)?;
    let status_before = vault.status;
    patch.apply(&mut vault, work.now)?;
    vaults::update(work.conn, &work.p, &vault)?;
    if vault.status != status_before {
        work.emit("vault.status.updated", views::vault(&vault))?;
    }
    Ok(vault)
}
