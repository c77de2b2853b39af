//! Ethereum building blocks, pure (no I/O, no clock): EIP-1559 transactions
//! (`tx`), watch-only key derivation from an account xpub (`hd`) and, for the
//! offline signer, secret keys from a mnemonic or an xprv (`keys`).
//! docs/evm.md ("Keys and signing") describes the paths and payloads; the
//! crates behind them are explained in docs/decisions.md.
//!
//! What the EVM adapter calls:
//! - registering an xpub: `AccountXpub::parse(text)?` (refusals name the
//!   mistake: an xprv, a tpub, another depth or account);
//! - deposit address i: `xpub.address(i)?`, and `address_path(i)` for the
//!   signer request's `derivationPath`;
//! - a withdrawal: `Eip1559Tx { .. }` (value `U256::from(wei)`), then
//!   `unsigned_payload()` for the request's `unsignedPayload`;
//! - a signature: `decode_signed(&raw)?`, then
//!   `signed.mismatch(&expected_tx, expected_from)`: `None` when every field
//!   and the recovered sender equal the request, else the reason
//!   (`signature_mismatch`); `signed.hash` is the transaction hash, and `raw`
//!   is broadcast exactly as received.

pub mod hd;
pub mod keys;
pub mod tx;
mod u256;

pub use hd::{AccountXpub, KeyError};
pub use keys::{AccountKey, SecretKey};
pub use tx::{decode_signed, sign, Eip1559Tx, SignedTx, TxError};
pub use u256::{ParseU256Error, U256};

use crate::domain::address::{evm_address_from_bytes, keccak256, validate_evm_address};
use std::fmt;
use std::str::FromStr;

/// The BIP-44 account whose xpub a tenant registers (coin type 60: Ether).
pub const ACCOUNT_PATH: &str = "m/44'/60'/0'";

/// The BIP-32 path of deposit address `index`: the account's external chain.
pub fn address_path(index: u32) -> String {
    format!("{ACCOUNT_PATH}/0/{index}")
}

/// A 20-byte account address; shown in its EIP-55 form.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The address of a public key: the last 20 bytes of keccak-256 of the
    /// uncompressed point without its 0x04 tag.
    pub fn of_key(key: &k256::ecdsa::VerifyingKey) -> Address {
        let point = key.to_encoded_point(false);
        let hash = keccak256(point.as_bytes().get(1..).unwrap_or_default());
        let mut bytes = [0u8; 20];
        bytes.copy_from_slice(&hash[12..]);
        Address(bytes)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&evm_address_from_bytes(&self.0))
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Accepts what `validate_evm_address` accepts: EIP-55, or single-case.
impl FromStr for Address {
    type Err = crate::domain::address::AddressError;

    fn from_str(s: &str) -> Result<Address, Self::Err> {
        let checked = validate_evm_address(s)?;
        let bytes = crate::crypto::unhex(&checked[2..].to_ascii_lowercase())
            .and_then(|b| <[u8; 20]>::try_from(b).ok())
            .ok_or(crate::domain::address::AddressError::InvalidEvm)?;
        Ok(Address(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_and_print_eip55() {
        let a: Address = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
            .parse()
            .unwrap();
        assert_eq!(a.to_string(), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assert_eq!(a.0[0], 0x5a);
        assert!("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
            .parse::<Address>()
            .is_err());
        assert!("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
            .parse::<Address>()
            .is_err());
    }

    #[test]
    fn paths_name_the_external_chain_of_account_zero() {
        assert_eq!(address_path(7), "m/44'/60'/0'/0/7");
    }
}
