//! What the EVM adapter asks a node about outgoing transactions (docs/evm.md,
//! "Withdrawals"): nonces, balances, gas and fee quotes, broadcast, receipts.
//! Also the pure part: the call a withdrawal makes (a native transfer, or an
//! ERC-20 `transfer(address,uint256)`).

use super::erc20::{parse_transfer_log, TokenTransfer};
use super::eth::{Address, Eip1559Tx, U256};
use super::evm::{parse_quantity, EvmAdapter};
use crate::domain::asset::Asset;
use crate::domain::signer_request::SignerRequest;
use crate::domain::Error;
use serde_json::{json, Value};

/// `transfer(address,uint256)`.
const TRANSFER_SELECTOR: [u8; 4] = [0xa9, 0x05, 0x9c, 0xbb];

/// The fees a new transaction offers now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fees {
    pub max_fee_per_gas: u128,
    pub max_priority_fee_per_gas: u128,
}

/// A transaction's receipt: the block it is in, what it cost, and the
/// ERC-20 transfers it logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub block_number: i64,
    /// Status 1; a revert (status 0) still paid its gas.
    pub success: bool,
    pub gas_used: u128,
    pub effective_gas_price: u128,
    pub transfers: Vec<TokenTransfer>,
}

impl Receipt {
    /// gasUsed × effectiveGasPrice: the wei the sender paid.
    pub fn cost(&self) -> Option<u128> {
        self.gas_used.checked_mul(self.effective_gas_price)
    }

    /// Whether the receipt logs `contract` moving exactly `amount` from
    /// `from` to `to`: a token that answers success without moving it (or
    /// moving less, a fee-on-transfer token) must not complete a withdrawal.
    pub fn moved(&self, contract: &str, from: &str, to: &str, amount: i128) -> bool {
        self.transfers.iter().any(|t| {
            t.contract == contract && t.from == from && t.to == to && t.value == Some(amount)
        })
    }
}

/// What a withdrawal of `atomic` units of `asset` to `destination` calls:
/// (to, value in wei, data).
pub fn withdrawal_call(
    asset: &Asset,
    destination: &str,
    atomic: u128,
) -> Result<(String, u128, Vec<u8>), Error> {
    match &asset.contract {
        None => Ok((destination.to_string(), atomic, Vec::new())),
        Some(contract) => Ok((contract.clone(), 0, transfer_data(destination, atomic)?)),
    }
}

/// The calldata of `transfer(to, amount)`.
pub fn transfer_data(to: &str, amount: u128) -> Result<Vec<u8>, Error> {
    let to: Address = to
        .parse()
        .map_err(|_| Error::Internal(format!("'{to}' is not an EVM address")))?;
    let mut data = TRANSFER_SELECTOR.to_vec();
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(&to.0);
    data.extend_from_slice(&[0u8; 16]);
    data.extend_from_slice(&amount.to_be_bytes());
    Ok(data)
}

/// The EIP-1559 transaction a signer request stands for.
pub fn eip1559(r: &SignerRequest) -> Result<Eip1559Tx, Error> {
    let to: Address =
        r.to.parse()
            .map_err(|_| Error::Internal(format!("signer request {}: bad `to`", r.id)))?;
    Ok(Eip1559Tx {
        chain_id: r.chain_id,
        nonce: r.nonce,
        max_priority_fee_per_gas: r.max_priority_fee_per_gas,
        max_fee_per_gas: r.max_fee_per_gas,
        gas: r.gas,
        to,
        value: U256::from(r.value),
        data: r.data.clone(),
    })
}

fn unavailable(message: String) -> Error {
    Error::Unavailable(message)
}

fn quantity(v: &Value, what: &str) -> Result<u128, Error> {
    let text = v
        .as_str()
        .ok_or_else(|| unavailable(format!("{what}: {v} is not a quantity")))?;
    let n = parse_quantity(text).map_err(|e| unavailable(format!("{what}: {e}")))?;
    u128::try_from(n).map_err(|_| unavailable(format!("{what}: negative")))
}

fn small(n: u128, what: &str) -> Result<u64, Error> {
    u64::try_from(n).map_err(|_| unavailable(format!("{what}: {n} is too large")))
}

fn hex_data(data: &[u8]) -> String {
    format!("0x{}", crate::crypto::hex(data))
}

impl EvmAdapter {
    /// The number of transactions `address` has had mined (its next nonce
    /// as far as the chain is concerned).
    pub fn mined_nonce(&self, address: &str) -> Result<u64, Error> {
        let n = self.call("eth_getTransactionCount", json!([address, "latest"]))?;
        small(quantity(&n, "eth_getTransactionCount")?, "nonce")
    }

    /// The same, as of block `height`: a nonce used by then is used for
    /// good once that block is deep enough.
    pub fn mined_nonce_at(&self, address: &str, height: i64) -> Result<u64, Error> {
        let n = self.call(
            "eth_getTransactionCount",
            json!([address, format!("0x{height:x}")]),
        )?;
        small(quantity(&n, "eth_getTransactionCount")?, "nonce")
    }

    pub fn balance(&self, address: &str) -> Result<u128, Error> {
        let b = self.call("eth_getBalance", json!([address, "latest"]))?;
        quantity(&b, "eth_getBalance")
    }

    /// The gas a call needs, as the node estimates it now. Calls into a
    /// contract get a fifth more: their cost can move between estimate and
    /// inclusion.
    pub fn estimate_gas(
        &self,
        from: &str,
        to: &str,
        value: u128,
        data: &[u8],
    ) -> Result<u64, Error> {
        let gas = self.call(
            "eth_estimateGas",
            json!([{
                "from": from, "to": to,
                "value": format!("0x{value:x}"), "data": hex_data(data),
            }]),
        )?;
        let gas = small(quantity(&gas, "eth_estimateGas")?, "gas")?;
        Ok(match data.is_empty() {
            true => gas,
            false => gas.saturating_add(gas / 5),
        })
    }

    /// maxPriorityFeePerGas as the node suggests it; maxFeePerGas twice the
    /// latest base fee plus that (room for six full blocks of base-fee rise).
    pub fn fees(&self) -> Result<Fees, Error> {
        let priority = self.call("eth_maxPriorityFeePerGas", json!([]))?;
        let priority = quantity(&priority, "eth_maxPriorityFeePerGas")?;
        let block = self.call("eth_getBlockByNumber", json!(["latest", false]))?;
        let base = quantity(
            block.get("baseFeePerGas").unwrap_or(&Value::Null),
            "baseFeePerGas",
        )?;
        let max_fee = base
            .checked_mul(2)
            .and_then(|b| b.checked_add(priority))
            .ok_or_else(|| unavailable("fees overflow".into()))?;
        Ok(Fees {
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: priority,
        })
    }

    /// Hands a signed raw transaction to the node. Sending it again is
    /// harmless (the same bytes, the same hash), which is what makes a
    /// restart between "signed" and "broadcast" safe.
    pub fn send_raw(&self, raw: &str) -> Result<(), Error> {
        match self.call("eth_sendRawTransaction", json!([raw])) {
            Ok(_) => Ok(()),
            Err(Error::Unavailable(m)) if m.contains("already known") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The receipt of a transaction, if it is in the node's chain now.
    pub fn receipt(&self, hash: &str) -> Result<Option<Receipt>, Error> {
        let r = self.call("eth_getTransactionReceipt", json!([hash]))?;
        if r.is_null() {
            return Ok(None);
        }
        let field = |name: &str| quantity(r.get(name).unwrap_or(&Value::Null), name);
        let block = field("blockNumber")?;
        let mut transfers = Vec::new();
        for log in r
            .get("logs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match parse_transfer_log(log) {
                Ok(Some(t)) => transfers.push(t),
                Ok(None) => {}
                Err(e) => return Err(unavailable(format!("receipt {hash}: {e}"))),
            }
        }
        Ok(Some(Receipt {
            block_number: i64::try_from(block)
                .map_err(|_| unavailable("blockNumber too large".into()))?,
            success: field("status")? == 1,
            gas_used: field("gasUsed")?,
            effective_gas_price: field("effectiveGasPrice")?,
            transfers,
        }))
    }

    /// Whether the node knows a transaction at all (mined or in its pool):
    /// one it forgot was dropped and must be replaced.
    pub fn knows(&self, hash: &str) -> Result<bool, Error> {
        Ok(!self
            .call("eth_getTransactionByHash", json!([hash]))?
            .is_null())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_token_withdrawal_is_done_only_if_its_exact_transfer_is_logged() {
        const TOKEN: &str = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        const FROM: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        const TO: &str = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
        let transfer = |contract: &str, to: &str, value| TokenTransfer {
            block_number: 1,
            block_hash: "0xb1".into(),
            tx_hash: "0x01".into(),
            log_index: 0,
            contract: contract.into(),
            from: FROM.into(),
            to: to.into(),
            value: Some(value),
        };
        let receipt = |transfers| Receipt {
            block_number: 1,
            success: true,
            gas_used: 1,
            effective_gas_price: 1,
            transfers,
        };
        assert!(receipt(vec![transfer(TOKEN, TO, 40)]).moved(TOKEN, FROM, TO, 40));
        assert!(
            !receipt(vec![]).moved(TOKEN, FROM, TO, 40),
            "success, nothing moved"
        );
        assert!(!receipt(vec![transfer(TOKEN, TO, 39)]).moved(TOKEN, FROM, TO, 40));
        assert!(!receipt(vec![transfer(TO, TO, 40)]).moved(TOKEN, FROM, TO, 40));
        assert!(!receipt(vec![transfer(TOKEN, FROM, 40)]).moved(TOKEN, FROM, TO, 40));
    }

    #[test]
    fn transfer_calldata_is_selector_address_amount() {
        let data = transfer_data("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 1_000_000).unwrap();
        assert_eq!(data.len(), 68);
        assert_eq!(
            crate::crypto::hex(&data),
            "a9059cbb00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8\
             00000000000000000000000000000000000000000000000000000000000f4240"
        );
    }
}
