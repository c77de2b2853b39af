use super::*;

/// An active user who has been able to approve since t = 0.
fn user(id: &str, role: UserRole) -> User {
    User::new(
        crate::domain::ids::TypedId::from_stored(id.into()),
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
        id: crate::domain::ids::TypedId::from_stored("a".into()),
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
        user_id: crate::domain::ids::TypedId::from_stored(id.into()),
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
