//! `coffer verify`: integrity check, ledger against entries, the audit chain.
//! Works offline and beside a running server; needs no master key. With a
//! server running (its control socket answers), only the chunked checks run:
//! `PRAGMA integrity_check` and the counters need one long snapshot, and run
//! on every backup's copy instead (store/verify.rs).

use super::progress::Progress;
use super::Failure;
use crate::config::Config;
use crate::control;
use crate::store::verify::Scope;
use crate::store::{open_connection, verify, DATABASE_FILE};

pub fn run(config: Config) -> Result<(), Failure> {
    let path = config.data_dir().join(DATABASE_FILE);
    if !path.exists() {
        return Err(Failure::Runtime(format!(
            "{} does not exist",
            path.display()
        )));
    }
    let conn = open_connection(&path, true)?;
    let mut progress = Progress::start();
    let scope = match control::connect(config.data_dir()) {
        Some(_) => Scope::Live,
        None => Scope::Everything,
    };
    let verdict = verify::verify_with(&conn, scope, &mut |p| {
        progress.show(p.step, p.done, p.total)
    })?;
    drop(progress);
    match verdict {
        Ok(v) => {
            println!(
                "ok: {} ledger accounts, {} entries, {} audit records verified",
                v.accounts, v.entries, v.audit_records
            );
            match scope {
                Scope::Everything => println!("integrity_check and counters: ok"),
                Scope::Live => println!(
                    "integrity_check and counters: not run beside the running server \
                     (every `coffer backup` runs them on its copy)"
                ),
            }
            Ok(())
        }
        Err(broken) => Err(Failure::Runtime(format!("verify failed: {}", broken.0))),
    }
}
