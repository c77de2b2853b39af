//! Activities: requests subject to consensus (docs/api.md, "Consensus"), with who asked for what,
//! and the rules of voting on them.

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
    pub user_id: String,
    pub decision: String,
    pub comment: Option<String>,
    pub created_at: Timestamp,
}

/// Who asked: a key bound to a user acts as that user (docs/api.md, "Consensus"), any other
/// key as itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitiatorRef {
    ApiKey(String),
    User(String),
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
    if vote == Vote::Approve && a.initiator.kind == "User" && a.initiator.id == voter.id {
        return Err(Error::conflict(
            "initiator_cannot_approve",
            "the user who made a request cannot approve it",
        ));
    }
    if vote == Vote::Approve && a.object_type == "user" && a.object_id == voter.id {
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
mod tests {
    use super::*;

    /// An active user who has been able to approve since t = 0.
    fn user(id: &str, role: UserRole) -> User {
        User::new(
            id.into(),
            id.into(),
            format!("{id}@example.com"),
            role,
            UserStatus::Active,
            None,
            Timestamp::from_millis(0),
        )
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
            created_at: Timestamp::from_millis(5),
            updated_at: Timestamp::from_millis(5),
            expires_at: Some(Timestamp::from_millis(1000)),
        }
    }

    fn approved_by(id: &str) -> Approval {
        Approval {
            user_id: id.into(),
            decision: "Approved".into(),
            comment: None,
            created_at: Timestamp::from_millis(6),
        }
    }

    const NOW: Timestamp = Timestamp::from_millis(10);
    const TRUSTED: Credential = Credential::Key { at_cli: true };

    fn cast_as(
        a: &Activity,
        approvals: &[Approval],
        voter: &User,
        vote: Vote,
        now: Timestamp,
    ) -> Result<ActivityStatus, Error> {
        let ballot = Ballot {
            voter,
            credential: TRUSTED,
            vote,
        };
        cast(a, Environment::Live, approvals, ballot, now)
    }

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
            cast_as(&a, &[], &ann, Vote::Approve, NOW).unwrap(),
            ActivityStatus::Pending
        );
        assert_eq!(
            cast_as(&a, &[approved_by("ann")], &bob, Vote::Approve, NOW).unwrap(),
            ActivityStatus::Approved
        );
        assert_eq!(
            code(cast_as(&a, &[approved_by("ann")], &ann, Vote::Approve, NOW)),
            "already_approved"
        );
        assert_eq!(
            cast_as(&a, &[approved_by("ann")], &bob, Vote::Reject, NOW).unwrap(),
            ActivityStatus::Rejected
        );
    }

    #[test]
    fn who_may_not_vote() {
        let a = pending(1);
        assert_eq!(
            code(cast_as(
                &a,
                &[],
                &user("init", UserRole::Approver),
                Vote::Approve,
                NOW
            )),
            "initiator_cannot_approve"
        );
        assert_eq!(
            code(cast_as(
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
            code(cast_as(&a, &[], &off, Vote::Approve, NOW)),
            "approver_disabled"
        );
        let mut admins_only = pending(1);
        admins_only.approver_role = Some(UserRole::Admin);
        assert_eq!(
            code(cast_as(
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
    fn only_approvers_older_than_the_request_decide_it() {
        let a = pending(1);
        let mut late = user("late", UserRole::Approver);
        late.approver_since = Some(a.created_at);
        for vote in [Vote::Approve, Vote::Reject] {
            assert_eq!(code(cast_as(&a, &[], &late, vote, NOW)), "approver_too_new");
        }
        late.approver_since = None;
        assert_eq!(
            code(cast_as(&a, &[], &late, Vote::Approve, NOW)),
            "approver_too_new"
        );
        late.approver_since = Some(Timestamp::from_millis(4));
        assert_eq!(
            cast_as(&a, &[], &late, Vote::Approve, NOW).unwrap(),
            ActivityStatus::Approved
        );
    }

    #[test]
    fn live_requests_take_only_credentials_made_on_the_box() {
        let a = pending(1);
        let ann = user("ann", UserRole::Approver);
        for (credential, refused) in [
            (Credential::Key { at_cli: false }, "key_not_trusted"),
            (
                Credential::Password { at_cli: false },
                "password_not_trusted",
            ),
        ] {
            let ballot = Ballot {
                voter: &ann,
                credential,
                vote: Vote::Approve,
            };
            assert_eq!(code(cast(&a, Environment::Live, &[], ballot, NOW)), refused);
            // Test money is decided with any credential of the user.
            assert_eq!(
                cast(&a, Environment::Test, &[], ballot, NOW).unwrap(),
                ActivityStatus::Approved
            );
        }
        let ballot = Ballot {
            voter: &ann,
            credential: Credential::Password { at_cli: true },
            vote: Vote::Approve,
        };
        assert_eq!(
            cast(&a, Environment::Live, &[], ballot, NOW).unwrap(),
            ActivityStatus::Approved
        );
    }

    #[test]
    fn a_user_does_not_approve_a_change_to_themselves() {
        let mut a = pending(1);
        a.action = Action::UserChange;
        a.object_type = "user".into();
        a.object_id = "ann".into();
        let ann = user("ann", UserRole::Approver);
        assert_eq!(
            code(cast_as(&a, &[], &ann, Vote::Approve, NOW)),
            "own_change_cannot_approve"
        );
        assert_eq!(
            cast_as(&a, &[], &ann, Vote::Reject, NOW).unwrap(),
            ActivityStatus::Rejected
        );
    }

    #[test]
    fn closed_and_expired_activities_take_no_votes() {
        let ann = user("ann", UserRole::Approver);
        let mut closed = pending(1);
        closed.status = ActivityStatus::Rejected;
        assert_eq!(
            code(cast_as(&closed, &[], &ann, Vote::Approve, NOW)),
            "activity_closed"
        );
        let late = Timestamp::from_millis(1000);
        assert_eq!(
            code(cast_as(&pending(1), &[], &ann, Vote::Reject, late)),
            "activity_closed"
        );
    }
}
