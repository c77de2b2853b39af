//! Numbered migrations from `schema.sql`, tracked in `PRAGMA user_version`.

use crate::domain::Error;
use rusqlite::Connection;

const SCHEMA: &str = include_str!("../../schema.sql");

/// The migrations in `schema.sql`, in order: (number, SQL).
fn migrations() -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for line in SCHEMA.lines() {
        let number = line
            .strip_prefix("-- migration ")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.trim().parse::<u32>().ok());
        match (number, out.last_mut()) {
            (Some(n), _) => out.push((n, String::new())),
            (None, Some((_, sql))) => {
                sql.push_str(line);
                sql.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The schema version this binary writes.
pub fn latest_version() -> u32 {
    migrations().last().map_or(0, |(n, _)| *n)
}

pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let latest = latest_version();
    if current > latest {
        return Err(Error::Internal(format!(
            "the database has schema version {current} but this coffer binary only knows up to {latest}: \
             it was written by a newer coffer; run that version (or restore a backup made by this one)"
        )));
    }
    for (number, sql) in migrations().into_iter().filter(|(n, _)| *n > current) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(&sql)?;
        tx.pragma_update(None, "user_version", number)?;
        tx.commit()?;
        log::info!("applied database migration {number}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_one_up_without_gaps() {
        let numbers: Vec<u32> = migrations().iter().map(|(n, _)| *n).collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected);
    }

    #[test]
    fn upgrades_a_database_made_by_the_first_schema_in_place() {
        let mut conn = Connection::open_in_memory().unwrap();
        let (number, first) = migrations().into_iter().next().unwrap();
        conn.execute_batch(&first).unwrap();
        conn.pragma_update(None, "user_version", number).unwrap();
        conn.execute_batch(
            "INSERT INTO tenants (id, name, is_base, admin_token_salt, admin_token_hmac, created_at)
                 VALUES ('t', 'base', 1, 's', 'h', 1);
             INSERT INTO vaults (id, tenant_id, environment, name, metadata, status, created_at, updated_at)
                 VALUES ('v', 't', 'test', 'old', '{}', 'Active', 1, 1);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_version());
        let name: String = conn
            .query_row("SELECT name FROM vaults WHERE id = 'v'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "old");
    }

    #[test]
    fn migrates_a_new_database_and_refuses_a_newer_one() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_version());
        migrate(&mut conn).unwrap(); // idempotent
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer coffer"), "{err}");
    }
}
