//! Webhook rules that need no I/O: event types, endpoint URL rules, the two
//! signature schemes (the native hex HMAC and Standard Webhooks, docs/api.md "Webhooks") and the retry
//! schedule.

use super::tenancy::Environment;
use super::Error;
use crate::crypto::{hex, hmac_sha256};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

pub const EVENT_TYPES: [&str; 13] = [
    "transaction.created",
    "transaction.status.updated",
    "wallet.created",
    "balance.updated",
    "address_book.created",
    "address_book.updated",
    "address_book.deleted",
    "vault.status.updated",
    "activity.created",
    "activity.decided",
    "activity.approved",
    "activity.rejected",
    "webhook.test",
];

/// What each event announces, for the OpenAPI document's `webhooks`.
pub fn event_summary(t: &str) -> &'static str {
    match t {
        "transaction.created" => "A transaction was created",
        "transaction.status.updated" => "A transaction changed status",
        "wallet.created" => "A wallet opened",
        "balance.updated" => "A wallet's balance changed",
        "address_book.created" => "An address-book entry was added (maybe pending approval)",
        "address_book.updated" => "An address-book entry changed (e.g. approved)",
        "address_book.deleted" => "An address-book entry was removed",
        "vault.status.updated" => "A vault was frozen or unfrozen",
        "activity.created" => "A request now waits for approvals: notify the approvers",
        "activity.decided" => "An approver approved or rejected a request (each decision)",
        "activity.approved" => "A request reached its quorum and took effect",
        "activity.rejected" => "A request was rejected (or withdrawn by its initiator)",
        "webhook.test" => "A test event sent on request",
        _ => "",
    }
}

/// A subscription list: known event types, no duplicates, not empty.
pub fn validate_event_types(types: Vec<String>) -> Result<Vec<String>, Error> {
    const FIELD: &str = "subscribedEventTypes";
    if types.is_empty() {
        return Err(Error::field(
            FIELD,
            "must list at least one event type, or be null for all",
        ));
    }
    let mut seen = Vec::new();
    for t in types {
        if !EVENT_TYPES.contains(&t.as_str()) {
            return Err(Error::field(FIELD, format!("'{t}' is not an event type")));
        }
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    Ok(seen)
}

/// Which endpoints an environment may use (config `[webhooks]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlRules {
    pub allow_http_live: bool,
    pub allow_private_targets_live: bool,
}

/// A parsed endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl {
    pub url: String,
    pub https: bool,
    pub host: String,
    pub port: u16,
}

impl EndpointUrl {
    /// Parses `http(s)://host[:port][/path][?query]` and applies the scheme rule
    /// for the environment; the address rule needs resolution and is applied by
    /// the caller with `refuses_address`.
    pub fn parse(url: &str, env: Environment, rules: UrlRules) -> Result<EndpointUrl, Error> {
        let bad = |why: &str| Error::field("url", why.to_string());
        if url.len() > 2048 {
            return Err(bad("must be at most 2048 characters"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain spaces or control characters"));
        }
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(bad("must start with https:// (or http:// where allowed)"));
        };
        if env == Environment::Live && !https && !rules.allow_http_live {
            return Err(bad("must use https:// for the live environment"));
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(bad("must not carry a user name or password"));
        }
        let (host, port) =
            split_host_port(authority).ok_or_else(|| bad("has no valid host and port"))?;
        Ok(EndpointUrl {
            url: url.to_string(),
            https,
            host,
            port: port.unwrap_or(if https { 443 } else { 80 }),
        })
    }
}

fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<std::net::Ipv6Addr>().ok()?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return None,
        };
        (v6.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let valid_host = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !valid_host {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    Some((host, port))
}

pub fn encode_secret(bytes: &[u8; 32]) -> String {
    BASE64.encode(bytes)
}

/// Seed 000's `X-Webhook-Signature`: hex HMAC-SHA256 of the raw body keyed with
/// the secret string's bytes.
pub fn legacy_signature(secret: &str, body: &[u8]) -> String {
    hex(&hmac_sha256(secret.as_bytes(), body))
}

/// Standard Webhooks' `webhook-signature`: `v1,` + base64 HMAC-SHA256 of
/// `{id}.{timestamp}.{body}` keyed with the base64-decoded secret.
pub fn standard_signature(
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, Error> {
    let key = BASE64
        .decode(secret)
        .map_err(|_| Error::Internal("webhook secret is not base64".into()))?;
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    Ok(format!("v1,{}", BASE64.encode(hmac_sha256(&key, &signed))))
}

/// Exponential backoff: `base * 2^(attempt-1)`, at most `cap`, spread by a
/// jitter factor in [0.8, 1.2) so that retries of many deliveries do not align.
pub fn retry_delay_secs(base_secs: f64, cap_secs: f64, attempt: u32, jitter_unit: f64) -> f64 {
    let exponent = attempt.saturating_sub(1).min(40);
    let raw = (base_secs * f64::from(2u32.saturating_pow(exponent.min(31)))).min(cap_secs);
    raw * (0.8 + 0.4 * jitter_unit.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIVE: Environment = Environment::Live;
    const TEST: Environment = Environment::Test;
    const STRICT: UrlRules = UrlRules {
        allow_http_live: false,
        allow_private_targets_live: false,
    };

    #[test]
    fn urls_follow_the_environment_rules() {
        let ok = EndpointUrl::parse("https://hooks.example.com/coffer?x=1", LIVE, STRICT).unwrap();
        assert_eq!(
            (ok.host.as_str(), ok.port, ok.https),
            ("hooks.example.com", 443, true)
        );
        assert!(EndpointUrl::parse("http://hooks.example.com/", LIVE, STRICT).is_err());
        let lenient = UrlRules {
            allow_http_live: true,
            ..STRICT
        };
        assert!(EndpointUrl::parse("http://hooks.example.com/", LIVE, lenient).is_ok());
        let local = EndpointUrl::parse("http://127.0.0.1:9000/hook", TEST, STRICT).unwrap();
        assert_eq!((local.host.as_str(), local.port), ("127.0.0.1", 9000));
        let v6 = EndpointUrl::parse("http://[::1]:8080/", TEST, STRICT).unwrap();
        assert_eq!(v6.host, "::1");
        for bad in [
            "ftp://x",
            "https://",
            "https://u:p@host/",
            "https://host:0/",
            "https://host:99999/",
            "https://ho st/",
            "https://[zz]/",
        ] {
            assert!(EndpointUrl::parse(bad, TEST, STRICT).is_err(), "{bad}");
        }
    }

    #[test]
    fn standard_webhooks_vector() {
        // From the Standard Webhooks specification's test vector.
        let secret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let sig =
            standard_signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn legacy_signature_is_hex_hmac_of_the_body() {
        assert_eq!(
            legacy_signature("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn retries_back_off_exponentially_within_the_cap() {
        assert!((retry_delay_secs(30.0, 3600.0, 1, 0.5) - 30.0).abs() < 1e-9);
        assert!((retry_delay_secs(30.0, 3600.0, 3, 0.5) - 120.0).abs() < 1e-9);
        assert!((retry_delay_secs(30.0, 3600.0, 30, 0.5) - 3600.0).abs() < 1e-9);
        assert!(retry_delay_secs(30.0, 3600.0, 1, 0.0) >= 24.0);
        assert!(retry_delay_secs(30.0, 3600.0, 1, 1.0) < 36.001);
    }

    #[test]
    fn subscriptions_are_checked() {
        assert!(validate_event_types(vec![]).is_err());
        assert!(validate_event_types(vec!["deposit.made".into()]).is_err());
        assert_eq!(
            validate_event_types(vec!["webhook.test".into(), "webhook.test".into()]).unwrap(),
            vec!["webhook.test".to_string()]
        );
    }
}
