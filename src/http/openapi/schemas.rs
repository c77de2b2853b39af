//! JSON Schemas of the objects the APIs exchange, for the OpenAPI document.

use super::describe::{
    amount, array, boolean, int, names, nullable, obj, one_of, r, string, time, uuid,
};
use crate::domain::activity::{Action, ActivityStatus, Vote};
use crate::domain::address_book::EntryStatus;
use crate::domain::scope::{Role, Scope};
use crate::domain::signer_request::Purpose;
use crate::domain::tenancy::Environment;
use crate::domain::transaction::{Kind, Status};
use crate::domain::user::{UserRole, UserStatus};
use crate::domain::vault::VaultStatus;
use crate::domain::wallet::WalletStatus;
use serde_json::{json, Value};

/// One of the webhook event types (docs/api.md, "Webhooks").
pub fn event_type() -> Value {
    one_of(&crate::domain::webhook::EVENT_TYPES)
}

/// Every property required: the shape of an object the server renders.
fn rendered(props: &[(&str, Value)]) -> Value {
    let names: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    obj(props, &names)
}

/// An amount in atomic units as a JSON integer with exact digits (Coinbase API).
pub fn atomic() -> Value {
    json!({"type": "integer"})
}

/// The roles a person can have.
fn roles() -> Value {
    names(&UserRole::ALL, UserRole::as_str)
}

/// The roles a quorum may require: approvers, or admins only.
fn approver_role() -> Value {
    names(&[UserRole::Approver, UserRole::Admin], UserRole::as_str)
}

fn environment() -> Value {
    names(&Environment::ALL, Environment::as_str)
}

pub fn components() -> Value {
    let metadata = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let schemas: Vec<(&str, Value)> = vec![
        (
            "NativeError",
            rendered(&[
                ("statusCode", int()),
                ("message", string()),
                ("code", string()),
                ("requestId", string()),
                (
                    "errors",
                    json!({"type": "object", "additionalProperties": array(string())}),
                ),
            ]),
        ),
        (
            "CoinbaseError",
            obj(&[("message", string()), ("code", string())], &["message"]),
        ),
        ("AdminError", obj(&[("error", string())], &["error"])),
        (
            "Health",
            rendered(&[
                (
                    "status",
                    one_of(&["ok", "degraded", "unavailable", "shutting_down"]),
                ),
                ("database", string()),
                ("writer", string()),
                ("networks", array(r("NetworkHealth"))),
            ]),
        ),
        (
            "NetworkHealth",
            rendered(&[
                ("name", string()),
                ("node", one_of(&["ok", "unreachable", "starting"])),
                ("nodeHeight", nullable(int())),
                ("scannedHeight", nullable(int())),
                ("lagBlocks", nullable(int())),
            ]),
        ),
        (
            "Asset",
            rendered(&[
                ("id", string()),
                ("symbol", string()),
                ("name", string()),
                ("network", string()),
                ("decimals", int()),
                ("requiredConfirmations", int()),
                ("withdrawalFee", amount()),
                ("status", one_of(&["Active", "Disabled"])),
            ]),
        ),
        (
            "Vault",
            rendered(&[
                ("id", uuid()),
                ("externalId", nullable(string())),
                ("name", string()),
                ("metadata", metadata.clone()),
                ("status", names(&VaultStatus::ALL, VaultStatus::as_str)),
                ("createdAt", time()),
                ("updatedAt", time()),
            ]),
        ),
        (
            "VaultCreate",
            obj(
                &[
                    ("name", string()),
                    ("externalId", nullable(string())),
                    ("metadata", nullable(metadata.clone())),
                ],
                &["name"],
            ),
        ),
        (
            "VaultPatch",
            obj(
                &[
                    ("name", string()),
                    ("metadata", metadata),
                    ("status", names(&VaultStatus::ALL, VaultStatus::as_str)),
                ],
                &[],
            ),
        ),
        (
            "Balance",
            rendered(&[
                ("total", amount()),
                ("available", amount()),
                ("pending", amount()),
                ("locked", amount()),
            ]),
        ),
        (
            "Wallet",
            rendered(&[
                ("id", uuid()),
                ("vaultId", uuid()),
                ("assetId", string()),
                ("assetName", string()),
                ("assetSymbol", string()),
                ("network", string()),
                ("label", nullable(string())),
                ("depositAddress", nullable(string())),
                ("depositTag", nullable(string())),
                ("status", names(&WalletStatus::ALL, WalletStatus::as_str)),
                ("activityId", nullable(uuid())),
                ("balance", r("Balance")),
                ("createdAt", time()),
                ("updatedAt", time()),
            ]),
        ),
        (
            "WalletCreate",
            obj(
                &[("assetId", string()), ("label", nullable(string()))],
                &["assetId"],
            ),
        ),
        (
            "DepositAddress",
            rendered(&[
                ("id", uuid()),
                ("walletId", uuid()),
                ("network", string()),
                ("address", string()),
                ("tag", nullable(string())),
                ("createdAt", time()),
            ]),
        ),
        (
            "Transaction",
            rendered(&[
                ("id", uuid()),
                ("kind", names(&Kind::ALL, Kind::as_str)),
                ("status", names(&Status::ALL, Status::as_str)),
                ("assetId", string()),
                ("amount", amount()),
                ("fee", amount()),
                ("vaultId", nullable(uuid())),
                ("sourceWalletId", nullable(uuid())),
                ("destinationWalletId", nullable(uuid())),
                ("sourceAddress", nullable(string())),
                ("destinationAddress", nullable(string())),
                ("destinationTag", nullable(string())),
                ("txHash", nullable(string())),
                ("confirmations", int()),
                ("requiredConfirmations", int()),
                ("note", nullable(string())),
                ("failureReason", nullable(string())),
                ("activityId", nullable(uuid())),
                ("createdAt", time()),
                ("updatedAt", time()),
            ]),
        ),
        (
            "TransferCreate",
            obj(
                &[
                    ("sourceWalletId", uuid()),
                    ("destinationWalletId", uuid()),
                    ("amount", amount()),
                    ("note", nullable(string())),
                ],
                &["sourceWalletId", "destinationWalletId", "amount"],
            ),
        ),
        (
            "WithdrawalCreate",
            obj(
                &[
                    ("sourceWalletId", uuid()),
                    ("destinationAddress", nullable(string())),
                    ("addressBookEntryId", nullable(uuid())),
                    ("destinationTag", nullable(string())),
                    ("amount", amount()),
                    ("note", nullable(string())),
                ],
                &["sourceWalletId", "amount"],
            ),
        ),
        (
            "AddressBookEntry",
            rendered(&[
                ("id", uuid()),
                ("assetId", string()),
                ("network", string()),
                ("address", string()),
                ("tag", nullable(string())),
                ("label", string()),
                // Removed entries are never shown.
                (
                    "status",
                    names(
                        &[EntryStatus::Active, EntryStatus::PendingApproval],
                        EntryStatus::as_str,
                    ),
                ),
                ("activityId", nullable(uuid())),
                ("createdAt", time()),
            ]),
        ),
        (
            "AddressBookCreate",
            obj(
                &[
                    ("assetId", string()),
                    ("address", string()),
                    ("tag", nullable(string())),
                    ("label", string()),
                ],
                &["assetId", "address", "label"],
            ),
        ),
        (
            "SandboxDeposit",
            obj(
                &[
                    ("walletId", uuid()),
                    ("address", string()),
                    ("amount", amount()),
                    ("confirmations", int()),
                ],
                &["amount"],
            ),
        ),
        (
            "SignerRequest",
            // Test keys see sandbox withdrawals (`transaction` is the custody
            // transaction); live keys EVM signer requests (docs/evm.md:
            // `transaction` holds the EIP-1559 fields, plus the words the
            // signer checks them against).
            obj(
                &[
                    ("id", uuid()),
                    ("purpose", names(&Purpose::ALL, Purpose::as_str)),
                    ("transactionId", nullable(uuid())),
                    ("replaces", nullable(uuid())),
                    ("assetId", string()),
                    ("network", string()),
                    ("chainId", int()),
                    ("from", string()),
                    ("derivationPath", nullable(string())),
                    ("unsignedPayload", string()),
                    (
                        "transaction",
                        json!({"anyOf": [r("Transaction"), r("EvmTransactionFields")]}),
                    ),
                    ("contract", nullable(string())),
                    ("decimals", int()),
                    ("amount", amount()),
                    ("destinationAddress", string()),
                    ("status", string()),
                    ("txHash", nullable(string())),
                    ("createdAt", time()),
                ],
                &[
                    "id",
                    "purpose",
                    "transactionId",
                    "assetId",
                    "network",
                    "unsignedPayload",
                    "transaction",
                    "createdAt",
                ],
            ),
        ),
        (
            "EvmTransactionFields",
            rendered(&[
                ("to", string()),
                ("value", string()),
                ("data", string()),
                ("nonce", string()),
                ("gas", string()),
                ("maxFeePerGas", string()),
                ("maxPriorityFeePerGas", string()),
            ]),
        ),
        (
            "WebhookEndpoint",
            obj(
                &[
                    ("url", nullable(string())),
                    ("signingSecret", nullable(string())),
                    ("subscribedEventTypes", nullable(array(event_type()))),
                    ("isConfigured", boolean()),
                    ("createdAt", time()),
                    ("updatedAt", time()),
                ],
                &[
                    "url",
                    "signingSecret",
                    "subscribedEventTypes",
                    "isConfigured",
                ],
            ),
        ),
        (
            "AuditRecord",
            rendered(&[
                ("id", uuid()),
                ("sequence", int()),
                ("action", string()),
                (
                    "actor",
                    rendered(&[
                        ("type", one_of(&["ApiKey", "AdminToken", "User", "Cli"])),
                        ("id", string()),
                    ]),
                ),
                ("environment", nullable(environment())),
                ("ip", nullable(string())),
                ("objectType", nullable(string())),
                ("objectId", nullable(string())),
                ("requestId", nullable(string())),
                ("createdAt", time()),
                ("prevHash", string()),
                ("hash", string()),
            ]),
        ),
        (
            "Activity",
            rendered(&[
                ("id", uuid()),
                ("action", names(&Action::ALL, Action::as_str)),
                (
                    "status",
                    names(&ActivityStatus::ALL, ActivityStatus::as_str),
                ),
                (
                    "initiator",
                    rendered(&[
                        ("type", one_of(&["ApiKey", "User"])),
                        ("id", string()),
                        ("name", string()),
                    ]),
                ),
                ("requiredApprovals", int()),
                ("approverRole", nullable(approver_role())),
                ("policyVersion", nullable(int())),
                (
                    "approvals",
                    array(rendered(&[
                        ("userId", uuid()),
                        (
                            "decision",
                            names(&[Vote::Approve, Vote::Reject], Vote::decision),
                        ),
                        ("comment", nullable(string())),
                        ("createdAt", time()),
                    ])),
                ),
                ("objectType", string()),
                ("objectId", string()),
                ("createdAt", time()),
                ("expiresAt", nullable(time())),
            ]),
        ),
        (
            "User",
            rendered(&[
                ("id", uuid()),
                ("name", string()),
                ("email", string()),
                ("role", roles()),
                ("status", names(&UserStatus::ALL, UserStatus::as_str)),
                ("activityId", nullable(uuid())),
                ("createdAt", time()),
                ("updatedAt", time()),
            ]),
        ),
        (
            "ActivityDecision",
            obj(&[("comment", nullable(string()))], &[]),
        ),
        (
            "PolicyRule",
            obj(
                &[
                    ("name", string()),
                    (
                        "action",
                        // Changes to who can approve have no rules of their own.
                        names(
                            &Action::ALL
                                .into_iter()
                                .filter(|a| !a.is_governance())
                                .collect::<Vec<_>>(),
                            Action::as_str,
                        ),
                    ),
                    ("assetId", nullable(string())),
                    ("vaultId", nullable(uuid())),
                    ("minAmount", nullable(amount())),
                    ("maxAmount", nullable(amount())),
                    ("decision", one_of(&["Allow", "RequireApprovals", "Block"])),
                    ("approvals", nullable(int())),
                    ("approverRole", nullable(approver_role())),
                ],
                &["name", "action", "decision"],
            ),
        ),
        (
            "VelocityLimit",
            obj(
                &[
                    ("assetId", string()),
                    ("vaultId", nullable(uuid())),
                    ("amount", amount()),
                    ("windowHours", int()),
                ],
                &["assetId", "amount"],
            ),
        ),
        (
            "PolicyDocument",
            obj(
                &[
                    ("rules", array(r("PolicyRule"))),
                    ("velocityLimits", array(r("VelocityLimit"))),
                ],
                &[],
            ),
        ),
        (
            "Policy",
            rendered(&[
                ("version", int()),
                ("rules", array(r("PolicyRule"))),
                ("velocityLimits", array(r("VelocityLimit"))),
                ("updatedAt", nullable(time())),
                ("activityId", nullable(uuid())),
            ]),
        ),
        (
            "UserCreate",
            obj(
                &[
                    ("name", string()),
                    ("email", string()),
                    ("role", roles()),
                    ("password", nullable(string())),
                ],
                &["name", "email", "role"],
            ),
        ),
        (
            "UserPatch",
            obj(
                &[
                    ("name", string()),
                    ("role", roles()),
                    (
                        "status",
                        names(
                            &[UserStatus::Active, UserStatus::Disabled],
                            UserStatus::as_str,
                        ),
                    ),
                ],
                &[],
            ),
        ),
        (
            "CbCurrency",
            rendered(&[
                ("name", string()),
                ("decimals", int()),
                ("symbol", string()),
            ]),
        ),
        (
            "CbAddress",
            rendered(&[
                ("address", string()),
                ("state", string()),
                ("balance", atomic()),
                ("blockchain_link", string()),
                ("created_at", time()),
                ("updated_at", time()),
                ("currency", string()),
                ("balance_whole_units", amount()),
            ]),
        ),
        (
            "CbWallet",
            rendered(&[
                ("id", uuid()),
                ("name", string()),
                ("created_at", time()),
                ("updated_at", time()),
                ("balance", string()),
                ("balance_whole_units", amount()),
                ("withdrawable_balance", string()),
                ("withdrawable_balance_whole_units", amount()),
                ("unvested_balance", string()),
                ("unvested_balance_whole_units", amount()),
                ("cold_address", nullable(string())),
                ("currency", string()),
            ]),
        ),
        (
            "CbWalletCreate",
            obj(
                &[("currency", string()), ("name", string())],
                &["currency", "name"],
            ),
        ),
        (
            "CbWalletRequested",
            rendered(&[
                ("activity_id", uuid()),
                ("currency", string()),
                ("approval_url", string()),
                ("name", nullable(string())),
            ]),
        ),
        (
            "CbTransaction",
            rendered(&[
                ("id", uuid()),
                ("type", string()),
                ("state", string()),
                ("amount", atomic()),
                ("destination", nullable(string())),
                ("created_at", time()),
                ("updated_at", time()),
                ("wallet_id", nullable(uuid())),
                ("amount_whole_units", amount()),
                ("currency", string()),
                ("fee", atomic()),
                ("hashes", array(string())),
                ("source", nullable(string())),
            ]),
        ),
        (
            "CbTransactionCreate",
            obj(
                &[
                    ("source", string()),
                    ("whole_amount", string()),
                    ("destination", string()),
                    ("currency", string()),
                    ("account_identifier", string()),
                ],
                &["source", "whole_amount", "destination"],
            ),
        ),
        (
            "CbTransactionRequested",
            rendered(&[
                ("destination", nullable(string())),
                ("activity_id", uuid()),
                ("currency", string()),
                ("approval_url", string()),
                ("whole_amount", amount()),
                ("fee", amount()),
                ("source", nullable(string())),
            ]),
        ),
        (
            "CbUser",
            rendered(&[
                ("id", uuid()),
                ("name", string()),
                ("state", one_of(&["active", "disabled", "pending_approval"])),
                ("email", string()),
                ("created_at", time()),
                ("updated_at", time()),
                ("role", roles()),
            ]),
        ),
        (
            "CbAddressBookEntry",
            obj(
                &[
                    ("id", uuid()),
                    ("address", string()),
                    ("name", string()),
                    ("created_at", time()),
                    ("updated_at", time()),
                    ("currency", string()),
                    ("account_identifier", string()),
                ],
                &[
                    "id",
                    "address",
                    "name",
                    "created_at",
                    "updated_at",
                    "currency",
                ],
            ),
        ),
        (
            "CbAddressBookCreate",
            obj(
                &[
                    ("currency", string()),
                    ("curency", string()),
                    ("name", string()),
                    ("address", string()),
                    ("account_identifier", string()),
                ],
                &["name", "address"],
            ),
        ),
        (
            "CbAddressBookRequested",
            obj(
                &[
                    ("activity_id", uuid()),
                    ("account_identifier", string()),
                    ("currency", string()),
                    ("approval_url", string()),
                    ("name", string()),
                ],
                &["activity_id", "currency", "approval_url", "name"],
            ),
        ),
        (
            "Subwallet",
            rendered(&[
                ("wallet_id", string()),
                ("token", string()),
                ("label", nullable(string())),
            ]),
        ),
        (
            "ApiKeyCreate",
            obj(
                &[
                    ("wallet_id", nullable(string())),
                    ("name", string()),
                    ("roles", array(names(&Role::ALL, Role::as_str))),
                    ("scopes", nullable(array(names(&Scope::ALL, Scope::as_str)))),
                    ("ip_allowlist", nullable(array(string()))),
                    ("expires_at", nullable(time())),
                    ("user_id", nullable(uuid())),
                    ("environment", nullable(environment())),
                    ("read_only", nullable(boolean())),
                ],
                &["name"],
            ),
        ),
        (
            "ApiKeyCreated",
            rendered(&[
                ("api_key", string()),
                ("key_id", string()),
                ("name", string()),
                ("status", string()),
                ("expires_at", nullable(time())),
                ("api_secret", string()),
                ("passphrase", string()),
            ]),
        ),
        (
            "WebhookEndpointSet",
            obj(
                &[
                    ("url", string()),
                    ("subscribedEventTypes", nullable(array(event_type()))),
                ],
                &["url"],
            ),
        ),
        (
            "WebhookEvent",
            obj(
                &[
                    ("id", uuid()),
                    ("type", event_type()),
                    ("createdAt", time()),
                    ("environment", environment()),
                    ("data", json!({"type": "object"})),
                ],
                &["id", "type", "createdAt", "environment", "data"],
            ),
        ),
        (
            "WebhookDelivery",
            obj(
                &[
                    ("id", uuid()),
                    ("eventId", uuid()),
                    ("eventType", string()),
                    ("url", string()),
                    ("status", one_of(&["Pending", "Delivered", "Failed"])),
                    ("attemptCount", int()),
                    ("nextAttemptAt", nullable(time())),
                    ("lastStatusCode", nullable(int())),
                    ("lastError", nullable(string())),
                    ("createdAt", time()),
                    ("updatedAt", time()),
                    ("deliveredAt", nullable(time())),
                    (
                        "attempts",
                        array(rendered(&[
                            ("attemptedAt", time()),
                            ("statusCode", nullable(int())),
                            ("error", nullable(string())),
                            ("durationMs", int()),
                        ])),
                    ),
                ],
                &[
                    "id",
                    "eventId",
                    "eventType",
                    "url",
                    "status",
                    "attemptCount",
                    "createdAt",
                ],
            ),
        ),
    ];
    Value::Object(
        schemas
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
