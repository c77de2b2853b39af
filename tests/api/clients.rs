//! The official clients (`clients/python` and `clients/typescript`: generated
//! from `/openapi.json`, plus hand-written signing) against the real binary:
//! their own tests, in their own language, round-trip through a fresh server.

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

/// The official TypeScript client (`clients/typescript`: openapi-fetch typed
/// by the schema generated from `/openapi.json`, plus the hand-written
/// signing fetch) against the real binary: its tests, compiled by its pinned
/// `tsc`, run by `node --test` through a fresh server.
#[test]
fn the_typescript_client_round_trips_against_a_real_server() {
    // The client needs its npm dependencies (openapi-fetch, and typescript
    // to compile), which .ci/run installs (`npm ci --prefix clients/typescript`).
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("clients/typescript");
    let tsc = client.join("node_modules/.bin/tsc");
    if !tsc.exists() {
        eprintln!(
            "skipped: run `npm ci --prefix clients/typescript` to test the TypeScript client"
        );
        return;
    }
    // Compiled afresh: no test removed from test/ lingers in dist/test/.
    let _ = std::fs::remove_dir_all(client.join("dist/test"));
    let built = Command::new(&tsc)
        .args(["-p", "."])
        .current_dir(&client)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "the TypeScript client does not compile:\n{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );
    let server = Server::start();
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "dist/test/"])
        .current_dir(&client)
        .env("COFFER_URL", &server.base)
        .env("COFFER_KEY_ID", &server.creds.key_id)
        .env("COFFER_KEY_SECRET", &server.creds.secret)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("\u{2139} fail 0"),
        "the TypeScript client's tests failed:\n{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{said}");
    assert!(!said.contains("\u{2139} pass 0\n"), "{said}");
}
