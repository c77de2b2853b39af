//! The EVM adapter for the live environment (docs/evm.md), one per configured
//! network: Ethereum JSON-RPC over ureq. Deposit addresses come from an
//! imported pool, and the scanner (`scanner.rs`) finds deposits in blocks.
//! Withdrawals are EIP-1559 signer requests built, broadcast and followed by
//! the sender (`sender/`, with the node calls in `evm_send.rs`), not
//! through the sandbox-shaped payload methods of `ChainAdapter`.

use super::erc20::{parse_transfer_log, TokenTransfer, TRANSFER_TOPIC};
use super::status::NetworkStatus;
use super::ChainAdapter;
use crate::domain::asset::Asset;
use crate::domain::tenancy::Partition;
use crate::domain::transaction::Transaction;
use crate::domain::Error;
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Duration;

const RPC_TIMEOUT: Duration = Duration::from_secs(10);

/// One EVM network as configured (docs/evm.md, "Configuration").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvmNetwork {
    /// The network's name, as assets and addresses name it.
    pub name: String,
    pub rpc_url: String,
    /// The chain id the node must report.
    pub chain_id: i64,
    /// Where the first scan starts; -1: the node's tip.
    pub start_block: i64,
    /// The id of the network's native coin (ETH on ethereum).
    pub native_asset: String,
    /// The ERC-20 tokens followed: (contract in EIP-55 form, asset id).
    pub tokens: Vec<(String, String)>,
}

impl EvmNetwork {
    /// The asset a token contract stands for on this network.
    pub fn token_asset(&self, contract: &str) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(c, _)| c == contract)
            .map(|(_, asset)| asset.as_str())
    }
}

pub struct EvmAdapter {
    pub network: EvmNetwork,
    agent: ureq::Agent,
    status: Mutex<NetworkStatus>,
}

/// A transaction of a block, as far as deposits need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockTx {
    pub hash: String,
    pub from: String,
    /// `None` for a contract creation.
    pub to: Option<String>,
    pub value_wei: i128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub number: i64,
    pub hash: String,
    pub parent_hash: String,
    pub transactions: Vec<BlockTx>,
}

fn unavailable(message: String) -> Error {
    Error::Unavailable(message)
}

impl EvmAdapter {
    pub fn new(network: EvmNetwork) -> EvmAdapter {
        EvmAdapter {
            network,
            agent: ureq::AgentBuilder::new().timeout(RPC_TIMEOUT).build(),
            status: Mutex::new(NetworkStatus::default()),
        }
    }

    /// What the last scan pass saw of the node.
    pub fn status(&self) -> NetworkStatus {
        self.status.lock().map(|s| *s).unwrap_or_default()
    }

    /// Keeps what a scan pass saw: the node's tip and the cursor, or that the
    /// node did not answer (the heights last seen stay).
    pub fn note_scan(&self, pass: &Result<NetworkStatus, Error>) {
        if let Ok(mut status) = self.status.lock() {
            *status = match pass {
                Ok(seen) => *seen,
                Err(_) => status.unreached(),
            };
        }
    }

    /// Whether this adapter moves `asset`: the network's native coin and its
    /// configured tokens.
    pub fn serves(&self, asset: &Asset) -> bool {
        asset.network == self.network.name
            && (asset.id == self.network.native_asset
                || self.network.tokens.iter().any(|(_, id)| *id == asset.id))
    }

    /// One JSON-RPC call; its `result`, or the node's error.
    pub fn call(&self, method: &str, params: Value) -> Result<Value, Error> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let text = self
            .agent
            .post(&self.network.rpc_url)
            .set("Content-Type", "application/json")
            .send_string(&body.to_string())
            .map_err(|e| unavailable(format!("{} node {method}: {e}", self.network.name)))?
            .into_string()
            .map_err(|e| unavailable(format!("evm node {method}: unreadable answer: {e}")))?;
        let answer: Value = serde_json::from_str(&text)
            .map_err(|e| unavailable(format!("evm node {method}: unreadable answer: {e}")))?;
        if let Some(error) = answer.get("error") {
            return Err(unavailable(format!("evm node {method}: {error}")));
        }
        Ok(answer.get("result").cloned().unwrap_or(Value::Null))
    }

    pub fn block_number(&self) -> Result<i64, Error> {
        let tip = self.call("eth_blockNumber", json!([]))?;
        quantity_i64(&tip).map_err(|e| unavailable(format!("eth_blockNumber: {e}")))
    }

    pub fn node_chain_id(&self) -> Result<i64, Error> {
        let id = self.call("eth_chainId", json!([]))?;
        quantity_i64(&id).map_err(|e| unavailable(format!("eth_chainId: {e}")))
    }

    /// The block at `height` with its transactions; `None` when the node has
    /// no block there (yet).
    pub fn block(&self, height: i64) -> Result<Option<Block>, Error> {
        let raw = self.call(
            "eth_getBlockByNumber",
            json!([format!("0x{height:x}"), true]),
        )?;
        if raw.is_null() {
            return Ok(None);
        }
        parse_block(&raw)
            .map(Some)
            .map_err(|e| unavailable(format!("eth_getBlockByNumber {height}: {e}")))
    }

    /// The `Transfer` logs of the followed tokens in blocks `from..=to`; none
    /// without tokens. The caller bounds the range (the scanner's pass).
    pub fn transfer_logs(&self, from: i64, to: i64) -> Result<Vec<TokenTransfer>, Error> {
        if self.network.tokens.is_empty() || from > to {
            return Ok(Vec::new());
        }
        let contracts: Vec<&str> = self
            .network
            .tokens
            .iter()
            .map(|(c, _)| c.as_str())
            .collect();
        let raw = self.call(
            "eth_getLogs",
            json!([{
                "fromBlock": format!("0x{from:x}"),
                "toBlock": format!("0x{to:x}"),
                "address": contracts,
                "topics": [TRANSFER_TOPIC],
            }]),
        )?;
        let logs = raw
            .as_array()
            .ok_or_else(|| unavailable("eth_getLogs: not a list".into()))?;
        let mut out = Vec::new();
        for log in logs {
            match parse_transfer_log(log) {
                Ok(Some(t)) => out.push(t),
                Ok(None) => {}
                Err(e) => return Err(unavailable(format!("eth_getLogs: {e}"))),
            }
        }
        Ok(out)
    }

    /// Just the hash of the block at `height`, if the node has one.
    pub fn block_hash(&self, height: i64) -> Result<Option<String>, Error> {
        let raw = self.call(
            "eth_getBlockByNumber",
            json!([format!("0x{height:x}"), false]),
        )?;
        Ok(raw.get("hash").and_then(Value::as_str).map(str::to_string))
    }
}

/// The payload methods of `ChainAdapter` serve the sandbox; a live EVM
/// withdrawal goes through signer requests instead (`sender/`).
fn not_here(what: &str) -> Error {
    Error::Internal(format!(
        "EVM {what} goes through signer requests, not the adapter"
    ))
}

impl ChainAdapter for EvmAdapter {
    fn addresses_from_tenant(&self) -> bool {
        true
    }

    fn deposit_address(&self, _: &Asset, _: &Partition, _: i64) -> Result<String, Error> {
        Err(Error::Internal(
            "live EVM addresses come from the tenant's xpub or pool".into(),
        ))
    }

    fn unsigned_withdrawal(&self, _: &Transaction) -> Result<String, Error> {
        Err(not_here("building"))
    }

    fn check_signed(&self, _: &str, _: &str) -> Result<(), Error> {
        Err(not_here("signature checking"))
    }

    fn broadcast(&self, _: &Transaction, _: &str) -> Result<String, Error> {
        Err(not_here("broadcasting"))
    }
}

/// A JSON-RPC quantity (`0x` + hex digits, no leading zeros required) as an
/// exact integer; past i128 it is an error, never a rounded value.
pub fn parse_quantity(text: &str) -> Result<i128, String> {
    let digits = text
        .strip_prefix("0x")
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| format!("'{text}' is not a hex quantity"))?;
    let digits = digits.trim_start_matches('0');
    if digits.len() > 32 {
        return Err(format!("'{text}' is too large"));
    }
    let value = if digits.is_empty() {
        0
    } else {
        u128::from_str_radix(digits, 16).map_err(|e| format!("'{text}': {e}"))?
    };
    i128::try_from(value).map_err(|_| format!("'{text}' is too large"))
}

fn quantity_i64(v: &Value) -> Result<i64, String> {
    let text = v.as_str().ok_or_else(|| format!("{v} is not a quantity"))?;
    i64::try_from(parse_quantity(text)?).map_err(|_| format!("'{text}' is too large"))
}

fn text_field(v: &Value, name: &str) -> Result<String, String> {
    v.get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("no '{name}'"))
}

fn parse_block(v: &Value) -> Result<Block, String> {
    let number = quantity_i64(v.get("number").unwrap_or(&Value::Null))?;
    let transactions = v
        .get("transactions")
        .and_then(Value::as_array)
        .ok_or("no transaction list")?
        .iter()
        .map(|t| {
            Ok(BlockTx {
                hash: text_field(t, "hash")?,
                from: text_field(t, "from")?,
                to: t.get("to").and_then(Value::as_str).map(str::to_string),
                value_wei: parse_quantity(&text_field(t, "value")?)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Block {
        number,
        hash: text_field(v, "hash")?,
        parent_hash: text_field(v, "parentHash")?,
        transactions,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_exactly() {
        assert_eq!(parse_quantity("0x0"), Ok(0));
        assert_eq!(parse_quantity("0x00ff"), Ok(255));
        // 1234.567890123456789012 ETH in wei: past f64's exact range.
        assert_eq!(
            parse_quantity("0x42ed123b0bd8203a14"),
            Ok(1_234_567_890_123_456_789_012)
        );
        assert_eq!(parse_quantity(&format!("0x{:x}", i128::MAX)), Ok(i128::MAX));
        assert!(parse_quantity(&format!("0x{:x}", u128::MAX)).is_err());
        assert!(parse_quantity("0x1000000000000000000000000000000000").is_err());
        for bad in ["", "0x", "12", "0xg1", "-0x1", "0x 1"] {
            assert!(parse_quantity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blocks_parse_with_contract_creations() {
        let raw = json!({
            "number": "0x2", "hash": "0xbb", "parentHash": "0xaa",
            "transactions": [
                {"hash": "0x01", "from": "0xf0", "to": "0xd0", "value": "0xde0b6b3a7640000"},
                {"hash": "0x02", "from": "0xf0", "to": null, "value": "0x0"}
            ]
        });
        let block = parse_block(&raw).unwrap();
        assert_eq!(block.number, 2);
        assert_eq!(block.parent_hash, "0xaa");
        assert_eq!(block.transactions[0].value_wei, 1_000_000_000_000_000_000);
        assert_eq!(block.transactions[1].to, None);
    }
}
