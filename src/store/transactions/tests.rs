use super::*;
use crate::domain::ids::TypedId;
use crate::store::tests::memory;

fn partition() -> Partition {
    Partition {
        tenant_id: crate::domain::ids::TypedId::from_stored("tenant".into()),
        environment: Environment::Test,
    }
}

fn saved(conn: &Connection, kind: Kind, id: &str) -> Transaction {
    let t = Transaction::new(
        TransactionId::from_stored(id.into()),
        Details::example(kind),
        Status::Completed,
        ("BTC", "bitcoin"),
        crate::domain::money::Amount::from_atomic(5),
        Timestamp::from_millis(1),
    );
    insert(conn, &partition(), &t).unwrap();
    t
}

fn memory_without_wallets() -> Connection {
    let conn = memory();
    // The examples name wallets that do not exist.
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn
}

#[test]
fn every_kind_reads_back_as_it_was_saved() {
    let conn = memory_without_wallets();
    for (kind, id) in [
        (Kind::Deposit, "d"),
        (Kind::Transfer, "t"),
        (Kind::Withdrawal, "w"),
    ] {
        let t = saved(&conn, kind, id);
        assert_eq!(get(&conn, &partition(), &t.id).unwrap(), t);
    }
}

#[test]
fn a_row_without_an_id_its_kind_must_have_is_an_error() {
    let conn = memory_without_wallets();
    for (kind, id, column) in [
        (Kind::Deposit, "d", "destination_wallet_id"),
        (Kind::Transfer, "t", "source_vault_id"),
        (Kind::Withdrawal, "w", "address_book_entry_id"),
    ] {
        let t = saved(&conn, kind, id);
        conn.execute(
            &format!("UPDATE transactions SET {column} = NULL WHERE id = ?1"),
            [id],
        )
        .unwrap();
        match get(&conn, &partition(), &t.id) {
            Err(Error::Internal(message)) => assert!(message.contains(column), "{message}"),
            other => panic!("{kind:?} without {column}: {other:?}"),
        }
    }
}
