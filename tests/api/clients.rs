//! The official Python client (`clients/python`: generated from
//! `/openapi.json`, plus the hand-written signing hook) against the real
//! binary: its own tests, in Python, round-trip through a fresh server.

use crate::support::Server;
use std::path::Path;
use std::process::Command;

#[test]
fn the_python_client_round_trips_against_a_real_server() {
    // The client needs httpx and attrs, which .ci/run installs with the
    // package (`pip install -e clients/python`) into COFFER_TEST_PYTHON.
    let Ok(python) = std::env::var("COFFER_TEST_PYTHON") else {
        eprintln!("skipped: set COFFER_TEST_PYTHON to a Python with clients/python installed");
        return;
    };
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("clients/python");
    let server = Server::start();
    let out = Command::new(&python)
        .args(["-m", "unittest", "discover", "-v", "-s", "tests"])
        .current_dir(&client)
        // The code in this checkout, whatever version the venv installed.
        .env("PYTHONPATH", &client)
        .env("COFFER_URL", &server.base)
        .env("COFFER_KEY_ID", &server.creds.key_id)
        .env("COFFER_KEY_SECRET", &server.creds.secret)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && said.contains("\nOK"),
        "the Python client's tests failed (pip install -e clients/python?):\n{}{said}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!said.contains("Ran 0 tests"), "{said}");
}
