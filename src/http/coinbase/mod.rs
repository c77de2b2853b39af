//! The Coinbase Custody v1 compatible API (`/api/v1`, docs/api.md, "Coinbase-compatible API"): the
//! native objects in Coinbase's shapes, one module per resource. Its
//! "organization" is the key's tenant and environment.

pub mod address_book;
pub mod addresses;
pub mod currencies;
pub mod transactions;
pub mod users;
pub mod wallets;

use super::context::Ctx;
use super::query::Query;
use crate::domain::asset::Asset;
use crate::domain::money::{format_amount_min_fraction, Amount};
use crate::domain::Error;
use crate::service::ledger::Ledger;
use serde_json::{Number, Value};

/// An atomic amount as a JSON integer with every digit, even past 2^53: the
/// token is written from the integer's decimal digits, never through f64.
pub fn atomic(a: Amount) -> Result<Value, Error> {
    serde_json::from_str::<Number>(&a.atomic().to_string())
        .map(Value::Number)
        .map_err(|e| Error::Internal(format!("amount {} as JSON: {e}", a.atomic())))
}

/// A whole-unit amount as the seed writes it: "0.0", "1.0", "0.015".
pub fn whole(a: Amount, asset: &Asset) -> String {
    format_amount_min_fraction(a, asset.decimals, 1)
}

/// The `currency` filter of a list, in any case ("btc"): the id of a
/// configured asset, or 400.
pub fn currency_filter(ledger: &Ledger, query: &mut Query) -> Result<Option<String>, Error> {
    query
        .take("currency")
        .map(|symbol| {
            ledger
                .assets
                .get(&symbol.to_ascii_uppercase())
                .map(|a| a.id.clone())
                .ok_or_else(|| {
                    Error::field("currency", format!("'{symbol}' is not a known currency"))
                })
        })
        .transpose()
}

/// The enabled asset a new object's `currency` field names, in any case.
pub fn enabled_currency<'a>(ledger: &'a Ledger, symbol: &str) -> Result<&'a Asset, Error> {
    ledger
        .assets
        .enabled("currency", &symbol.to_ascii_uppercase())
}

/// Links to the approval console, where activities are approved: under
/// `public_url` (which `serve` sets to the bound address when the operator left
/// it empty), never under the request's `Host` header.
#[derive(Debug, Clone)]
pub struct Console(String);

impl Console {
    pub fn of(ctx: &Ctx) -> Console {
        Console(ctx.app.config.public_url.clone())
    }

    /// The seed's `approval_url`.
    pub fn activity(&self, activity_id: &str) -> String {
        format!("{}/console/activities/{activity_id}", self.0)
    }
}

/// Renames the native field a shared service named to the seed's name for it,
/// so that a 400 names what the Coinbase client sent.
pub fn seed_field(e: Error, renames: &[(&str, &str)]) -> Error {
    match e {
        Error::InvalidField {
            code,
            field,
            message,
        } => {
            let field = renames
                .iter()
                .find(|(native, _)| *native == field)
                .map_or(field, |(_, seed)| (*seed).to_string());
            Error::InvalidField {
                code,
                field,
                message,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_amounts_keep_every_digit() {
        let wei = Amount::from_atomic(10i128.pow(30) + 1);
        assert_eq!(
            atomic(wei).unwrap().to_string(),
            "1000000000000000000000000000001"
        );
        assert_eq!(
            atomic(Amount::from_atomic(-100)).unwrap().to_string(),
            "-100"
        );
        assert_eq!(atomic(Amount::ZERO).unwrap().to_string(), "0");
    }

    #[test]
    fn field_errors_are_renamed_to_the_seeds_names() {
        let e = seed_field(
            Error::field("amount", "is too large"),
            &[("amount", "whole_amount")],
        );
        assert_eq!(e, Error::field("whole_amount", "is too large"));
        let other = Error::conflict("x", "y");
        assert_eq!(seed_field(other.clone(), &[("amount", "a")]), other);
    }
}
