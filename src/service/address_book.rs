//! Adding address-book entries, shared by the native and Coinbase-compatible APIs.

use crate::clock::Timestamp;
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::asset::Asset;
use crate::domain::ids::new_id;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
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

/// Adds an active entry and announces it (`address_book.created`).
pub fn add(
    conn: &Connection,
    p: &Partition,
    new: NewEntry,
    now: Timestamp,
) -> Result<AddressBookEntry, Error> {
    let entry = AddressBookEntry {
        id: new_id(),
        asset_id: new.asset.id,
        network: new.asset.network,
        address: new.address,
        tag: new.tag,
        label: new.label,
        status: EntryStatus::Active,
        activity_id: None,
        created_at: now,
        updated_at: now,
    };
    store::address_book::insert(conn, p, &entry)?;
    store::events::append(
        conn,
        p,
        "address_book.created",
        views::address_book_entry(&entry),
        now,
    )?;
    Ok(entry)
}
