//! `coffer call METHOD PATH [BODY | -| @FILE]`: one signed request, as a client
//! would send it; the body from the argument, standard input or a file.

use super::{env_var, Failure};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::signing::sign;

#[derive(clap::Args)]
#[command(after_help = "\
The key comes from COFFER_KEY_ID and COFFER_KEY_SECRET, the server from
COFFER_URL (default http://<listen>). The same request twice in one second is
signed again, not refused as a replay.")]
pub struct Args {
    /// GET, POST, PUT, PATCH or DELETE
    #[arg(value_name = "METHOD")]
    method: String,
    /// The path and query, as signed (/v1/vaults?limit=1)
    #[arg(value_name = "PATH")]
    path: String,
    /// The body as given, `-` for standard input, `@FILE` for a file's content
    #[arg(value_name = "BODY|-|@FILE", allow_hyphen_values = true)]
    body: Option<String>,
    /// Sent as the Idempotency-Key header
    #[arg(long = "idempotency-key", value_name = "K")]
    idempotency_key: Option<String>,
}

pub fn run(args: Args, config: Config) -> Result<(), Failure> {
    let method = args.method.to_ascii_uppercase();
    let path = args.path;
    let body = read_body(args.body.unwrap_or_default())?;
    let idempotency_key = args.idempotency_key;
    if !path.starts_with('/') {
        return Err(format!("PATH must start with '/', not '{path}'").into());
    }
    let key_id = env_var("COFFER_KEY_ID").ok_or("set COFFER_KEY_ID to the API key id")?;
    let secret = env_var("COFFER_KEY_SECRET").ok_or("set COFFER_KEY_SECRET to the API secret")?;
    let base = env_var("COFFER_URL").unwrap_or_else(|| format!("http://{}", config.listen));
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let send = || -> Result<(u16, String), Failure> {
        let timestamp = Timestamp::now().unix_seconds().to_string();
        let signature = sign(&secret, &timestamp, &method, &path, body.as_bytes());
        let mut request = ureq::request(&method, &url)
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
        Ok((status, text))
    };
    let (mut status, mut text) = send()?;
    if status == 401 && code(&text).as_deref() == Some("replayed_signature") {
        // The same request was sent within the same second (a script, or a
        // retry): signatures carry whole seconds, so sign again in the next
        // one rather than trip over the replay guard. The replay was
        // refused, so nothing was done twice.
        std::thread::sleep(until_next_second());
        (status, text) = send()?;
    }
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

/// The body as given, `-` for standard input, or `@FILE` for a file's content.
fn read_body(given: String) -> Result<String, Failure> {
    if given == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Failure::Runtime(format!("cannot read the body from stdin: {e}")))?;
        return Ok(text);
    }
    match given.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| Failure::Runtime(format!("cannot read the body from {file}: {e}"))),
        None => Ok(given),
    }
}

/// The error code of an answer, if it has one.
fn code(answer: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(answer).ok()?;
    v["code"].as_str().map(str::to_string)
}

fn until_next_second() -> std::time::Duration {
    let millis = Timestamp::now().millis().rem_euclid(1000);
    std::time::Duration::from_millis(u64::try_from(1010 - millis).unwrap_or(1000))
}
