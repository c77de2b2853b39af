//! Deciding on requests that wait for consensus (docs/api.md, "Consensus"): approving,
//! rejecting, expiring. The decision that closes an activity moves (or gives
//! back) its object in the same transaction, with the webhook events of both.

use crate::domain::activity::{self, Activity, ActivityStatus, Approval, Ballot, Credential, Vote};
use crate::domain::apikey::KeyBinding;
use crate::domain::ids::{ActivityId, AddressBookEntryId, TransactionId, TypedId, WalletId};
use crate::domain::transaction::Status;
use crate::domain::user::{PasswordSource, User};
use crate::domain::Error;
use crate::service::grant::{ApprovalsWrite, Granted};
use crate::service::ledger::Ledger;
use crate::service::work::{Principal, Work};
use crate::service::{address_book, policy_changes, users};
use crate::store;
use crate::views;

/// An activity with the decisions made on it, as the API shows it.
pub type Decided = (Activity, Vec<Approval>);

/// The voting user and the credential they proved themselves with, read in
/// the voting transaction: an API key votes as the user it is bound to, a
/// console user with their password.
fn ballot_of(work: &Work) -> Result<(User, Credential), Error> {
    let (conn, p) = (work.conn, &work.p);
    match &work.by {
        Principal::ApiKey { id: key_id, .. } => {
            let key = store::keys::get(conn, key_id)?
                .ok_or_else(|| Error::Internal(format!("voting key {key_id} is gone")))?;
            let user_id = key.user_id.ok_or_else(|| {
                Error::forbidden(
                    "approver_not_bound",
                    "this API key is bound to no user; approvals are made by users",
                )
            })?;
            let credential = Credential::Key {
                at_cli: key.bound_via == Some(KeyBinding::Cli),
            };
            Ok((store::users::get(conn, &p.tenant_id, &user_id)?, credential))
        }
        Principal::User(user_id) => {
            let user = store::users::get(conn, &p.tenant_id, user_id)?;
            let credential = Credential::Password {
                at_cli: user.password_set_by == Some(PasswordSource::Cli),
            };
            Ok((user, credential))
        }
        other => Err(Error::Internal(format!("{other:?} cannot vote"))),
    }
}

/// The acting principal approves or rejects activity `id`. Reaching the
/// quorum carries the request out (an approved withdrawal goes to the chain
/// worker); the first rejection closes it and gives back what it held.
pub fn vote(
    ledger: &Ledger,
    work: &Work,
    _: &Granted<ApprovalsWrite>,
    id: &ActivityId,
    vote: Vote,
    comment: Option<String>,
) -> Result<Decided, Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let mut a = store::activities::get(conn, p, id)?;
    let approvals = store::activities::approvals(conn, &a.id)?;
    let (voter, credential) = ballot_of(work)?;
    let ballot = Ballot {
        voter: &voter,
        credential,
        vote,
    };
    let status = activity::cast(&a, p.environment, &approvals, ballot, now)?;
    store::activities::insert_approval(
        conn,
        &a.id,
        &Approval {
            user_id: voter.id,
            decision: vote.decision().into(),
            comment,
            created_at: now,
        },
    )?;
    if status != ActivityStatus::Pending {
        a.status = status;
        a.updated_at = now;
        store::activities::update_status(conn, &a)?;
        match status {
            ActivityStatus::Approved => carry_out(ledger, work, &a)?,
            _ => give_back(
                ledger,
                work,
                &a,
                Status::Rejected,
                "rejected by an approver",
            )?,
        }
    }
    let approvals = store::activities::approvals(conn, &a.id)?;
    work.emit("activity.decided", views::activity(&a, &approvals))?;
    let event = match status {
        ActivityStatus::Approved => Some("activity.approved"),
        ActivityStatus::Rejected => Some("activity.rejected"),
        _ => None,
    };
    if let Some(event) = event {
        work.emit(event, views::activity(&a, &approvals))?;
    }
    work.wake_chain();
    Ok((a, approvals))
}

/// The approved request takes effect: a withdrawal goes to the signer, a
/// wallet opens with its deposit address, an address-book entry activates, a
/// change to a user is made.
fn carry_out(ledger: &Ledger, work: &Work, a: &Activity) -> Result<(), Error> {
    match a.object_type.as_str() {
        "transaction" => ledger
            .approve_withdrawal(work, &TransactionId::from_stored(a.object_id.clone()))
            .map(|_| ()),
        "wallet" => ledger
            .activate_wallet(work, &WalletId::from_stored(a.object_id.clone()))
            .map(|_| ()),
        "address_book_entry" => {
            address_book::activate(work, &AddressBookEntryId::from_stored(a.object_id.clone()))
                .map(|_| ())
        }
        "user" => users::carry_out_change(work, &a.id).map(|_| ()),
        "policy" => policy_changes::carry_out(ledger, work, &a.id).map(|_| ()),
        other => Err(Error::Internal(format!(
            "activity of unknown object {other}"
        ))),
    }
}

/// A refused or expired request gives back what it held: a withdrawal's
/// lock (it becomes `withdrawal_status`), a pending wallet, a pending entry, a
/// held change to a user.
fn give_back(
    ledger: &Ledger,
    work: &Work,
    a: &Activity,
    withdrawal_status: Status,
    reason: &str,
) -> Result<(), Error> {
    match a.object_type.as_str() {
        "transaction" => ledger
            .refuse_withdrawal(
                work,
                &TransactionId::from_stored(a.object_id.clone()),
                withdrawal_status,
                reason,
            )
            .map(|_| ()),
        "wallet" => ledger.discard_wallet(work, &WalletId::from_stored(a.object_id.clone())),
        "address_book_entry" => {
            address_book::discard(work, &AddressBookEntryId::from_stored(a.object_id.clone()))
        }
        "user" => users::discard_change(work, &a.id),
        // The held document simply never takes effect.
        "policy" => Ok(()),
        other => Err(Error::Internal(format!(
            "activity of unknown object {other}"
        ))),
    }
}

/// Marks one activity `Expired` if it is still pending past its expiry, and
/// gives back what it held (an expired withdrawal is `Cancelled`).
pub fn expire(ledger: &Ledger, work: &Work, id: &ActivityId) -> Result<(), Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let mut a = store::activities::get(conn, p, id)?;
    if a.status != ActivityStatus::Pending || a.is_open(now) {
        return Ok(());
    }
    a.status = ActivityStatus::Expired;
    a.updated_at = now;
    store::activities::update_status(conn, &a)?;
    give_back(ledger, work, &a, Status::Cancelled, "approval expired")
}

/// A withdrawal cancelled while it waited for approvals closes its activity
/// as `Rejected` (the initiator withdrew the request).
pub(crate) fn close_cancelled(work: &Work, activity_id: &ActivityId) -> Result<(), Error> {
    let (conn, p, now) = (work.conn, &work.p, work.now);
    let mut a = store::activities::get(conn, p, activity_id)?;
    if a.status != ActivityStatus::Pending {
        return Ok(());
    }
    a.status = ActivityStatus::Rejected;
    a.updated_at = now;
    store::activities::update_status(conn, &a)?;
    let approvals = store::activities::approvals(conn, &a.id)?;
    work.emit("activity.rejected", views::activity(&a, &approvals))?;
    Ok(())
}
