//! EVM addresses: `0x` + 40 hex digits, with the EIP-55 mixed-case checksum.

use sha3::{Digest, Keccak256};

use super::AddressError;

/// Ethereum's Keccak-256: the pre-standard padding, not NIST SHA3-256.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

/// Applies EIP-55 to 40 lowercase hex digits: a letter is upper-cased when
/// the matching nibble of keccak256(lowercase hex text) is 8 or more.
fn checksum_encode(lower_hex: &str) -> String {
    let hash = keccak256(lower_hex.as_bytes());
    let nibbles = hash.iter().flat_map(|b| [b >> 4, b & 0x0f]);
    let mut out = String::with_capacity(2 + lower_hex.len());
    out.push_str("0x");
    for (c, nibble) in lower_hex.chars().zip(nibbles) {
        out.push(if nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    out
}

pub fn evm_address_from_bytes(bytes: &[u8; 20]) -> String {
    let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    checksum_encode(&lower)
}

/// Accepts the EIP-55 form, or a single-case form that carries no checksum
/// (wallets and explorers emit both), and returns the EIP-55 form.
pub fn validate_evm_address(s: &str) -> Result<String, AddressError> {
    let digits = s
        .strip_prefix("0x")
        .filter(|d| d.len() == 40 && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(AddressError::InvalidEvm)?;
    let checksummed = checksum_encode(&digits.to_ascii_lowercase());
    let has_lower = digits.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = digits.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper && checksummed.get(2..) != Some(digits) {
        return Err(AddressError::BadChecksum);
    }
    Ok(checksummed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    // The EIP-55 specification's test cases.
    const EIP55_VECTORS: &[&str] = &[
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    #[test]
    fn keccak256_known_digests() {
        assert_eq!(
            hex(&keccak256(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_eq!(
            hex(&keccak256(b"abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
        );
    }

    #[test]
    fn eip55_vectors_validate_to_themselves() {
        for v in EIP55_VECTORS {
            assert_eq!(validate_evm_address(v).as_deref(), Ok(*v));
        }
    }

    #[test]
    fn single_case_input_is_checksummed() {
        for v in EIP55_VECTORS {
            let digits = &v[2..];
            for input in [
                format!("0x{}", digits.to_ascii_lowercase()),
                format!("0x{}", digits.to_ascii_uppercase()),
            ] {
                assert_eq!(validate_evm_address(&input).as_deref(), Ok(*v), "{input}");
            }
        }
    }

    #[test]
    fn a_single_case_flip_breaks_the_checksum() {
        let good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(
            validate_evm_address("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            Err(AddressError::BadChecksum)
        );
        assert_eq!(
            validate_evm_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAEd"),
            Err(AddressError::BadChecksum)
        );
        // Every letter flipped in turn.
        for (i, c) in good.char_indices().skip(2) {
            if c.is_ascii_alphabetic() {
                let mut flipped = good.to_string();
                let swapped = if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                flipped.replace_range(i..=i, &swapped.to_string());
                assert_eq!(
                    validate_evm_address(&flipped),
                    Err(AddressError::BadChecksum),
                    "{flipped}"
                );
            }
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for s in [
            "",
            "0x",
            "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
            " 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA€",
        ] {
            assert_eq!(
                validate_evm_address(s),
                Err(AddressError::InvalidEvm),
                "{s:?}"
            );
        }
    }

    #[test]
    fn generated_addresses_are_checksummed_and_valid() {
        let bytes: [u8; 20] = [
            0x5a, 0xae, 0xb6, 0x05, 0x3f, 0x3e, 0x94, 0xc9, 0xb9, 0xa0, 0x9f, 0x33, 0x66, 0x94,
            0x35, 0xe7, 0xef, 0x1b, 0xea, 0xed,
        ];
        let addr = evm_address_from_bytes(&bytes);
        assert_eq!(addr, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assert_eq!(validate_evm_address(&addr), Ok(addr.clone()));
        let zero = evm_address_from_bytes(&[0; 20]);
        assert_eq!(zero, "0x0000000000000000000000000000000000000000");
        assert_eq!(validate_evm_address(&zero), Ok(zero.clone()));
        for seed in 0u8..50 {
            let bytes: [u8; 20] = std::array::from_fn(|i| seed.wrapping_mul(37) ^ (i as u8 * 11));
            let addr = evm_address_from_bytes(&bytes);
            assert_eq!(validate_evm_address(&addr), Ok(addr.clone()));
        }
    }
}
