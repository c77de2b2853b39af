//! HTTP fuzz: every route of the OpenAPI document gets a bounded, seeded batch
//! of malformed requests (garbage and wrong-typed bodies, invalid UTF-8, deep
//! nesting, huge strings, random query parameters, non-id path parameters,
//! duplicate headers), correctly authenticated for its family. Never a 5xx;
//! every error is JSON in the family's shape; the server stays healthy and its
//! books verify. `TORTURE_SEED=<n>` reruns a failure.

use crate::support::{hex, seed, Rng, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

// ---------------------------------------------------------------------------
// Raw HTTP/1.1: what ureq will not send (invalid UTF-8 in the request target,
// duplicate headers), byte for byte.

pub struct RawResp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&body[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || body.len() < eol + 2 + size {
            return out;
        }
        out.extend_from_slice(&body[eol + 2..eol + 2 + size]);
        body = &body[(eol + 4 + size).min(body.len())..];
    }
}

/// Sends one request on a fresh connection and reads the answer to the end.
pub fn send_raw(base: &str, request: &[u8]) -> Result<RawResp, String> {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    // A server may answer (413) and close before it read a large body: the
    // write then fails, the read may end in a reset, and what arrived before
    // still counts.
    let written = stream.write_all(request);
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    if answer.is_empty() {
        return Err(format!("no answer: write {written:?}, read {read:?}"));
    }
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no header end in {:?}", String::from_utf8_lossy(&answer)))?;
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = answer[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body);
    }
    Ok(RawResp {
        status,
        headers,
        body,
    })
}

fn sign_bytes(secret: &str, ts: &str, method: &str, target: &[u8], body: &[u8]) -> String {
    let mut canonical = format!("{ts}\n{method}\n").into_bytes();
    canonical.extend_from_slice(target);
    canonical.extend_from_slice(format!("\n{}", hex(&Sha256::digest(body))).as_bytes());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&canonical);
    hex(&mac.finalize().into_bytes())
}

// ---------------------------------------------------------------------------
// The HTTP fuzz.

#[derive(Clone, Copy, Debug, PartialEq)]
enum Family {
    Native,
    Coinbase,
    Admin,
    /// The approval console: pages for a browser, so errors are HTML pages.
    Console,
}

/// docs/api.md, "Conventions": the error family follows the path.
fn family_of(path: &[u8]) -> Family {
    if path.starts_with(b"/api/v1/") || path == b"/api/v1" {
        Family::Coinbase
    } else if path.starts_with(b"/api/") {
        Family::Admin
    } else if path.starts_with(b"/console/") || path == b"/console" || path == b"/" {
        Family::Console
    } else {
        Family::Native
    }
}

struct Fuzz<'a> {
    server: &'a Server,
    rng: Rng,
    components: Value,
    /// Ids of real objects, so that half the path parameters get past the
    /// look-up and the body reaches the handler's parser.
    ids: Vec<String>,
}

/// One request to send: everything a client controls.
struct Attempt {
    method: String,
    target: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    what: &'static str,
}

const HUGE: usize = 100_000;

impl Fuzz<'_> {
    fn resolve(&self, schema: &Value) -> Value {
        match schema["$ref"].as_str() {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or("");
                self.resolve(&self.components["schemas"][name])
            }
            None => schema.clone(),
        }
    }

    /// The names of a request body's known fields, from the document.
    fn fields(&self, op: &Value) -> Vec<String> {
        let schema = self.resolve(&op["requestBody"]["content"]["application/json"]["schema"]);
        let mut names: Vec<String> = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        for variant in schema["oneOf"].as_array().into_iter().flatten() {
            let v = self.resolve(variant);
            names.extend(
                v["properties"]
                    .as_object()
                    .into_iter()
                    .flat_map(|p| p.keys().cloned()),
            );
        }
        names
    }

    fn garbage_value(&mut self, depth: usize) -> Value {
        match self.rng.below(if depth > 3 { 7 } else { 9 }) {
            0 => Value::Null,
            1 => json!(self.rng.below(2) == 0),
            2 => json!(self.rng.next() as i64),
            3 => json!(-1.5e300),
            4 => {
                let n = self.rng.below(12);
                json!(self.rng.word(n))
            }
            5 => json!("x".repeat(HUGE)),
            6 => serde_json::from_str("123456789012345678901234567890.5e400").unwrap_or(json!(0)),
            7 => Value::Array(
                (0..self.rng.below(4))
                    .map(|_| self.garbage_value(depth + 1))
                    .collect(),
            ),
            _ => {
                let mut m = Map::new();
                for _ in 0..self.rng.below(4) {
                    let n = 1 + self.rng.below(8);
                    let k = self.rng.word(n);
                    let v = self.garbage_value(depth + 1);
                    m.insert(k, v);
                }
                Value::Object(m)
            }
        }
    }

    fn body(&mut self, fields: &[String]) -> (Vec<u8>, &'static str) {
        match self.rng.below(11) {
            0 => (Vec::new(), "empty body"),
            1 => {
                let n = self.rng.below(300);
                (self.rng.bytes(n), "random bytes")
            }
            2 => (
                b"{\"name\":\"\xff\xfe\xc3\x28\"}".to_vec(),
                "invalid UTF-8 body",
            ),
            3 => {
                let depth = 1 + self.rng.below(100_000);
                let mut b = "[".repeat(depth).into_bytes();
                b.extend("]".repeat(depth).into_bytes());
                (b, "deep array nesting")
            }
            4 => {
                let depth = 1 + self.rng.below(5_000);
                let b = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
                (b.into_bytes(), "deep object nesting")
            }
            5 => ((b"x".repeat(1_100_000)), "body over 1 MiB"),
            6 => {
                let v = self.garbage_value(0);
                (v.to_string().into_bytes(), "random JSON")
            }
            7 => (
                b"{\"a\":1,\"a\":2,\"amount\":\"1\",\"amount\":{}}".to_vec(),
                "duplicate keys",
            ),
            _ if fields.is_empty() => (b"{\"unknown\":true}".to_vec(), "unknown field"),
            _ => {
                // Known fields, each with a value of the wrong type (or a huge
                // or odd string where a string is due).
                let mut m = Map::new();
                for f in fields {
                    if self.rng.below(3) > 0 {
                        let v = self.garbage_value(0);
                        m.insert(f.clone(), v);
                    }
                }
                (
                    Value::Object(m).to_string().into_bytes(),
                    "known fields, wrong types",
                )
            }
        }
    }

    fn path_param(&mut self) -> String {
        if self.rng.below(2) == 0 {
            return self.rng.pick(&self.ids).clone();
        }
        let choices = [
            "not-an-id".to_string(),
            "%FF%FE".to_string(),
            "%00".to_string(),
            "%2F..%2F..".to_string(),
            "0".to_string(),
            "-1".to_string(),
            "99999999999999999999999999".to_string(),
            "a".repeat(5_000),
            "%C3%A9t%C3%A9".to_string(),
            "0190d3b2-7c1a-7d4e-8f00-000000000000".to_string(),
            "0190D3B2-7C1A-7D4E-8F00-00000000000Z".to_string(),
            "ck_test_nothing".to_string(),
            "BTC%20".to_string(),
            "%".to_string(),
        ];
        self.rng.pick(&choices).clone()
    }

    fn query(&mut self, known: &[String]) -> (Vec<u8>, &'static str) {
        let garbage = [
            "-1",
            "0",
            "101",
            "99999999999999999999999",
            "1.5",
            "%FF",
            "%",
            "%zz",
            "not-an-id",
            "2020-13-45T99:99:99Z",
            "",
            "%E2%82",
        ];
        match self.rng.below(6) {
            0 => (b"?%FF%FE=%C3%28".to_vec(), "invalid UTF-8 in the query"),
            1 => (b"?a=\xff\xfe".to_vec(), "raw non-UTF-8 bytes in the query"),
            2 => {
                let name = self.rng.word(6);
                (
                    format!("?{name}=1&{name}=2").into_bytes(),
                    "random parameter",
                )
            }
            3 if !known.is_empty() => {
                let mut q = String::from("?");
                for name in known {
                    if self.rng.below(2) == 0 {
                        let v = self.rng.pick(&garbage);
                        q.push_str(&format!("{name}={v}&"));
                    }
                }
                (q.into_bytes(), "known parameters, bad values")
            }
            4 if !known.is_empty() => {
                let name = self.rng.pick(known).clone();
                (
                    format!("?{name}=1&{name}=1").into_bytes(),
                    "parameter twice",
                )
            }
            _ => (
                format!("?limit=5&before={}&after=x&q=&&==", "a".repeat(9000)).into_bytes(),
                "long and odd query",
            ),
        }
    }

    /// Adds the family's credentials (signing native requests over the exact
    /// bytes sent) and maybe a duplicate or odd header.
    fn authenticate(&mut self, a: &mut Attempt, tag: &str) {
        let creds = &self.server.creds;
        match tag {
            "native" => {
                let ts = crate::support::now_secs().to_string();
                let sig = sign_bytes(&creds.secret, &ts, &a.method, &a.target, &a.body);
                a.headers
                    .push(("X-API-Key".into(), creds.key_id.clone().into()));
                a.headers.push(("X-Timestamp".into(), ts.into()));
                a.headers.push(("X-Signature".into(), sig.into()));
            }
            "coinbase" => {
                a.headers
                    .push(("CB-ACCESS-KEY".into(), creds.key_id.clone().into()));
                a.headers.push((
                    "CB-ACCESS-PASSPHRASE".into(),
                    creds.passphrase.clone().into(),
                ));
            }
            "admin" => a
                .headers
                .push(("x-api-key".into(), creds.super_admin_token.clone().into())),
            _ => {}
        }
        match self.rng.below(8) {
            0 => {
                // Every header again, some with other values.
                let again: Vec<_> = a
                    .headers
                    .iter()
                    .map(|(n, v)| {
                        let v = if v.is_empty() {
                            b"x".to_vec()
                        } else {
                            v.clone()
                        };
                        (n.clone(), v)
                    })
                    .collect();
                a.headers.extend(again);
                a.what = "duplicate headers";
            }
            1 => {
                let key = self
                    .rng
                    .pick(&["", "a b", "\u{e9}", &"k".repeat(65)])
                    .to_string();
                a.headers.push(("Idempotency-Key".into(), key.into()));
                a.headers
                    .push(("Idempotency-Key".into(), b"other".to_vec()));
                a.what = "bad and duplicate Idempotency-Key";
            }
            2 => {
                a.headers.push((
                    "Content-Type".into(),
                    b"text/plain; charset=latin1".to_vec(),
                ));
                a.headers
                    .push(("X-Junk".into(), "j".repeat(4000).into_bytes()));
                a.what = "odd content type and a long header";
            }
            _ => {}
        }
    }

    /// `None` when the server closed the connection without an answer, which
    /// only a request with non-ASCII bytes in its head may get: tiny_http
    /// cannot parse such a head and drops it before Coffer sees it.
    fn send(&self, a: &Attempt) -> Option<RawResp> {
        let mut req = format!("{} ", a.method).into_bytes();
        req.extend_from_slice(&a.target);
        req.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (n, v) in &a.headers {
            req.extend_from_slice(n.as_bytes());
            req.extend_from_slice(b": ");
            req.extend_from_slice(v);
            req.extend_from_slice(b"\r\n");
        }
        req.extend_from_slice(format!("Content-Length: {}\r\n\r\n", a.body.len()).as_bytes());
        req.extend_from_slice(&a.body);
        let non_ascii_head = !a.target.is_ascii() || a.headers.iter().any(|(_, v)| !v.is_ascii());
        match send_raw(&self.server.base, &req) {
            Ok(r) => Some(r),
            Err(e) if non_ascii_head && e.starts_with("no answer") => None,
            Err(e) => panic!(
                "{} {} ({}): {e}",
                a.method,
                String::from_utf8_lossy(&a.target[..a.target.len().min(200)]),
                a.what
            ),
        }
    }
}

/// Checks one answer: never a 5xx; errors in the family's JSON shape.
fn check_answer(a: &Attempt, r: &RawResp, failures: &mut Vec<String>) {
    let target = String::from_utf8_lossy(&a.target[..a.target.len().min(120)]).into_owned();
    let what = format!("{} {target} ({})", a.method, a.what);
    let body = String::from_utf8_lossy(&r.body[..r.body.len().min(300)]).into_owned();
    if r.status >= 500 {
        failures.push(format!("{what}: {} {body}", r.status));
        return;
    }
    if r.status < 400 {
        return;
    }
    let path = a.target.split(|b| *b == b'?').next().unwrap_or(&[]);
    let family = family_of(path);
    if family == Family::Console {
        if !r.body.starts_with(b"<!doctype html>") {
            failures.push(format!(
                "{what}: {} console error is not a page: {body:?}",
                r.status
            ));
        }
        return;
    }
    let Ok(Value::Object(e)) = serde_json::from_slice::<Value>(&r.body) else {
        failures.push(format!("{what}: {} non-JSON error body {body:?}", r.status));
        return;
    };
    let ok = match family {
        Family::Native => {
            e.get("statusCode").and_then(Value::as_u64) == Some(u64::from(r.status))
                && e.get("message").is_some_and(Value::is_string)
                && e.get("code").is_some_and(Value::is_string)
                && e.get("requestId").is_some_and(Value::is_string)
                && e.get("errors").is_some_and(Value::is_object)
        }
        Family::Coinbase => e.get("message").is_some_and(Value::is_string),
        Family::Admin => e.get("error").is_some_and(Value::is_string),
        Family::Console => true,
    };
    if !ok {
        failures.push(format!(
            "{what}: {} not in the {family:?} shape: {body}",
            r.status
        ));
    }
    if r.header("x-request-id").is_none() {
        failures.push(format!("{what}: {} without X-Request-Id", r.status));
    }
}

/// One object of each kind the paths name, with money on the books, and
/// their ids.
fn real_objects(server: &Server) -> Vec<String> {
    let c = server.client();
    let id = |r: crate::support::Resp| r.body["id"].as_str().unwrap().to_string();
    let vault = c.vault("fuzz");
    let wallet = crate::ledger::wallet(&c, &vault, "BTC");
    let deposit = crate::ledger::fund(&c, &wallet, "1")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let entry = crate::ledger::address_entry(&c, "BTC", crate::ledger::BTC_DESTINATION);
    let withdrawal = id(c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({"sourceWalletId": wallet, "addressBookEntryId": entry, "amount": "0.1"}),
            "fuzz-withdrawal",
        )
        .expect(201));
    let user = id(server
        .live_client()
        .post(
            "/v1/users",
            &json!({"name": "Fuzz", "email": "fuzz@example.com", "role": "approver"}),
        )
        .expect(201));
    let (subwallet, _) = server.super_admin().subwallet("fuzz");
    vec![
        vault,
        wallet,
        deposit,
        entry,
        withdrawal,
        user,
        subwallet,
        server.creds.key_id.clone(),
        "BTC".into(),
    ]
}

#[test]
fn every_route_survives_malformed_requests() {
    let server = Server::start();
    let c = server.client();
    let seed = seed(0x5eed_f00d);
    let rounds: usize = std::env::var("TORTURE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let doc = c.get("/openapi.json").expect(200).body;
    let mut fuzz = Fuzz {
        server: &server,
        rng: Rng::new(seed),
        components: doc["components"].clone(),
        ids: real_objects(&server),
    };
    let mut failures = Vec::new();
    let (mut sent, mut dropped) = (0, 0);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let paths = doc["paths"].as_object().unwrap();
    assert!(
        paths.len() > 30,
        "the document lists only {} paths",
        paths.len()
    );
    for (path, methods) in paths {
        for (method, op) in methods.as_object().unwrap() {
            let method = method.to_ascii_uppercase();
            let tag = op["tags"][0].as_str().unwrap_or("").to_string();
            let fields = fuzz.fields(op);
            let known_query: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect();
            for _ in 0..rounds {
                let mut target = String::new();
                for segment in path.split('/').filter(|s| !s.is_empty()) {
                    target.push('/');
                    if segment.starts_with('{') {
                        target.push_str(&fuzz.path_param());
                    } else {
                        target.push_str(segment);
                    }
                }
                if target.is_empty() {
                    target.push('/');
                }
                let mut target = target.into_bytes();
                let (body, mut what) = fuzz.body(&fields);
                if fuzz.rng.below(3) == 0 {
                    let (q, w) = fuzz.query(&known_query);
                    target.extend_from_slice(&q);
                    what = w;
                }
                let mut attempt = Attempt {
                    method: method.clone(),
                    target,
                    headers: vec![("Content-Type".into(), b"application/json".to_vec())],
                    body,
                    what,
                };
                fuzz.authenticate(&mut attempt, &tag);
                match fuzz.send(&attempt) {
                    Some(r) => {
                        *statuses.entry(r.status).or_insert(0) += 1;
                        check_answer(&attempt, &r, &mut failures);
                    }
                    None => dropped += 1,
                }
                sent += 1;
            }
        }
    }
    assert!(sent > 300, "only {sent} requests were sent");
    // Requests whose head is not ASCII are dropped unanswered by tiny_http;
    // every other request must have had an answer (`send` panics otherwise).
    eprintln!(
        "fuzz (seed {seed}): {sent} requests, {dropped} with a non-ASCII head unanswered, \
         statuses {statuses:?}"
    );
    // The credentials are good, so most requests reach their handlers: the
    // fuzz tests the parsers behind authentication, not only the gate.
    let unauthenticated = statuses.get(&401).copied().unwrap_or(0);
    assert!(
        unauthenticated < sent / 4,
        "{unauthenticated} of {sent} answered 401"
    );
    failures.dedup();
    assert!(
        failures.is_empty(),
        "seed {seed}: {} bad answers of {sent}:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
    server.client().get("/health").expect(200);
    let verify = server.cli(&["verify"]);
    assert!(
        verify.status.success(),
        "coffer verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
}

/// Found by fuzzing amounts at the edge: a deposit at the largest amount the
/// parser accepts took the partition's `external` account past the cap, the
/// SQL arithmetic refused, and the client got a 500. It is a refusal (422).
#[test]
fn a_movement_beyond_what_the_books_can_hold_is_refused_not_a_500() {
    let server = Server::start();
    let c = server.client();
    let w = crate::ledger::wallet(&c, &c.vault("cap"), "BTC");
    crate::ledger::fund(&c, &w, "1");
    // 10^36 satoshi: the parser's cap, so only the books can refuse it.
    let at_cap = format!("1{}", "0".repeat(28));
    let r = c.post(
        "/v1/sandbox/deposits",
        &json!({ "walletId": w, "amount": at_cap }),
    );
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.code(), "amount_too_large");
    assert_eq!(
        crate::ledger::balance(&c, &w),
        json!({"total": "1", "available": "1", "pending": "0", "locked": "0"})
    );
    let verify = server.cli(&["verify"]);
    assert!(verify.status.success());
}

/// Every money movement with amounts at and past every edge (the parser's
/// cap, the asset's decimals, i64 and i128, wrong JSON types, the sum of two
/// valid amounts past the cap): never a 5xx, errors in the native shape, the
/// books verify and no refused movement changed a balance.
#[test]
fn money_endpoints_survive_amounts_at_every_edge() {
    use crate::ledger::{address_entry, balance, fund, wallet, BTC_DESTINATION, ETH_DESTINATION};
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("edge-a"), "BTC");
    let b = wallet(&c, &c.vault("edge-b"), "BTC");
    let e = wallet(&c, &c.vault("edge-e"), "ETH");
    let f = wallet(&c, &c.vault("edge-f"), "ETH");
    fund(&c, &a, "1");
    fund(&c, &e, "1");
    let btc_entry = address_entry(&c, "BTC", BTC_DESTINATION);
    let eth_entry = address_entry(&c, "ETH", ETH_DESTINATION);
    let zeros = |n: usize| "0".repeat(n);
    let amounts: Vec<Value> = vec![
        json!("0"),
        json!("0.0"),
        json!(format!("0.{}1", zeros(7))),
        json!(format!("0.{}1", zeros(8))),
        json!(format!("0.{}1", zeros(17))),
        json!(format!("0.{}1", zeros(18))),
        json!(format!("0.{}1", zeros(60))),
        json!("9223372036854775807"),
        json!("9223372036854775808"),
        json!("18446744073709551616"),
        json!("170141183460469231731687303715884105727"),
        json!("170141183460469231731687303715884105728"),
        json!(format!("1{}", zeros(18))),
        json!(format!("1{}.{}1", zeros(17), zeros(17))),
        json!(format!("1{}", zeros(28))),
        json!(format!("1{}.{}1", zeros(27), zeros(7))),
        json!(format!("1{}", zeros(29))),
        json!("9".repeat(10_000)),
        json!("1e8"),
        json!("-1"),
        json!("+1"),
        json!(" 1"),
        json!("1."),
        json!(".5"),
        json!("01"),
        json!("NaN"),
        json!("\u{0663}"),
        json!(""),
        json!(1),
        json!(1.5),
        serde_json::from_str::<Value>("1e400").unwrap_or(json!(0)),
        json!(-1),
        json!(u64::MAX),
        json!(null),
        json!([]),
        json!({}),
        json!(true),
    ];
    let mut failures = Vec::new();
    let mut n = 0;
    for amount in &amounts {
        let bodies = [
            (
                "/v1/sandbox/deposits",
                json!({"walletId": a, "amount": amount}),
            ),
            (
                "/v1/sandbox/deposits",
                json!({"walletId": f, "amount": amount}),
            ),
            (
                "/v1/transactions/transfer",
                json!({"sourceWalletId": a, "destinationWalletId": b, "amount": amount}),
            ),
            (
                "/v1/transactions/transfer",
                json!({"sourceWalletId": e, "destinationWalletId": f, "amount": amount}),
            ),
            (
                "/v1/transactions/withdraw",
                json!({"sourceWalletId": a, "addressBookEntryId": btc_entry, "amount": amount}),
            ),
            (
                "/v1/transactions/withdraw",
                json!({"sourceWalletId": e, "addressBookEntryId": eth_entry, "amount": amount}),
            ),
        ];
        for (path, body) in bodies {
            n += 1;
            let key = format!("edge-{n}");
            let r = c.post_idem(path, &body, &key);
            let shaped = r.body["statusCode"] == r.status
                && r.body["code"].is_string()
                && r.body["errors"].is_object();
            if r.status >= 500 || (r.status >= 400 && !shaped) {
                let text = &r.text[..r.text.len().min(300)];
                let shown: String = amount.to_string().chars().take(60).collect();
                failures.push(format!("{path} amount {shown}: {} {text}", r.status));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Whatever was accepted, nothing is locked beyond the wallets' means and
    // the books agree with their entries.
    for w in [&a, &b, &e, &f] {
        let bal = balance(&c, w);
        assert!(
            !bal["available"].as_str().unwrap().starts_with('-'),
            "{w}: {bal}"
        );
    }
    let verify = server.cli(&["verify"]);
    assert!(
        verify.status.success(),
        "coffer verify: {}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

/// Values that are wrong, odd or extreme for almost any field.
fn edge_values() -> Vec<Value> {
    let big = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(json!(0));
    vec![
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5),
        big("1e400"),
        big("18446744073709551616"),
        json!(""),
        json!(" "),
        json!("x".repeat(100_000)),
        json!("\u{0000}\n\t\u{202e}"),
        json!("é漢😀"),
        json!("0"),
        json!("9".repeat(60)),
        json!("../../etc/passwd%00"),
        json!(["a", 1]),
        json!({"a": {"b": []}}),
    ]
}

/// Each field of an otherwise valid body (the documented fields of every
/// writing route, with real ids) replaced by each edge value: the parsers
/// behind the first field, the domain rules and the SQL all see the value.
#[test]
fn one_bad_field_in_an_otherwise_valid_body() {
    use crate::ledger::{address_entry, fund, wallet, BTC_DESTINATION};
    let server = Server::start();
    let c = server.client();
    let cb = server.coinbase();
    let admin = server.super_admin();
    let vault = c.vault("field-a");
    let other_vault = c.vault("field-b");
    let w1 = wallet(&c, &vault, "BTC");
    let w2 = wallet(&c, &other_vault, "BTC");
    fund(&c, &w1, "10");
    let entry = address_entry(&c, "BTC", BTC_DESTINATION);
    // Users are changed with a live key ("live" below).
    let live = server.live_client();
    let user = live
        .post(
            "/v1/users",
            &json!({"name": "U", "email": "u@example.com", "role": "viewer"}),
        )
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (subwallet, _) = admin.subwallet("field-sub");
    let templates: Vec<(&str, String, Value)> = vec![
        (
            "native",
            "POST /v1/vaults".into(),
            json!({"name": "v", "externalId": "e", "metadata": {"k": "v"}}),
        ),
        (
            "native",
            format!("PATCH /v1/vaults/{vault}"),
            json!({"name": "v2", "metadata": {"k": "v"}, "status": "Active"}),
        ),
        (
            "native",
            format!("POST /v1/vaults/{other_vault}/wallets"),
            json!({"assetId": "ETH", "label": "l"}),
        ),
        (
            "native",
            "POST /v1/transactions/transfer".into(),
            json!({"sourceWalletId": w1, "destinationWalletId": w2, "amount": "0.001", "note": "n"}),
        ),
        (
            "native",
            "POST /v1/transactions/withdraw".into(),
            json!({"sourceWalletId": w1, "addressBookEntryId": entry, "amount": "0.001", "note": "n"}),
        ),
        (
            "native",
            "POST /v1/transactions/withdraw".into(),
            json!({"sourceWalletId": w1, "destinationAddress": BTC_DESTINATION, "destinationTag": "1", "amount": "0.001"}),
        ),
        (
            "native",
            "POST /v1/address-book".into(),
            json!({"assetId": "ETH", "address": crate::ledger::ETH_DESTINATION, "tag": "t", "label": "l"}),
        ),
        (
            "native",
            "POST /v1/sandbox/deposits".into(),
            json!({"walletId": w2, "amount": "0.5", "confirmations": 1}),
        ),
        (
            "native",
            "POST /v1/sandbox/deposits".into(),
            json!({"address": BTC_DESTINATION, "amount": "0.5"}),
        ),
        (
            "native",
            "POST /v1/sandbox/blocks".into(),
            json!({"count": 1}),
        ),
        (
            "native",
            format!("POST /v1/signer/requests/{w1}/signature"),
            json!({"signedPayload": "00"}),
        ),
        (
            "native",
            "PUT /v1/webhooks/outbound".into(),
            json!({"url": "http://127.0.0.1:9/hook", "subscribedEventTypes": ["webhook.test"]}),
        ),
        (
            "live",
            "POST /v1/users".into(),
            json!({"name": "n", "email": "n@example.com", "role": "viewer", "password": "correct horse battery"}),
        ),
        (
            "live",
            format!("PATCH /v1/users/{user}"),
            json!({"name": "n", "role": "viewer", "status": "Active"}),
        ),
        (
            "coinbase",
            "POST /api/v1/wallets".into(),
            json!({"currency": "BTC", "name": "w"}),
        ),
        (
            "coinbase",
            "POST /api/v1/transactions".into(),
            json!({"source": w1, "whole_amount": "0.001", "destination": BTC_DESTINATION, "currency": "BTC", "account_identifier": "1"}),
        ),
        (
            "coinbase",
            "POST /api/v1/address_book".into(),
            json!({"currency": "BTC", "name": "n", "address": BTC_DESTINATION, "account_identifier": "1"}),
        ),
        (
            "admin",
            "POST /api/subwallet/create".into(),
            json!({"wallet_name": "s", "label": "l"}),
        ),
        (
            "admin",
            "POST /api/apikey/create".into(),
            json!({"wallet_id": subwallet, "name": "k", "roles": ["viewer"], "scopes": ["assets:read"], "ip_allowlist": ["127.0.0.1/32"], "expires_at": "2999-01-01T00:00:00Z", "environment": "test", "read_only": true}),
        ),
        (
            "admin",
            "POST /api/apikey/revoke".into(),
            json!({"wallet_id": subwallet, "name": "no-such-key"}),
        ),
    ];
    let mut failures = Vec::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut n = 0;
    for (family, route, template) in &templates {
        let (method, path) = route.split_once(' ').unwrap();
        for field in template.as_object().unwrap().keys() {
            for value in edge_values() {
                n += 1;
                let mut body = template.clone();
                body[field] = value.clone();
                let bytes = body.to_string().into_bytes();
                let key = format!("field-{n}");
                let extra = [("Idempotency-Key", key.as_str())];
                let r = match *family {
                    "native" => c.send(method, path, &bytes, &extra),
                    "live" => live.send(method, path, &bytes, &extra),
                    "coinbase" => cb.send(method, path, &bytes, &[]),
                    _ => admin.send(method, path, &bytes, &extra),
                };
                *statuses.entry(r.status).or_insert(0) += 1;
                let shaped = match *family {
                    "native" | "live" => {
                        r.body["statusCode"] == r.status && r.body["code"].is_string()
                    }
                    "coinbase" => r.body["message"].is_string(),
                    _ => r.body["error"].is_string(),
                };
                if r.status >= 500 || (r.status >= 400 && !shaped) {
                    let shown: String = value.to_string().chars().take(40).collect();
                    let text: String = r.text.chars().take(300).collect();
                    failures.push(format!("{route} {field}={shown}: {} {text}", r.status));
                }
            }
        }
    }
    assert!(n > 800, "only {n} requests");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("one bad field: {n} requests, statuses {statuses:?}");
    // Some edge values are valid for some fields: the fuzz got past the
    // parsers into the domain, not only into 400s.
    let accepted: usize = statuses.range(200..300).map(|(_, n)| n).sum();
    assert!(accepted > 20, "only {accepted} requests were accepted");
    server.client().get("/health").expect(200);
    let verify = server.cli(&["verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}
