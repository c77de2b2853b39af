//! The native API's JSON for each domain object. Webhook events carry the same
//! rendering (docs/api.md, "Webhooks": `data` is the whole object as the API renders it), so it
//! lives here, beside both the HTTP layer and the services that write events.

use crate::domain::activity::{Activity, Approval};
use crate::domain::address_book::AddressBookEntry;
use crate::domain::asset::Asset;
use crate::domain::delivery::{Attempt, Delivery};
use crate::domain::money::format_amount;
use crate::domain::transaction::Transaction;
use crate::domain::user::User;
use crate::domain::vault::Vault;
use crate::domain::wallet::DepositAddress;
use crate::domain::wallet::Wallet;
use serde_json::{json, Value};

pub fn vault(v: &Vault) -> Value {
    json!({
        "id": v.id,
        "externalId": v.external_id,
        "name": v.name,
        "metadata": v.metadata,
        "status": v.status.as_str(),
        "createdAt": v.created_at.to_rfc3339(),
        "updatedAt": v.updated_at.to_rfc3339(),
    })
}

pub fn asset(a: &Asset) -> Value {
    json!({
        "id": a.id,
        "symbol": a.symbol,
        "name": a.name,
        "network": a.network,
        "decimals": a.decimals,
        "requiredConfirmations": a.required_confirmations,
        "withdrawalFee": format_amount(a.withdrawal_fee, a.decimals),
        "status": a.status(),
    })
}

pub fn wallet(w: &Wallet, a: &Asset) -> Value {
    let d = a.decimals;
    json!({
        "id": w.id,
        "vaultId": w.vault_id,
        "assetId": w.asset_id,
        "assetName": a.name,
        "assetSymbol": a.symbol,
        "network": a.network,
        "label": w.label,
        "depositAddress": w.deposit_address,
        "depositTag": Value::Null,
        "status": w.status.as_str(),
        "activityId": w.activity_id,
        "balance": {
            "total": format_amount(w.balance.total(), d),
            "available": format_amount(w.balance.available, d),
            "pending": format_amount(w.balance.pending, d),
            "locked": format_amount(w.balance.locked, d),
        },
        "createdAt": w.created_at.to_rfc3339(),
        "updatedAt": w.updated_at.to_rfc3339(),
    })
}

pub fn deposit_address(a: &DepositAddress) -> Value {
    json!({
        "id": a.id,
        "walletId": a.wallet_id,
        "network": a.network,
        "address": a.address,
        "tag": Value::Null,
        "createdAt": a.created_at.to_rfc3339(),
    })
}

pub fn transaction(t: &Transaction, a: &Asset) -> Value {
    json!({
        "id": t.id,
        "kind": t.kind().as_str(),
        "status": t.status.as_str(),
        "assetId": t.asset_id,
        "amount": format_amount(t.amount, a.decimals),
        "fee": format_amount(t.fee, a.decimals),
        "vaultId": t.vault_id(),
        "sourceWalletId": t.details.source_wallet_id(),
        "destinationWalletId": t.details.destination_wallet_id(),
        "sourceAddress": t.details.source_address(),
        "destinationAddress": t.details.destination_address(),
        "destinationTag": t.details.destination_tag(),
        "txHash": t.tx_hash(),
        "confirmations": t.confirmations,
        "requiredConfirmations": t.required_confirmations,
        "note": t.note,
        "failureReason": t.failure_reason,
        "activityId": t.activity_id,
        "createdAt": t.created_at.to_rfc3339(),
        "updatedAt": t.updated_at.to_rfc3339(),
    })
}

pub fn address_book_entry(e: &AddressBookEntry) -> Value {
    json!({
        "id": e.id,
        "assetId": e.asset_id,
        "network": e.network,
        "address": e.address,
        "tag": e.tag,
        "label": e.label,
        "status": e.status.as_str(),
        "activityId": e.activity_id,
        "createdAt": e.created_at.to_rfc3339(),
    })
}

/// A webhook delivery; with its attempts when fetched alone.
pub fn delivery(d: &Delivery, attempts: Option<&[Attempt]>) -> Value {
    let mut v = json!({
        "id": d.id,
        "eventId": d.event_id,
        "eventType": d.event_type,
        "url": d.url,
        "status": d.status.as_str(),
        "attemptCount": d.attempt_count,
        "nextAttemptAt": d.next_attempt_at.map(|t| t.to_rfc3339()),
        "lastStatusCode": d.last_status_code,
        "lastError": d.last_error,
        "createdAt": d.created_at.to_rfc3339(),
        "updatedAt": d.updated_at.to_rfc3339(),
        "deliveredAt": d.delivered_at.map(|t| t.to_rfc3339()),
    });
    if let Some(attempts) = attempts {
        v["attempts"] = attempts
            .iter()
            .map(|a| {
                json!({
                    "attemptedAt": a.attempted_at.to_rfc3339(),
                    "statusCode": a.status_code,
                    "error": a.error,
                    "durationMs": a.duration_ms,
                })
            })
            .collect();
    }
    v
}

/// A user; the password hash never leaves the server.
pub fn user(u: &User) -> Value {
    json!({
        "id": u.id,
        "name": u.name,
        "email": u.email,
        "role": u.role.as_str(),
        "status": u.status.as_str(),
        "activityId": u.activity_id,
        "createdAt": u.created_at.to_rfc3339(),
        "updatedAt": u.updated_at.to_rfc3339(),
    })
}

/// An activity (docs/api.md, "Consensus") with the decisions made on it.
pub fn activity(a: &Activity, approvals: &[Approval]) -> Value {
    json!({
        "id": a.id,
        "action": a.action.as_str(),
        "status": a.status.as_str(),
        "initiator": {"type": a.initiator.kind, "id": a.initiator.id, "name": a.initiator.name},
        "requiredApprovals": a.required_approvals,
        "approverRole": a.approver_role.map(|r| r.as_str()),
        "policyVersion": a.policy_version,
        "approvals": approvals
            .iter()
            .map(|ap| json!({"userId": ap.user_id, "decision": ap.decision, "comment": ap.comment, "createdAt": ap.created_at.to_rfc3339()}))
            .collect::<Vec<_>>(),
        "objectType": a.object_type,
        "objectId": a.object_id,
        "createdAt": a.created_at.to_rfc3339(),
        "expiresAt": a.expires_at.map(|t| t.to_rfc3339()),
    })
}
