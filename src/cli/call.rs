//! `coffer call METHOD PATH [BODY]`: one signed request, as a client would send it.

use super::args::Args;
use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::signing::sign;

pub fn run(mut args: Args, config: Config) -> Result<(), Failure> {
    let method = args
        .next()
        .ok_or("call needs METHOD PATH [BODY]")?
        .to_ascii_uppercase();
    let path = args.next().ok_or("call needs METHOD PATH [BODY]")?;
    let body = args.next().unwrap_or_default();
    let idempotency_key = args.value("idempotency-key")?;
    args.finish()?;
    if !path.starts_with('/') {
        return Err(Failure::Usage(format!(
            "PATH must start with '/', not '{path}'"
        )));
    }
    let key_id = env_var("COFFER_KEY_ID").ok_or("set COFFER_KEY_ID to the API key id")?;
    let secret = env_var("COFFER_KEY_SECRET").ok_or("set COFFER_KEY_SECRET to the API secret")?;
    let base = env_var("COFFER_URL").unwrap_or_else(|| format!("http://{}", config.listen));
    let timestamp = Timestamp::now().unix_seconds().to_string();
    let signature = sign(&secret, &timestamp, &method, &path, body.as_bytes());
    let mut request = ureq::request(&method, &format!("{}{path}", base.trim_end_matches('/')))
        .set("X-API-Key", &key_id)
        .set("X-Timestamp", &timestamp)
        .set("X-Signature", &signature)
        .set("Content-Type", "application/json");
    if let Some(key) = &idempotency_key {
        request = request.set("Idempotency-Key", key);
    }
    let response = match request.send_bytes(body.as_bytes()) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(Failure::Runtime(format!("cannot reach {base}: {e}"))),
    };
    let status = response.status();
    let text = response
        .into_string()
        .map_err(|e| Failure::Runtime(e.to_string()))?;
    eprintln!("HTTP {status}");
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => println!("{}", serde_json::to_string_pretty(&v).unwrap_or(text)),
        Err(_) => println!("{text}"),
    }
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(Failure::Runtime(format!("the server answered {status}")))
    }
}
