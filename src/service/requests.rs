//! Requests subject to consensus (docs/api.md, "Consensus"): creating a wallet, adding an
//! address-book entry, withdrawing, changing who can approve. The policy (applied where each object is
//! made) says whether a request takes effect at once or waits for approvals;
//! this module records the activity that says who asked for what.

use crate::clock::Timestamp;
use crate::domain::activity::{Action, Activity, ActivityStatus, Initiator, InitiatorRef};
use crate::domain::address_book::AddressBookEntry;
use crate::domain::ids::{ActivityId, TenantId, TransactionId, TypedId, UserId, VaultId};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::Transaction;
use crate::domain::wallet::Wallet;
use crate::domain::Error;
use crate::service::address_book::{self, NewEntry};
use crate::service::approvals;
use crate::service::grant::{AddressBookWrite, Granted, WalletsCreate, WithdrawalsCreate};
use crate::service::ledger::{Ledger, WithdrawalRequest};
use crate::service::policies::Requirement;
use crate::service::work::Work;
use crate::store;

/// When a request leaves an activity: the Coinbase-compatible API always
/// answers one; the native API only when the request waits for approvals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Always,
    WhenPending,
}

impl Record {
    /// The activity id to give the object up front, when it will surely have one.
    fn preassigned(self) -> Option<ActivityId> {
        (self == Record::Always).then(ActivityId::mint)
    }
}

/// The initiator with its name as it is now.
fn resolve(work: &Work, who: &InitiatorRef) -> Result<Initiator, Error> {
    let conn = work.conn;
    Ok(match who {
        InitiatorRef::User(id) => Initiator {
            kind: "User",
            id: id.to_string(),
            name: store::users::get(conn, &work.p.tenant_id, id)?.name,
        },
        InitiatorRef::ApiKey(id) => Initiator {
            kind: "ApiKey",
            id: id.to_string(),
            name: store::keys::get(conn, id)?
                .map(|k| k.name)
                .ok_or_else(|| Error::Internal(format!("initiating key {id} is gone")))?,
        },
    })
}

/// A request's activity to open: its id if the object already carries one,
/// what was asked, by whom, on which object, and what the policy requires.
struct Opening<'a> {
    id: Option<ActivityId>,
    action: Action,
    who: &'a InitiatorRef,
    object: (&'static str, &'a str),
    requirement: Option<Requirement>,
    mode: Record,
}

/// Records the activity of a request: `Pending` until `expiresAt` when the
/// policy asked for approvals, else `Approved` at once (only when `mode`
/// asks for it).
fn record(ledger: &Ledger, work: &Work, o: Opening) -> Result<Option<Activity>, Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    if o.requirement.is_none() && o.mode == Record::WhenPending {
        return Ok(None);
    }
    let mut activity = Activity {
        id: o.id.unwrap_or_else(ActivityId::mint),
        action: o.action,
        status: ActivityStatus::Approved,
        initiator: resolve(work, o.who)?,
        required_approvals: 0,
        approver_role: None,
        policy_version: None,
        object_type: o.object.0.to_string(),
        object_id: o.object.1.to_string(),
        created_at: now,
        updated_at: now,
        expires_at: None,
    };
    if let Some(r) = o.requirement {
        activity.status = ActivityStatus::Pending;
        activity.required_approvals = r.approvals;
        activity.approver_role = Some(r.role);
        activity.policy_version = Some(r.policy_version);
        activity.expires_at = Some(Timestamp::from_millis(
            now.millis().saturating_add(ledger.activity_ttl_ms),
        ));
    }
    store::activities::insert(conn, p, &activity)?;
    if activity.status == ActivityStatus::Pending {
        // So a firm can tell its approvers (docs/console.md, "Notifying approvers").
        work.emit("activity.created", crate::views::activity(&activity, &[]))?;
    }
    Ok(Some(activity))
}

/// Records the activity of a request the acting principal made on `object`,
/// under the activity id the object already carries, if any.
fn record_asked(
    ledger: &Ledger,
    work: &Work,
    (action, object): (Action, (&'static str, &str)),
    id: Option<ActivityId>,
    requirement: Option<Requirement>,
    mode: Record,
) -> Result<Option<Activity>, Error> {
    let opening = Opening {
        id,
        action,
        who: &work.by.initiator()?,
        object,
        requirement,
        mode,
    };
    record(ledger, work, opening)
}

/// A change to who can approve in `tenant_id`, waiting for `requirement`:
/// recorded in the live books, whose money the approvers decide.
pub fn user_change(
    ledger: &Ledger,
    work: &Work,
    tenant_id: &TenantId,
    who: &InitiatorRef,
    user_id: &UserId,
    requirement: Requirement,
) -> Result<Activity, Error> {
    let live = work.in_books(Partition {
        tenant_id: tenant_id.clone(),
        environment: Environment::Live,
    });
    let opening = Opening {
        id: None,
        action: Action::UserChange,
        who,
        object: ("user", user_id),
        requirement: Some(requirement),
        mode: Record::WhenPending,
    };
    let activity = record(ledger, &live, opening)?;
    activity.ok_or_else(|| Error::Internal("a held user change has no activity".into()))
}

/// A new policy for `p` (live), waiting for `requirement`: the activity is its
/// own object, the document is held under its id.
pub fn policy_change(
    ledger: &Ledger,
    work: &Work,
    requirement: Requirement,
) -> Result<Activity, Error> {
    let id = ActivityId::mint();
    let opening = Opening {
        id: Some(id.clone()),
        action: Action::PolicyChange,
        who: &work.by.initiator()?,
        object: ("policy", &id),
        requirement: Some(requirement),
        mode: Record::WhenPending,
    };
    let activity = record(ledger, work, opening)?;
    activity.ok_or_else(|| Error::Internal("a held policy change has no activity".into()))
}

/// The activity a Coinbase-compatible write always has.
pub fn always(activity: Option<Activity>) -> Result<Activity, Error> {
    activity.ok_or_else(|| Error::Internal("a recorded request has no activity".into()))
}

/// A new wallet in `vault_id`, or in the partition's default vault.
pub fn create_wallet(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<WalletsCreate>,
    vault_id: Option<VaultId>,
    asset_id: &str,
    label: Option<String>,
    mode: Record,
) -> Result<(Option<Activity>, Wallet), Error> {
    let vault_id = match vault_id {
        Some(v) => v,
        None => ledger.default_vault(work)?,
    };
    let (wallet, requirement) =
        ledger.create_wallet(work, &vault_id, asset_id, label, mode.preassigned())?;
    let asked = (Action::WalletCreate, ("wallet", wallet.id.as_str()));
    let id = wallet.activity_id.clone();
    let activity = record_asked(ledger, work, asked, id, requirement, mode)?;
    Ok((activity, wallet))
}

pub fn add_address_book_entry(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<AddressBookWrite>,
    new: NewEntry,
    mode: Record,
) -> Result<(Option<Activity>, AddressBookEntry), Error> {
    let (entry, requirement) = address_book::add(work, &ledger.assets, new, mode.preassigned())?;
    let asked = (
        Action::AddressBookCreate,
        ("address_book_entry", entry.id.as_str()),
    );
    let id = entry.activity_id.clone();
    let activity = record_asked(ledger, work, asked, id, requirement, mode)?;
    Ok((activity, entry))
}

/// A withdrawal; the transaction carries its activity's id. One that needs no
/// approval goes to the chain worker at once.
pub fn withdraw(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<WithdrawalsCreate>,
    request: WithdrawalRequest,
    mode: Record,
) -> Result<(Option<Activity>, Transaction), Error> {
    let request = WithdrawalRequest {
        activity_id: mode.preassigned(),
        ..request
    };
    let (t, requirement) = ledger.withdraw(work, request)?;
    let asked = (Action::Withdrawal, ("transaction", t.id.as_str()));
    let id = t.activity_id.clone();
    let activity = record_asked(ledger, work, asked, id, requirement, mode)?;
    work.wake_chain();
    Ok((activity, t))
}

/// Cancels a withdrawal not yet handed to the network; one that waited for
/// approvals closes its activity as `Rejected` (the initiator withdrew it).
pub fn cancel_withdrawal(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<WithdrawalsCreate>,
    id: &TransactionId,
) -> Result<Transaction, Error> {
    let (t, was_awaiting_approval) = ledger.cancel(work, id)?;
    if let (true, Some(activity_id)) = (was_awaiting_approval, &t.activity_id) {
        approvals::close_cancelled(work, activity_id)?;
    }
    Ok(t)
}
