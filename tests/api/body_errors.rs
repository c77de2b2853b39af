//! A body missing a required field next to an unknown one: the answer names
//! both (docs/api.md, "Conventions"), so one round trip fixes both.

use crate::support::Server;
use serde_json::json;

#[test]
fn a_missing_field_is_named_with_the_misspelt_one_sent_instead() {
    let server = Server::start();
    let c = server.client();
    let r = c.post("/v1/vaults", &json!({"nmae": "Alice"})).expect(400);
    assert_eq!(r.code(), "invalid_field");
    let said = r.body["errors"]["name"][0].as_str().unwrap();
    assert!(
        said.contains("name: is required") && said.contains("'nmae' is not a known field"),
        "{}",
        r.text
    );
    assert!(
        r.body["message"].as_str().unwrap().contains("nmae"),
        "{}",
        r.text
    );

    let transfer = json!({"source_wallet_id": "x", "destinationWalletId": "y", "amount": "1"});
    let r = c
        .post_idem("/v1/transactions/transfer", &transfer, "snake")
        .expect(400);
    let said = r.body["errors"]["sourceWalletId"][0].as_str().unwrap();
    assert!(
        said.contains("'source_wallet_id' is not a known field"),
        "{}",
        r.text
    );

    // An unknown field that is no misspelling is named beside the missing one.
    let r = c.post("/v1/vaults", &json!({"title": "Alice"})).expect(400);
    assert_eq!(
        r.body["errors"]["name"][0], "name: is required ('title' is not a known field)",
        "{}",
        r.text
    );
    let r = c
        .post("/v1/vaults", &json!({"name": "Alice", "title": "x"}))
        .expect(400);
    assert!(r.body["errors"]["title"].is_array(), "{}", r.text);

    // The admin API's bodies go through the same parser.
    let r = server
        .super_admin()
        .post("/api/subwallet/create", &json!({"walet_name": "fund-a"}))
        .expect(400);
    let said = r.body["error"].as_str().unwrap();
    assert!(
        said.contains("wallet_name") && said.contains("walet_name"),
        "{said}"
    );
}
