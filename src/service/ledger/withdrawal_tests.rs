//! Withdrawals, their approval quorum, refusal and cancel, address-book
//! approval and keys, through the service over an in-memory database: each
//! change a unit of work, as the writer runs it.

use super::tests::{units, Books};
use super::*;
use crate::domain::activity::{Activity, ActivityStatus, Vote};
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::apikey::KeyBinding;
use crate::domain::ids::{new_id, UserId};
use crate::domain::money::WholeAmount;
use crate::domain::scope::Role;
use crate::domain::user::UserRole;
use crate::service::address_book::NewEntry;
use crate::service::approvals;
use crate::service::grant::{ApprovalsWrite, TenantAdmin, WithdrawalsCreate};
use crate::service::keys::{self, NewKey};
use crate::service::requests::{self, Record};
use crate::service::users::{self, NewUser, UserAdmin};
use crate::service::work::{Origin, Principal, Wakes};
use serde_json::json;

impl Books {
    /// A user of the tenant with `role`, made before anything the test asks
    /// for (an approver decides only requests made after they became one).
    fn user(&self, name: &str, role: UserRole) -> String {
        let new = NewUser::prepare(name, &format!("{name}@example.com"), role, None).unwrap();
        let before = Timestamp::from_millis(self.now.millis() - 1);
        let admin = UserAdmin::cli(&self.p.tenant_id);
        let work = Work::new(
            &self.conn,
            self.p.clone(),
            before,
            Principal::Cli("test"),
            Origin::default(),
        );
        users::create(&work, &admin, new).unwrap().user.id.into()
    }

    /// A payer (a user with no say in approvals), a USDC wallet holding
    /// `whole` and an active address-book entry to pay.
    fn payer(&self, whole: &str) -> (String, Wallet, AddressBookEntry) {
        let alice = self.user("alice", UserRole::Viewer);
        let wallet = self.wallet("USDC");
        self.fund(&wallet, whole);
        let (_, entry) = self.entry("USDC", &alice);
        assert_eq!(
            entry.status,
            EntryStatus::Active,
            "no policy: active at once"
        );
        (alice, wallet, entry)
    }

    /// A policy under which `action` waits for `approvals` approvals.
    fn require(&self, action: &str, approvals: u32) {
        let doc = json!({"rules": [{"name": "r", "action": action,
                                    "decision": "RequireApprovals", "approvals": approvals}]});
        let doc = doc.as_object().unwrap();
        policies::replace(
            &self.work_by(Principal::Cli("test")),
            &self.ledger.assets,
            doc,
        )
        .unwrap();
    }

    /// An address-book entry for `asset`, asked for by `by`.
    fn entry(&self, asset: &str, by: &str) -> (Option<Activity>, AddressBookEntry) {
        let format = self.ledger.asset(asset).unwrap().format;
        let address = sandbox::external_sender(format, &new_id());
        let new = NewEntry::validated(
            &self.ledger.assets,
            self.p.environment,
            asset,
            &address,
            None,
            "payee",
        )
        .unwrap();
        self.job(|b| {
            let work = b.work_by(Principal::User(UserId::from_stored(by.into())));
            let granted = Granted::operator();
            requests::add_address_book_entry(&b.ledger, &work, &granted, new, Record::WhenPending)
        })
        .unwrap()
    }

    /// `by` withdraws `amount` from `wallet` to `entry`; answers what it left
    /// and which workers the change asked for.
    fn withdraw(
        &self,
        by: &str,
        wallet: &Wallet,
        entry: &AddressBookEntry,
        amount: &str,
    ) -> Result<((Option<Activity>, Transaction), Wakes), Error> {
        let request = WithdrawalRequest {
            source_wallet_id: wallet.id.clone(),
            destination_address: None,
            address_book_entry_id: Some(entry.id.to_string()),
            destination_tag: None,
            amount: WholeAmount::field("amount", amount)?,
            note: None,
            activity_id: None,
        };
        self.job(|b| {
            let work = b.work_by(Principal::User(UserId::from_stored(by.into())));
            let granted: Granted<WithdrawalsCreate> = Granted::operator();
            let made =
                requests::withdraw(&b.ledger, &work, &granted, request, Record::WhenPending)?;
            Ok((made, work.wakes()))
        })
    }

    fn vote(&self, by: &str, activity: &ActivityId, vote: Vote) -> Result<ActivityStatus, Error> {
        self.job(|b| {
            let work = b.work_by(Principal::User(UserId::from_stored(by.into())));
            let granted: Granted<ApprovalsWrite> = Granted::signed_in();
            Ok(
                approvals::vote(&b.ledger, &work, &granted, activity, vote, None)?
                    .0
                    .status,
            )
        })
    }

    fn cancel(&self, by: &str, id: &TransactionId) -> Result<Transaction, Error> {
        self.job(|b| {
            let work = b.work_by(Principal::User(UserId::from_stored(by.into())));
            requests::cancel_withdrawal(&b.ledger, &work, &Granted::operator(), id)
        })
    }

    fn transaction(&self, id: &TransactionId) -> Transaction {
        store::transactions::get(&self.conn, &self.p, id).unwrap()
    }

    fn activity(&self, id: &ActivityId) -> Activity {
        store::activities::get(&self.conn, &self.p, id).unwrap()
    }
}

/// Fails unless `e` is a refusal or conflict with this code.
fn assert_code(e: &Error, code: &str) {
    match e {
        Error::Refused { code: c, .. } | Error::Conflict { code: c, .. } if *c == code => {}
        other => panic!("expected {code}, got {other:?}"),
    }
}

/// The withdrawal fee of `asset`, in atomic units.
fn fee(b: &Books, asset: &str) -> i128 {
    b.ledger.asset(asset).unwrap().withdrawal_fee.atomic()
}

#[test]
fn a_withdrawal_holds_its_amount_and_fee_and_wakes_the_chain_worker() {
    let b = Books::new();
    let (alice, wallet, entry) = b.payer("10");
    assert_eq!(
        entry.status,
        EntryStatus::Active,
        "no policy: active at once"
    );
    let ((activity, t), wakes) = b.withdraw(&alice, &wallet, &entry, "3").unwrap();
    assert!(activity.is_none(), "no policy: no activity");
    assert_eq!(t.status, Status::Submitted, "the chain worker takes it on");
    assert!(wakes.chain, "the chain worker is asked to take it on");
    let held = 3_000_000 + fee(&b, "USDC");
    assert_eq!(b.available(&wallet), units(10_000_000 - held));
    b.verified();
}

#[test]
fn a_withdrawal_beyond_the_balance_is_refused_and_holds_nothing() {
    let b = Books::new();
    let (alice, wallet, entry) = b.payer("1");
    let before = b.verified();
    let refused = b.withdraw(&alice, &wallet, &entry, "1").unwrap_err();
    assert_code(&refused, "insufficient_funds");
    assert_eq!(b.available(&wallet), units(1_000_000));
    assert_eq!(b.verified(), before, "nothing was left behind");
}

#[test]
fn a_withdrawal_to_an_unknown_entry_is_the_clients_mistake() {
    let b = Books::new();
    let (alice, wallet, mut entry) = b.payer("1");
    entry.id = AddressBookEntryId::mint();
    let refused = b.withdraw(&alice, &wallet, &entry, "0.5").unwrap_err();
    assert_code(&refused, "address_not_in_address_book");
}

#[test]
fn a_withdrawal_waits_for_its_quorum_then_goes_to_the_signer() {
    let b = Books::new();
    let (alice, wallet, entry) = b.payer("10");
    let (ann, bob) = (
        b.user("ann", UserRole::Approver),
        b.user("bob", UserRole::Approver),
    );
    b.require("withdrawal", 2);
    let ((activity, t), _) = b.withdraw(&alice, &wallet, &entry, "4").unwrap();
    let activity = activity.expect("the policy opens an activity");
    assert_eq!(t.status, Status::PendingApproval);
    assert_eq!(activity.status, ActivityStatus::Pending);
    let held = 4_000_000 + fee(&b, "USDC");
    assert_eq!(
        b.available(&wallet),
        units(10_000_000 - held),
        "held while it waits"
    );

    let initiator = b.vote(&alice, &activity.id, Vote::Approve).unwrap_err();
    assert!(matches!(
        initiator,
        Error::Forbidden { .. } | Error::Conflict { .. }
    ));
    assert_eq!(
        b.vote(&ann, &activity.id, Vote::Approve).unwrap(),
        ActivityStatus::Pending
    );
    let twice = b.vote(&ann, &activity.id, Vote::Approve).unwrap_err();
    assert_code(&twice, "already_approved");
    assert_eq!(b.transaction(&t.id).status, Status::PendingApproval);
    assert_eq!(
        b.vote(&bob, &activity.id, Vote::Approve).unwrap(),
        ActivityStatus::Approved
    );
    assert_eq!(b.transaction(&t.id).status, Status::PendingSignature);
    assert_eq!(b.available(&wallet), units(10_000_000 - held));
    b.verified();
}

#[test]
fn a_rejected_withdrawal_gives_its_hold_back() {
    let b = Books::new();
    let (alice, wallet, entry) = b.payer("10");
    let ann = b.user("ann", UserRole::Approver);
    b.require("withdrawal", 2);
    let ((activity, t), _) = b.withdraw(&alice, &wallet, &entry, "4").unwrap();
    let activity = activity.unwrap();
    assert_eq!(
        b.vote(&ann, &activity.id, Vote::Reject).unwrap(),
        ActivityStatus::Rejected
    );
    assert_eq!(b.transaction(&t.id).status, Status::Rejected);
    assert_eq!(b.available(&wallet), units(10_000_000));
    b.verified();
}

#[test]
fn cancelling_a_waiting_withdrawal_closes_its_activity_and_releases_the_hold() {
    let b = Books::new();
    let (alice, wallet, entry) = b.payer("10");
    b.require("withdrawal", 1);
    let ((activity, t), _) = b.withdraw(&alice, &wallet, &entry, "4").unwrap();
    let cancelled = b.cancel(&alice, &t.id).unwrap();
    assert_eq!(cancelled.status, Status::Cancelled);
    assert_eq!(
        b.activity(&activity.unwrap().id).status,
        ActivityStatus::Rejected
    );
    assert_eq!(b.available(&wallet), units(10_000_000));
    let again = b.cancel(&alice, &t.id).unwrap_err();
    assert_code(&again, "not_cancellable");
    b.verified();
}

#[test]
fn an_address_book_entry_waits_for_approval_then_becomes_usable() {
    let b = Books::new();
    let alice = b.user("alice", UserRole::Viewer);
    let ann = b.user("ann", UserRole::Approver);
    let wallet = b.wallet("USDC");
    b.fund(&wallet, "10");
    b.require("address_book_create", 1);
    let (activity, entry) = b.entry("USDC", &alice);
    assert_eq!(entry.status, EntryStatus::PendingApproval);
    let refused = b.withdraw(&alice, &wallet, &entry, "1").unwrap_err();
    assert_code(&refused, "address_not_in_address_book");
    let activity = activity.expect("the policy opens an activity");
    assert_eq!(
        b.vote(&ann, &activity.id, Vote::Approve).unwrap(),
        ActivityStatus::Approved
    );
    let stored = store::address_book::get(&b.conn, &b.p, &entry.id).unwrap();
    assert_eq!(stored.status, EntryStatus::Active);
    b.withdraw(&alice, &wallet, &stored, "1").unwrap();
}

#[test]
fn a_key_is_created_for_the_administered_tenant_and_revoked_once() {
    let b = Books::new();
    let admin = TenantAdmin::vouched(b.p.tenant_id.clone());
    let new = NewKey::of_roles(
        Environment::Test,
        "ops",
        vec![Role::Operator],
        KeyBinding::Cli,
    );
    let prepared = keys::prepare(&b.master, &admin, new.clone(), b.now).unwrap();
    let created = b
        .job(|b| keys::create(&b.work(), &admin, &b.master, prepared))
        .unwrap();
    assert_eq!(created.key.tenant_id, b.p.tenant_id);
    assert_eq!(
        created.secret.expose(),
        b.master.api_secret(&created.key.id).expose()
    );

    let other = TenantAdmin::vouched(crate::domain::ids::TenantId::mint());
    let prepared = keys::prepare(&b.master, &admin, new, b.now).unwrap();
    let crossed = b.job(|b| keys::create(&b.work(), &other, &b.master, prepared));
    assert!(
        matches!(crossed, Err(Error::Internal(_))),
        "a key stays in its tenant"
    );

    let revoked = b.job(|b| keys::revoke(&b.work(), &admin, "ops")).unwrap();
    assert_eq!(revoked.id, created.key.id);
    assert!(revoked.revoked_at.is_some());
    let again = b
        .job(|b| keys::revoke(&b.work(), &admin, "ops"))
        .unwrap_err();
    assert!(matches!(again, Error::NotFound { .. }), "{again:?}");
}
