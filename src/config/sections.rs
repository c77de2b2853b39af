//! The sections of the configuration file (`[limits]`, `[webhooks]`...) and
//! their defaults; `config.example.toml` lists the same values.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Consensus {
    /// A pending activity expires this long after it was made (fractions
    /// allowed: tests use seconds).
    pub activity_ttl_hours: f64,
}

impl Default for Consensus {
    fn default() -> Self {
        Consensus {
            activity_ttl_hours: 72.0,
        }
    }
}

impl Consensus {
    /// The time to live in milliseconds (at least 1).
    pub fn activity_ttl_ms(&self) -> i64 {
        ((self.activity_ttl_hours * 3_600_000.0) as i64).max(1)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Webhooks {
    /// Seconds to wait for an endpoint's answer.
    pub timeout_secs: u32,
    /// First retry delay in seconds (fractions allowed); doubles each attempt.
    pub retry_base_secs: f64,
    /// Longest delay between two attempts, in seconds.
    pub retry_max_delay_secs: u32,
    /// A delivery still failing this long after its event is marked failed.
    pub give_up_after_hours: u32,
    pub allow_http_live: bool,
    pub allow_private_targets_live: bool,
    /// Deliveries in flight at once, to all endpoints.
    pub senders: u32,
    /// Deliveries in flight at once to one endpoint (one while it fails or
    /// is slow); at most `senders` (docs/performance.md, "Webhook delivery").
    pub in_flight_per_endpoint: u32,
    pub poll_interval_ms: u32,
    /// Finished deliveries (delivered, or failed for good), their attempts and
    /// events are kept this many days, then pruned; one still owed never is.
    pub retention_days: f64,
}

impl Default for Webhooks {
    fn default() -> Self {
        Webhooks {
            timeout_secs: 10,
            retry_base_secs: 30.0,
            retry_max_delay_secs: 6 * 3600,
            give_up_after_hours: 72,
            allow_http_live: false,
            allow_private_targets_live: false,
            senders: 16,
            in_flight_per_endpoint: 8,
            poll_interval_ms: 500,
            retention_days: 30.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sandbox {
    /// The simulated signer signs test withdrawals by itself; turn it off to
    /// exercise the signer API.
    pub auto_sign: bool,
    /// The explorer template (`{network}`, `{address}`) of sandbox addresses,
    /// which no public explorer knows.
    pub explorer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Chain {
    /// How often the chain worker looks for work when nothing wakes it.
    pub poll_interval_ms: u32,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox {
            auto_sign: true,
            explorer: "https://sandbox.invalid/{network}/address/{address}".into(),
        }
    }
}

impl Default for Chain {
    fn default() -> Self {
        Chain {
            poll_interval_ms: 500,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub per_key_per_minute: u32,
    pub failed_auth_per_ip_per_minute: u32,
    /// HTTP connections open at once; past it a connection gets 503 and is
    /// closed (docs/security.md).
    pub max_connections: u32,
    /// How long a connection may wait for a request's first byte.
    pub idle_timeout_secs: u32,
    /// From a request's first byte to the end of its head (then 408).
    pub head_timeout_secs: u32,
    /// From the end of a request's head to the end of its body (then 408).
    pub body_timeout_secs: u32,
    /// To write one answer; a client that does not read is disconnected.
    pub write_timeout_secs: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Auth {
    pub timestamp_tolerance_secs: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_key_per_minute: 120,
            failed_auth_per_ip_per_minute: 60,
            max_connections: 256,
            idle_timeout_secs: 60,
            head_timeout_secs: 10,
            body_timeout_secs: 30,
            write_timeout_secs: 30,
        }
    }
}

impl Default for Auth {
    fn default() -> Self {
        Auth {
            timestamp_tolerance_secs: 30,
        }
    }
}
