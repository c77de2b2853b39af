//! The Coinbase-compatible API's objects (docs/api.md, "Coinbase-compatible
//! API"), in its snake_case shapes.

use crate::http::openapi::describe::{
    amount, array, atomic, int, nullable, obj, one_of, rendered, roles, string, time, uuid,
};
use serde_json::Value;

pub(super) fn schemas() -> Vec<(&'static str, Value)> {
    vec![
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
    ]
}
