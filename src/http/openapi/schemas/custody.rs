//! The native API's money objects: assets, vaults, wallets, transactions,
//! the address book, the sandbox and the signer's requests.

use crate::domain::address_book::EntryStatus;
use crate::domain::signer_request::Purpose;
use crate::domain::transaction::{Kind, Status};
use crate::domain::vault::VaultStatus;
use crate::domain::wallet::WalletStatus;
use crate::http::openapi::describe::{
    amount, int, metadata, names, nullable, obj, one_of, r, rendered, string, time, uuid,
};
use serde_json::{json, Value};

pub(super) fn schemas() -> Vec<(&'static str, Value)> {
    vec![
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
                ("metadata", metadata()),
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
                    ("metadata", nullable(metadata())),
                ],
                &["name"],
            ),
        ),
        (
            "VaultPatch",
            obj(
                &[
                    ("name", string()),
                    ("metadata", metadata()),
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
    ]
}
