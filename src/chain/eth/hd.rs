//! Watch-only BIP-32: a tenant's account xpub (`m/44'/60'/0'`) and the
//! deposit addresses below it (`m/44'/60'/0'/0/i`), the ones any standard
//! wallet restored from the same mnemonic shows. No secret key involved.

use super::Address;
use bip32::{ChildNumber, ExtendedKey, Prefix, XPub};
use std::fmt;
use std::str::FromStr;

/// Depth of `m/44'/60'/0'`: purpose, coin type, account.
pub(super) const ACCOUNT_DEPTH: u8 = 3;
/// The account's child number: 0, hardened.
pub(super) const ACCOUNT_CHILD: u32 = ChildNumber::HARDENED_FLAG;
/// Deposit addresses are on the external chain (0); change (1) is unused.
const EXTERNAL_CHAIN: u32 = 0;
/// Longest base58 text of a 78-byte extended key.
const MAX_TEXT: usize = ExtendedKey::MAX_BASE58_SIZE;

/// Why a key (xpub, xprv or mnemonic) was refused. The text says what to
/// give instead; it never contains key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Not base58check, wrong length or a bad checksum.
    Malformed,
    /// A private key where the public one belongs.
    PrivateNotPublic,
    /// A public key where the private one belongs.
    PublicNotPrivate,
    /// A testnet key (tpub/tprv).
    Testnet,
    /// Another version (ypub, zpub, ...), by its first four characters.
    WrongVersion(String),
    /// An extended key at another place in the tree than asked.
    WrongDepth {
        depth: u8,
        expected: &'static str,
    },
    WrongAccount,
    /// The key bytes are not a valid secp256k1 key.
    InvalidKey,
    /// A child index at or past 2^31 (those are hardened).
    IndexOutOfRange(u64),
    Mnemonic(String),
    /// A mnemonic passphrase given with an xprv, which has none.
    PassphraseWithXprv,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Malformed => {
                f.write_str("not an extended key (bad base58, length or checksum)")
            }
            KeyError::PrivateNotPublic => f.write_str(
                "this is a private key (xprv): give the account xpub, never a private key",
            ),
            KeyError::PublicNotPrivate => {
                f.write_str("this is a public key (xpub): the signer needs the xprv or mnemonic")
            }
            KeyError::Testnet => f.write_str("a testnet key (tpub/tprv): give a mainnet xpub/xprv"),
            KeyError::WrongVersion(p) => write!(
                f,
                "'{p}' keys are not accepted: give the plain BIP-32 xpub/xprv \
                 (version 0x0488B21E/0x0488ADE4)"
            ),
            KeyError::WrongDepth { depth, expected } => {
                write!(f, "the key is at depth {depth}; expected {expected}")
            }
            KeyError::WrongAccount => f.write_str(
                "the key is not account 0' (m/44'/60'/0'): export the xpub of m/44'/60'/0'",
            ),
            KeyError::InvalidKey => f.write_str("the key bytes are not a valid secp256k1 key"),
            KeyError::IndexOutOfRange(i) => {
                write!(f, "address index {i} is out of range (0 to 2147483647)")
            }
            KeyError::Mnemonic(e) => write!(f, "not a valid BIP-39 mnemonic: {e}"),
            KeyError::PassphraseWithXprv => {
                f.write_str("a passphrase only applies to a mnemonic, not to an xprv")
            }
        }
    }
}

impl std::error::Error for KeyError {}

/// Parses base58check text of an extended key and checks its version
/// against `want` (XPUB or XPRV), telling the usual mix-ups apart.
pub(super) fn parse_extended(text: &str, want: Prefix) -> Result<ExtendedKey, KeyError> {
    let text = text.trim();
    if text.len() > MAX_TEXT || !text.is_ascii() {
        return Err(KeyError::Malformed);
    }
    let key = ExtendedKey::from_str(text).map_err(|_| KeyError::Malformed)?;
    let version = key.prefix.version();
    if version == want.version() {
        return Ok(key);
    }
    Err(match version {
        v if v == Prefix::TPUB.version() || v == Prefix::TPRV.version() => KeyError::Testnet,
        v if v == Prefix::XPRV.version() => KeyError::PrivateNotPublic,
        v if v == Prefix::XPUB.version() => KeyError::PublicNotPrivate,
        _ => KeyError::WrongVersion(key.prefix.as_str().to_string()),
    })
}

/// Any mainnet xpub, wherever it sits in a tree.
pub(super) fn parse_xpub(text: &str) -> Result<XPub, KeyError> {
    XPub::try_from(parse_extended(text, Prefix::XPUB)?).map_err(|_| KeyError::InvalidKey)
}

pub(super) fn child_number(index: u32) -> Result<ChildNumber, KeyError> {
    ChildNumber::new(index, false).map_err(|_| KeyError::IndexOutOfRange(u64::from(index)))
}

/// The account xpub of `m/44'/60'/0'` a tenant registers: depth 3, account
/// 0'. Its parent fingerprint cannot be checked without the parent.
#[derive(Clone)]
pub struct AccountXpub(pub(super) XPub);

impl AccountXpub {
    pub fn parse(text: &str) -> Result<AccountXpub, KeyError> {
        let xpub = parse_xpub(text)?;
        AccountXpub::from_key(xpub)
    }

    pub(super) fn from_key(xpub: XPub) -> Result<AccountXpub, KeyError> {
        let attrs = xpub.attrs();
        if attrs.depth != ACCOUNT_DEPTH {
            return Err(KeyError::WrongDepth {
                depth: attrs.depth,
                expected: "3 (the account key m/44'/60'/0')",
            });
        }
        if u32::from(attrs.child_number) != ACCOUNT_CHILD {
            return Err(KeyError::WrongAccount);
        }
        Ok(AccountXpub(xpub))
    }

    /// Deposit address `index`: child `0/index` of the account, by public
    /// derivation.
    pub fn address(&self, index: u32) -> Result<Address, KeyError> {
        let key = derive_public(&self.0, &[EXTERNAL_CHAIN, index])?;
        Ok(Address::of_key(key.public_key()))
    }
}

/// Non-hardened public derivation along `path`.
pub(super) fn derive_public(from: &XPub, path: &[u32]) -> Result<XPub, KeyError> {
    path.iter().try_fold(from.clone(), |key, &i| {
        key.derive_child(child_number(i)?)
            .map_err(|_| KeyError::InvalidKey)
    })
}

/// The canonical xpub text, as registered and as the signer prints it.
impl fmt::Display for AccountXpub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_string(Prefix::XPUB))
    }
}

impl fmt::Debug for AccountXpub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountXpub({self})")
    }
}

impl PartialEq for AccountXpub {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // BIP-32 test vector 1 (seed 000102…0f).
    const V1_M_XPUB: &str = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
    const V1_M_XPRV: &str = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    /// m/0'/1/2': depth 3, child 2'.
    const V1_0H_1_2H: &str = "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5";
    const V1_0H_1_2H_2: &str = "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV";
    const V1_0H_1_2H_2_1000000000: &str = "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy";
    /// SLIP-0132: "abandon … about", m/44'/0'/0' (bitcoin's account 0).
    const ABANDON_BTC_ACCOUNT: &str = "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj";

    #[test]
    fn bip32_vector1_public_derivation() {
        let key = parse_xpub(V1_0H_1_2H).unwrap();
        assert_eq!(
            derive_public(&key, &[2]).unwrap().to_string(Prefix::XPUB),
            V1_0H_1_2H_2
        );
        assert_eq!(
            derive_public(&key, &[2, 1_000_000_000])
                .unwrap()
                .to_string(Prefix::XPUB),
            V1_0H_1_2H_2_1000000000
        );
        assert_eq!(parse_xpub(V1_M_XPUB).unwrap().attrs().depth, 0);
    }

    #[test]
    fn account_xpubs_must_be_mainnet_public_depth_3_account_0() {
        assert_eq!(
            AccountXpub::parse(V1_M_XPRV).unwrap_err(),
            KeyError::PrivateNotPublic
        );
        assert_eq!(
            AccountXpub::parse(V1_M_XPUB).unwrap_err(),
            KeyError::WrongDepth {
                depth: 0,
                expected: "3 (the account key m/44'/60'/0')"
            }
        );
        // Depth 3, but child 2', not account 0'.
        assert_eq!(
            AccountXpub::parse(V1_0H_1_2H).unwrap_err(),
            KeyError::WrongAccount
        );
        let ok = AccountXpub::parse(&format!(" {ABANDON_BTC_ACCOUNT}\n")).unwrap();
        assert_eq!(ok.to_string(), ABANDON_BTC_ACCOUNT);
        let mut tpub = ExtendedKey::from_str(ABANDON_BTC_ACCOUNT).unwrap();
        tpub.prefix = Prefix::TPUB;
        let tpub = tpub.to_string();
        assert!(tpub.starts_with("tpub"), "{tpub}");
        assert_eq!(AccountXpub::parse(&tpub).unwrap_err(), KeyError::Testnet);
        let zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs";
        assert_eq!(
            AccountXpub::parse(zpub).unwrap_err(),
            KeyError::WrongVersion("zpub".into())
        );
    }

    #[test]
    fn malformed_xpubs_are_refused() {
        let mut flipped = ABANDON_BTC_ACCOUNT.to_string();
        flipped.replace_range(20..21, "X");
        for bad in [
            "",
            "xpub",
            "not a key",
            &flipped,
            &ABANDON_BTC_ACCOUNT[..100],
            &format!("{ABANDON_BTC_ACCOUNT}1"),
            &"1".repeat(10_000),
        ] {
            assert_eq!(
                AccountXpub::parse(bad).unwrap_err(),
                KeyError::Malformed,
                "{bad}"
            );
        }
    }

    #[test]
    fn indexes_past_2_pow_31_are_refused() {
        let account = AccountXpub::parse(ABANDON_BTC_ACCOUNT).unwrap();
        assert!(account.address((1 << 31) - 1).is_ok());
        assert_eq!(
            account.address(1 << 31).unwrap_err(),
            KeyError::IndexOutOfRange(1 << 31)
        );
    }
}
