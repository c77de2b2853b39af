//! An unsigned 256-bit integer, as much of one as transactions need: wei
//! amounts and signature scalars, exact, compared, printed and parsed in
//! decimal or 0x-hex, and RLP-encoded. No arithmetic: Coffer's amounts are
//! i128 and only ever converted.

use alloy_rlp::{BufMut, Decodable, Encodable, Header};
use std::fmt;
use std::str::FromStr;

/// Big-endian bytes, so the derived ordering is the numeric one.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct U256([u8; 32]);

impl U256 {
    pub const ZERO: U256 = U256([0; 32]);

    pub const fn from_be_bytes(bytes: [u8; 32]) -> U256 {
        U256(bytes)
    }

    /// Up to 32 big-endian bytes; `None` when longer.
    pub fn from_be_slice(bytes: &[u8]) -> Option<U256> {
        let pad = 32usize.checked_sub(bytes.len())?;
        let mut out = [0u8; 32];
        out[pad..].copy_from_slice(bytes);
        Some(U256(out))
    }

    pub const fn to_be_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// Without leading zero bytes: empty for zero.
    pub fn trimmed(&self) -> &[u8] {
        let zeros = self.0.iter().take_while(|&&b| b == 0).count();
        &self.0[zeros..]
    }

    pub fn to_u128(&self) -> Option<u128> {
        let (high, low) = self.0.split_at(16);
        let low: [u8; 16] = low.try_into().ok()?;
        high.iter()
            .all(|&b| b == 0)
            .then(|| u128::from_be_bytes(low))
    }

    /// `self * base + digit`, or `None` past 2^256.
    fn mul_add(self, base: u16, digit: u16) -> Option<U256> {
        let mut out = self.0;
        let mut carry = digit;
        for byte in out.iter_mut().rev() {
            let v = u16::from(*byte) * base + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        (carry == 0).then_some(U256(out))
    }

    /// `(self / 10, self % 10)`.
    fn div_rem_10(self) -> (U256, u8) {
        let mut out = self.0;
        let mut rem = 0u16;
        for byte in out.iter_mut() {
            let v = (rem << 8) | u16::from(*byte);
            *byte = (v / 10) as u8;
            rem = v % 10;
        }
        (U256(out), rem as u8)
    }
}

impl From<u128> for U256 {
    fn from(v: u128) -> U256 {
        let mut out = [0u8; 32];
        out[16..].copy_from_slice(&v.to_be_bytes());
        U256(out)
    }
}

impl From<u64> for U256 {
    fn from(v: u64) -> U256 {
        U256::from(u128::from(v))
    }
}

/// Decimal.
impl fmt::Display for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = Vec::with_capacity(78);
        let mut rest = *self;
        loop {
            let (q, r) = rest.div_rem_10();
            digits.push(b'0' + r);
            rest = q;
            if rest == U256::ZERO {
                break;
            }
        }
        digits.reverse();
        f.write_str(&String::from_utf8_lossy(&digits))
    }
}

impl fmt::Debug for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `0x` + hex digits, as JSON-RPC writes quantities.
impl fmt::LowerHex for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = crate::crypto::hex(self.trimmed());
        let digits = hex.trim_start_matches('0');
        f.write_str(if digits.is_empty() { "0" } else { digits })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseU256Error;

impl fmt::Display for ParseU256Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a decimal or 0x-hex integer below 2^256")
    }
}

impl std::error::Error for ParseU256Error {}

/// Decimal digits, or `0x` + hex digits; no sign, no spaces.
impl FromStr for U256 {
    type Err = ParseU256Error;

    fn from_str(s: &str) -> Result<U256, ParseU256Error> {
        let (digits, base) = match s.strip_prefix("0x") {
            Some(hex) => (hex, 16),
            None => (s, 10),
        };
        if digits.is_empty() {
            return Err(ParseU256Error);
        }
        digits.chars().try_fold(U256::ZERO, |acc, c| {
            let d = c.to_digit(base).ok_or(ParseU256Error)?;
            acc.mul_add(base as u16, d as u16).ok_or(ParseU256Error)
        })
    }
}

/// An RLP integer: its big-endian bytes without leading zeros.
impl Encodable for U256 {
    fn encode(&self, out: &mut dyn BufMut) {
        self.trimmed().encode(out)
    }

    fn length(&self) -> usize {
        self.trimmed().length()
    }
}

impl Decodable for U256 {
    fn decode(buf: &mut &[u8]) -> alloy_rlp::Result<U256> {
        let bytes = Header::decode_bytes(buf, false)?;
        if bytes.first() == Some(&0) {
            return Err(alloy_rlp::Error::LeadingZero);
        }
        U256::from_be_slice(bytes).ok_or(alloy_rlp::Error::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: &str =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    #[test]
    fn decimal_and_hex_round_trip_exactly() {
        let max: U256 = MAX.parse().unwrap();
        assert_eq!(max, U256::from_be_bytes([0xff; 32]));
        assert_eq!(max.to_string(), MAX);
        assert_eq!(format!("{max:x}"), "f".repeat(64));
        let big: U256 = "123456789012345678901234567890".parse().unwrap();
        assert_eq!(format!("{big:x}"), "18ee90ff6c373e0ee4e3f0ad2");
        assert_eq!("0x18ee90ff6c373e0ee4e3f0ad2".parse::<U256>(), Ok(big));
        assert_eq!(U256::ZERO.to_string(), "0");
        assert_eq!(format!("{:x}", U256::ZERO), "0");
        assert_eq!(U256::from(u128::MAX).to_u128(), Some(u128::MAX));
        assert_eq!(big.to_u128(), Some(123456789012345678901234567890));
        assert_eq!(max.to_u128(), None);
        assert!(U256::from(u64::MAX) < big && big < max);
    }

    #[test]
    fn refuses_overflow_and_junk() {
        // 2^256 itself.
        let two_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        for bad in [
            two_256,
            "",
            "0x",
            "-1",
            "1 ",
            "1e3",
            "0x1g",
            &format!("0x1{}", "0".repeat(64)),
        ] {
            assert_eq!(bad.parse::<U256>(), Err(ParseU256Error), "{bad}");
        }
        assert_eq!(U256::from_be_slice(&[1; 33]), None);
    }

    #[test]
    fn rlp_is_the_integer_encoding() {
        let enc = |v: U256| {
            let mut out = Vec::new();
            v.encode(&mut out);
            assert_eq!(out.len(), v.length());
            out
        };
        assert_eq!(enc(U256::ZERO), [0x80]);
        assert_eq!(enc(U256::from(0x7fu64)), [0x7f]);
        assert_eq!(enc(U256::from(0x80u64)), [0x81, 0x80]);
        assert_eq!(enc(U256::from(0x0400u64)), [0x82, 0x04, 0x00]);
        let dec = |b: &[u8]| U256::decode(&mut &b[..]);
        assert_eq!(dec(&[0x82, 0x04, 0x00]), Ok(U256::from(0x400u64)));
        assert_eq!(dec(&[0x82, 0x00, 0x04]), Err(alloy_rlp::Error::LeadingZero));
        assert_eq!(
            dec(&[0x81, 0x04]),
            Err(alloy_rlp::Error::NonCanonicalSingleByte)
        );
        let mut long = vec![0xa1, 1];
        long.extend([0; 32]);
        assert_eq!(dec(&long), Err(alloy_rlp::Error::Overflow));
    }
}
