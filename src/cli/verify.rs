//! `coffer verify`: integrity check, ledger against entries, the audit chain.
//! Works offline and beside a running server; needs no master key.

use super::Failure;
use crate::config::Config;
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
    match verify::verify(&conn)? {
        Ok(v) => {
            println!(
                "ok: {} ledger accounts, {} entries, {} audit records verified",
                v.accounts, v.entries, v.audit_records
            );
            Ok(())
        }
        Err(broken) => Err(Failure::Runtime(format!("verify failed: {}", broken.0))),
    }
}
