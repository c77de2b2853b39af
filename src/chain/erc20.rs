//! ERC-20 `Transfer` logs, as `eth_getLogs` writes them (docs/evm.md,
//! "Deposits"): which token moved, from whom, to whom, how much, where.

use super::evm::parse_quantity;
use crate::domain::address::validate_evm_address;
use serde_json::Value;

/// keccak-256 of `Transfer(address,address,uint256)`: the first topic of
/// every ERC-20 transfer log.
pub const TRANSFER_TOPIC: &str =
    "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenTransfer {
    pub block_number: i64,
    pub block_hash: String,
    pub tx_hash: String,
    pub log_index: i64,
    /// The token contract, EIP-55.
    pub contract: String,
    pub from: String,
    pub to: String,
    /// `None` past i128: recorded nowhere, logged, never rounded.
    pub value: Option<i128>,
}

/// A log of `eth_getLogs` as a transfer; `Ok(None)` for a log that is not a
/// standard transfer (another event, an ERC-721 `Transfer` with the token id
/// as a fourth topic, a log the node marks `removed`).
pub fn parse_transfer_log(log: &Value) -> Result<Option<TokenTransfer>, String> {
    if log.get("removed").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let topics: Vec<&str> = log
        .get("topics")
        .and_then(Value::as_array)
        .ok_or("a log without topics")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if topics.len() != 3 || !topics[0].eq_ignore_ascii_case(TRANSFER_TOPIC) {
        return Ok(None);
    }
    let text = |name: &str| {
        log.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("a log without '{name}'"))
    };
    let number = |name: &str| {
        parse_quantity(text(name)?).and_then(|n| i64::try_from(n).map_err(|e| e.to_string()))
    };
    let contract =
        validate_evm_address(text("address")?).map_err(|e| format!("log address: {e}"))?;
    Ok(Some(TokenTransfer {
        block_number: number("blockNumber")?,
        block_hash: text("blockHash")?.to_string(),
        tx_hash: text("transactionHash")?.to_string(),
        log_index: number("logIndex")?,
        contract,
        from: topic_address(topics[1])?,
        to: topic_address(topics[2])?,
        value: word_value(text("data")?)?,
    }))
}

/// An address topic: 32 bytes, the upper 12 zero.
fn topic_address(topic: &str) -> Result<String, String> {
    let digits = topic
        .strip_prefix("0x")
        .filter(|d| d.len() == 64 && d[..24].bytes().all(|b| b == b'0'))
        .ok_or_else(|| format!("'{topic}' is not an address topic"))?;
    validate_evm_address(&format!("0x{}", &digits[24..])).map_err(|e| e.to_string())
}

/// The uint256 of a transfer's data; `None` when it does not fit i128.
fn word_value(data: &str) -> Result<Option<i128>, String> {
    let digits = data
        .strip_prefix("0x")
        .filter(|d| d.len() == 64 && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| format!("'{data}' is not one 32-byte word"))?;
    Ok(parse_quantity(&format!("0x{digits}")).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn log(topics: Value, data: &str) -> Value {
        json!({
            "address": "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            "topics": topics,
            "data": data,
            "blockNumber": "0x10",
            "blockHash": "0xbb",
            "transactionHash": "0xtt",
            "logIndex": "0x2",
            "removed": false
        })
    }

    const FROM: &str = "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    const TO: &str = "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8";

    #[test]
    fn a_transfer_log_reads_exactly() {
        let amount = format!("0x{:064x}", 1_234_567_890_123_456_789_012u128);
        let t = parse_transfer_log(&log(json!([TRANSFER_TOPIC, FROM, TO]), &amount))
            .unwrap()
            .unwrap();
        assert_eq!(t.contract, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assert_eq!(t.from, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assert_eq!(t.to, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assert_eq!(t.value, Some(1_234_567_890_123_456_789_012));
        assert_eq!((t.block_number, t.log_index), (16, 2));
    }

    #[test]
    fn other_logs_are_not_transfers() {
        let one = format!("0x{:064x}", 1);
        let approval = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
        assert_eq!(
            parse_transfer_log(&log(json!([approval, FROM, TO]), &one)),
            Ok(None)
        );
        // ERC-721: the token id is a fourth topic.
        assert_eq!(
            parse_transfer_log(&log(json!([TRANSFER_TOPIC, FROM, TO, FROM]), "0x")),
            Ok(None)
        );
        let mut removed = log(json!([TRANSFER_TOPIC, FROM, TO]), &one);
        removed["removed"] = json!(true);
        assert_eq!(parse_transfer_log(&removed), Ok(None));
    }

    #[test]
    fn malformed_logs_are_errors_and_huge_values_are_kept_apart() {
        let dirty = "0x100000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        let one = format!("0x{:064x}", 1);
        assert!(parse_transfer_log(&log(json!([TRANSFER_TOPIC, dirty, TO]), &one)).is_err());
        assert!(parse_transfer_log(&log(json!([TRANSFER_TOPIC, FROM, TO]), "0x01")).is_err());
        let huge = format!("0x{}", "f".repeat(64));
        let t = parse_transfer_log(&log(json!([TRANSFER_TOPIC, FROM, TO]), &huge))
            .unwrap()
            .unwrap();
        assert_eq!(t.value, None);
    }
}
