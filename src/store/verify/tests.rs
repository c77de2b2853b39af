use super::*;
use crate::store::tests::memory;

/// Books with a few accounts, journals and audit records, as the ledger
/// writes them.
fn books() -> Connection {
    let conn = memory();
    conn.execute_batch(
        "INSERT INTO ledger_accounts (id, tenant_id, environment, asset_id, kind, balance) VALUES
             ('a', 't', 'test', 'BTC', 'external', '-6'),
             ('b', 't', 'test', 'BTC', 'external', '4'),
             ('c', 't', 'test', 'BTC', 'external', '2');
         INSERT INTO ledger_entries (journal_id, transaction_id, account_id, asset_id, amount, created_at) VALUES
             ('j1', 't1', 'a', 'BTC', '-3', 0), ('j1', 't1', 'b', 'BTC', '3', 0),
             ('j2', 't2', 'a', 'BTC', '-2', 0), ('j2', 't2', 'b', 'BTC', '1', 0),
             ('j2', 't2', 'c', 'BTC', '1', 0),
             ('j3', 't2', 'a', 'BTC', '-1', 0), ('j3', 't2', 'c', 'BTC', '1', 0);",
    )
    .unwrap();
    for n in 0..5 {
        let entry = crate::domain::audit::AuditEntry {
            actor_type: "cli".into(),
            actor_id: "test".into(),
            action: format!("test.{n}"),
            ..Default::default()
        };
        audit::append(&conn, &entry, crate::clock::Timestamp::from_millis(n)).unwrap();
    }
    conn
}

fn checked(conn: &Connection, chunk: i64) -> Result<Verified, Broken> {
    let mut steps = Vec::new();
    let verdict = in_chunks(conn, chunk, &mut |p| steps.push(p)).unwrap();
    assert!(steps.iter().all(|p| p.done <= p.total), "{steps:?}");
    verdict
}

#[test]
fn chunks_of_any_size_check_every_row() {
    let conn = books();
    for chunk in [1, 2, 3, CHUNK] {
        assert_eq!(
            checked(&conn, chunk),
            Ok(Verified {
                accounts: 3,
                entries: 7,
                audit_records: 5
            }),
            "chunks of {chunk}"
        );
    }
}

#[test]
fn a_tampered_balance_entry_or_record_is_found_in_any_chunk() {
    let tampered: [(&str, &str); 5] = [
        (
            "UPDATE ledger_accounts SET balance = '3' WHERE id = 'c'",
            "ledger account c has a balance of 3",
        ),
        // Moving one unit between two journals of one transaction keeps
        // the transaction's sum: each journal must balance on its own.
        (
            "UPDATE ledger_entries SET amount = '2' WHERE journal_id = 'j2' AND account_id = 'c';
             UPDATE ledger_entries SET amount = '0' WHERE journal_id = 'j3' AND account_id = 'c'",
            "journal j2 of transaction t2 has BTC entries summing to 1",
        ),
        (
            "UPDATE audit_log SET action = 'forged' WHERE seq = 4",
            "audit record 4 ",
        ),
        ("DELETE FROM audit_log WHERE seq = 3", "audit record 4 "),
        (
            "UPDATE ledger_accounts SET balance = 'x' WHERE id = 'c'",
            "ledger account c has a balance of x",
        ),
    ];
    for (change, expected) in tampered {
        for chunk in [1, 2, CHUNK] {
            let conn = books();
            conn.execute_batch(change).unwrap();
            let Err(Broken(problem)) = checked(&conn, chunk) else {
                panic!("{change} went unnoticed in chunks of {chunk}");
            };
            assert!(
                problem.contains(expected),
                "{change}, chunks of {chunk}: {problem}"
            );
        }
    }
}

#[test]
fn the_whole_file_checks_find_a_counter_that_disagrees_with_its_rows() {
    let conn = books();
    assert_eq!(whole_file(&conn).unwrap(), Ok(()));
    conn.execute_batch(
        "INSERT INTO status_counts (subject, kind, status, n)
         VALUES ('transaction', 'Deposit', 'Completed', 1)",
    )
    .unwrap();
    let Err(Broken(problem)) = whole_file(&conn).unwrap() else {
        panic!("a wrong counter went unnoticed");
    };
    assert!(
        problem.contains("status_counts says 1 Deposit transactions are Completed, there are none"),
        "{problem}"
    );
    // `verify` runs them; the chunked checks alone (a live database's) do not.
    assert!(verify(&conn).unwrap().is_err());
    assert!(verify_with(&conn, Scope::Live, &mut |_| {})
        .unwrap()
        .is_ok());
}
