//! Native request authentication and authorisation (SPEC §4).

use crate::support::Server;

#[test]
fn a_signed_request_is_accepted_and_an_unsigned_one_is_not() {
    let server = Server::start();
    let ok = server.client().get("/v1/assets").expect(200);
    assert_eq!(ok.body["data"].as_array().unwrap().len(), 4);
    assert_eq!(ok.header("x-ratelimit-limit"), Some("100000"));
    let agent = crate::support::agent();
    let bare = crate::support::raw(
        &agent,
        "GET",
        &format!("{}/v1/assets", server.base),
        &[],
        b"",
    )
    .expect(401);
    assert_eq!(bare.code(), "missing_credentials");
}
