//! Exact arithmetic on TEXT amounts inside SQL. Balances pass i64, so SQLite's
//! INTEGER cannot hold them; these functions let a single UPDATE check and move
//! money atomically (`… WHERE amt_ge(amt_add(balance, ?), '0')`).

use crate::domain::money::Amount;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::Connection;

/// The stored form of an amount: its atomic units as a decimal integer.
pub fn to_sql(a: Amount) -> String {
    a.atomic().to_string()
}

/// Reads a stored amount; anything else is a corrupt row.
pub fn from_sql(text: &str) -> Result<Amount, String> {
    text.parse::<i128>()
        .ok()
        .and_then(Amount::checked_from_atomic)
        .ok_or_else(|| format!("'{text}' is not a stored amount"))
}

fn arg(ctx: &Context, i: usize) -> rusqlite::Result<Amount> {
    let text: String = ctx.get(i)?;
    from_sql(&text).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
}

/// The message SQLite reports when `amt_add`/`amt_sum` would leave the range
/// of an [`Amount`]: the function's error type does not survive the trip
/// through SQLite, only its text, which `store::Error::from` recognises.
pub const OVERFLOW: &str = "amount overflow";

fn overflow() -> rusqlite::Error {
    rusqlite::Error::UserFunctionError(OVERFLOW.into())
}

/// Whether `e` is the overflow of an amount function, however it surfaced.
pub fn is_overflow(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message == OVERFLOW,
        rusqlite::Error::UserFunctionError(inner) => inner.to_string() == OVERFLOW,
        _ => false,
    }
}

struct Sum;

impl Aggregate<Amount, String> for Sum {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Amount> {
        Ok(Amount::ZERO)
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Amount) -> rusqlite::Result<()> {
        *acc = acc.checked_add(arg(ctx, 0)?).ok_or_else(overflow)?;
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Amount>) -> rusqlite::Result<String> {
        Ok(to_sql(acc.unwrap_or(Amount::ZERO)))
    }
}

pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("amt_add", 2, flags, |ctx| {
        Ok(to_sql(
            arg(ctx, 0)?
                .checked_add(arg(ctx, 1)?)
                .ok_or_else(overflow)?,
        ))
    })?;
    conn.create_scalar_function("amt_ge", 2, flags, |ctx| Ok(arg(ctx, 0)? >= arg(ctx, 1)?))?;
    conn.create_aggregate_function("amt_sum", 1, flags, Sum)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_recognised_after_its_trip_through_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let max = to_sql(Amount::from_atomic(crate::domain::money::MAX_ATOMIC));
        let e = conn
            .query_row("SELECT amt_add(?1, '1')", [&max], |r| r.get::<_, String>(0))
            .unwrap_err();
        assert!(is_overflow(&e), "{e:?}");
        assert!(matches!(
            crate::domain::Error::from(e),
            crate::domain::Error::Refused {
                code: "amount_too_large",
                ..
            }
        ));
        let other = conn.query_row("SELECT nope()", [], |r| r.get::<_, String>(0));
        assert!(!is_overflow(&other.unwrap_err()));
    }

    #[test]
    fn sql_arithmetic_is_exact_beyond_i64() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let big = "123456789012123456789012345678";
        let sum: String = conn
            .query_row("SELECT amt_add(?1, '1')", [big], |r| r.get(0))
            .unwrap();
        assert_eq!(sum, "123456789012123456789012345679");
        let ge: bool = conn
            .query_row("SELECT amt_ge('-1', '0')", [], |r| r.get(0))
            .unwrap();
        assert!(!ge);
        conn.execute_batch("CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('5'), ('-7');")
            .unwrap();
        conn.execute("INSERT INTO t VALUES (?1)", [big]).unwrap();
        let total: String = conn
            .query_row("SELECT amt_sum(a) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, "123456789012123456789012345676");
        assert!(conn
            .query_row("SELECT amt_add('x', '1')", [], |r| r.get::<_, String>(0))
            .is_err());
    }
}
