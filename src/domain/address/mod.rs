//! Blockchain address validation, and address generation for the sandbox
//! chain. Validators return the normalised form to store, so two spellings of
//! one address (upper/lower-case bech32, lowercase EVM hex) become one string.

mod base58;
mod bech32;
mod evm;

use std::fmt;

pub use evm::{evm_address_from_bytes, keccak256, validate_evm_address};

/// Bitcoin networks as address formats tell them apart: testnet and signet
/// share `tb` and the testnet base58 versions, and regtest (`bcrt`) uses
/// those base58 versions too, so all three are one `Testnet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BtcNetwork {
    Mainnet,
    Testnet,
}

impl BtcNetwork {
    fn segwit_hrps(self) -> &'static [&'static str] {
        match self {
            BtcNetwork::Mainnet => &["bc"],
            BtcNetwork::Testnet => &["tb", "bcrt"],
        }
    }

    /// Base58Check version bytes: P2PKH then P2SH.
    fn base58_versions(self) -> [u8; 2] {
        match self {
            BtcNetwork::Mainnet => [0x00, 0x05],
            BtcNetwork::Testnet => [0x6f, 0xc4],
        }
    }

    fn other(self) -> BtcNetwork {
        match self {
            BtcNetwork::Mainnet => BtcNetwork::Testnet,
            BtcNetwork::Testnet => BtcNetwork::Mainnet,
        }
    }
}

/// Why an address was refused. The `Display` text completes a sentence whose
/// subject is the field ("address is not ..."), so an API can prefix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    InvalidBitcoin,
    /// Valid, but for the other network: worth telling apart, as it is the
    /// usual mistake of pasting a testnet address into a live wallet.
    WrongNetwork,
    InvalidEvm,
    BadChecksum,
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AddressError::InvalidBitcoin => "is not a valid bitcoin address for this network",
            AddressError::WrongNetwork => "is a bitcoin address for a different network",
            AddressError::InvalidEvm => "must be 0x followed by 40 hexadecimal digits",
            AddressError::BadChecksum => "has a bad EIP-55 checksum",
        })
    }
}

impl std::error::Error for AddressError {}

/// Longer than any bitcoin address (bech32 caps at 90): refusing early also
/// bounds base58's quadratic decoding.
const MAX_BTC_ADDRESS_LENGTH: usize = 90;

/// Validates a bitcoin address for `net` and returns it normalised: bech32
/// lowercased, base58 unchanged (it is case-sensitive).
pub fn validate_btc_address(s: &str, net: BtcNetwork) -> Result<String, AddressError> {
    if let Some(address) = parse_btc(s, net) {
        return Ok(address);
    }
    if parse_btc(s, net.other()).is_some() {
        return Err(AddressError::WrongNetwork);
    }
    Err(AddressError::InvalidBitcoin)
}

fn parse_btc(s: &str, net: BtcNetwork) -> Option<String> {
    if s.len() > MAX_BTC_ADDRESS_LENGTH {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    // Route on the prefix and never fall through: "bc1..." is also base58
    // alphabet, and a broken segwit address must not be retried as legacy.
    let segwit_hrp = net.segwit_hrps().iter().find(|hrp| {
        lower
            .strip_prefix(**hrp)
            .is_some_and(|r| r.starts_with('1'))
    });
    match segwit_hrp {
        Some(hrp) => bech32::decode_segwit(hrp, s).map(|_| lower),
        None => {
            let payload = base58::decode_check(s)?;
            let (&version, hash) = payload.split_first()?;
            (hash.len() == 20 && net.base58_versions().contains(&version)).then(|| s.to_string())
        }
    }
}

/// A P2WPKH address (segwit v0, bech32) for a 20-byte key hash, as the sandbox
/// chain hands out: hrp "bcrt" gives `bcrt1q…`. The HRP is lowercased; one that
/// is not a valid bech32 HRP yields a string the validators refuse.
pub fn btc_segwit_v0_address(hrp: &str, program: &[u8; 20]) -> String {
    bech32::encode_segwit(&hrp.to_ascii_lowercase(), 0, program)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use BtcNetwork::{Mainnet, Testnet};

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// BIP-350's valid segwit addresses with their scriptPubKeys (BIP-173's
    /// list, re-encoded with bech32m for versions 1 and up).
    const VALID_SEGWIT: &[(&str, &str)] = &[
        (
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "0014751e76e8199196d454941c45d1b3a323f1433bd6",
        ),
        (
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        ),
        (
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
        ),
        ("BC1SW50QGDZ25J", "6002751e"),
        (
            "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
            "5210751e76e8199196d454941c45d1b3a323",
        ),
        (
            "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
            "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        ),
        (
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
        ),
    ];

    #[test]
    fn accepts_bip350_valid_addresses_on_their_network_only() {
        for (address, script) in VALID_SEGWIT {
            let (net, hrp) = if address.to_ascii_lowercase().starts_with("bc1") {
                (Mainnet, "bc")
            } else {
                (Testnet, "tb")
            };
            assert_eq!(
                validate_btc_address(address, net),
                Ok(address.to_ascii_lowercase()),
                "{address}"
            );
            assert_eq!(
                validate_btc_address(address, net.other()),
                Err(AddressError::WrongNetwork),
                "{address}"
            );
            // The decoded program must be exactly the one in the scriptPubKey.
            let script = unhex(script);
            let (version, program) = bech32::decode_segwit(hrp, address).unwrap();
            let op = if version == 0 { 0 } else { 0x50 + version };
            assert_eq!(script[0], op);
            assert_eq!(usize::from(script[1]), program.len());
            assert_eq!(&script[2..], program.as_slice());
            assert_eq!(
                bech32::encode_segwit(hrp, version, &program),
                address.to_ascii_lowercase()
            );
        }
    }

    /// Each of `addresses` is refused as not Bitcoin on mainnet and testnet.
    fn assert_invalid_on_both_networks(addresses: &[&str]) {
        for address in addresses {
            for net in [Mainnet, Testnet] {
                assert_eq!(
                    validate_btc_address(address, net),
                    Err(AddressError::InvalidBitcoin),
                    "{address:?}"
                );
            }
        }
    }

    #[test]
    fn refuses_bip350_invalid_addresses_on_both_networks() {
        assert_invalid_on_both_networks(&[
            "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
            "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
            "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
            "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
            "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
            "bc1pw5dgrnzv",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
            "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
            "bc1gmk9yu",
        ]);
    }

    #[test]
    fn refuses_bip173_invalid_addresses_and_its_old_v1_encodings() {
        assert_invalid_on_both_networks(&[
            "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
            "bc1rw5uspcuh",
            "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
            "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
            "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
            "bc1gmk9yu",
            // BIP-173 listed these as valid; BIP-350 moved v1+ to bech32m.
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
            "BC1SW50QA3JX3S",
            "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
        ]);
    }

    #[test]
    fn base58_addresses_by_version_and_network() {
        // The genesis coinbase (P2PKH, 0x00), the P2SH example of the bitcoin
        // wiki (0x05), and the same two hashes with the testnet versions.
        for (address, net) in [
            ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Mainnet),
            ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", Mainnet),
            ("mpXwg4jMtRhuSpVq4xS3HFHmCmWp9NyGKt", Testnet),
            ("2N9hLwkSqr1cPQAPxbrGVUjxyjD11G2e1he", Testnet),
        ] {
            assert_eq!(validate_btc_address(address, net), Ok(address.to_string()));
            assert_eq!(
                validate_btc_address(address, net.other()),
                Err(AddressError::WrongNetwork),
                "{address}"
            );
        }
    }

    #[test]
    fn refuses_bad_base58_addresses() {
        assert_invalid_on_both_networks(&[
            "",
            // Case matters in base58: this is another number with a bad checksum.
            "1a1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
            " 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n",
            // Valid Base58Check, wrong shape: version 0x00 with a 21-byte hash,
            // with a 19-byte hash, and the unknown version 0x01.
            "1goNG9qzSRi5Fr4MWz8gjDCarHFQ5RdDRNL",
            "133VQZmihsauVFjR6XTtJkHs9ZP6Nwkii",
            "ZMbN7wfnajXV9AJNonywTMDyHB3xFnR8z",
            // Bitcoin Core's base58 vector: decodes, but has no checksum.
            "2cFupjhnEsSn59qHXstmK2ffpLv2",
        ]);
        let huge = "1".repeat(100_000);
        assert_eq!(
            validate_btc_address(&huge, Mainnet),
            Err(AddressError::InvalidBitcoin)
        );
    }

    #[test]
    fn bech32_is_case_normalised_but_never_mixed() {
        let lower = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        let upper = lower.to_ascii_uppercase();
        assert_eq!(validate_btc_address(&upper, Mainnet), Ok(lower.to_string()));
        assert_eq!(validate_btc_address(lower, Mainnet), Ok(lower.to_string()));
        assert_eq!(
            validate_btc_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3T4", Mainnet),
            Err(AddressError::InvalidBitcoin)
        );
        assert_eq!(
            validate_btc_address("Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Mainnet),
            Err(AddressError::InvalidBitcoin)
        );
    }

    #[test]
    fn generates_p2wpkh_addresses() {
        let hash: [u8; 20] = unhex("751e76e8199196d454941c45d1b3a323f1433bd6")
            .try_into()
            .unwrap();
        let address = btc_segwit_v0_address("bc", &hash);
        assert_eq!(address, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
        assert_eq!(validate_btc_address(&address, Mainnet), Ok(address.clone()));
        assert_eq!(btc_segwit_v0_address("BC", &hash), address);

        for seed in 0u8..50 {
            let hash: [u8; 20] = std::array::from_fn(|i| seed.wrapping_mul(91) ^ (i as u8 * 7));
            for hrp in ["bcrt", "tb"] {
                let address = btc_segwit_v0_address(hrp, &hash);
                assert!(address.starts_with(&format!("{hrp}1q")), "{address}");
                assert_eq!(validate_btc_address(&address, Testnet), Ok(address.clone()));
                assert_eq!(
                    validate_btc_address(&address, Mainnet),
                    Err(AddressError::WrongNetwork)
                );
                let (version, program) = bech32::decode_segwit(hrp, &address).unwrap();
                assert_eq!((version, program.as_slice()), (0, hash.as_slice()));
            }
        }
        // A nonsense HRP gives a refused string, not a panic.
        let odd = btc_segwit_v0_address("b\u{e9}\u{0}", &hash);
        assert_eq!(
            validate_btc_address(&odd, Mainnet),
            Err(AddressError::InvalidBitcoin)
        );
    }

    #[test]
    fn error_messages_read_well_after_a_field_name() {
        assert_eq!(
            AddressError::InvalidBitcoin.to_string(),
            "is not a valid bitcoin address for this network"
        );
        assert_eq!(
            AddressError::BadChecksum.to_string(),
            "has a bad EIP-55 checksum"
        );
    }
}
