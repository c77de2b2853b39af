use super::*;
use crate::clock::Timestamp;
use std::cell::RefCell;

fn candidate(email: &str, status: UserStatus, hash: Option<&str>) -> (TenantId, User) {
    let mut u = User::new(
        crate::domain::ids::TypedId::from_stored("u".into()),
        "U".into(),
        email.into(),
        UserRole::Approver,
        status,
        None,
        Timestamp::from_millis(0),
    );
    u.password_hash = hash.map(String::from);
    (crate::domain::ids::TypedId::from_stored("tenant".into()), u)
}

/// Runs `sign_in` with a verifier that records the hashes it was given.
fn hashes_checked(candidates: Vec<(TenantId, User)>) -> (bool, Vec<String>) {
    let seen = RefCell::new(Vec::new());
    let found = sign_in(candidates, "pw", |_, hash| {
        seen.borrow_mut().push(hash.to_string());
        hash == "$real"
    });
    (found.is_some(), seen.into_inner())
}

#[test]
fn unknown_emails_and_users_without_a_password_cost_one_argon2_run() {
    let dummy = dummy_password_hash().to_string();
    assert_eq!(hashes_checked(vec![]), (false, vec![dummy.clone()]));
    let no_password = candidate("a@example.com", UserStatus::Active, None);
    assert_eq!(
        hashes_checked(vec![no_password]),
        (false, vec![dummy.clone()])
    );
    let off = candidate("a@example.com", UserStatus::Disabled, Some("$real"));
    assert_eq!(
        hashes_checked(vec![off]),
        (false, vec!["$real".to_string()]),
        "a disabled user's hash is checked too, and refused"
    );
    let on = candidate("a@example.com", UserStatus::Active, Some("$real"));
    assert_eq!(hashes_checked(vec![on]), (true, vec!["$real".to_string()]));
}

#[test]
fn the_dummy_hash_costs_what_a_real_one_does() {
    let real = hash_password("some password").unwrap();
    let params = |phc: &str| phc.split('$').take(4).collect::<Vec<_>>().join("$");
    assert_eq!(params(dummy_password_hash()), params(&real));
    assert!(!crate::crypto::verify_password(
        "some password",
        dummy_password_hash()
    ));
}
