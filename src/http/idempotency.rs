//! The Idempotency-Key machinery (docs/api.md, "Conventions"), shared by every POST: the first
//! successful answer is stored with the change it made and replayed for 24 h.
//! All of it is here: what a route declares (`Rule`, `Secrets`), who holds a
//! key right now (`Keys`), the decision to run, replay or refuse (`Keys::begin`)
//! and the record saved with the change (`Claim`, which `Ctx::write` saves in
//! the change's transaction). `store::idempotency` keeps the records.

use super::app::App;
use super::error::ApiError;
use super::reply::Reply;
use crate::clock::Timestamp;
use crate::crypto::sha256_hex;
use crate::domain::Error;
use crate::service::work::Work;
use crate::store::{self, idempotency::StoredResponse};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

pub const HEADER: &str = "idempotency-key";
const RETENTION_SECS: i64 = 24 * 3600;

/// How a route treats the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Not a creating request: the header is ignored.
    Ignored,
    /// Honoured when sent.
    Accepted,
    /// 400 without it (money movements).
    Required,
}

/// Puts an answer's secrets back into its stored copy for an idempotent replay.
pub type Reissue = fn(&App, &mut Map<String, Value>) -> Result<(), Error>;

/// Top-level fields of an answer that must never be stored (an API secret, an
/// admin token), and how to derive them again from the master key on replay.
#[derive(Clone, Copy)]
pub struct Secrets {
    pub fields: &'static [&'static str],
    pub reissue: Reissue,
}

/// The right to answer a request under an idempotency key: held by exactly one
/// request at a time.
#[derive(Debug, Clone)]
pub struct Claim {
    actor: String,
    key: String,
    request_hash: String,
    /// Fields of the answer stored as null: secrets never reach the database.
    secret_fields: &'static [&'static str],
}

impl Claim {
    /// Saves `reply` under this claim, in the change's own unit of work.
    pub fn save(&self, work: &Work, reply: &Reply) -> Result<(), Error> {
        let body = if self.secret_fields.is_empty() {
            String::from_utf8_lossy(&reply.body).into_owned()
        } else {
            let mut value: Value = serde_json::from_slice(&reply.body)
                .map_err(|e| Error::Internal(format!("answer is not JSON: {e}")))?;
            for field in self.secret_fields {
                if let Some(v) = value.get_mut(*field) {
                    *v = Value::Null;
                }
            }
            value.to_string()
        };
        let stored = StoredResponse {
            request_hash: self.request_hash.clone(),
            status: reply.status,
            body,
        };
        store::idempotency::save(
            work.conn,
            &self.actor,
            &self.key,
            &stored,
            work.now,
            work.now.plus_seconds(-RETENTION_SECS),
        )
    }
}

/// Who holds a key right now: the keys whose first request is still running,
/// and the signatures of the mutating requests being handled. Held by the
/// server for its lifetime.
#[derive(Default)]
pub struct Keys {
    in_flight: InFlight,
    handling: Handling,
}

/// Keys whose first request is still running.
#[derive(Default)]
struct InFlight(Mutex<HashSet<(String, String)>>);

impl InFlight {
    fn contains(&self, actor: &str, key: &str) -> bool {
        self.0
            .lock()
            .map(|set| set.contains(&(actor.to_string(), key.to_string())))
            .unwrap_or(false)
    }
}

pub struct InFlightGuard<'a> {
    set: &'a InFlight,
    entry: (String, String),
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut set) = self.set.0.lock() {
            set.remove(&self.entry);
        }
    }
}

/// The signatures of the mutating requests being handled right now, with how many
/// copies of each. Counted from before authentication, so that a copy whose
/// signature the replay guard has already seen can tell whether the first copy
/// may still be on its way to claiming its Idempotency-Key.
#[derive(Default)]
struct Handling(Mutex<HashMap<String, usize>>);

pub struct HandlingGuard<'a> {
    handling: &'a Handling,
    signature: String,
}

impl Handling {
    fn enter(&self, signature: &str) -> HandlingGuard<'_> {
        if let Ok(mut map) = self.0.lock() {
            *map.entry(signature.to_string()).or_insert(0) += 1;
        }
        HandlingGuard {
            handling: self,
            signature: signature.to_string(),
        }
    }

    /// True when a request with this signature besides the caller is being handled.
    fn others(&self, signature: &str) -> bool {
        self.0
            .lock()
            .map(|map| map.get(signature).is_some_and(|n| *n > 1))
            .unwrap_or(false)
    }
}

impl Drop for HandlingGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut map) = self.handling.0.lock() {
            if let Some(n) = map.get_mut(&self.signature) {
                *n -= 1;
                if *n == 0 {
                    map.remove(&self.signature);
                }
            }
        }
    }
}

pub enum Begin<'a> {
    /// Run the request; save its answer under the claim.
    Fresh(Claim, InFlightGuard<'a>),
    /// Answer with the stored first response.
    Replay(Reply),
    /// No key: run the request plainly.
    Plain,
}

fn valid_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// One request as the idempotency machinery sees it.
pub struct Attempt<'r> {
    pub app: &'r App,
    pub rule: Rule,
    pub secrets: Option<Secrets>,
    /// The namespace of the caller's keys (`Actor::idempotency_scope`).
    pub actor: &'r str,
    /// The request's signature was already seen (native requests only).
    pub replayed_signature: bool,
    pub method: &'r str,
    /// The route's path pattern.
    pub pattern: &'r str,
    /// Path and query exactly as sent.
    pub url: &'r str,
    pub body: &'r [u8],
    pub key: Option<&'r str>,
    pub signature: Option<&'r str>,
    pub now: Timestamp,
}

impl Keys {
    /// Counts a mutating request with this signature as being handled until
    /// the guard drops; from before authentication (see `Handling`).
    pub fn handling(&self, signature: &str) -> HandlingGuard<'_> {
        self.handling.enter(signature)
    }

    /// Decides how to treat a request given its Idempotency-Key (if any) and
    /// whether its signature was already seen.
    pub fn begin<'k>(&'k self, a: &Attempt) -> Result<Begin<'k>, ApiError> {
        let replay_refused = || {
            ApiError::unauthorized(
                "replayed_signature",
                "this signed request was already received",
            )
        };
        let key = match (a.rule, a.key) {
            (Rule::Ignored, _) | (Rule::Accepted, None) => {
                return if a.replayed_signature {
                    Err(replay_refused())
                } else {
                    Ok(Begin::Plain)
                };
            }
            (Rule::Required, None) => {
                return Err(Error::bad_request(
                    "idempotency_key_required",
                    "this endpoint requires an Idempotency-Key header",
                )
                .into())
            }
            (_, Some(key)) => key.to_string(),
        };
        if !valid_key(&key) {
            return Err(Error::bad_request(
                "invalid_idempotency_key",
                "Idempotency-Key must be 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'",
            )
            .into());
        }
        let request_hash = sha256_hex(format!("{}\n{}\n", a.method, a.pattern).as_bytes())
            + &sha256_hex(format!("{}\n{}", a.url, sha256_hex(a.body)).as_bytes());
        let not_before = a.now.plus_seconds(-RETENTION_SECS);
        let find = || {
            a.app
                .store
                .read(|conn| store::idempotency::find(conn, a.actor, &key, not_before))
        };
        let from_record = |stored: StoredResponse| -> Result<Begin<'k>, ApiError> {
            if stored.request_hash != request_hash {
                return Err(Error::bad_request(
                    "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request",
                )
                .into());
            }
            let body = match &a.secrets {
                None => stored.body.into_bytes(),
                Some(secrets) => {
                    let mut value: Value = serde_json::from_str(&stored.body)
                        .map_err(|e| Error::Internal(format!("stored answer is not JSON: {e}")))?;
                    if let Value::Object(fields) = &mut value {
                        (secrets.reissue)(a.app, fields)?;
                    }
                    value.to_string().into_bytes()
                }
            };
            Ok(Begin::Replay(
                Reply {
                    status: stored.status,
                    body,
                    headers: Vec::new(),
                }
                .with_header("Idempotent-Replayed", "true"),
            ))
        };
        let in_use = || -> ApiError {
            Error::conflict(
                "idempotency_key_in_use",
                "a request with this Idempotency-Key is still being processed",
            )
            .into()
        };
        if a.replayed_signature {
            // A copy of a request already received never claims the key: the first
            // copy may not have claimed it yet and must not find it taken. The copy
            // gets the stored answer; without one, 409 while the key is claimed or
            // another copy is still being handled (it may be the first), else 401.
            // Both are looked at before the record: a request that finished by then
            // has committed its answer.
            let busy = self.handling.others(a.signature.unwrap_or(""))
                || self.in_flight.contains(a.actor, &key);
            return match find()? {
                Some(stored) => from_record(stored),
                None if busy => Err(in_use()),
                None => Err(replay_refused()),
            };
        }
        let entry = (a.actor.to_string(), key.clone());
        let inserted = self
            .in_flight
            .0
            .lock()
            .map(|mut set| set.insert(entry.clone()))
            .unwrap_or(false);
        if !inserted {
            return Err(in_use());
        }
        let guard = InFlightGuard {
            set: &self.in_flight,
            entry,
        };
        match find()? {
            Some(stored) => from_record(stored),
            None => Ok(Begin::Fresh(
                Claim {
                    actor: a.actor.to_string(),
                    key,
                    request_hash,
                    secret_fields: a.secrets.map_or(&[], |s| s.fields),
                },
                guard,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_format() {
        assert!(valid_key("a-b_C9"));
        assert!(valid_key(&"k".repeat(64)));
        assert!(!valid_key(""));
        assert!(!valid_key(&"k".repeat(65)));
        assert!(!valid_key("has space"));
        assert!(!valid_key("ümlaut"));
    }
}
