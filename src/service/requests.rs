//! Requests subject to consensus (SPEC §8): creating a wallet, adding an
//! address-book entry, withdrawing. Each leaves an activity saying who asked
//! for what. Approval policies do not exist yet, so every request takes effect
//! at once and its activity is created `Approved`; the consensus work will
//! decide here whether a request waits instead.

use crate::clock::Timestamp;
use crate::domain::activity::{Action, Activity, ActivityStatus, Initiator, InitiatorRef};
use crate::domain::address_book::AddressBookEntry;
use crate::domain::ids::new_id;
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Transaction;
use crate::domain::wallet::Wallet;
use crate::domain::Error;
use crate::service::address_book::{self, NewEntry};
use crate::service::ledger::{Ledger, WithdrawalRequest};
use crate::store;
use rusqlite::Connection;

/// The initiator with its name as it is now.
fn resolve(conn: &Connection, p: &Partition, who: &InitiatorRef) -> Result<Initiator, Error> {
    Ok(match who {
        InitiatorRef::User(id) => Initiator {
            kind: "User",
            id: id.clone(),
            name: store::users::get(conn, &p.tenant_id, id)?.name,
        },
        InitiatorRef::ApiKey(id) => Initiator {
            kind: "ApiKey",
            id: id.clone(),
            name: store::keys::get(conn, id)?
                .map(|k| k.name)
                .ok_or_else(|| Error::Internal(format!("initiating key {id} is gone")))?,
        },
    })
}

/// Records an activity that was approved as soon as it was made.
fn approved(
    conn: &Connection,
    p: &Partition,
    id: String,
    action: Action,
    who: &InitiatorRef,
    object: (&'static str, &str),
    now: Timestamp,
) -> Result<Activity, Error> {
    let activity = Activity {
        id,
        action,
        status: ActivityStatus::Approved,
        initiator: resolve(conn, p, who)?,
        required_approvals: 0,
        approver_role: None,
        policy_version: None,
        object_type: object.0.to_string(),
        object_id: object.1.to_string(),
        created_at: now,
        updated_at: now,
        expires_at: None,
    };
    store::activities::insert(conn, p, &activity)?;
    Ok(activity)
}

/// A new wallet in the partition's default vault.
pub fn create_wallet(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    who: &InitiatorRef,
    asset_id: &str,
    name: String,
    now: Timestamp,
) -> Result<(Activity, Wallet), Error> {
    let vault_id = ledger.default_vault(conn, p, now)?;
    let wallet = ledger.create_wallet(conn, p, &vault_id, asset_id, Some(name), now)?;
    let activity = approved(
        conn,
        p,
        new_id(),
        Action::WalletCreate,
        who,
        ("wallet", &wallet.id),
        now,
    )?;
    Ok((activity, wallet))
}

pub fn add_address_book_entry(
    conn: &Connection,
    p: &Partition,
    who: &InitiatorRef,
    new: NewEntry,
    now: Timestamp,
) -> Result<(Activity, AddressBookEntry), Error> {
    let entry = address_book::add(conn, p, new, now)?;
    let activity = approved(
        conn,
        p,
        new_id(),
        Action::AddressBookCreate,
        who,
        ("address_book_entry", &entry.id),
        now,
    )?;
    Ok((activity, entry))
}

/// A withdrawal; the transaction carries its activity's id.
pub fn withdraw(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    who: &InitiatorRef,
    request: WithdrawalRequest,
    now: Timestamp,
) -> Result<(Activity, Transaction), Error> {
    let activity_id = new_id();
    let request = WithdrawalRequest {
        activity_id: Some(activity_id.clone()),
        ..request
    };
    let t = ledger.withdraw(conn, p, request, now)?;
    let activity = approved(
        conn,
        p,
        activity_id,
        Action::Withdrawal,
        who,
        ("transaction", &t.id),
        now,
    )?;
    Ok((activity, t))
}
