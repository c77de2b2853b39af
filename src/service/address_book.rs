//! Adding address-book entries, shared by the native and Coinbase-compatible APIs.

use crate::domain::activity::Action;
use crate::domain::address_book::{
    validate_address, AddressBookEntry, EntryStatus, MAX_LABEL_CHARS, MAX_TAG_CHARS,
};
use crate::domain::asset::{Asset, Assets};
use crate::domain::ids::{ActivityId, AddressBookEntryId};
use crate::domain::policy::Request;
use crate::domain::tenancy::Environment;
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::service::grant::{AddressBookWrite, Granted};
use crate::service::policies::{self, Requirement};
use crate::service::work::Work;
use crate::store;
use crate::views;

/// An entry as validated by the API that received it: the address already
/// normalised for the asset's network.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub asset: Asset,
    pub address: String,
    pub tag: Option<String>,
    pub label: String,
}

impl NewEntry {
    /// Checks what a person or a client asked for, field by field, as the
    /// native API and the console both do: an enabled asset, an address valid
    /// on its network for `env`, a label and an optional tag.
    pub fn validated(
        assets: &Assets,
        env: Environment,
        asset_id: &str,
        address: &str,
        tag: Option<String>,
        label: &str,
    ) -> Result<NewEntry, Error> {
        let tag = tag
            .map(|t| validate_name("tag", &t, MAX_TAG_CHARS))
            .transpose()?;
        let label = validate_name("label", label, MAX_LABEL_CHARS)?;
        let asset = assets.enabled("assetId", asset_id)?.clone();
        let address = validate_address(asset.format, env, address)?;
        Ok(NewEntry {
            asset,
            address,
            tag,
            label,
        })
    }
}

/// Adds an entry and announces it (`address_book.created`): `Active`, or
/// `PendingApproval` when the policy wants approvals (withdrawals to it are
/// refused until then).
pub fn add(
    work: &Work,
    assets: &Assets,
    new: NewEntry,
    activity_id: Option<ActivityId>,
) -> Result<(AddressBookEntry, Option<Requirement>), Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let policy = policies::current(conn, p, assets)?;
    let requirement = policies::gate(
        &policy,
        &Request {
            action: Action::AddressBookCreate,
            asset_id: &new.asset.id,
            vault_id: None,
            amount: None,
        },
    )?;
    let mut entry = AddressBookEntry {
        id: AddressBookEntryId::mint(),
        asset_id: new.asset.id,
        network: new.asset.network,
        address: new.address,
        tag: new.tag,
        label: new.label,
        status: EntryStatus::Active,
        activity_id,
        created_at: now,
        updated_at: now,
    };
    policies::hold_if_required(
        requirement.as_ref(),
        &mut entry.status,
        EntryStatus::PendingApproval,
        &mut entry.activity_id,
    );
    store::address_book::insert(conn, p, &entry)?;
    work.emit("address_book.created", views::address_book_entry(&entry))?;
    Ok((entry, requirement))
}

/// An approved entry becomes `Active` (`address_book.updated`).
pub fn activate(work: &Work, id: &AddressBookEntryId) -> Result<AddressBookEntry, Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let mut entry = store::address_book::get(conn, p, id)?;
    if entry.status != EntryStatus::PendingApproval {
        return Err(Error::conflict(
            "entry_not_pending",
            format!("address-book entry {id} is not awaiting approval"),
        ));
    }
    entry.status = EntryStatus::Active;
    entry.updated_at = now;
    store::address_book::set_status(conn, &entry)?;
    work.emit("address_book.updated", views::address_book_entry(&entry))?;
    Ok(entry)
}

/// A rejected or expired entry is deleted (`address_book.deleted`), so the
/// address may be proposed again.
pub fn discard(work: &Work, id: &AddressBookEntryId) -> Result<(), Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let entry = store::address_book::get(conn, p, id)?;
    if entry.status != EntryStatus::PendingApproval {
        return Ok(());
    }
    let entry = store::address_book::mark_deleted(conn, p, id, now)?;
    work.emit("address_book.deleted", views::address_book_entry(&entry))?;
    Ok(())
}

/// `remove` for an entry that is active: one waiting for approvals is
/// refused (409 `entry_not_active`), its request is to be rejected instead.
/// The console's Remove.
pub fn remove_active(
    work: &Work,
    granted: &Granted<AddressBookWrite>,
    id: &AddressBookEntryId,
) -> Result<AddressBookEntry, Error> {
    let entry = store::address_book::get(work.conn, &work.p, id)?;
    if entry.status != EntryStatus::Active {
        return Err(Error::conflict(
            "entry_not_active",
            "this address is waiting for approvals; reject its request instead",
        ));
    }
    remove(work, granted, id)
}

/// Removes an entry (`address_book.deleted`): withdrawals to it are refused
/// from now on. `DELETE /v1/address-book/{id}` and the console's Remove.
pub fn remove(
    work: &Work,
    _: &Granted<AddressBookWrite>,
    id: &AddressBookEntryId,
) -> Result<AddressBookEntry, Error> {
    let entry = store::address_book::mark_deleted(work.conn, &work.p, id, work.now)?;
    work.emit("address_book.deleted", views::address_book_entry(&entry))?;
    Ok(entry)
}
