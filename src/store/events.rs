//! The transactional outbox: events written with the change they describe,
//! each queued for delivery to the partition's webhook endpoint in the same
//! transaction.

use super::exec;
use crate::clock::Timestamp;
use crate::domain::ids::new_id;
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// Appends an event `{id, type, createdAt, environment, data}` with its
/// deliveries; returns its id. An event no endpoint of the partition
/// subscribes to is not kept: nobody is owed it, and the outbox was half the
/// database (docs/performance.md, "Retention").
pub fn append(
    conn: &Connection,
    p: &Partition,
    event_type: &str,
    data: Value,
    now: Timestamp,
) -> Result<String, Error> {
    append_with(conn, p, event_type, now, || Ok(data))
}

/// `append`, with the event's data made only when an endpoint subscribes to
/// it: with no endpoint, a movement reads and renders nothing for its events
/// (docs/performance.md, "The write path").
pub fn append_with(
    conn: &Connection,
    p: &Partition,
    event_type: &str,
    now: Timestamp,
    data: impl FnOnce() -> Result<Value, Error>,
) -> Result<String, Error> {
    let id = new_id();
    if !super::webhooks::subscribed(conn, p, event_type)? {
        return Ok(id);
    }
    let data = data()?;
    let payload = json!({
        "id": id,
        "type": event_type,
        "createdAt": now.to_rfc3339(),
        "environment": p.environment.as_str(),
        "data": data,
    });
    exec(conn,
        "INSERT INTO events (id, tenant_id, environment, type, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, p.tenant_id, p.environment.as_str(), event_type, payload.to_string(), now.millis()],
    )?;
    super::webhooks::enqueue(conn, p, &id, event_type, now)?;
    Ok(id)
}
