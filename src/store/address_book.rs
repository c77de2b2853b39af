//! Address-book entries.

use super::is_unique_violation;
use super::query::{one_in_partition, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::ids::AddressBookEntryId;
use crate::domain::page::{Page, PageRequest};
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str =
    "SELECT id, asset_id, network, address, tag, label, status, created_at, updated_at, activity_id FROM address_book";

fn from_row(r: &Row) -> rusqlite::Result<AddressBookEntry> {
    let status: String = r.get(6)?;
    Ok(AddressBookEntry {
        id: r.get(0)?,
        asset_id: r.get(1)?,
        network: r.get(2)?,
        address: r.get(3)?,
        tag: r.get(4)?,
        label: r.get(5)?,
        status: EntryStatus::parse(&status).unwrap_or(EntryStatus::Deleted),
        created_at: Timestamp::from_millis(r.get(7)?),
        updated_at: Timestamp::from_millis(r.get(8)?),
        activity_id: r.get(9)?,
    })
}

pub fn insert(conn: &Connection, p: &Partition, e: &AddressBookEntry) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO address_book (id, tenant_id, environment, asset_id, network, address, tag, label, status, created_at, updated_at, activity_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            e.id,
            p.tenant_id,
            p.environment.as_str(),
            e.asset_id,
            e.network,
            e.address,
            e.tag,
            e.label,
            e.status.as_str(),
            e.created_at.millis(),
            e.updated_at.millis(),
            e.activity_id
        ],
    )
    .map_err(|err| {
        if is_unique_violation(&err) {
            Error::conflict("address_exists", format!("{} is already in the address book for {}", e.address, e.asset_id))
        } else {
            err.into()
        }
    })?;
    Ok(())
}

/// A visible (not deleted) entry of the partition.
pub fn get(
    conn: &Connection,
    p: &Partition,
    id: &AddressBookEntryId,
) -> Result<AddressBookEntry, Error> {
    one_in_partition(
        conn,
        &format!("{SELECT} WHERE status != 'Deleted'"),
        p,
        id,
        "address book entry",
        from_row,
    )
}

/// The active entry for an asset and address (and tag), if any.
pub fn find_active(
    conn: &Connection,
    p: &Partition,
    asset_id: &str,
    address: &str,
    tag: Option<&str>,
) -> Result<Option<AddressBookEntry>, Error> {
    let sql = format!(
        "{SELECT} WHERE tenant_id = ?1 AND environment = ?2 AND asset_id = ?3 AND address = ?4
           AND COALESCE(tag, '') = COALESCE(?5, '') AND status = 'Active'"
    );
    Ok(query_one(
        conn,
        &sql,
        params![p.tenant_id, p.environment.as_str(), asset_id, address, tag],
        from_row,
    )
    .optional()?)
}

/// Saves an entry's new status (an approved entry becoming `Active`).
pub fn set_status(conn: &Connection, e: &AddressBookEntry) -> Result<(), Error> {
    exec(
        conn,
        "UPDATE address_book SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![e.id, e.status.as_str(), e.updated_at.millis()],
    )?;
    Ok(())
}

pub fn mark_deleted(
    conn: &Connection,
    p: &Partition,
    id: &AddressBookEntryId,
    now: Timestamp,
) -> Result<AddressBookEntry, Error> {
    let mut entry = get(conn, p, id)?;
    exec(
        conn,
        "UPDATE address_book SET status = 'Deleted', updated_at = ?2 WHERE id = ?1",
        params![id, now.millis()],
    )?;
    entry.status = EntryStatus::Deleted;
    entry.updated_at = now;
    Ok(entry)
}

#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub asset_id: Option<String>,
    pub address: Option<String>,
    pub tag: Option<String>,
    pub label: Option<String>,
}

pub fn list(
    conn: &Connection,
    p: &Partition,
    f: &EntryFilter,
    page: &PageRequest,
) -> Result<Page<AddressBookEntry>, Error> {
    ListQuery::in_partition(SELECT, p)
        .and("status != ?", "Deleted")
        .and_maybe("asset_id = ?", f.asset_id.clone())
        .and_maybe("address = ?", f.address.clone())
        .and_maybe("tag = ?", f.tag.clone())
        .and_maybe("label = ?", f.label.clone())
        .page(conn, "id", page, from_row)
}
