//! Exact money: integer atomic units (satoshi, wei...) and the strict decimal
//! strings the APIs exchange. No floats anywhere: a float cannot hold 0.1 BTC or
//! a wei balance above 2^53 exactly.

use std::fmt;

mod whole;
pub use whole::WholeAmount;

/// The largest absolute number of atomic units an [`Amount`] may hold.
///
/// 10^36 wei is 10^18 ETH, far above any real balance, and keeps any sum of up
/// to ~170 million in-range amounts inside i128, so totals never overflow.
pub const MAX_ATOMIC: i128 = 10i128.pow(36);

/// A quantity of one asset in atomic units. Which asset, and so how many
/// decimals, is the caller's to track: the number alone is never rendered.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash, Default)]
pub struct Amount(i128);

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// Trusts its input: use it for values the server computed or stored itself.
    pub const fn from_atomic(atomic: i128) -> Amount {
        Amount(atomic)
    }

    /// For values from outside (a database column, a chain node): `None` beyond
    /// [`MAX_ATOMIC`].
    pub fn checked_from_atomic(atomic: i128) -> Option<Amount> {
        (atomic.unsigned_abs() <= MAX_ATOMIC.unsigned_abs()).then_some(Amount(atomic))
    }

    pub const fn atomic(self) -> i128 {
        self.0
    }

    pub fn checked_add(self, rhs: Amount) -> Option<Amount> {
        self.0
            .checked_add(rhs.0)
            .and_then(Amount::checked_from_atomic)
    }

    pub fn checked_sub(self, rhs: Amount) -> Option<Amount> {
        self.0
            .checked_sub(rhs.0)
            .and_then(Amount::checked_from_atomic)
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
}

/// Why an amount string was refused. The `Display` text completes a sentence
/// whose subject is the field ("amount must be ..."), so an API can prefix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    /// Anything outside `^(0|[1-9][0-9]*)(\.[0-9]+)?$`: signs, exponents,
    /// whitespace, NaN, leading zeros, a bare or dangling dot.
    Malformed,
    TooManyDecimals {
        max: u32,
    },
    TooLarge,
    NotPositive,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => f.write_str("must not be empty"),
            AmountError::Malformed => f.write_str("must be a decimal string such as \"0.015\""),
            AmountError::TooManyDecimals { max: 0 } => {
                f.write_str("must be a whole number without decimal places")
            }
            AmountError::TooManyDecimals { max: 1 } => f.write_str("has more than 1 decimal place"),
            AmountError::TooManyDecimals { max } => {
                write!(f, "has more than {max} decimal places")
            }
            AmountError::TooLarge => f.write_str("is too large"),
            AmountError::NotPositive => f.write_str("must be greater than zero"),
        }
    }
}

impl std::error::Error for AmountError {}

/// Parses a whole-unit decimal string into atomic units, exactly.
///
/// Strict on purpose: "1.500000000" with 8 decimals is refused rather than
/// silently trimmed, so a client that confuses assets finds out at once.
pub fn parse_amount(s: &str, decimals: u32) -> Result<Amount, AmountError> {
    let (int_part, frac_part) = split_decimal(s)?;
    // Widening u32 -> u64 cannot truncate, unlike a cast to usize on 32-bit.
    if frac_part.len() as u64 > u64::from(decimals) {
        return Err(AmountError::TooManyDecimals { max: decimals });
    }

    let mut value: i128 = 0;
    for b in int_part.bytes().chain(frac_part.bytes()) {
        value = push_digit(value, b - b'0')?;
    }
    // Scaling zero would loop up to u32::MAX times for nothing; anything else
    // exceeds MAX_ATOMIC within 37 steps, so the loop is short either way.
    if value != 0 {
        let missing = u64::from(decimals) - frac_part.len() as u64;
        for _ in 0..missing {
            value = push_digit(value, 0)?;
        }
    }
    Ok(Amount(value))
}

/// Like [`parse_amount`] for movements (transfers, withdrawals, deposits),
/// where zero is meaningless and is refused.
pub fn parse_positive_amount(s: &str, decimals: u32) -> Result<Amount, AmountError> {
    let amount = parse_amount(s, decimals)?;
    if amount.is_positive() {
        Ok(amount)
    } else {
        Err(AmountError::NotPositive)
    }
}

/// The integer and fraction digits of a decimal string, or why it is not one
/// (the syntax check, which needs no asset: see [`WholeAmount`]).
fn split_decimal(s: &str) -> Result<(&str, &str), AmountError> {
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((int_part, frac_part)) => (int_part, frac_part),
        None => (s, ""),
    };
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let has_dot = int_part.len() < s.len();
    if int_part.is_empty()
        || !all_digits(int_part)
        || (int_part.len() > 1 && int_part.starts_with('0'))
        || (has_dot && (frac_part.is_empty() || !all_digits(frac_part)))
    {
        return Err(AmountError::Malformed);
    }
    Ok((int_part, frac_part))
}

fn push_digit(value: i128, digit: u8) -> Result<i128, AmountError> {
    value
        .checked_mul(10)
        .and_then(|v| v.checked_add(i128::from(digit)))
        .filter(|v| *v <= MAX_ATOMIC)
        .ok_or(AmountError::TooLarge)
}

/// The canonical whole-unit string: "0.015", "1", "0", "-2.5".
pub fn format_amount(a: Amount, decimals: u32) -> String {
    format_amount_min_fraction(a, decimals, 0)
}

/// Like [`format_amount`] but keeps at least `min_frac` fractional digits,
/// for the legacy API that renders zero as "0.0" and one BTC as "1.0".
pub fn format_amount_min_fraction(a: Amount, decimals: u32, min_frac: u32) -> String {
    // unsigned_abs, because -i128::MIN does not exist but from_atomic allows it.
    let digits = a.0.unsigned_abs().to_string();
    let decimals = usize::try_from(decimals).unwrap_or(usize::MAX);
    let min_frac = usize::try_from(min_frac).unwrap_or(usize::MAX);

    let (int_part, frac_part) = if digits.len() > decimals {
        digits.split_at(digits.len() - decimals)
    } else {
        ("0", digits.as_str())
    };
    // frac_part lacks the zeros between the dot and its first digit when the
    // amount is below one unit; they are re-inserted here.
    let leading_zeros = decimals.saturating_sub(frac_part.len());
    let significant = frac_part.trim_end_matches('0');

    let mut out = String::new();
    if a.0 < 0 {
        out.push('-');
    }
    out.push_str(int_part);
    let frac_len = if significant.is_empty() {
        0
    } else {
        leading_zeros.saturating_add(significant.len())
    };
    let shown = frac_len.max(min_frac);
    if shown > 0 {
        out.push('.');
        if frac_len > 0 {
            out.extend(std::iter::repeat_n('0', leading_zeros));
            out.push_str(significant);
        }
        out.extend(std::iter::repeat_n('0', shown - frac_len));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
