use super::*;
use crate::domain::asset::{Asset, Assets};
use crate::domain::Error;
use serde_json::{json, Value};

fn assets() -> Assets {
    let asset = |id: &str, decimals| Asset {
        id: id.into(),
        symbol: id.into(),
        name: id.into(),
        network: "sandbox".into(),
        format: crate::domain::asset::AddressFormat::Evm,
        contract: None,
        decimals,
        required_confirmations: 1,
        withdrawal_fee: Amount::ZERO,
        enabled: true,
        explorer: crate::domain::asset::Explorers {
            live: String::new(),
            test: String::new(),
        },
    };
    Assets::new(vec![asset("BTC", 8), asset("ETH", 18), asset("USDC", 6)])
}

fn policy(doc: Value) -> Policy {
    let (rules, velocity_limits) = parse_document(doc.as_object().unwrap(), &assets()).unwrap();
    Policy {
        version: 1,
        rules,
        velocity_limits,
        updated_at: None,
    }
}

fn withdrawal<'a>(asset: &'a str, vault: &'a str, amount: i128, dp: u32) -> Request<'a> {
    Request {
        action: Action::Withdrawal,
        asset_id: asset,
        vault_id: Some(vault),
        amount: Some((Amount::from_atomic(amount), dp)),
    }
}

const V1: &str = "0190a5a0-0000-7000-8000-000000000001";
const V2: &str = "0190a5a0-0000-7000-8000-000000000002";

#[test]
fn first_match_wins_and_no_match_allows() {
    let p = policy(json!({"rules": [
        {"name": "big", "action": "withdrawal", "assetId": "BTC", "minAmount": "1",
         "decision": "RequireApprovals", "approvals": 2},
        {"name": "all btc", "action": "withdrawal", "assetId": "BTC", "decision": "Block"},
    ]}));
    let two = Decision::RequireApprovals {
        approvals: 2,
        role: UserRole::Approver,
    };
    assert_eq!(p.decide(&withdrawal("BTC", V1, 100_000_000, 8)).0, two);
    assert_eq!(
        p.decide(&withdrawal("BTC", V1, 99_999_999, 8)).0,
        Decision::Block
    );
    assert_eq!(p.decide(&withdrawal("ETH", V1, 1, 18)).0, Decision::Allow);
    assert!(p.decide(&withdrawal("ETH", V1, 1, 18)).1.is_none());
}

#[test]
fn min_is_inclusive_and_max_exclusive() {
    let p = policy(json!({"rules": [
        {"name": "band", "action": "withdrawal", "minAmount": "0.5", "maxAmount": "2",
         "decision": "Block"},
    ]}));
    let blocked = |atomic, dp| p.decide(&withdrawal("BTC", V1, atomic, dp)).0 == Decision::Block;
    assert!(blocked(50_000_000, 8));
    assert!(!blocked(49_999_999, 8));
    assert!(blocked(199_999_999, 8));
    assert!(!blocked(200_000_000, 8));
    // The same rule in another asset's units.
    assert!(blocked(500_000, 6));
    assert!(!blocked(2_000_000, 6));
}

#[test]
fn thresholds_finer_than_the_asset_round_up() {
    let p = policy(json!({"rules": [
        {"name": "fine", "action": "withdrawal", "minAmount": "0.0000005",
         "decision": "Block"},
    ]}));
    // 0.000001 USDC (1 atomic) >= 0.0000005; 0 would not be.
    assert_eq!(p.decide(&withdrawal("USDC", V1, 1, 6)).0, Decision::Block);
    assert_eq!(threshold_at(Amount::from_atomic(500_000_000_000), 6), 1);
    assert_eq!(threshold_at(Amount::from_atomic(1_000_000_000_000), 6), 1);
    assert_eq!(threshold_at(Amount::from_atomic(1_000_000_000_001), 6), 2);
}

#[test]
fn action_vault_and_asset_filter() {
    let p = policy(json!({"rules": [
        {"name": "v1 wallets", "action": "wallet_create", "vaultId": V1,
         "decision": "RequireApprovals", "approvals": 1, "approverRole": "admin"},
        {"name": "book", "action": "address_book_create", "assetId": "ETH",
         "decision": "Block"},
    ]}));
    let wallet = |vault| Request {
        action: Action::WalletCreate,
        asset_id: "BTC",
        vault_id: Some(vault),
        amount: None,
    };
    assert_eq!(
        p.decide(&wallet(V1)).0,
        Decision::RequireApprovals {
            approvals: 1,
            role: UserRole::Admin
        }
    );
    assert_eq!(p.decide(&wallet(V2)).0, Decision::Allow);
    let book = |asset| Request {
        action: Action::AddressBookCreate,
        asset_id: asset,
        vault_id: None,
        amount: None,
    };
    assert_eq!(p.decide(&book("ETH")).0, Decision::Block);
    assert_eq!(p.decide(&book("BTC")).0, Decision::Allow);
    assert_eq!(p.decide(&withdrawal("BTC", V1, 1, 8)).0, Decision::Allow);
}

#[test]
fn velocity_limits_apply_per_vault_and_allow_up_to_the_amount() {
    let p = policy(json!({"velocityLimits": [
        {"assetId": "BTC", "vaultId": null, "amount": "1.0", "windowHours": 24},
        {"assetId": "BTC", "vaultId": V2, "amount": "0.1"},
    ]}));
    assert_eq!(p.limits_for("BTC", V1).count(), 1);
    assert_eq!(p.limits_for("BTC", V2).count(), 2);
    assert_eq!(p.limits_for("ETH", V1).count(), 0);
    let l = &p.velocity_limits[0];
    let btc = |x| Amount::from_atomic(x);
    assert!(l.allows(btc(60_000_000), btc(40_000_000)));
    assert!(!l.allows(btc(60_000_000), btc(40_000_001)));
    assert_eq!(p.velocity_limits[1].window_hours, 24);
    let now = Timestamp::from_millis(100 * 3_600_000);
    assert_eq!(l.window_start(now), Timestamp::from_millis(76 * 3_600_000));
}

#[test]
fn documents_are_checked_field_by_field() {
    let bad = |doc: Value, field: &str| match parse_document(doc.as_object().unwrap(), &assets()) {
        Err(Error::InvalidField { field: f, .. }) => assert_eq!(f, field),
        other => panic!("{field}: {other:?}"),
    };
    bad(
        json!({"rules": [{"name": "x", "action": "mint", "decision": "Allow"}]}),
        "rules[0].action",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "user_change", "decision": "Allow"}]}),
        "rules[0].action",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "RequireApprovals"}]}),
        "rules[0].approvals",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "Allow", "approvals": 1}]}),
        "rules[0].approvals",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "withdrawal", "assetId": "BTC", "minAmount": "0.000000001", "decision": "Block"}]}),
        "rules[0].minAmount",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "withdrawal", "minAmount": "2", "maxAmount": "1", "decision": "Block"}]}),
        "rules[0].maxAmount",
    );
    bad(
        json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "Block", "extra": 1}]}),
        "rules[0].extra",
    );
    bad(
        json!({"velocityLimits": [{"assetId": "DOGE", "amount": "1"}]}),
        "velocityLimits[0].assetId",
    );
    bad(
        json!({"velocityLimits": [{"assetId": "BTC", "amount": "0"}]}),
        "velocityLimits[0].amount",
    );
    bad(json!({"rules": {}}), "rules");
    bad(json!({"other": []}), "other");
}

#[test]
fn user_changes_take_the_strictest_quorum() {
    assert_eq!(Policy::default().strictest_quorum(), None);
    let rule = |n: u32, role: &str| {
        json!({"name": "r", "action": "withdrawal", "decision": "RequireApprovals",
               "approvals": n, "approverRole": role})
    };
    let p = policy(json!({"rules": [
        {"name": "no", "action": "withdrawal", "decision": "Block"},
        rule(2, "approver"), rule(3, "approver"), rule(1, "admin"),
    ]}));
    assert_eq!(p.strictest_quorum(), Some((3, UserRole::Approver)));
    let p = policy(json!({"rules": [rule(3, "approver"), rule(3, "admin"), rule(3, "approver")]}));
    assert_eq!(p.strictest_quorum(), Some((3, UserRole::Admin)));
    let blocks_only =
        policy(json!({"rules": [{"name": "no", "action": "withdrawal", "decision": "Block"}]}));
    assert_eq!(blocks_only.strictest_quorum(), None);
}

#[test]
fn documents_round_trip() {
    let p = policy(json!({"rules": [
        {"name": "big", "action": "withdrawal", "assetId": "BTC", "minAmount": "1.5",
         "maxAmount": null, "decision": "RequireApprovals", "approvals": 2,
         "approverRole": "approver"},
    ], "velocityLimits": [{"assetId": "BTC", "vaultId": null, "amount": "1.0", "windowHours": 24}]}));
    let doc = render_document(&p, &assets());
    assert_eq!(doc["rules"][0]["minAmount"], "1.5");
    assert_eq!(doc["velocityLimits"][0]["amount"], "1");
    let again = policy(doc);
    assert_eq!(again.rules, p.rules);
    assert_eq!(again.velocity_limits, p.velocity_limits);
}
