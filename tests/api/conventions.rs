//! Conventions shared by every endpoint (SPEC §5): errors, limits, ids, paging.

use crate::support::{agent, raw, Server};

#[test]
fn health_needs_no_auth_and_every_answer_has_a_request_id() {
    let server = Server::start();
    let r = raw(
        &agent(),
        "GET",
        &format!("{}/health", server.base),
        &[],
        b"",
    )
    .expect(200);
    assert_eq!(r.body["status"], "ok");
    assert!(r.header("x-request-id").is_some_and(|id| id.len() == 36));
    let missing = raw(
        &agent(),
        "GET",
        &format!("{}/nowhere", server.base),
        &[],
        b"",
    )
    .expect(404);
    assert!(missing.header("x-request-id").is_some());
    assert_eq!(missing.body["statusCode"], 404);
}
