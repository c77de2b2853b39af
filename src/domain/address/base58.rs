//! Base58 and Base58Check decoding, as used by legacy bitcoin addresses
//! (P2PKH, P2SH). Decoding only: the custody server never mints these.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn digit_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

/// Decodes base58 text to bytes; `None` on any character outside the alphabet.
/// Quadratic in the length, so callers bound the input first.
pub(super) fn decode(s: &str) -> Option<Vec<u8>> {
    // Each leading '1' stands for one leading zero byte, which the number
    // itself cannot represent.
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    // Little-endian base-256 digits of the number.
    let mut num: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.bytes().skip(zeros) {
        let mut carry = u32::from(digit_value(c)?);
        for byte in num.iter_mut() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            num.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut out = vec![0u8; zeros];
    out.extend(num.iter().rev());
    Some(out)
}

/// Decodes Base58Check: the payload, once its 4-byte double-SHA256 checksum
/// has been verified and stripped.
pub(super) fn decode_check(s: &str) -> Option<Vec<u8>> {
    let mut bytes = decode(s)?;
    let payload_len = bytes.len().checked_sub(4)?;
    let checksum = bytes.split_off(payload_len);
    let digest = Sha256::digest(Sha256::digest(&bytes));
    (digest.get(..4) == Some(checksum.as_slice())).then_some(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn decodes_bitcoin_core_vectors() {
        // From bitcoin/src/test/data/base58_encode_decode.json.
        for (want, s) in [
            ("", ""),
            ("61", "2g"),
            ("626262", "a3gV"),
            ("636363", "aPEr"),
            (
                "73696d706c792061206c6f6e6720737472696e67",
                "2cFupjhnEsSn59qHXstmK2ffpLv2",
            ),
            (
                "00eb15231dfceb60925886b67d065299925915aeb172c06647",
                "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
            ),
            ("516b6fcd0f", "ABnLTmg"),
            ("bf4f89001e670274dd", "3SEo3LWLoPntC"),
            ("572e4794", "3EFU7m"),
            ("ecac89cad93923c02321", "EJDM8drfXA6uyA"),
            ("10c8511e", "Rt5zm"),
            ("00000000000000000000", "1111111111"),
            (
                "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
                "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
            ),
            ("271f359e", "zzzzy"),
            ("271f359f", "zzzzz"),
            ("271f35a0", "211111"),
            ("271f35a1", "211112"),
        ] {
            assert_eq!(hex(&decode(s).unwrap()), want, "{s}");
        }
    }

    #[test]
    fn refuses_characters_outside_the_alphabet() {
        for s in ["0", "O", "I", "l", "2g ", " 2g", "2g\n", "é", "+"] {
            assert_eq!(decode(s), None, "{s:?}");
        }
    }

    #[test]
    fn checks_and_strips_the_checksum() {
        let payload = decode_check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").unwrap();
        assert_eq!(hex(&payload), "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
        let payload = decode_check("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy").unwrap();
        assert_eq!(hex(&payload), "05b472a266d0bd89c13706a4132ccfb16f7c3b9fcb");
        // Core's vector decodes as base58 but its last 4 bytes are no checksum.
        assert_eq!(decode_check("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"), None);
        // One character changed.
        assert_eq!(decode_check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"), None);
        // Shorter than a checksum.
        assert_eq!(decode_check("2g"), None);
        assert_eq!(decode_check(""), None);
    }
}
