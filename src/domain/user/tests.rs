use super::*;

#[test]
fn emails_are_normalised_and_checked() {
    assert_eq!(
        normalize_email("email", " Ops@Example.COM ").unwrap(),
        "ops@example.com"
    );
    for bad in [
        "",
        "ops",
        "ops@",
        "@example.com",
        "ops@example",
        "ops@@example.com",
        "o ps@example.com",
        "ops@.example.com",
        "ops@example.com.",
    ] {
        assert!(normalize_email("email", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn roles_and_statuses_round_trip() {
    for r in UserRole::ALL {
        assert_eq!(UserRole::parse(r.as_str()), Some(r));
    }
    assert_eq!(UserRole::parse("Admin"), None);
    assert_eq!(UserStatus::parse("Disabled"), Some(UserStatus::Disabled));
    assert_eq!(UserStatus::parse("disabled"), None);
    assert_eq!(UserStatus::parse_settable("PendingApproval"), None);
    assert_eq!(
        UserStatus::parse("PendingApproval"),
        Some(UserStatus::PendingApproval)
    );
}

fn someone(role: UserRole, status: UserStatus) -> User {
    User::new(
        crate::domain::ids::TypedId::from_stored("u".into()),
        "U".into(),
        "u@example.com".into(),
        role,
        status,
        None,
        Timestamp::from_millis(5),
    )
}

#[test]
fn only_gaining_power_is_a_grant() {
    let approver = someone(UserRole::Approver, UserStatus::Active);
    let grants = |role, status| {
        UserPatch {
            name: None,
            role,
            status,
        }
        .grants_power(&approver)
    };
    assert!(grants(Some(UserRole::Admin), None));
    assert!(!grants(Some(UserRole::Viewer), None));
    assert!(!grants(None, Some(UserStatus::Disabled)));
    assert!(!grants(Some(UserRole::Approver), Some(UserStatus::Active)));
    let off = someone(UserRole::Approver, UserStatus::Disabled);
    let enable = UserPatch {
        status: Some(UserStatus::Active),
        ..UserPatch::default()
    };
    assert!(enable.grants_power(&off));
    let viewer_off = someone(UserRole::Viewer, UserStatus::Disabled);
    assert!(
        !enable.grants_power(&viewer_off),
        "a viewer decides nothing"
    );
}

#[test]
fn tenure_restarts_with_every_change_of_standing() {
    let mut u = someone(UserRole::Approver, UserStatus::Active);
    assert_eq!(u.approver_since, Some(Timestamp::from_millis(5)));
    assert_eq!(
        someone(UserRole::Viewer, UserStatus::Active).approver_since,
        None
    );
    let later = Timestamp::from_millis(9);
    u.set_standing(UserRole::Approver, UserStatus::Active, later);
    assert_eq!(u.credential_version, 0, "no change, nothing ends");
    u.set_standing(UserRole::Approver, UserStatus::Disabled, later);
    assert_eq!(u.approver_since, None);
    assert_eq!(u.credential_version, 1);
    let again = Timestamp::from_millis(12);
    u.set_standing(UserRole::Approver, UserStatus::Active, again);
    assert_eq!(u.approver_since, Some(again));
    u.set_standing(
        UserRole::Admin,
        UserStatus::Active,
        Timestamp::from_millis(20),
    );
    assert_eq!(u.approver_since, Some(Timestamp::from_millis(20)));
    u.set_password("h".into(), PasswordSource::Cli, Timestamp::from_millis(30));
    assert_eq!(u.credential_version, 4);
}

#[test]
fn passwords_have_bounds() {
    assert!(validate_password("password", "short").is_err());
    assert!(validate_password("password", "twelve chars").is_ok());
}
