//! EIP-1559 (type 2) transactions: the unsigned payload Coffer hands to the
//! external signer, the signer's `sign`, and `decode_signed`, which takes a
//! signed raw transaction apart so it can be compared with what was asked.
//!
//! Only the shape Coffer builds is accepted: a call (a `to` address) with an
//! empty access list. Anything else is refused rather than half-understood,
//! and decoding re-encodes what it read and insists on the same bytes, so the
//! fields compared are exactly the bytes that will be broadcast.

use super::keys::SecretKey;
use super::{Address, U256};
use crate::domain::address::keccak256;
use alloy_rlp::{Decodable, Encodable, Header};
use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use std::fmt;

/// EIP-2718 type byte of an EIP-1559 transaction.
const TYPE_EIP1559: u8 = 0x02;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eip1559Tx {
    pub chain_id: u64,
    pub nonce: u64,
    pub max_priority_fee_per_gas: u128,
    pub max_fee_per_gas: u128,
    pub gas: u64,
    pub to: Address,
    /// Wei, exact past 2^64 and 2^128.
    pub value: U256,
    pub data: Vec<u8>,
}

/// A decoded signed transaction and what it proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTx {
    pub tx: Eip1559Tx,
    /// Recovered from the signature: who signed it.
    pub sender: Address,
    /// keccak-256 of the raw bytes: the hash the network will know it by.
    pub hash: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxError {
    Empty,
    /// A transaction, but not of type 2.
    WrongType(&'static str),
    Rlp {
        field: &'static str,
        error: alloy_rlp::Error,
    },
    /// Bytes after the transaction's list.
    TrailingBytes(usize),
    TooManyFields,
    ContractCreation,
    BadAddress,
    AccessListNotEmpty,
    BadYParity(u64),
    /// `s` in the upper half of the curve order (refused since EIP-2).
    HighS,
    BadSignature,
    /// Decodes, but not in the one canonical encoding.
    NotCanonical,
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TxError::Empty => f.write_str("empty transaction"),
            TxError::WrongType(what) => write!(
                f,
                "{what}: only EIP-1559 (type 2, 0x02…) transactions are accepted"
            ),
            TxError::Rlp { field, error } => write!(f, "malformed RLP at {field}: {error}"),
            TxError::TrailingBytes(n) => write!(f, "{n} bytes follow the transaction"),
            TxError::TooManyFields => f.write_str("more than 12 fields in the transaction"),
            TxError::ContractCreation => {
                f.write_str("contract creation (empty `to`) is not a withdrawal")
            }
            TxError::BadAddress => f.write_str("`to` is not 20 bytes"),
            TxError::AccessListNotEmpty => {
                f.write_str("the access list must be empty, as in the unsigned payload")
            }
            TxError::BadYParity(v) => write!(f, "yParity must be 0 or 1, not {v}"),
            TxError::HighS => f.write_str("signature `s` is not in the lower half (EIP-2)"),
            TxError::BadSignature => f.write_str("the signature does not recover a public key"),
            TxError::NotCanonical => f.write_str("not the canonical encoding of its fields"),
        }
    }
}

impl std::error::Error for TxError {}

impl Eip1559Tx {
    /// `0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas,
    /// to, value, data, []])`: what the signer is shown and signs.
    pub fn unsigned_payload(&self) -> Vec<u8> {
        self.envelope(None)
    }

    /// keccak-256 of the unsigned payload: the 32 bytes the signature covers.
    pub fn signing_hash(&self) -> [u8; 32] {
        keccak256(&self.unsigned_payload())
    }

    /// `0x02 || rlp(list)` of the 8 fields, an empty access list and, when
    /// signed, yParity, r and s.
    fn envelope(&self, signature: Option<(bool, &U256, &U256)>) -> Vec<u8> {
        let mut body = Vec::with_capacity(128 + self.data.len());
        self.chain_id.encode(&mut body);
        self.nonce.encode(&mut body);
        self.max_priority_fee_per_gas.encode(&mut body);
        self.max_fee_per_gas.encode(&mut body);
        self.gas.encode(&mut body);
        self.to.0.encode(&mut body);
        self.value.encode(&mut body);
        // As a byte string: `Vec<u8>` itself would encode as a list of integers.
        self.data.as_slice().encode(&mut body);
        Header {
            list: true,
            payload_length: 0,
        }
        .encode(&mut body);
        if let Some((y_odd, r, s)) = signature {
            u8::from(y_odd).encode(&mut body);
            r.encode(&mut body);
            s.encode(&mut body);
        }
        let header = Header {
            list: true,
            payload_length: body.len(),
        };
        let mut out = Vec::with_capacity(1 + header.length() + body.len());
        out.push(TYPE_EIP1559);
        header.encode(&mut out);
        out.extend_from_slice(&body);
        out
    }

    /// The first field in which `self` and `other` differ, by its JSON-RPC
    /// name; `None` when they are equal.
    pub fn first_difference(&self, other: &Eip1559Tx) -> Option<&'static str> {
        [
            (self.chain_id != other.chain_id, "chainId"),
            (self.nonce != other.nonce, "nonce"),
            (
                self.max_priority_fee_per_gas != other.max_priority_fee_per_gas,
                "maxPriorityFeePerGas",
            ),
            (
                self.max_fee_per_gas != other.max_fee_per_gas,
                "maxFeePerGas",
            ),
            (self.gas != other.gas, "gas"),
            (self.to != other.to, "to"),
            (self.value != other.value, "value"),
            (self.data != other.data, "data"),
        ]
        .into_iter()
        .find_map(|(differs, name)| differs.then_some(name))
    }
}

impl SignedTx {
    /// Why this is not the transaction that was asked for (`expected`, sent
    /// from `from`), naming the first field that differs; `None` when it is.
    pub fn mismatch(&self, expected: &Eip1559Tx, from: Address) -> Option<String> {
        if let Some(field) = self.tx.first_difference(expected) {
            return Some(format!("{field} differs from the signer request"));
        }
        (self.sender != from).then(|| {
            format!(
                "signed by {}, not by the request's sender {from}",
                self.sender
            )
        })
    }
}

/// Signs `tx` with `key` (the signer's side): the raw transaction to submit.
pub fn sign(tx: &Eip1559Tx, key: &SecretKey) -> Result<Vec<u8>, TxError> {
    let (signature, recovery) = key
        .ecdsa()
        .sign_prehash_recoverable(&tx.signing_hash())
        .map_err(|_| TxError::BadSignature)?;
    // k256 returns the low-s form with its matching recovery id; an x past
    // the curve order (probability ~2^-128) has no yParity to express it.
    if recovery.is_x_reduced() {
        return Err(TxError::BadSignature);
    }
    let (r, s) = signature.split_bytes();
    let (r, s) = (U256::from_be_bytes(r.into()), U256::from_be_bytes(s.into()));
    Ok(tx.envelope(Some((recovery.is_y_odd(), &r, &s))))
}

fn field<T: Decodable>(buf: &mut &[u8], name: &'static str) -> Result<T, TxError> {
    T::decode(buf).map_err(|error| TxError::Rlp { field: name, error })
}

/// Parses `0x02 || rlp([9 fields, yParity, r, s])`, recovers the sender and
/// computes the transaction hash. Refuses other transaction types, trailing
/// bytes, non-canonical encodings, non-empty access lists, contract
/// creations and high-s signatures.
pub fn decode_signed(raw: &[u8]) -> Result<SignedTx, TxError> {
    let (&kind, body) = raw.split_first().ok_or(TxError::Empty)?;
    match kind {
        TYPE_EIP1559 => {}
        0xc0..=0xff => return Err(TxError::WrongType("a legacy (untyped) transaction")),
        0x01 => return Err(TxError::WrongType("an EIP-2930 (type 1) transaction")),
        0x03 => return Err(TxError::WrongType("an EIP-4844 (type 3) transaction")),
        0x04 => return Err(TxError::WrongType("an EIP-7702 (type 4) transaction")),
        _ => return Err(TxError::WrongType("an unknown transaction type")),
    }
    let mut buf = body;
    let header = Header::decode(&mut buf).map_err(|error| TxError::Rlp {
        field: "the transaction list",
        error,
    })?;
    if !header.list {
        return Err(TxError::Rlp {
            field: "the transaction list",
            error: alloy_rlp::Error::UnexpectedString,
        });
    }
    // The header checked that its payload is there; past it is junk.
    if let Some(extra) = buf
        .len()
        .checked_sub(header.payload_length)
        .filter(|&n| n > 0)
    {
        return Err(TxError::TrailingBytes(extra));
    }
    let chain_id = field(&mut buf, "chainId")?;
    let nonce = field(&mut buf, "nonce")?;
    let max_priority_fee_per_gas = field(&mut buf, "maxPriorityFeePerGas")?;
    let max_fee_per_gas = field(&mut buf, "maxFeePerGas")?;
    let gas = field(&mut buf, "gas")?;
    let to = Header::decode_bytes(&mut buf, false)
        .map_err(|error| TxError::Rlp { field: "to", error })?;
    let to = match to.len() {
        0 => return Err(TxError::ContractCreation),
        20 => Address(to.try_into().map_err(|_| TxError::BadAddress)?),
        _ => return Err(TxError::BadAddress),
    };
    let value = field(&mut buf, "value")?;
    let data = Header::decode_bytes(&mut buf, false)
        .map_err(|error| TxError::Rlp {
            field: "data",
            error,
        })?
        .to_vec();
    let access_list = Header::decode(&mut buf).map_err(|error| TxError::Rlp {
        field: "accessList",
        error,
    })?;
    if !access_list.list {
        return Err(TxError::Rlp {
            field: "accessList",
            error: alloy_rlp::Error::UnexpectedString,
        });
    }
    if access_list.payload_length != 0 {
        return Err(TxError::AccessListNotEmpty);
    }
    let y_parity: u64 = field(&mut buf, "yParity")?;
    let r: U256 = field(&mut buf, "r")?;
    let s: U256 = field(&mut buf, "s")?;
    if !buf.is_empty() {
        return Err(TxError::TooManyFields);
    }
    let y_odd = match y_parity {
        0 => false,
        1 => true,
        other => return Err(TxError::BadYParity(other)),
    };
    let tx = Eip1559Tx {
        chain_id,
        nonce,
        max_priority_fee_per_gas,
        max_fee_per_gas,
        gas,
        to,
        value,
        data,
    };
    if tx.envelope(Some((y_odd, &r, &s))) != raw {
        return Err(TxError::NotCanonical);
    }
    let sender = recover(&tx.signing_hash(), y_odd, &r, &s)?;
    Ok(SignedTx {
        tx,
        sender,
        hash: keccak256(raw),
    })
}

fn recover(hash: &[u8; 32], y_odd: bool, r: &U256, s: &U256) -> Result<Address, TxError> {
    let r: [u8; 32] = r.to_be_bytes();
    let s: [u8; 32] = s.to_be_bytes();
    // Refuses r or s of zero or past the curve order.
    let signature = Signature::from_scalars(r, s).map_err(|_| TxError::BadSignature)?;
    if signature.normalize_s().is_some() {
        return Err(TxError::HighS);
    }
    let key = VerifyingKey::recover_from_prehash(hash, &signature, RecoveryId::new(y_odd, false))
        .map_err(|_| TxError::BadSignature)?;
    Ok(Address::of_key(&key))
}

#[cfg(test)]
#[path = "tx_tests.rs"]
mod tests;
