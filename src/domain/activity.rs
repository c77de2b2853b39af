//! Activities: requests subject to consensus (SPEC §8), with who asked for what,
//! and the rules of voting on them.

use super::user::{User, UserRole, UserStatus};
use super::Error;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    WalletCreate,
    AddressBookCreate,
    Withdrawal,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::WalletCreate => "wallet_create",
            Action::AddressBookCreate => "address_book_create",
            Action::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        [
            Action::WalletCreate,
            Action::AddressBookCreate,
            Action::Withdrawal,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Pending,
    Approved,
    Rejected,
    Expired,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Pending => "Pending",
            ActivityStatus::Approved => "Approved",
            ActivityStatus::Rejected => "Rejected",
            ActivityStatus::Expired => "Expired",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Pending,
            ActivityStatus::Approved,
            ActivityStatus::Rejected,
            ActivityStatus::Expired,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One approver's decision on an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub user_id: String,
    pub decision: String,
    pub comment: Option<String>,
    pub created_at: Timestamp,
}

/// Who asked: a key bound to a user acts as that user (SPEC §8), any other
/// key as itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitiatorRef {
    ApiKey(String),
    User(String),
}

/// The initiator as SPEC §8 renders it: `{type, id, name}`, its name as it was
/// when the request was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiator {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: String,
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

/// Checks that `voter` may cast `vote` on `a` (given the decisions already
/// made) and says what status the activity has after it: still `Pending`,
/// `Approved` once the quorum is reached, `Rejected` at the first rejection.
pub fn cast(
    a: &Activity,
    approvals: &[Approval],
    voter: &User,
    vote: Vote,
    now: Timestamp,
) -> Result<ActivityStatus, Error> {
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
            format!("user {} is disabled", voter.id),
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
    if approvals.iter().any(|ap| ap.user_id == voter.id) {
        return Err(Error::conflict(
            "already_approved",
            format!("user {} has already decided on activity {}", voter.id, a.id),
        ));
    }
    if vote == Vote::Approve && a.initiator.kind == "User" && a.initiator.id == voter.id {
        return Err(Error::conflict(
            "initiator_cannot_approve",
            "the user who made a request cannot approve it",
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
mod tests {
    use super::*;

    fn user(id: &str, role: UserRole) -> User {
        User {
            id: id.into(),
            name: id.into(),
            email: format!("{id}@example.com"),
            role,
            status: UserStatus::Active,
            password_hash: None,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        }
    }

    fn pending(required: u32) -> Activity {
        Activity {
            id: "a".into(),
            action: Action::Withdrawal,
            status: ActivityStatus::Pending,
            initiator: Initiator {
                kind: "User",
                id: "init".into(),
                name: "Init".into(),
            },
            required_approvals: required,
            approver_role: Some(UserRole::Approver),
            policy_version: Some(1),
            object_type: "transaction".into(),
            object_id: "t".into(),
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
            expires_at: Some(Timestamp::from_millis(1000)),
        }
    }

    fn approved_by(id: &str) -> Approval {
        Approval {
            user_id: id.into(),
            decision: "Approved".into(),
            comment: None,
            created_at: Timestamp::from_millis(1),
        }
    }

    const NOW: Timestamp = Timestamp::from_millis(10);

    fn code(r: Result<ActivityStatus, Error>) -> &'static str {
        match r {
            Err(Error::Conflict { code, .. } | Error::Forbidden { code, .. }) => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn quorum_of_two() {
        let a = pending(2);
        let ann = user("ann", UserRole::Approver);
        let bob = user("bob", UserRole::Admin);
        assert_eq!(
            cast(&a, &[], &ann, Vote::Approve, NOW).unwrap(),
            ActivityStatus::Pending
        );
        assert_eq!(
            cast(&a, &[approved_by("ann")], &bob, Vote::Approve, NOW).unwrap(),
            ActivityStatus::Approved
        );
        assert_eq!(
            code(cast(&a, &[approved_by("ann")], &ann, Vote::Approve, NOW)),
            "already_approved"
        );
        assert_eq!(
            cast(&a, &[approved_by("ann")], &bob, Vote::Reject, NOW).unwrap(),
            ActivityStatus::Rejected
        );
    }

    #[test]
    fn who_may_not_vote() {
        let a = pending(1);
        assert_eq!(
            code(cast(
                &a,
                &[],
                &user("init", UserRole::Approver),
                Vote::Approve,
                NOW
            )),
            "initiator_cannot_approve"
        );
        assert_eq!(
            code(cast(
                &a,
                &[],
                &user("v", UserRole::Viewer),
                Vote::Approve,
                NOW
            )),
            "not_an_approver"
        );
        let mut off = user("off", UserRole::Approver);
        off.status = UserStatus::Disabled;
        assert_eq!(
            code(cast(&a, &[], &off, Vote::Approve, NOW)),
            "approver_disabled"
        );
        let mut admins_only = pending(1);
        admins_only.approver_role = Some(UserRole::Admin);
        assert_eq!(
            code(cast(
                &admins_only,
                &[],
                &user("ann", UserRole::Approver),
                Vote::Approve,
                NOW
            )),
            "not_an_approver"
        );
    }

    #[test]
    fn closed_and_expired_activities_take_no_votes() {
        let ann = user("ann", UserRole::Approver);
        let mut closed = pending(1);
        closed.status = ActivityStatus::Rejected;
        assert_eq!(
            code(cast(&closed, &[], &ann, Vote::Approve, NOW)),
            "activity_closed"
        );
        let late = Timestamp::from_millis(1000);
        assert_eq!(
            code(cast(&pending(1), &[], &ann, Vote::Reject, late)),
            "activity_closed"
        );
    }
}
