//! A live withdrawal signed by an independent, standard signer: Python's
//! `eth-account` derives the key from the anvil mnemonic and signs the
//! request's fields itself; Coffer accepts its raw transaction and settles
//! it like the reference signer's.

use crate::evm::assert_verifies;
use crate::evm_withdraw::{address, Live};
use crate::ledger::{address_entry, wait_status};
use crate::support::test_python;
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};

const ETH: u128 = 1_000_000_000_000_000_000;

/// Reads a signer request on stdin; prints the signed raw transaction, the
/// hash eth-account computed and the address it derived, one a line.
const SIGN: &str = r#"
import json, sys
from eth_account import Account
Account.enable_unaudited_hdwallet_features()
r = json.load(sys.stdin)
t = r["transaction"]
acct = Account.from_mnemonic(
    "test test test test test test test test test test test junk",
    account_path="m/44'/60'/0'/0/10",
)
tx = {
    "type": 2,
    "chainId": r["chainId"],
    "nonce": int(t["nonce"], 16),
    "maxFeePerGas": int(t["maxFeePerGas"], 16),
    "maxPriorityFeePerGas": int(t["maxPriorityFeePerGas"], 16),
    "gas": int(t["gas"], 16),
    "to": t["to"],
    "value": int(t["value"], 16),
    "data": t["data"],
    "accessList": [],
}
signed = acct.sign_transaction(tx)
hexed = lambda b: b.hex() if b.hex().startswith("0x") else "0x" + b.hex()
print(hexed(signed.raw_transaction))
print(hexed(signed.hash))
print(acct.address)
"#;

#[test]
fn withdrawal_signed_by_eth_account_is_accepted_and_settled() {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let destination = crate::evm::pool_addresses("eth-account", 1).remove(0);
    address_entry(&live.admin, "ETH", &destination);
    let w = live
        .admin
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "0.25" }),
            "eth-account",
        )
        .expect(201);
    let id = w.body["id"].as_str().unwrap().to_string();
    let request = live.wait_requests(1).remove(0);

    let mut python = Command::new(test_python())
        .args(["-c", SIGN])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    python
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = python.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let (raw, hash, signer) = (lines[0], lines[1], lines[2]);
    assert_eq!(signer, address(10), "eth-account derives the same address");
    assert_eq!(signer, source);

    let path = format!(
        "/v1/signer/requests/{}/signature",
        request["id"].as_str().unwrap()
    );
    let accepted = live
        .signer
        .post(&path, &json!({ "signedPayload": raw }))
        .expect(200);
    assert_eq!(accepted.body["status"], "Signed");
    assert_eq!(accepted.body["txHash"], hash, "the same transaction hash");
    let confirming = wait_status(&live.admin, &id, "Confirming");
    assert_eq!(confirming["txHash"], hash);
    crate::ledger::wait_for("the receipt", || {
        let r = live.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(())
    });
    live.anvil.mine(12);
    wait_status(&live.admin, &id, "Completed");
    assert_eq!(live.eth_balance(&destination), ETH / 4);
    assert_eq!(
        live.account(":live:ETH:gas"),
        -(live.gas_cost(hash) as i128)
    );
    assert_eq!(live.books("ETH"), live.eth_balance(&source) as i128);
    assert_verifies(&live.server);
}
