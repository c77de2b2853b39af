//! What the reference signer checks before it signs a signer request
//! (docs/evm.md, "The reference signer"): the unsigned payload is exactly
//! the transaction the fields describe, the transaction does what the words
//! say (asset, amount, destination, purpose), and the sender is a key of
//! this signer. Pure: the request is JSON as `GET /v1/signer/requests` gave it.

use crate::chain::eth::{AccountKey, Address, Eip1559Tx, SecretKey, U256};
use crate::chain::evm_send::transfer_data;
use crate::crypto::{hex, unhex};
use crate::domain::money::parse_positive_amount;
use serde_json::Value;

/// A request checked and ready to sign (its key prints as `[redacted]`).
#[derive(Debug)]
pub struct Checked {
    pub id: String,
    pub tx: Eip1559Tx,
    pub key: SecretKey,
    /// One line, in words.
    pub words: String,
}

fn text<'a>(v: &'a Value, name: &str) -> Result<&'a str, String> {
    v.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the request has no '{name}'"))
}

fn quantity(v: &Value, name: &str) -> Result<u128, String> {
    let t = text(v, name)?;
    let digits = t
        .strip_prefix("0x")
        .ok_or_else(|| format!("{name} '{t}' is not a 0x quantity"))?;
    u128::from_str_radix(digits, 16).map_err(|e| format!("{name} '{t}': {e}"))
}

fn small(v: &Value, name: &str) -> Result<u64, String> {
    u64::try_from(quantity(v, name)?).map_err(|_| format!("{name} is too large"))
}

fn address(v: &Value, name: &str) -> Result<Address, String> {
    let t = text(v, name)?;
    t.parse()
        .map_err(|_| format!("{name} '{t}' is not an EIP-55 address"))
}

fn bytes(v: &Value, name: &str) -> Result<Vec<u8>, String> {
    let t = text(v, name)?;
    t.strip_prefix("0x")
        .and_then(unhex)
        .ok_or_else(|| format!("{name} is not 0x-hex"))
}

/// The transaction the request's fields describe.
fn transaction(r: &Value) -> Result<Eip1559Tx, String> {
    let fields = r
        .get("transaction")
        .ok_or("the request has no 'transaction'")?;
    let chain_id = r
        .get("chainId")
        .and_then(Value::as_u64)
        .ok_or("the request has no numeric 'chainId'")?;
    Ok(Eip1559Tx {
        chain_id,
        nonce: small(fields, "nonce")?,
        max_priority_fee_per_gas: quantity(fields, "maxPriorityFeePerGas")?,
        max_fee_per_gas: quantity(fields, "maxFeePerGas")?,
        gas: small(fields, "gas")?,
        to: address(fields, "to")?,
        value: U256::from(quantity(fields, "value")?),
        data: bytes(fields, "data")?,
    })
}

/// The key of `from`: at the request's derivation path, or (for imported
/// pool addresses, which have none) among the first `search` addresses.
fn key_for(r: &Value, account: &AccountKey, search: u32) -> Result<SecretKey, String> {
    let from = address(r, "from")?;
    let index = match r.get("derivationPath").and_then(Value::as_str) {
        Some(path) => Some(
            path.strip_prefix(&format!("{}/0/", crate::chain::eth::ACCOUNT_PATH))
                .and_then(|i| i.parse::<u32>().ok())
                .ok_or_else(|| format!("derivationPath '{path}' is not below this account"))?,
        ),
        None => None,
    };
    let candidates: Box<dyn Iterator<Item = u32>> = match index {
        Some(i) => Box::new(std::iter::once(i)),
        None => Box::new(0..search),
    };
    for i in candidates {
        let key = account.secret_key(i).map_err(|e| e.to_string())?;
        if key.address() == from {
            return Ok(key);
        }
    }
    Err(match index {
        Some(i) => format!("{from} is not this key's address {i}"),
        None => format!("{from} is not among this key's first {search} addresses"),
    })
}

/// Checks a request and finds its key; the reason it must not be signed
/// otherwise.
pub fn check(r: &Value, account: &AccountKey, search: u32) -> Result<Checked, String> {
    let id = text(r, "id")?.to_string();
    let tx = transaction(r)?;
    let unsigned = format!("0x{}", hex(&tx.unsigned_payload()));
    if text(r, "unsignedPayload")? != unsigned {
        return Err("unsignedPayload is not the transaction its fields describe".into());
    }
    let purpose = text(r, "purpose")?;
    let asset = text(r, "assetId")?;
    let amount = text(r, "amount")?;
    let decimals = r
        .get("decimals")
        .and_then(Value::as_u64)
        .and_then(|d| u32::try_from(d).ok())
        .ok_or("the request has no 'decimals'")?;
    let atomic = parse_positive_amount(amount, decimals)
        .map_err(|e| format!("amount '{amount}': {e}"))?
        .atomic();
    let atomic = u128::try_from(atomic).map_err(|_| "negative amount".to_string())?;
    let destination = text(r, "destinationAddress")?;
    let contract = r.get("contract").and_then(Value::as_str);
    let (to, value, data) = match (purpose, contract) {
        ("withdrawal", Some(contract)) => (contract, 0, transfer_data(destination, atomic)),
        ("withdrawal" | "gas_topup", None) => (destination, atomic, Ok(Vec::new())),
        _ => {
            return Err(format!(
                "purpose '{purpose}' of {asset} is not one this signer knows"
            ))
        }
    };
    let data = data.map_err(|_| format!("destination '{destination}' is not an address"))?;
    let to: Address = to
        .parse()
        .map_err(|_| format!("'{to}' is not an EIP-55 address"))?;
    let differs = [
        (tx.to != to, "to"),
        (tx.value != U256::from(value), "value"),
        (tx.data != data, "data"),
    ]
    .into_iter()
    .find_map(|(d, name)| d.then_some(name));
    if let Some(field) = differs {
        return Err(format!(
            "the transaction's {field} does not do what the request says ({purpose} of {amount} {asset} to {destination})"
        ));
    }
    let key = key_for(r, account, search)?;
    let fee = u128::from(tx.gas).saturating_mul(tx.max_fee_per_gas);
    let words = format!(
        "{id}: {purpose} of {amount} {asset} from {} to {destination} (nonce {}, at most {fee} wei of gas)",
        key.address(),
        tx.nonce
    );
    Ok(Checked { id, tx, key, words })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    const MNEMONIC: &str = "test test test test test test test test test test test junk";
    const DESTINATION: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const TOKEN: &str = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    fn account() -> AccountKey {
        AccountKey::from_mnemonic(MNEMONIC, "").unwrap()
    }

    /// A request as the server renders it, with its payload made to match.
    fn request(contract: Option<&str>, value: u128, data: Vec<u8>, path: Option<&str>) -> Value {
        let from = account().secret_key(3).unwrap().address().to_string();
        let to = contract.unwrap_or(DESTINATION);
        let tx = Eip1559Tx {
            chain_id: 1,
            nonce: 4,
            max_priority_fee_per_gas: 1_000_000_000,
            max_fee_per_gas: 30_000_000_000,
            gas: 60_000,
            to: to.parse().unwrap(),
            value: U256::from(value),
            data: data.clone(),
        };
        json!({
            "id": "r1", "purpose": "withdrawal", "chainId": 1, "from": from,
            "derivationPath": path,
            "transaction": {
                "to": to, "value": format!("0x{value:x}"), "data": format!("0x{}", hex(&data)),
                "nonce": "0x4", "gas": "0xea60", "maxFeePerGas": "0x6fc23ac00",
                "maxPriorityFeePerGas": "0x3b9aca00",
            },
            "unsignedPayload": format!("0x{}", hex(&tx.unsigned_payload())),
            "assetId": if contract.is_some() { "USDC" } else { "ETH" },
            "contract": contract, "decimals": if contract.is_some() { 6 } else { 18 },
            "amount": "1.5", "destinationAddress": DESTINATION,
        })
    }

    fn eth() -> Value {
        request(None, 1_500_000_000_000_000_000, Vec::new(), None)
    }

    #[test]
    fn a_request_that_does_what_it_says_is_signed_by_the_right_key() {
        let c = check(&eth(), &account(), 10).unwrap();
        assert_eq!(c.key.address(), account().secret_key(3).unwrap().address());
        assert!(c.words.contains("withdrawal of 1.5 ETH"), "{}", c.words);
        let data = transfer_data(DESTINATION, 1_500_000).unwrap();
        let token = request(Some(TOKEN), 0, data, Some("m/44'/60'/0'/0/3"));
        assert!(check(&token, &account(), 1).is_ok());
    }

    #[test]
    fn a_request_whose_fields_and_words_disagree_is_refused() {
        // More value than the words say.
        let more = request(None, 2_000_000_000_000_000_000, Vec::new(), None);
        assert!(check(&more, &account(), 10).unwrap_err().contains("value"));
        // A token call to someone else.
        let data = transfer_data(TOKEN, 1_500_000).unwrap();
        let elsewhere = request(Some(TOKEN), 0, data, None);
        assert!(check(&elsewhere, &account(), 10)
            .unwrap_err()
            .contains("data"));
        // A payload that is not the fields.
        let mut swapped = eth();
        swapped["transaction"]["nonce"] = json!("0x5");
        assert!(check(&swapped, &account(), 10)
            .unwrap_err()
            .contains("unsignedPayload"));
        // A sender this key does not have (within the search), or at
        // another path than the one given.
        assert!(check(&eth(), &account(), 3)
            .unwrap_err()
            .contains("first 3"));
        let wrong_path = request(
            None,
            1_500_000_000_000_000_000,
            Vec::new(),
            Some("m/44'/60'/0'/0/2"),
        );
        assert!(check(&wrong_path, &account(), 10).is_err());
        let mut purpose = eth();
        purpose["purpose"] = json!("sweep");
        assert!(check(&purpose, &account(), 10).is_err());
    }
}
