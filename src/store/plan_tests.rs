//! Query plans of the store's routine reads: what a worker asks every tick
//! must be served by an index, whatever the size of the table.

use super::tests::memory;
use crate::domain::signer_request::RequestStatus;
use crate::domain::transaction::Status;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;
use std::sync::{Arc, Mutex};

/// The plan of every statement `run` prepares on `conn`, one line per step.
fn plans(conn: &mut Connection, run: impl FnOnce(&Connection)) -> Vec<String> {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let record = Arc::clone(&seen);
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(move |event: TraceEvent| {
            if let TraceEvent::Stmt(_, sql) = event {
                record.lock().unwrap().push(sql.to_string());
            }
        }),
    )
    .unwrap();
    run(conn);
    conn.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, None::<fn(TraceEvent)>)
        .unwrap();
    let statements = seen.lock().unwrap().clone();
    statements
        .iter()
        .map(|sql| {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            // Parameters left unbound: the plan is made when the statement
            // is prepared, before any value is known.
            let mut rows = stmt.raw_query();
            let mut steps = Vec::new();
            while let Some(row) = rows.next().unwrap() {
                steps.push(row.get::<_, String>(3).unwrap());
            }
            format!("{sql}: {}", steps.join("; "))
        })
        .collect()
}

#[test]
fn the_chain_workers_open_work_is_found_by_its_partial_indexes() {
    let mut conn = memory();
    let found = plans(&mut conn, |conn| {
        super::transactions::in_status(conn, Status::Submitted).unwrap();
        super::signer_requests::in_status(conn, "eth", &[RequestStatus::Signed]).unwrap();
    });
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("SEARCH transactions USING INDEX transactions_open"),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("SEARCH signer_requests USING INDEX signer_requests_open"),
        "{}",
        found[1]
    );
}
