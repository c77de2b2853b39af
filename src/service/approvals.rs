//! Deciding on requests that wait for consensus (docs/api.md, "Consensus"): approving,
//! rejecting, expiring. The decision that closes an activity moves (or gives
//! back) its object in the same transaction, with the webhook events of both.

use crate::clock::Timestamp;
use crate::domain::activity::{self, Activity, ActivityStatus, Approval, Ballot, Credential, Vote};
use crate::domain::apikey::KeyBinding;
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Status;
use crate::domain::user::{PasswordSource, User};
use crate::domain::Error;
use crate::service::ledger::Ledger;
use crate::service::{address_book, policy_changes, users};
use crate::store;
use crate::views;
use rusqlite::Connection;

/// An activity with the decisions made on it, as the API shows it.
pub type Decided = (Activity, Vec<Approval>);

/// Who casts a decision, as the request proved it.
#[derive(Debug, Clone)]
pub enum Voter {
    /// An API key (by id), voting as the user it is bound to.
    Key(String),
    /// A user (by id) signed in to the console with their password.
    Console(String),
}

/// The voting user and the credential they proved themselves with, read in
/// the voting transaction.
fn ballot_of(conn: &Connection, p: &Partition, who: &Voter) -> Result<(User, Credential), Error> {
    match who {
        Voter::Key(key_id) => {
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
        Voter::Console(user_id) => {
            let user = store::users::get(conn, &p.tenant_id, user_id)?;
            let credential = Credential::Password {
                at_cli: user.password_set_by == Some(PasswordSource::Cli),
            };
            Ok((user, credential))
        }
    }
}

/// `who` approves or rejects activity `id`. Reaching the quorum carries the
/// request out; the first rejection closes it and gives back what it held.
#[allow(clippy::too_many_arguments)]
pub fn vote(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    id: &str,
    who: &Voter,
    vote: Vote,
    comment: Option<String>,
    now: Timestamp,
) -> Result<Decided, Error> {
    let mut a = store::activities::get(conn, p, id)?;
    let approvals = store::activities::approvals(conn, &a.id)?;
    let (voter, credential) = ballot_of(conn, p, who)?;
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
            ActivityStatus::Approved => carry_out(ledger, conn, p, &a, now)?,
            _ => give_back(
                ledger,
                conn,
                p,
                &a,
                Status::Rejected,
                "rejected by an approver",
                now,
            )?,
        }
    }
    let approvals = store::activities::approvals(conn, &a.id)?;
    let view = views::activity(&a, &approvals);
    store::events::append(conn, p, "activity.decided", view, now)?;
    let event = match status {
        ActivityStatus::Approved => Some("activity.approved"),
        ActivityStatus::Rejected => Some("activity.rejected"),
        _ => None,
    };
    if let Some(event) = event {
        store::events::append(conn, p, event, views::activity(&a, &approvals), now)?;
    }
    Ok((a, approvals))
}

/// The approved request takes effect: a withdrawal goes to the signer, a
/// wallet opens with its deposit address, an address-book entry activates, a
/// change to a user is made.
fn carry_out(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    a: &Activity,
    now: Timestamp,
) -> Result<(), Error> {
    match a.object_type.as_str() {
        "transaction" => ledger
            .approve_withdrawal(conn, p, &a.object_id, now)
            .map(|_| ()),
        "wallet" => ledger
            .activate_wallet(conn, p, &a.object_id, now)
            .map(|_| ()),
        "address_book_entry" => address_book::activate(conn, p, &a.object_id, now).map(|_| ()),
        "user" => users::carry_out_change(conn, &p.tenant_id, &a.id, now).map(|_| ()),
        "policy" => policy_changes::carry_out(ledger, conn, p, &a.id, now).map(|_| ()),
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
    conn: &Connection,
    p: &Partition,
    a: &Activity,
    withdrawal_status: Status,
    reason: &str,
    now: Timestamp,
) -> Result<(), Error> {
    match a.object_type.as_str() {
        "transaction" => ledger
            .refuse_withdrawal(conn, p, &a.object_id, withdrawal_status, reason, now)
            .map(|_| ()),
        "wallet" => ledger.discard_wallet(conn, &a.object_id),
        "address_book_entry" => address_book::discard(conn, p, &a.object_id, now),
        "user" => users::discard_change(conn, &p.tenant_id, &a.id),
        // The held document simply never takes effect.
        "policy" => Ok(()),
        other => Err(Error::Internal(format!(
            "activity of unknown object {other}"
        ))),
    }
}

/// Marks one activity `Expired` if it is still pending past its expiry, and
/// gives back what it held (an expired withdrawal is `Cancelled`).
pub fn expire(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    id: &str,
    now: Timestamp,
) -> Result<(), Error> {
    let mut a = store::activities::get(conn, p, id)?;
    if a.status != ActivityStatus::Pending || a.is_open(now) {
        return Ok(());
    }
    a.status = ActivityStatus::Expired;
    a.updated_at = now;
    store::activities::update_status(conn, &a)?;
    give_back(
        ledger,
        conn,
        p,
        &a,
        Status::Cancelled,
        "approval expired",
        now,
    )
}

/// A withdrawal cancelled while it waited for approvals closes its activity
/// as `Rejected` (the initiator withdrew the request).
pub fn close_cancelled(
    conn: &Connection,
    p: &Partition,
    activity_id: &str,
    now: Timestamp,
) -> Result<(), Error> {
    let mut a = store::activities::get(conn, p, activity_id)?;
    if a.status != ActivityStatus::Pending {
        return Ok(());
    }
    a.status = ActivityStatus::Rejected;
    a.updated_at = now;
    store::activities::update_status(conn, &a)?;
    let approvals = store::activities::approvals(conn, &a.id)?;
    store::events::append(
        conn,
        p,
        "activity.rejected",
        views::activity(&a, &approvals),
        now,
    )?;
    Ok(())
}
