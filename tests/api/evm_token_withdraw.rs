//! Live ERC-20 withdrawals against anvil: the token's deposit address gets
//! its gas from the tenant's gas station first (a `gas_topup` signer
//! request), then sends the token; a transfer that reverts on chain fails
//! the withdrawal with the customer's funds released and the gas on the
//! tenant. The books match the chain to the wei in both coins.

use crate::erc20_asm;
use crate::evm::{assert_verifies, Anvil};
use crate::evm_withdraw::{address, Live};
use crate::ledger::{address_entry, balance, wait_for, wait_status};
use serde_json::{json, Value};

const ETH: u128 = 1_000_000_000_000_000_000;
/// 1 TOK in atomic units (6 decimals).
const TOK: u128 = 1_000_000;
const STATION_INDEX: u32 = 20;

fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{digits}")
}

fn quantity(v: &Value) -> u128 {
    u128::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// A call from anvil's first (funded) account, mined at once.
fn send_call(anvil: &Anvil, to: Option<&str>, data: &[u8]) -> Value {
    let from = anvil.rpc("eth_accounts", json!([]))[0].clone();
    let mut tx = json!({ "from": from, "data": hex(data) });
    if let Some(to) = to {
        tx["to"] = json!(to);
    }
    let hash = anvil.rpc("eth_sendTransaction", json!([tx]));
    receipt(anvil, hash.as_str().unwrap())
}

/// A transaction's receipt, once anvil (which mines in the background) has it.
fn receipt(anvil: &Anvil, hash: &str) -> Value {
    wait_for("a receipt", || {
        let r = anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(r)
    })
}

fn token_balance(anvil: &Anvil, contract: &str, who: &str) -> u128 {
    let data = hex(&erc20_asm::balance_of(who));
    quantity(&anvil.rpc(
        "eth_call",
        json!([{ "to": contract, "data": data }, "latest"]),
    ))
}

/// anvil with the token deployed (all its supply with anvil's first
/// account), a coffer following it as asset TOK, a gas station (index 20)
/// holding 1 ETH, and a TOK wallet (pool index 11) holding 100 TOK.
fn token_setup() -> (Live, String, String, String) {
    let anvil = Anvil::start();
    let deployed = send_call(&anvil, None, &erc20_asm::init_code(1_000_000 * TOK));
    assert_eq!(deployed["status"], "0x1", "{deployed}");
    let contract = crate::evm::eip55_of(deployed["contractAddress"].as_str().unwrap());
    let assets = format!(
        "[[assets]]\nid = \"ETH\"\nnetwork = \"ethereum\"\ndecimals = 18\nwithdrawal_fee = \"0.001\"\n\n\
         [[assets]]\nid = \"TOK\"\nnetwork = \"ethereum\"\ndecimals = 6\nwithdrawal_fee = \"1\"\n\
         contract = \"{contract}\"\n"
    );
    let live = Live::on(anvil, &[11], &assets);
    let station = address(STATION_INDEX);
    let index = STATION_INDEX.to_string();
    let args = [
        "addresses",
        "gas-station",
        "--network",
        "ethereum",
        "--address",
        &station,
        "--index",
        &index,
    ];
    let out = live.server.cli(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    live.anvil.send(&station, ETH);
    wait_for("the gas station's funding to be booked", || {
        (live.account(":live:ETH:gas") == ETH as i128).then_some(())
    });
    let (wallet, source) = live.wallet("TOK");
    let funded = send_call(
        &live.anvil,
        Some(&contract),
        &erc20_asm::transfer(&source, 100 * TOK),
    );
    assert_eq!(funded["status"], "0x1");
    live.wait_credited(&wallet);
    assert_eq!(balance(&live.admin, &wallet)["total"], "100");
    (live, contract, wallet, source)
}

/// Withdraws 40 TOK; signs the gas top-up it needs; returns (withdrawal
/// id, destination, the withdrawal's signer request).
fn withdraw_after_top_up(
    live: &Live,
    wallet: &str,
    source: &str,
    contract: &str,
) -> (String, String, Value) {
    let destination = crate::evm::pool_addresses("token-destination", 1).remove(0);
    address_entry(&live.admin, "TOK", &destination);
    let w = live
        .admin
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "40" }),
            "token-withdrawal",
        )
        .expect(201);
    assert_eq!(w.body["fee"], "1");
    let id = w.body["id"].as_str().unwrap().to_string();

    let topup = live.wait_requests(1).remove(0);
    assert_eq!(topup["purpose"], "gas_topup");
    assert_eq!(topup["transactionId"], Value::Null);
    assert_eq!(topup["from"], address(STATION_INDEX).as_str());
    assert_eq!(topup["derivationPath"], "m/44'/60'/0'/0/20");
    assert_eq!(topup["transaction"]["to"], source);
    assert_eq!(topup["destinationAddress"], source);
    assert_eq!(topup["assetId"], "ETH");
    assert_eq!(
        crate::ledger::transaction(&live.admin, &id)["status"],
        "Submitted"
    );
    let said = live.sign_all();
    assert!(said.contains("gas_topup of"), "{said}");

    let request = wait_for("the token withdrawal's request", || {
        let list = live.signer.get("/v1/signer/requests").expect(200);
        list.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["purpose"] == "withdrawal")
            .cloned()
    });
    assert_eq!(request["transactionId"], id.as_str());
    assert_eq!(request["from"], source);
    assert_eq!(request["transaction"]["to"], contract);
    assert_eq!(request["transaction"]["value"], "0x0");
    assert_eq!(
        request["transaction"]["data"],
        hex(&erc20_asm::transfer(&destination, 40 * TOK)).as_str()
    );
    assert_eq!(
        (request["assetId"].as_str(), request["amount"].as_str()),
        (Some("TOK"), Some("40"))
    );
    assert_eq!(request["contract"], contract);
    (id, destination, request)
}

/// The gas the chain charged for every request of this coffer.
fn all_gas(live: &Live) -> u128 {
    let hashes: Vec<String> = {
        let db = live.server.db();
        let mut stmt = db
            .prepare("SELECT tx_hash FROM signer_requests WHERE status IN ('Mined', 'Reverted')")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(hashes.len(), 2, "the top-up and the withdrawal");
    hashes.iter().map(|h| live.gas_cost(h)).sum()
}

fn assert_eth_books_match_chain(live: &Live, source: &str) {
    wait_for("every request to be final", || {
        (live.account(":live:ETH:gas_held") == 0).then_some(())
    });
    let gas = all_gas(live);
    assert_eq!(live.account(":live:ETH:gas"), (ETH - gas) as i128);
    let chain = live.eth_balance(&address(STATION_INDEX)) + live.eth_balance(source);
    assert_eq!(live.books("ETH"), chain as i128);
    let unattributed: i64 = live
        .server
        .db()
        .query_row("SELECT count(*) FROM unattributed_transfers", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(unattributed, 0, "a top-up is not a deposit");
}

#[test]
fn live_token_withdrawal_tops_up_gas_from_the_station_then_transfers() {
    let (live, contract, wallet, source) = token_setup();
    let (id, destination, _) = withdraw_after_top_up(&live, &wallet, &source, &contract);
    let said = live.sign_all();
    assert!(said.contains("withdrawal of 40 TOK"), "{said}");
    wait_status(&live.admin, &id, "Confirming");
    live.anvil.mine(12);
    let done = wait_status(&live.admin, &id, "Completed");
    assert!(done["txHash"].as_str().unwrap().starts_with("0x"));

    assert_eq!(
        token_balance(&live.anvil, &contract, &destination),
        40 * TOK
    );
    assert_eq!(token_balance(&live.anvil, &contract, &source), 60 * TOK);
    let b = balance(&live.admin, &wallet);
    assert_eq!(
        (b["total"].as_str(), b["locked"].as_str()),
        (Some("59"), Some("0"))
    );
    assert_eq!(live.account(":live:TOK:fees"), TOK as i128);
    assert_eq!(live.books("TOK"), (60 * TOK) as i128);
    assert_eth_books_match_chain(&live, &source);
    // The top-up stays visible once it is done.
    let mined = live
        .signer
        .get("/v1/signer/requests?status=Mined")
        .expect(200);
    let purposes: Vec<&str> = mined.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes.len(), 2);
    assert!(purposes.contains(&"gas_topup") && purposes.contains(&"withdrawal"));
    live.signer
        .get("/v1/signer/requests?status=Sent")
        .expect(400);
    assert_verifies(&live.server);
}

#[test]
fn reverted_token_transfer_fails_cleanly_with_gas_charged_to_the_tenant() {
    let (live, contract, wallet, source) = token_setup();
    let (id, _, _) = withdraw_after_top_up(&live, &wallet, &source, &contract);
    // Estimated while the token worked; paused before it is mined.
    let paused = send_call(&live.anvil, Some(&contract), &erc20_asm::set_paused(true));
    assert_eq!(paused["status"], "0x1");
    live.sign_all();
    let confirming = wait_status(&live.admin, &id, "Confirming");
    let hash = confirming["txHash"].as_str().unwrap().to_string();
    assert_eq!(
        receipt(&live.anvil, &hash)["status"],
        "0x0",
        "the transfer reverted"
    );
    live.anvil.mine(12);
    let failed = wait_status(&live.admin, &id, "Failed");
    assert!(
        failed["failureReason"]
            .as_str()
            .unwrap()
            .contains("reverted"),
        "{failed}"
    );
    let b = balance(&live.admin, &wallet);
    assert_eq!(
        (
            b["total"].as_str(),
            b["available"].as_str(),
            b["locked"].as_str()
        ),
        (Some("100"), Some("100"), Some("0"))
    );
    assert_eq!(token_balance(&live.anvil, &contract, &source), 100 * TOK);
    assert_eq!(live.account(":live:TOK:fees"), 0);
    assert_eq!(live.books("TOK"), (100 * TOK) as i128);
    assert_eth_books_match_chain(&live, &source);
    assert_verifies(&live.server);
}

#[test]
fn a_token_that_answers_success_without_moving_anything_fails_the_withdrawal() {
    let (live, contract, wallet, source) = token_setup();
    let (id, destination, _) = withdraw_after_top_up(&live, &wallet, &source, &contract);
    let silent = send_call(&live.anvil, Some(&contract), &erc20_asm::set_silent(true));
    assert_eq!(silent["status"], "0x1");
    live.sign_all();
    let hash = wait_status(&live.admin, &id, "Confirming")["txHash"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        receipt(&live.anvil, &hash)["status"],
        "0x1",
        "the call succeeded"
    );
    live.anvil.mine(12);
    let failed = wait_status(&live.admin, &id, "Failed");
    assert!(
        failed["failureReason"]
            .as_str()
            .unwrap()
            .contains("logged no transfer"),
        "{failed}"
    );
    assert_eq!(token_balance(&live.anvil, &contract, &destination), 0);
    let b = balance(&live.admin, &wallet);
    assert_eq!(
        (b["total"].as_str(), b["locked"].as_str()),
        (Some("100"), Some("0"))
    );
    assert_eq!(live.books("TOK"), (100 * TOK) as i128);
    assert_eth_books_match_chain(&live, &source);
    assert_verifies(&live.server);
}
