//! The signer's side of the tree: a BIP-39 mnemonic (and optional
//! passphrase) or an xprv becomes the account key `m/44'/60'/0'`, which
//! yields the xpub to register and the secret key of each deposit address
//! `m/44'/60'/0'/0/i`. Coffer itself never holds these; the reference
//! signer (src/bin/coffer-signer.rs) does.

use super::hd::{
    child_number, parse_extended, AccountXpub, KeyError, ACCOUNT_CHILD, ACCOUNT_DEPTH,
};
use super::Address;
use bip32::{ChildNumber, Prefix, XPrv};
use std::fmt;

/// `m/44'/60'/0'` below the master key.
const ACCOUNT_FROM_MASTER: [u32; 3] = [44, 60, 0];

/// The private account key of `m/44'/60'/0'`. Prints as `[redacted]`.
#[derive(Clone)]
pub struct AccountKey(XPrv);

/// The secret key of one address. Prints as `[redacted]`.
#[derive(Clone)]
pub struct SecretKey(k256::ecdsa::SigningKey);

impl AccountKey {
    /// From a BIP-39 English mnemonic (12 to 24 words, checksum checked) and
    /// a passphrase ("" when none), the way standard wallets derive it:
    /// PBKDF2 seed, master key, then `m/44'/60'/0'`.
    pub fn from_mnemonic(words: &str, passphrase: &str) -> Result<AccountKey, KeyError> {
        // The seed is hashed from the word-list spellings joined by single
        // spaces, so line breaks or double spaces in a key file are harmless.
        let mnemonic = bip39::Mnemonic::parse_in(bip39::Language::English, words)
            .map_err(|e| KeyError::Mnemonic(e.to_string()))?;
        let seed = zeroize::Zeroizing::new(mnemonic.to_seed(passphrase));
        let master = XPrv::new(seed.as_slice()).map_err(|_| KeyError::InvalidKey)?;
        AccountKey::from_master(&master)
    }

    /// From xprv text: the master key (depth 0), from which `m/44'/60'/0'`
    /// is derived, or the account key itself (depth 3, account 0').
    pub fn from_xprv(text: &str) -> Result<AccountKey, KeyError> {
        let key = parse_extended(text, Prefix::XPRV)?;
        let (depth, child) = (key.attrs.depth, u32::from(key.attrs.child_number));
        let xprv = XPrv::try_from(key).map_err(|_| KeyError::InvalidKey)?;
        match depth {
            0 => AccountKey::from_master(&xprv),
            ACCOUNT_DEPTH if child == ACCOUNT_CHILD => Ok(AccountKey(xprv)),
            ACCOUNT_DEPTH => Err(KeyError::WrongAccount),
            depth => Err(KeyError::WrongDepth {
                depth,
                expected: "0 (the master key) or 3 (the account key m/44'/60'/0')",
            }),
        }
    }

    /// What a key file holds: an xprv, or the words of a mnemonic. A
    /// passphrase (`Some`) only goes with a mnemonic.
    pub fn from_key_text(text: &str, passphrase: Option<&str>) -> Result<AccountKey, KeyError> {
        let text = text.trim();
        // One word is an extended key; a mnemonic has 12 or more.
        if !text.contains(char::is_whitespace) {
            if passphrase.is_some() {
                return Err(KeyError::PassphraseWithXprv);
            }
            return AccountKey::from_xprv(text);
        }
        AccountKey::from_mnemonic(text, passphrase.unwrap_or(""))
    }

    fn from_master(master: &XPrv) -> Result<AccountKey, KeyError> {
        derive_private(master, &ACCOUNT_FROM_MASTER, true).map(AccountKey)
    }

    /// The account xpub to register with Coffer.
    pub fn xpub(&self) -> AccountXpub {
        // Built only at depth 3, account 0': its public half is an account xpub.
        AccountXpub(self.0.public_key())
    }

    /// The secret key of deposit address `index` (`m/44'/60'/0'/0/index`).
    pub fn secret_key(&self, index: u32) -> Result<SecretKey, KeyError> {
        let child = derive_private(&self.0, &[0, index], false)?;
        Ok(SecretKey(child.private_key().clone()))
    }
}

/// Derivation along `path`, every step hardened or none.
fn derive_private(from: &XPrv, path: &[u32], hardened: bool) -> Result<XPrv, KeyError> {
    path.iter().try_fold(from.clone(), |key, &i| {
        let number = if hardened {
            ChildNumber::new(i, true).map_err(|_| KeyError::IndexOutOfRange(u64::from(i)))?
        } else {
            child_number(i)?
        };
        key.derive_child(number).map_err(|_| KeyError::InvalidKey)
    })
}

impl SecretKey {
    pub fn address(&self) -> Address {
        Address::of_key(self.0.verifying_key())
    }

    pub(super) fn ecdsa(&self) -> &k256::ecdsa::SigningKey {
        &self.0
    }

    /// From 32 raw bytes (tests and tools; the signer derives its keys).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<SecretKey, KeyError> {
        k256::ecdsa::SigningKey::from_slice(bytes)
            .map(SecretKey)
            .map_err(|_| KeyError::InvalidKey)
    }
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
