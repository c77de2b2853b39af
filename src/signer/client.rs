//! The signer's side of the signer API: signed requests (docs/api.md, "Authentication") with a
//! key of the `signer` scope, from `COFFER_URL`, `COFFER_KEY_ID` and
//! `COFFER_KEY_SECRET` as for `coffer call`.

use crate::clock::Timestamp;
use crate::domain::signing::sign;
use serde_json::{json, Value};
use std::time::Duration;

pub struct Client {
    base: String,
    key_id: String,
    secret: String,
    agent: ureq::Agent,
}

fn var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

impl Client {
    pub fn from_env() -> Result<Client, String> {
        Ok(Client {
            base: var("COFFER_URL")?.trim_end_matches('/').to_string(),
            key_id: var("COFFER_KEY_ID")?,
            secret: var("COFFER_KEY_SECRET")?,
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .build(),
        })
    }

    /// (status, JSON body) of one signed request.
    fn send(&self, method: &str, path: &str, body: &str) -> Result<(u16, Value), String> {
        let timestamp = Timestamp::now().unix_seconds().to_string();
        let signature = sign(&self.secret, &timestamp, method, path, body.as_bytes());
        let request = self
            .agent
            .request(method, &format!("{}{path}", self.base))
            .set("X-API-Key", &self.key_id)
            .set("X-Timestamp", &timestamp)
            .set("X-Signature", &signature)
            .set("Content-Type", "application/json");
        let response = match request.send_bytes(body.as_bytes()) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(format!("cannot reach {}: {e}", self.base)),
        };
        let status = response.status();
        let text = response.into_string().map_err(|e| e.to_string())?;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, value))
    }

    /// Every request awaiting a signature (all pages).
    pub fn pending(&self) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        let mut path = "/v1/signer/requests?limit=100".to_string();
        // Bounded: 100 pages of 100 requests is more than a signer should
        // sign in one sitting.
        for _ in 0..100 {
            let (status, body) = self.send("GET", &path, "")?;
            if status != 200 {
                return Err(format!("GET /v1/signer/requests answered {status}: {body}"));
            }
            out.extend(body["data"].as_array().cloned().unwrap_or_default());
            match body["pagination"]["after"].as_str() {
                Some(after) => path = format!("/v1/signer/requests?limit=100&after={after}"),
                None => return Ok(out),
            }
        }
        Ok(out)
    }

    /// Submits a signed raw transaction; the server's refusal as the error.
    pub fn submit(&self, id: &str, raw: &str) -> Result<Value, String> {
        let body = json!({ "signedPayload": raw }).to_string();
        let (status, answer) = self.send(
            "POST",
            &format!("/v1/signer/requests/{id}/signature"),
            &body,
        )?;
        match status {
            200 => Ok(answer),
            _ => Err(format!(
                "the server refused the signature ({status}): {answer}"
            )),
        }
    }
}
