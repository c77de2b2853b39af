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
    let pending: Vec<_> = migrations()
        .into_iter()
        .filter(|(n, _)| *n > current)
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    // A migration that rebuilds a table (SQLite cannot alter a CHECK) drops a
    // table others refer to; SQLite's own recipe is to turn foreign keys off
    // (outside any transaction), then check them before each commit.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = apply(conn, pending);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn apply(conn: &mut Connection, pending: Vec<(u32, String)>) -> Result<(), Error> {
    for (number, sql) in pending {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(&sql)?;
        let broken: Option<String> = tx
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .next()
            .transpose()?;
        if let Some(table) = broken {
            return Err(Error::Internal(format!(
                "migration {number} left rows of {table} pointing at nothing"
            )));
        }
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
    fn governance_migration_keeps_users_and_activities_and_reads_the_audit_log() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        for (number, sql) in migrations().into_iter().filter(|(n, _)| *n <= 6) {
            conn.execute_batch(&sql).unwrap();
            conn.pragma_update(None, "user_version", number).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO tenants (id, name, is_base, admin_token_salt, admin_token_hmac, created_at)
                 VALUES ('t', 'base', 1, 's', 'h', 1);
             INSERT INTO users (id, tenant_id, name, email, role, status, password_hash, created_at, updated_at)
                 VALUES ('by-cli', 't', 'Cli', 'c@x.io', 'approver', 'Active', '$h', 1, 7),
                        ('by-api', 't', 'Api', 'a@x.io', 'admin', 'Active', '$h', 2, 2),
                        ('off', 't', 'Off', 'o@x.io', 'approver', 'Disabled', NULL, 3, 3);
             INSERT INTO audit_log (seq, id, tenant_id, actor_type, actor_id, action, object_type, object_id, created_at, prev_hash, hash)
                 VALUES (1, 'a1', 't', 'cli', 'users', 'user.create', 'user', 'by-cli', 1, '', 'x'),
                        (2, 'a2', 't', 'api_key', 'k', 'user.create', 'user', 'by-api', 2, 'x', 'y'),
                        (3, 'a3', 't', 'cli', 'keys', 'api_key.create', 'api_key', 'k-cli', 3, 'y', 'z');
             INSERT INTO api_keys (id, tenant_id, environment, name, roles, scopes, ip_allowlist, user_id, created_at)
                 VALUES ('k-cli', 't', 'live', 'a', 'admin', '', '', 'by-cli', 3),
                        ('k-admin', 't', 'live', 'b', 'admin', '', '', 'by-cli', 4),
                        ('k-none', 't', 'live', 'c', 'admin', '', '', NULL, 5);
             INSERT INTO activities (id, tenant_id, environment, action, status, initiator_type, initiator_id,
                                     initiator_name, object_type, object_id, created_at, updated_at)
                 VALUES ('act', 't', 'live', 'withdrawal', 'Pending', 'ApiKey', 'k-none', 'c', 'transaction', 'tx', 5, 5);
             INSERT INTO activity_approvals (activity_id, user_id, decision, created_at)
                 VALUES ('act', 'by-cli', 'Approved', 6);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let user = |id: &str| -> (Option<String>, Option<i64>) {
            conn.query_row(
                "SELECT password_set_by, approver_since FROM users WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        };
        assert_eq!(user("by-cli"), (Some("cli".into()), Some(7)));
        assert_eq!(user("by-api"), (Some("api".into()), Some(2)));
        assert_eq!(user("off"), (None, None));
        let bound = |id: &str| -> Option<String> {
            conn.query_row("SELECT bound_via FROM api_keys WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(bound("k-cli").as_deref(), Some("cli"));
        assert_eq!(bound("k-admin").as_deref(), Some("admin_api"));
        assert_eq!(bound("k-none"), None);
        let approvals: i64 = conn
            .query_row(
                "SELECT count(*) FROM activity_approvals ap
                   JOIN activities ON activities.id = ap.activity_id
                   JOIN users ON users.id = ap.user_id",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(approvals, 1, "the approval still points at both");
        let fk_on: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk_on, 1, "foreign keys are on again");
        conn.execute(
            "UPDATE activities SET action = 'user_change' WHERE id = 'act'",
            [],
        )
        .unwrap();
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
