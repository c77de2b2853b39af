//! The books' webhook endpoint and its deliveries (docs/api.md, "Webhooks").

use crate::crypto::random_token;
use crate::domain::delivery::{Attempt, Delivery};
use crate::domain::ids::DeliveryId;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::service::grant::{Granted, WebhooksWrite};
use crate::service::work::Work;
use crate::store::webhooks::{self, Endpoint};
use serde_json::json;

fn new_salt() -> Result<String, Error> {
    random_token(24).map_err(|e| Error::Internal(format!("no randomness: {e}")))
}

/// The endpoint's signing secret, derived from the master key (never stored).
pub fn secret(master: &MasterKey, work: &Work, e: &Endpoint) -> String {
    let p = &work.p;
    master
        .webhook_secret(&p.tenant_id, p.environment.as_str(), &e.secret_salt)
        .expose()
        .to_string()
}

/// Points the books' webhooks at `url` (already checked). Answers the
/// endpoint and whether its secret is new: it is when the endpoint is first
/// set or moves to another URL, so whoever receives there gets their own.
pub fn configure(
    work: &Work,
    _: &Granted<WebhooksWrite>,
    url: String,
    types: Option<Vec<String>>,
) -> Result<(Endpoint, bool), Error> {
    let existing = webhooks::endpoint(work.conn, &work.p)?;
    let (salt, created_at, new_secret) = match &existing {
        Some(e) if e.url == url => (e.secret_salt.clone(), e.created_at, false),
        Some(e) => (new_salt()?, e.created_at, true),
        None => (new_salt()?, work.now, true),
    };
    let endpoint = Endpoint {
        url,
        secret_salt: salt,
        subscribed_event_types: types,
        created_at,
        updated_at: work.now,
    };
    webhooks::save_endpoint(work.conn, &work.p, &endpoint)?;
    Ok((endpoint, new_secret))
}

pub fn remove(work: &Work, _: &Granted<WebhooksWrite>) -> Result<(), Error> {
    if webhooks::delete_endpoint(work.conn, &work.p, work.now)? {
        Ok(())
    } else {
        Err(Error::not_found(
            "webhook endpoint",
            work.p.environment.as_str(),
        ))
    }
}

fn configured(work: &Work) -> Result<Endpoint, Error> {
    webhooks::endpoint(work.conn, &work.p)?.ok_or_else(|| {
        Error::conflict(
            "webhook_not_configured",
            "configure an endpoint with PUT /v1/webhooks/outbound first",
        )
    })
}

/// A new signing secret for the configured endpoint.
pub fn rotate(work: &Work, _: &Granted<WebhooksWrite>) -> Result<Endpoint, Error> {
    let mut endpoint = configured(work)?;
    endpoint.secret_salt = new_salt()?;
    endpoint.updated_at = work.now;
    webhooks::save_endpoint(work.conn, &work.p, &endpoint)?;
    Ok(endpoint)
}

/// Queues a `webhook.test` event for the configured endpoint; answers its id.
pub fn send_test(work: &Work, _: &Granted<WebhooksWrite>) -> Result<String, Error> {
    let endpoint = configured(work)?;
    let data = json!({"message": "a test event from Coffer", "url": endpoint.url});
    work.emit("webhook.test", data)
}

/// Delivery `id` goes back to `Pending`, due now.
pub fn redeliver(
    work: &Work,
    _: &Granted<WebhooksWrite>,
    id: &DeliveryId,
) -> Result<(Delivery, Vec<Attempt>), Error> {
    let d = webhooks::redeliver(work.conn, &work.p, id, work.now)?;
    let attempts = webhooks::attempts(work.conn, &d.id)?;
    Ok((d, attempts))
}
