//! Webhook endpoints, deliveries and their attempts.

use super::query::{one_in_partition, ListQuery};
use super::{exec, query_one};
use crate::clock::Timestamp;
pub use crate::domain::delivery::{Attempt, Delivery, DeliveryStatus};
use crate::domain::ids::{new_id, DeliveryId};
use crate::domain::page::{Page, PageRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub secret_salt: String,
    /// `None`: every event type.
    pub subscribed_event_types: Option<Vec<String>>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub fn endpoint(conn: &Connection, p: &Partition) -> Result<Option<Endpoint>, Error> {
    let row = query_one(
        conn,
        "SELECT url, secret_salt, subscribed_event_types, created_at, updated_at
             FROM webhook_endpoints WHERE tenant_id = ?1 AND environment = ?2",
        params![p.tenant_id, p.environment.as_str()],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )
    .optional()?;
    row.map(|(url, secret_salt, types, created, updated)| {
        let subscribed_event_types = types
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| Error::Internal(format!("stored event types: {e}")))
            })
            .transpose()?;
        Ok(Endpoint {
            url,
            secret_salt,
            subscribed_event_types,
            created_at: Timestamp::from_millis(created),
            updated_at: Timestamp::from_millis(updated),
        })
    })
    .transpose()
}

pub fn save_endpoint(conn: &Connection, p: &Partition, e: &Endpoint) -> Result<(), Error> {
    let types = e
        .subscribed_event_types
        .as_ref()
        .map(|t| serde_json::Value::from(t.clone()).to_string());
    exec(conn,
        "INSERT INTO webhook_endpoints (tenant_id, environment, url, secret_salt, subscribed_event_types, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (tenant_id, environment) DO UPDATE SET url = excluded.url, secret_salt = excluded.secret_salt,
             subscribed_event_types = excluded.subscribed_event_types, updated_at = excluded.updated_at",
        params![p.tenant_id, p.environment.as_str(), e.url, e.secret_salt, types, e.created_at.millis(), e.updated_at.millis()],
    )?;
    Ok(())
}

/// Removes the endpoint; its pending deliveries fail. False when there was none.
pub fn delete_endpoint(conn: &Connection, p: &Partition, now: Timestamp) -> Result<bool, Error> {
    let removed = exec(
        conn,
        "DELETE FROM webhook_endpoints WHERE tenant_id = ?1 AND environment = ?2",
        params![p.tenant_id, p.environment.as_str()],
    )?;
    exec(
        conn,
        "UPDATE webhook_deliveries SET status = 'Failed', last_error = 'the endpoint was removed',
             next_attempt_at = NULL, updated_at = ?3
         WHERE tenant_id = ?1 AND environment = ?2 AND status = 'Pending'",
        params![p.tenant_id, p.environment.as_str(), now.millis()],
    )?;
    Ok(removed > 0)
}

/// Queues a delivery of the event to the partition's endpoint, if it has one
/// subscribed to the event's type. Runs in the event's own transaction.
/// Whether the partition has an endpoint that wants `event_type`.
pub fn subscribed(conn: &Connection, p: &Partition, event_type: &str) -> Result<bool, Error> {
    Ok(query_one(
        conn,
        "SELECT EXISTS (SELECT 1 FROM webhook_endpoints
                         WHERE tenant_id = ?1 AND environment = ?2
                           AND (subscribed_event_types IS NULL
                                OR EXISTS (SELECT 1 FROM json_each(subscribed_event_types)
                                            WHERE value = ?3)))",
        params![p.tenant_id, p.environment.as_str(), event_type],
        |r| r.get(0),
    )?)
}

pub fn enqueue(
    conn: &Connection,
    p: &Partition,
    event_id: &str,
    event_type: &str,
    now: Timestamp,
) -> Result<(), Error> {
    exec(conn,
        "INSERT INTO webhook_deliveries (id, event_id, tenant_id, environment, event_type, url, status,
                                         next_attempt_at, created_at, updated_at)
         SELECT ?1, ?2, tenant_id, environment, ?3, url, 'Pending', ?4, ?4, ?4
         FROM webhook_endpoints
         WHERE tenant_id = ?5 AND environment = ?6
           AND (subscribed_event_types IS NULL
                OR EXISTS (SELECT 1 FROM json_each(subscribed_event_types) WHERE value = ?3))",
        params![new_id(), event_id, event_type, now.millis(), p.tenant_id, p.environment.as_str()],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT id, event_id, event_type, url, status, attempt_count, next_attempt_at, last_status_code,
    last_error, created_at, updated_at, delivered_at, tenant_id, environment FROM webhook_deliveries";

fn from_row(r: &Row) -> rusqlite::Result<Delivery> {
    let status: String = r.get(4)?;
    let env: String = r.get(13)?;
    let ts = |i: usize| -> rusqlite::Result<Option<Timestamp>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(Timestamp::from_millis))
    };
    Ok(Delivery {
        id: r.get(0)?,
        event_id: r.get(1)?,
        event_type: r.get(2)?,
        url: r.get(3)?,
        status: DeliveryStatus::parse(&status).unwrap_or(DeliveryStatus::Failed),
        attempt_count: r.get(5)?,
        next_attempt_at: ts(6)?,
        last_status_code: r.get(7)?,
        last_error: r.get(8)?,
        created_at: Timestamp::from_millis(r.get(9)?),
        updated_at: Timestamp::from_millis(r.get(10)?),
        delivered_at: ts(11)?,
        partition: Partition {
            tenant_id: r.get(12)?,
            environment: Environment::parse(&env).unwrap_or(Environment::Test),
        },
    })
}

pub fn get(conn: &Connection, p: &Partition, id: &DeliveryId) -> Result<Delivery, Error> {
    one_in_partition(conn, SELECT, p, id, "webhook delivery", from_row)
}

#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
    pub event_type: Option<String>,
    pub event_id: Option<String>,
}

pub fn list(
    conn: &Connection,
    p: &Partition,
    f: &DeliveryFilter,
    page: &PageRequest,
) -> Result<Page<Delivery>, Error> {
    ListQuery::in_partition(SELECT, p)
        .and_maybe("status = ?", f.status.map(DeliveryStatus::as_str))
        .and_maybe("event_type = ?", f.event_type.clone())
        .and_maybe("event_id = ?", f.event_id.clone())
        .page(conn, "id", page, from_row)
}

/// The endpoints with a pending delivery due by `now` (one index seek each).
pub fn endpoints_with_due(conn: &Connection, now: Timestamp) -> Result<Vec<Partition>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT tenant_id, environment FROM webhook_endpoints w
          WHERE EXISTS (SELECT 1 FROM webhook_deliveries d
                         WHERE d.tenant_id = w.tenant_id AND d.environment = w.environment
                           AND d.status = 'Pending' AND d.next_attempt_at <= ?1)",
    )?;
    let rows = stmt
        .query_map([now.millis()], |r| {
            let env: String = r.get(1)?;
            Ok(Partition {
                tenant_id: r.get(0)?,
                environment: Environment::parse(&env).unwrap_or(Environment::Test),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A due delivery with what sending it takes: the event body, and the
/// endpoint's current URL and secret salt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub delivery: Delivery,
    pub body: String,
    pub url: String,
    pub secret_salt: String,
}

/// Up to `limit` of the endpoint's pending deliveries due by `now`, in the
/// order they fell due (then commit order: ids are minted by the writer),
/// leaving out `claimed` (the ones a sender already holds).
pub fn due(
    conn: &Connection,
    p: &Partition,
    now: Timestamp,
    claimed: &[&str],
    limit: u32,
) -> Result<Vec<Due>, Error> {
    let sql = format!(
        "SELECT d.*, e.payload, w.url, w.secret_salt
           FROM ({SELECT} WHERE tenant_id = ?1 AND environment = ?2 AND status = 'Pending'
                            AND next_attempt_at <= ?3 AND id NOT IN (SELECT value FROM json_each(?4))
                          ORDER BY next_attempt_at, id LIMIT ?5) d
           JOIN events e ON e.id = d.event_id
           JOIN webhook_endpoints w ON w.tenant_id = d.tenant_id AND w.environment = d.environment
          ORDER BY d.next_attempt_at, d.id"
    );
    let claimed = serde_json::Value::from(claimed.to_vec()).to_string();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                p.tenant_id,
                p.environment.as_str(),
                now.millis(),
                claimed,
                limit
            ],
            |r| {
                Ok(Due {
                    delivery: from_row(r)?,
                    body: r.get(14)?,
                    url: r.get(15)?,
                    secret_salt: r.get(16)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn attempts(conn: &Connection, delivery_id: &DeliveryId) -> Result<Vec<Attempt>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT attempted_at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([delivery_id], |r| {
            Ok(Attempt {
                attempted_at: Timestamp::from_millis(r.get(0)?),
                status_code: r.get(1)?,
                error: r.get(2)?,
                duration_ms: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// What came of one try at a delivery: the attempt, and the delivery's new
/// state (delivered, failed for good, or pending again at `next_attempt_at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub delivery_id: DeliveryId,
    pub attempt: Attempt,
    pub status: DeliveryStatus,
    pub next_attempt_at: Option<Timestamp>,
}

/// Records the outcomes of many attempts in one write job. A delivery that is
/// no longer pending (its endpoint was removed while the attempt ran) keeps
/// its state; the attempt is still logged.
pub fn record_outcomes(conn: &Connection, outcomes: &[Outcome]) -> Result<(), Error> {
    for o in outcomes {
        let a = &o.attempt;
        exec(conn,
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![o.delivery_id, a.attempted_at.millis(), a.status_code, a.error, a.duration_ms],
        )?;
        let delivered_at =
            (o.status == DeliveryStatus::Delivered).then_some(a.attempted_at.millis());
        exec(conn,
            "UPDATE webhook_deliveries SET status = ?2, attempt_count = attempt_count + 1, next_attempt_at = ?3,
                 last_status_code = ?4, last_error = ?5, updated_at = ?6, delivered_at = COALESCE(?7, delivered_at)
             WHERE id = ?1 AND status = 'Pending'",
            params![
                o.delivery_id,
                o.status.as_str(),
                o.next_attempt_at.map(Timestamp::millis),
                a.status_code,
                a.error,
                a.attempted_at.millis(),
                delivered_at
            ],
        )?;
    }
    Ok(())
}

/// Puts a finished delivery back in the queue, due now, to the current endpoint.
pub fn redeliver(
    conn: &Connection,
    p: &Partition,
    id: &DeliveryId,
    now: Timestamp,
) -> Result<Delivery, Error> {
    let delivery = get(conn, p, id)?;
    if delivery.status == DeliveryStatus::Pending {
        return Err(Error::conflict(
            "delivery_pending",
            "this delivery is still pending; it will be retried",
        ));
    }
    let url = endpoint(conn, p)?.map(|e| e.url).ok_or_else(|| {
        Error::conflict(
            "webhook_not_configured",
            "no webhook endpoint is configured",
        )
    })?;
    exec(conn,
        "UPDATE webhook_deliveries SET status = 'Pending', next_attempt_at = ?2, url = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, now.millis(), url],
    )?;
    get(conn, p, id)
}

#[cfg(test)]
mod tests;
