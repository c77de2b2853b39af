//! Adding address-book entries, shared by the native and Coinbase-compatible APIs.

use crate::clock::Timestamp;
use crate::domain::activity::Action;
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::asset::{Asset, Assets};
use crate::domain::ids::new_id;
use crate::domain::policy::Request;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use crate::service::policies::{self, Requirement};
use crate::store;
use crate::views;
use rusqlite::Connection;

/// An entry as validated by the API that received it: the address already
/// normalised for the asset's network.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub asset: Asset,
    pub address: String,
    pub tag: Option<String>,
    pub label: String,
}

/// Adds an entry and announces it (`address_book.created`): `Active`, or
/// `PendingApproval` when the policy wants approvals (withdrawals to it are
/// refused until then).
pub fn add(
    conn: &Connection,
    p: &Partition,
    assets: &Assets,
    new: NewEntry,
    activity_id: Option<String>,
    now: Timestamp,
) -> Result<(AddressBookEntry, Option<Requirement>), Error> {
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
        id: new_id(),
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
    if requirement.is_some() {
        entry.status = EntryStatus::PendingApproval;
        entry.activity_id.get_or_insert_with(new_id);
    }
    store::address_book::insert(conn, p, &entry)?;
    store::events::append(
        conn,
        p,
        "address_book.created",
        views::address_book_entry(&entry),
        now,
    )?;
    Ok((entry, requirement))
}

/// An approved entry becomes `Active` (`address_book.updated`).
pub fn activate(
    conn: &Connection,
    p: &Partition,
    id: &str,
    now: Timestamp,
) -> Result<AddressBookEntry, Error> {
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
    store::events::append(
        conn,
        p,
        "address_book.updated",
        views::address_book_entry(&entry),
        now,
    )?;
    Ok(entry)
}

/// A rejected or expired entry is deleted (`address_book.deleted`), so the
/// address may be proposed again.
pub fn discard(conn: &Connection, p: &Partition, id: &str, now: Timestamp) -> Result<(), Error> {
    let entry = store::address_book::get(conn, p, id)?;
    if entry.status != EntryStatus::PendingApproval {
        return Ok(());
    }
    let entry = store::address_book::mark_deleted(conn, p, id, now)?;
    store::events::append(
        conn,
        p,
        "address_book.deleted",
        views::address_book_entry(&entry),
        now,
    )?;
    Ok(())
}
