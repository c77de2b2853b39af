//! One delivery attempt: sign, POST, and work out the outcome and the next
//! retry; the recorder writes outcomes in batches (`super`).

use super::{Settings, Stats};
use crate::clock::Timestamp;
use crate::crypto::random_bytes;
use crate::domain::public_ip::is_public;
use crate::domain::tenancy::Environment;
use crate::domain::webhook::{legacy_signature, retry_delay_secs, standard_signature};
use crate::keyring::MasterKey;
use crate::store::webhooks::{Attempt, Delivery, DeliveryStatus, Due, Outcome};
use std::io::Read;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

pub struct Sender {
    master: Arc<MasterKey>,
    settings: Settings,
    stats: Arc<Stats>,
    /// For endpoints that may resolve anywhere.
    open: ureq::Agent,
    /// For live endpoints when private targets are not allowed: the resolver
    /// drops private addresses, so a name that resolves (or later rebinds) to
    /// one is never reached.
    public_only: ureq::Agent,
}

struct PublicOnly;

impl ureq::Resolver for PublicOnly {
    fn resolve(&self, netloc: &str) -> std::io::Result<Vec<SocketAddr>> {
        let public: Vec<SocketAddr> = netloc
            .to_socket_addrs()?
            .filter(|a| is_public(a.ip()))
            .collect();
        if public.is_empty() {
            Err(std::io::Error::other(
                "the endpoint resolves only to private or loopback addresses",
            ))
        } else {
            Ok(public)
        }
    }
}

impl Sender {
    pub fn new(master: Arc<MasterKey>, settings: Settings, stats: Arc<Stats>) -> Sender {
        // Keep-alive: each endpoint keeps as many idle connections as it may
        // have requests in flight, so a busy endpoint is not reconnected to.
        let per_host = settings.in_flight_per_endpoint.max(1) as usize;
        let builder = || {
            ureq::AgentBuilder::new()
                .timeout(settings.timeout)
                .max_idle_connections(per_host.max(settings.senders as usize).max(100))
                .max_idle_connections_per_host(per_host)
                .redirects(0)
                .user_agent(concat!("Coffer-Webhooks/", env!("CARGO_PKG_VERSION")))
        };
        Sender {
            open: builder().build(),
            public_only: builder().resolver(PublicOnly).build(),
            master,
            settings,
            stats,
        }
    }

    fn agent(&self, env: Environment) -> &ureq::Agent {
        if env == Environment::Live && !self.settings.rules.allow_private_targets_live {
            &self.public_only
        } else {
            &self.open
        }
    }

    /// Tries a delivery once; the outcome is for the recorder to write.
    pub fn deliver(&self, due: &Due) -> Outcome {
        let d = &due.delivery;
        let started = Instant::now();
        let attempted_at = Timestamp::now();
        let (status_code, error) = match self.post(due, attempted_at) {
            Ok(code) if (200..300).contains(&code) => (Some(i64::from(code)), None),
            Ok(code) => (
                Some(i64::from(code)),
                Some(format!("the endpoint answered {code}")),
            ),
            Err(e) => (None, Some(e)),
        };
        let attempt = Attempt {
            attempted_at,
            status_code,
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
            error,
        };
        let (status, next_attempt_at) = self.outcome(d, &attempt);
        match status {
            DeliveryStatus::Delivered => self.stats.delivered.fetch_add(1, Ordering::Relaxed),
            DeliveryStatus::Failed => self.stats.given_up.fetch_add(1, Ordering::Relaxed),
            DeliveryStatus::Pending => self.stats.failed_attempts.fetch_add(1, Ordering::Relaxed),
        };
        Outcome {
            delivery_id: d.id.clone(),
            attempt,
            status,
            next_attempt_at,
        }
    }

    /// Delivered on 2xx; else retried with backoff until the delivery is older
    /// than the give-up age, then failed.
    fn outcome(&self, d: &Delivery, attempt: &Attempt) -> (DeliveryStatus, Option<Timestamp>) {
        if attempt.error.is_none() {
            return (DeliveryStatus::Delivered, None);
        }
        let age_ms = attempt.attempted_at.millis() - d.created_at.millis();
        let give_up_ms = i64::try_from(self.settings.give_up_after.as_millis()).unwrap_or(i64::MAX);
        if age_ms >= give_up_ms {
            return (DeliveryStatus::Failed, None);
        }
        let jitter = random_bytes::<1>().map_or(0.5, |b| f64::from(b[0]) / 255.0);
        let attempt_number = u32::try_from(d.attempt_count + 1).unwrap_or(u32::MAX);
        let delay = retry_delay_secs(
            self.settings.retry_base_secs,
            self.settings.retry_cap_secs,
            attempt_number,
            jitter,
        );
        let next = attempt
            .attempted_at
            .millis()
            .saturating_add((delay * 1000.0) as i64);
        (DeliveryStatus::Pending, Some(Timestamp::from_millis(next)))
    }

    /// POSTs the event to the endpoint's current URL, signed with its current
    /// secret; the HTTP status, or why there was none.
    fn post(&self, due: &Due, now: Timestamp) -> Result<u16, String> {
        let (d, body) = (&due.delivery, &due.body);
        let p = &d.partition;
        let secret =
            self.master
                .webhook_secret(&p.tenant_id, p.environment.as_str(), &due.secret_salt);
        let timestamp = now.unix_seconds();
        let standard = standard_signature(secret.expose(), &d.event_id, timestamp, body.as_bytes())
            .map_err(|e| e.to_string())?;
        let response = self
            .agent(p.environment)
            .post(&due.url)
            .set("Content-Type", "application/json")
            .set(
                "X-Webhook-Signature",
                &legacy_signature(secret.expose(), body.as_bytes()),
            )
            .set("webhook-id", &d.event_id)
            .set("webhook-timestamp", &timestamp.to_string())
            .set("webhook-signature", &standard)
            .send_string(body);
        let response = match response {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(ureq::Error::Transport(t)) => return Err(t.to_string()),
        };
        let status = response.status();
        // The connection goes back to the agent's pool only once the answer is
        // read to its end; an answer longer than this is not worth keeping it.
        let _ = std::io::copy(
            &mut response.into_reader().take(ANSWER_READ_LIMIT),
            &mut std::io::sink(),
        );
        Ok(status)
    }
}

/// Bytes of an endpoint's answer read (and dropped) to reuse its connection.
const ANSWER_READ_LIMIT: u64 = 64 * 1024;
