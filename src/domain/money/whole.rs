//! A requested amount in whole units, checked at the edge (docs/architecture.md,
//! "Typed values at the edge").

use super::{parse_positive_amount, split_decimal, Amount, AmountError};
use crate::domain::Error;

/// An amount as a request states it, in whole units of an asset not yet
/// known ("0.015"): a well-formed non-negative decimal. The handler parses it
/// (syntax and sign need no asset); the service scales it with
/// [`WholeAmount::scale`] once it has read the wallet and so knows the
/// asset's decimals, which is where "too many decimals", "too large" and
/// "not greater than zero" are decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeAmount(String);

impl WholeAmount {
    /// The request's text, or why it is not a decimal amount.
    pub fn parse(text: impl Into<String>) -> Result<WholeAmount, AmountError> {
        let text = text.into();
        split_decimal(&text)?;
        Ok(WholeAmount(text))
    }

    /// [`WholeAmount::parse`] for the body field `field`, its refusal a 400
    /// naming that field.
    pub fn field(field: &str, text: impl Into<String>) -> Result<WholeAmount, Error> {
        WholeAmount::parse(text).map_err(|e| Error::field(field, e.to_string()))
    }

    /// The amount in atomic units of an asset with `decimals`, refused when it
    /// has more decimals than that, is too large or is zero (the field named
    /// `amount` in the refusal, as the native API calls it).
    pub fn scale(&self, decimals: u32) -> Result<Amount, Error> {
        parse_positive_amount(&self.0, decimals).map_err(|e| Error::field("amount", e.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_refuses_what_no_asset_could_accept() {
        assert_eq!(WholeAmount::parse(""), Err(AmountError::Empty));
        for junk in ["-1", "+1", "1e8", " 1", "01", ".5", "5.", "NaN", "0x10"] {
            assert_eq!(
                WholeAmount::parse(junk),
                Err(AmountError::Malformed),
                "{junk}"
            );
        }
        let e = WholeAmount::field("whole_amount", "-1").unwrap_err();
        assert_eq!(
            e,
            Error::field("whole_amount", "must be a decimal string such as \"0.015\"")
        );
    }

    #[test]
    fn scaling_decides_what_depends_on_the_asset() {
        let a = WholeAmount::parse("0.015").unwrap();
        assert_eq!(a.scale(8).unwrap(), Amount::from_atomic(1_500_000));
        assert_eq!(
            a.scale(2).unwrap_err(),
            Error::field("amount", "has more than 2 decimal places")
        );
        let zero = WholeAmount::parse("0.0").unwrap();
        assert_eq!(
            zero.scale(8).unwrap_err(),
            Error::field("amount", "must be greater than zero")
        );
        let huge = WholeAmount::parse("1000000000000000000000").unwrap();
        assert_eq!(
            huge.scale(18).unwrap_err(),
            Error::field("amount", "is too large")
        );
    }
}
