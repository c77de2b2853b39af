//! Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1,
//! 30-second steps, 6 digits, what every authenticator app speaks. Pure: the
//! caller gives the secret and the time. A code is accepted for the step
//! before or after the current one (clock drift) and only for a step later
//! than the last one accepted, so each code works once.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;

/// The HOTP value of `secret` at counter `step` (RFC 4226 §5.3).
pub fn code_at(secret: &[u8], step: u64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        // HMAC takes keys of any length; this branch cannot run.
        return 0;
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    bin % 10u32.pow(DIGITS)
}

/// The step `unix_secs` falls in.
pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The step `code` is valid for at `unix_secs`, if it is one after
/// `last_step`. The code must be exactly six digits.
pub fn verify(secret: &[u8], code: &str, unix_secs: i64, last_step: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let given: u32 = code.parse().ok()?;
    let now = step_of(unix_secs);
    [now - 1, now, now + 1]
        .into_iter()
        .filter(|s| *s > last_step && *s >= 0)
        .find(|s| code_at(secret, u64::try_from(*s).unwrap_or(0)) == given)
}

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The `otpauth://` URI an authenticator app scans (Key Uri Format).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn matches_the_rfc_6238_sha1_vectors() {
        // RFC 6238 Appendix B gives 8 digits; the last 6 are the 6-digit code.
        for (t, eight) in [
            (59, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            let step = u64::try_from(step_of(t)).unwrap();
            assert_eq!(code_at(RFC_SECRET, step), eight % 1_000_000, "t={t}");
        }
    }

    #[test]
    fn accepts_a_step_of_drift_and_each_step_once() {
        let t = 1_234_567_890;
        let code = format!("{:06}", code_at(RFC_SECRET, 41_152_263));
        assert_eq!(verify(RFC_SECRET, &code, t, 0), Some(41_152_263));
        assert_eq!(verify(RFC_SECRET, &code, t + 30, 0), Some(41_152_263));
        assert_eq!(verify(RFC_SECRET, &code, t + 60, 0), None);
        assert_eq!(verify(RFC_SECRET, &code, t, 41_152_263), None);
        assert_eq!(verify(RFC_SECRET, "12345", t, 0), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", t, 0), None);
    }

    #[test]
    fn encodes_base32_and_the_uri() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(
            otpauth_uri("Coffer", "ann@example.com", b"foobar"),
            "otpauth://totp/Coffer:ann@example.com?secret=MZXW6YTBOI&issuer=Coffer\
             &algorithm=SHA1&digits=6&period=30"
        );
    }
}
