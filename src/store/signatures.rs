//! The durable half of the replay guard: signatures of signed mutating
//! requests, kept until their timestamp would be refused as stale anyway.

use super::exec;
use crate::crypto::{hex, unhex};
use crate::domain::signing::SeenSignature;
use crate::domain::Error;
use rusqlite::{params, Connection};

/// Records `seen` and drops the signatures that have expired by `now_secs`.
/// A signature already recorded stays as it was.
pub fn record(conn: &Connection, seen: &SeenSignature, now_secs: i64) -> Result<(), Error> {
    // Through the expiry index: usually nothing to delete, and never more
    // than about a second's worth of requests.
    exec(
        conn,
        "DELETE FROM seen_signatures WHERE expires_at < ?1",
        params![now_secs],
    )?;
    exec(
        conn,
        "INSERT OR IGNORE INTO seen_signatures (signature, expires_at) VALUES (?1, ?2)",
        params![stored(&seen.signature), seen.expires_at],
    )?;
    Ok(())
}

/// Every signature still inside its window at `now_secs`: what a starting
/// server must refuse again.
pub fn unexpired(conn: &Connection, now_secs: i64) -> Result<Vec<SeenSignature>, Error> {
    let mut stmt =
        conn.prepare("SELECT signature, expires_at FROM seen_signatures WHERE expires_at >= ?1")?;
    let rows = stmt.query_map(params![now_secs], |r| {
        Ok(SeenSignature {
            signature: hex(&r.get::<_, Vec<u8>>(0)?),
            expires_at: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A verified signature is lowercase hex of 32 bytes: stored as those bytes.
fn stored(signature: &str) -> Vec<u8> {
    unhex(signature).unwrap_or_else(|| signature.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(signature: &str, expires_at: i64) -> SeenSignature {
        SeenSignature {
            signature: signature.into(),
            expires_at,
        }
    }

    #[test]
    fn recorded_signatures_come_back_until_they_expire() {
        let conn = crate::store::tests::memory();
        let a = "ab".repeat(32);
        let b = "cd".repeat(32);
        record(&conn, &seen(&a, 130), 100).unwrap();
        record(&conn, &seen(&b, 200), 100).unwrap();
        record(&conn, &seen(&a, 999), 100).unwrap();
        assert_eq!(
            unexpired(&conn, 120).unwrap(),
            vec![seen(&a, 130), seen(&b, 200)]
        );
        assert_eq!(unexpired(&conn, 131).unwrap(), vec![seen(&b, 200)]);
        // Recording later sweeps what expired.
        record(&conn, &seen(&"ef".repeat(32), 300), 150).unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM seen_signatures", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 2);
    }
}
