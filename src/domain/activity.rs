//! Activities: requests subject to consensus (docs/api.md, "Consensus"), with who asked for what,
//! and the rules of voting on them.

use super::ids::{ActivityId, KeyId, UserId};
use super::tenancy::Environment;
use super::user::{User, UserRole, UserStatus};
use super::wire::wire_names;
use super::Error;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    WalletCreate,
    AddressBookCreate,
    Withdrawal,
    /// A change to who can approve (docs/security.md, "Who can approve"). Its
    /// quorum comes from the live policy's strictest rule; no rule names it.
    UserChange,
    /// A new live policy while the one in force requires approvals: the same
    /// strictest quorum decides it.
    PolicyChange,
}

wire_names!(Action {
    WalletCreate => "wallet_create",
    AddressBookCreate => "address_book_create",
    Withdrawal => "withdrawal",
    UserChange => "user_change",
    PolicyChange => "policy_change",
});

impl Action {
    pub const EXPECTED: &'static str =
        "one of wallet_create, address_book_create, withdrawal, user_change, policy_change";

    /// Changes to who decides (people, or the rules themselves): decided by
    /// the strictest quorum in force, never named by a policy rule.
    pub fn is_governance(self) -> bool {
        matches!(self, Action::UserChange | Action::PolicyChange)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Pending,
    Approved,
    Rejected,
    Expired,
}

wire_names!(ActivityStatus {
    Pending => "Pending",
    Approved => "Approved",
    Rejected => "Rejected",
    Expired => "Expired",
});

/// One approver's decision on an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub user_id: UserId,
    pub decision: String,
    pub comment: Option<String>,
    pub created_at: Timestamp,
}

/// Who asked: a key bound to a user acts as that user (docs/api.md, "Consensus"), any other
/// key as itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitiatorRef {
    ApiKey(KeyId),
    User(UserId),
}

/// The initiator as the API renders it (docs/api.md, "Consensus"): `{type, id, name}`, its name as it was
/// when the request was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiator {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: ActivityId,
    pub action: Action,
    pub status: ActivityStatus,
    pub initiator: Initiator,
    pub required_approvals: u32,
    /// The role approvers need (an admin counts as any), fixed at creation.
    pub approver_role: Option<UserRole>,
    /// The policy version the request was judged under (0: no policy yet).
    pub policy_version: Option<i64>,
    pub object_type: String,
    pub object_id: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub expires_at: Option<Timestamp>,
}

impl Activity {
    /// Pending and not yet past its expiry.
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.status == ActivityStatus::Pending && self.expires_at.is_none_or(|t| now < t)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Approve,
    Reject,
}

impl Vote {
    /// The decision as an approval record spells it.
    pub fn decision(self) -> &'static str {
        match self {
            Vote::Approve => "Approved",
            Vote::Reject => "Rejected",
        }
    }
}

/// How a voter proved who they are. Whoever set a credential through an API
/// knows it (a password) or holds it (a key), so only credentials made on the
/// box decide live requests (docs/security.md, "Who can approve").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// An API key bound to the user; `at_cli` when bound by `coffer keys create --user`.
    Key { at_cli: bool },
    /// The console password; `at_cli` when set by `coffer users add|passwd`.
    Password { at_cli: bool },
}

/// One decision as cast: who, how they proved it, and what they decided.
#[derive(Debug, Clone, Copy)]
pub struct Ballot<'a> {
    pub voter: &'a User,
    pub credential: Credential,
    pub vote: Vote,
}

/// Checks that the ballot may be cast on `a` (an activity of `env`, given the
/// decisions already made) and says what status the activity has after it:
/// still `Pending`, `Approved` once the quorum is reached, `Rejected` at the
/// first rejection.
pub fn cast(
    a: &Activity,
    env: Environment,
    approvals: &[Approval],
    ballot: Ballot,
    now: Timestamp,
) -> Result<ActivityStatus, Error> {
    let Ballot {
        voter,
        credential,
        vote,
    } = ballot;
    if !a.is_open(now) {
        let state = if a.status == ActivityStatus::Pending {
            "Expired"
        } else {
            a.status.as_str()
        };
        return Err(Error::conflict(
            "activity_closed",
            format!("activity {} is {state}; it takes no more decisions", a.id),
        ));
    }
    if voter.status != UserStatus::Active {
        return Err(Error::forbidden(
            "approver_disabled",
            format!("user {} is not active", voter.id),
        ));
    }
    let needed = a.approver_role.unwrap_or(UserRole::Approver);
    if voter.role != UserRole::Admin && voter.role != needed {
        return Err(Error::forbidden(
            "not_an_approver",
            format!(
                "this request needs approvers with the role {} (or admin); user {} is {}",
                needed.as_str(),
                voter.id,
                voter.role.as_str()
            ),
        ));
    }
    // A quorum is made of people who could decide before the request existed,
    // so no one can add (or re-enable, or promote) approvers to satisfy it.
    if voter
        .approver_since
        .is_none_or(|since| since >= a.created_at)
    {
        return Err(Error::forbidden(
            "approver_too_new",
            format!(
                "user {} became an approver in their current role after activity {} was made; \
                 only approvers who were already active then decide it",
                voter.id, a.id
            ),
        ));
    }
    if env == Environment::Live {
        match credential {
            Credential::Key { at_cli: false } => {
                return Err(Error::forbidden(
                    "key_not_trusted",
                    "this key was bound to its user through the admin API; only keys bound on \
                     the server (coffer keys create --user EMAIL) decide live requests",
                ))
            }
            Credential::Password { at_cli: false } => {
                return Err(Error::forbidden(
                    "password_not_trusted",
                    "this console password was set through the API, so someone else knows it; \
                     live requests are decided with a password set on the server \
                     (coffer users passwd)",
                ))
            }
            Credential::Key { at_cli: true } | Credential::Password { at_cli: true } => {}
        }
    }
    if approvals.iter().any(|ap| ap.user_id == voter.id) {
        return Err(Error::conflict(
            "already_approved",
            format!("user {} has already decided on activity {}", voter.id, a.id),
        ));
    }
    if vote == Vote::Approve && a.initiator.kind == "User" && voter.id == a.initiator.id {
        return Err(Error::conflict(
            "initiator_cannot_approve",
            "the user who made a request cannot approve it",
        ));
    }
    if vote == Vote::Approve && a.object_type == "user" && voter.id == a.object_id {
        return Err(Error::conflict(
            "own_change_cannot_approve",
            "a change to a user's own standing is approved by others",
        ));
    }
    Ok(match vote {
        Vote::Reject => ActivityStatus::Rejected,
        Vote::Approve => {
            let approved = approvals
                .iter()
                .filter(|ap| ap.decision == Vote::Approve.decision())
                .count();
            if approved + 1 >= a.required_approvals as usize {
                ActivityStatus::Approved
            } else {
                ActivityStatus::Pending
            }
        }
    })
}

#[cfg(test)]
mod tests;
