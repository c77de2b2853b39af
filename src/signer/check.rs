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

/// A request checked and ready to sign.
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
