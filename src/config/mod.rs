//! Configuration: defaults < TOML file < `COFFER_*` environment < command-line flags.
//! Unknown keys and unparsable values are errors, all reported in one pass, and
//! loading never writes anything.

mod chains;

use crate::domain::asset::Assets;
use crate::domain::cidr::IpAllowList;
pub use chains::{AssetConfig, NetworkConfig};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the database, master key and first credentials live.
    pub data_dir: String,
    pub listen: String,
    /// The URL clients reach this server at (scheme, host, optional port),
    /// used in links such as `approval_url`; empty: `http://` + the address `serve`
    /// is bound to (never the request's Host header, which the caller controls).
    pub public_url: String,
    /// Threads answering HTTP requests.
    pub workers: u32,
    /// Read-only SQLite connections shared by the workers.
    pub read_connections: u32,
    /// Reverse proxies (CIDRs) whose `X-Forwarded-For` names the real client;
    /// empty: the TCP peer is the client and the header is ignored.
    pub trusted_proxies: Vec<String>,
    pub limits: Limits,
    pub auth: Auth,
    pub sandbox: Sandbox,
    pub chain: Chain,
    pub webhooks: Webhooks,
    pub consensus: Consensus,
    /// The live chains (docs/evm.md); none: live wallets are refused with 422
    /// `chain_unavailable`.
    pub networks: Vec<NetworkConfig>,
    pub assets: Vec<AssetConfig>,
}

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

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: "./coffer-data".into(),
            listen: "127.0.0.1:8080".into(),
            public_url: String::new(),
            workers: 8,
            read_connections: 4,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            auth: Auth::default(),
            sandbox: Sandbox::default(),
            chain: Chain::default(),
            networks: Vec::new(),
            webhooks: Webhooks::default(),
            consensus: Consensus::default(),
            assets: chains::default_assets(),
        }
    }
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

/// Values given on the command line; they win over everything else.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub data_dir: Option<String>,
    pub listen: Option<String>,
}

/// Every problem found while loading, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub Vec<String>);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl Config {
    /// Loads the layered configuration. `env` looks up an environment variable.
    pub fn load(
        flags: &Flags,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut errors = Vec::new();
        let mut merged =
            Table::try_from(Config::default()).map_err(|e| ConfigError(vec![e.to_string()]))?;

        let config_path = flags
            .config
            .clone()
            .or_else(|| env("COFFER_CONFIG").map(PathBuf::from));
        if let Some(path) = config_path {
            match read_table(&path) {
                Ok(mut file) => {
                    if let Some(toml::Value::Table(evm)) = file.remove("evm") {
                        errors.push(chains::evm_section_replaced(&evm));
                    }
                    check_known_keys(&merged, &file, "", &mut errors);
                    overlay(&mut merged, file);
                }
                Err(e) => errors.push(e),
            }
        }
        apply_env(&mut merged, "COFFER", env, &mut errors);
        if let Some(dir) = &flags.data_dir {
            merged.insert("data_dir".into(), Value::String(dir.clone()));
        }
        if let Some(listen) = &flags.listen {
            merged.insert("listen".into(), Value::String(listen.clone()));
        }
        // A value that could not be used left the default in place, so the rest is
        // still checked: every problem is reported in one pass, each naming its key.
        match Value::Table(merged.clone()).try_into::<Config>() {
            Ok(config) => match config.validate() {
                Ok(()) if errors.is_empty() => Ok(config),
                Ok(()) => Err(ConfigError(errors)),
                Err(ConfigError(more)) => {
                    errors.extend(more);
                    Err(ConfigError(errors))
                }
            },
            Err(e) => {
                let defaults = Table::try_from(Config::default())
                    .map_err(|e| ConfigError(vec![e.to_string()]))?;
                let culprits = unusable_keys(&defaults, &merged);
                if culprits.is_empty() {
                    errors.push(format!("config: {}", e.message()));
                }
                errors.extend(culprits);
                Err(ConfigError(errors))
            }
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let mut errors = Vec::new();
        if self.listen.parse::<SocketAddr>().is_err() {
            errors.push(format!(
                "listen: '{}' is not an address such as 127.0.0.1:8080",
                self.listen
            ));
        }
        if self.data_dir.is_empty() {
            errors.push("data_dir: must not be empty".into());
        }
        let base = self.webhooks.retry_base_secs;
        if !(base.is_finite() && base > 0.0 && base <= 86_400.0) {
            errors.push("webhooks.retry_base_secs: must be more than 0 and at most 86400".into());
        }
        if let Err(e) = IpAllowList::parse(&self.trusted_proxies) {
            errors.push(format!("trusted_proxies: {e}"));
        }
        let w = &self.webhooks;
        if w.in_flight_per_endpoint == 0 || w.in_flight_per_endpoint > w.senders.max(1) {
            errors.push(format!(
                "webhooks.in_flight_per_endpoint: must be at least 1 and at most webhooks.senders ({})",
                w.senders.max(1)
            ));
        }
        let days = self.webhooks.retention_days;
        if !(days.is_finite() && days > 0.0 && days <= 3660.0) {
            errors.push("webhooks.retention_days: must be more than 0 and at most 3660".into());
        }
        let ttl = self.consensus.activity_ttl_hours;
        if !(ttl.is_finite() && ttl > 0.0 && ttl <= 24.0 * 366.0) {
            errors
                .push("consensus.activity_ttl_hours: must be more than 0 and at most 8784".into());
        }
        let url = &self.public_url;
        let well_formed = url.strip_prefix("https://").or(url.strip_prefix("http://"));
        if !url.is_empty()
            && (well_formed.is_none_or(str::is_empty)
                || url.ends_with('/')
                || url.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            errors.push(format!(
                "public_url: '{url}' is not a URL such as https://custody.example.com (no trailing slash)"
            ));
        }
        for (key, value) in [
            ("workers", self.workers),
            ("read_connections", self.read_connections),
            ("limits.per_key_per_minute", self.limits.per_key_per_minute),
            (
                "limits.failed_auth_per_ip_per_minute",
                self.limits.failed_auth_per_ip_per_minute,
            ),
            ("limits.max_connections", self.limits.max_connections),
            ("limits.idle_timeout_secs", self.limits.idle_timeout_secs),
            ("limits.head_timeout_secs", self.limits.head_timeout_secs),
            ("limits.body_timeout_secs", self.limits.body_timeout_secs),
            ("limits.write_timeout_secs", self.limits.write_timeout_secs),
            (
                "auth.timestamp_tolerance_secs",
                self.auth.timestamp_tolerance_secs,
            ),
        ] {
            if value == 0 {
                errors.push(format!("{key}: must be at least 1"));
            }
        }
        let (_, chain_errors) =
            chains::resolve(&self.networks, &self.assets, &self.sandbox.explorer);
        errors.extend(chain_errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(errors))
        }
    }

    pub fn data_dir(&self) -> &Path {
        Path::new(&self.data_dir)
    }

    /// The configured assets (validated when the config loaded).
    pub fn assets(&self) -> Assets {
        Assets::new(chains::resolve(&self.networks, &self.assets, &self.sandbox.explorer).0)
    }
}

fn read_table(path: &Path) -> Result<Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    text.parse::<Table>()
        .map_err(|e| format!("{}: {}", path.display(), e.message()))
}

/// Reports every key of `given` that the defaults do not have.
fn check_known_keys(known: &Table, given: &Table, prefix: &str, errors: &mut Vec<String>) {
    for (key, value) in given {
        let path = format!("{prefix}{key}");
        match (known.get(key), value) {
            (None, _) => errors.push(format!("unknown config key '{path}'")),
            (Some(Value::Table(k)), Value::Table(g)) => {
                check_known_keys(k, g, &format!("{path}."), errors)
            }
            _ => {}
        }
    }
}

/// Every key of `merged` whose value the defaults cannot take, tried one key
/// at a time on the defaults: `section.key: what it expects`.
fn unusable_keys(defaults: &Table, merged: &Table) -> Vec<String> {
    let mut found = Vec::new();
    for (path, value) in leaves(merged, "") {
        let mut trial = defaults.clone();
        let parts: Vec<&str> = path.split('.').collect();
        if !set_path(&mut trial, &parts, value.clone()) {
            continue;
        }
        if let Err(e) = Value::Table(trial).try_into::<Config>() {
            // serde speaks Rust types; an operator reads numbers.
            let message = e
                .message()
                .replace(
                    "expected u32",
                    "expected a whole number from 0 to 4294967295",
                )
                .replace("expected i64", "expected a whole number")
                .replace("expected f64", "expected a number");
            found.push(format!("{path}: {message}"));
        }
    }
    found
}

/// Sets the value at `path` in `table`; false when a table on the way is missing.
fn set_path(table: &mut Table, path: &[&str], value: Value) -> bool {
    match path {
        [] => false,
        [last] => {
            table.insert((*last).to_string(), value);
            true
        }
        [first, rest @ ..] => match table.get_mut(*first) {
            Some(Value::Table(inner)) => set_path(inner, rest, value),
            _ => false,
        },
    }
}

/// The non-table values of a table, with their dotted paths.
fn leaves<'t>(table: &'t Table, prefix: &str) -> Vec<(String, &'t Value)> {
    let mut out = Vec::new();
    for (key, value) in table {
        let path = format!("{prefix}{key}");
        match value {
            Value::Table(inner) => out.extend(leaves(inner, &format!("{path}."))),
            other => out.push((path, other)),
        }
    }
    out
}

fn overlay(base: &mut Table, top: Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(t)) => overlay(b, t),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

/// `[section] name` is overridden by `COFFER_SECTION_NAME`, parsed as the type of
/// the value it replaces.
fn apply_env(
    table: &mut Table,
    prefix: &str,
    env: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<String>,
) {
    for (key, value) in table.iter_mut() {
        let var = format!("{prefix}_{}", key.to_ascii_uppercase());
        match value {
            Value::Table(inner) => apply_env(inner, &var, env, errors),
            Value::Array(_) => {}
            scalar => {
                let Some(text) = env(&var) else { continue };
                let (parsed, expected) = match scalar {
                    Value::Integer(_) => (
                        text.trim().parse::<i64>().ok().map(Value::Integer),
                        "a whole number",
                    ),
                    Value::Boolean(_) => (
                        text.trim().parse::<bool>().ok().map(Value::Boolean),
                        "true or false",
                    ),
                    Value::Float(_) => (
                        text.trim()
                            .parse::<f64>()
                            .ok()
                            .filter(|f| f.is_finite())
                            .map(Value::Float),
                        "a number",
                    ),
                    _ => (Some(Value::String(text.clone())), "text"),
                };
                match parsed {
                    Some(v) => *scalar = v,
                    None => errors.push(format!("{var}: '{text}' is not {expected}")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load_with(
        file: Option<&str>,
        vars: &[(&str, &str)],
        flags: Flags,
    ) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut flags = flags;
        let dir = std::env::temp_dir().join(format!(
            "coffer-config-test-{}",
            crate::domain::ids::new_id()
        ));
        if let Some(text) = file {
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("coffer.toml");
            std::fs::write(&path, text).unwrap();
            flags.config = Some(path);
        }
        let result = Config::load(&flags, &|k| vars.get(k).cloned());
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    #[test]
    fn defaults_then_file_then_env_then_flags() {
        let c = load_with(None, &[], Flags::default()).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.limits.per_key_per_minute, 120);
        assert_eq!(c.assets().all().len(), 4);

        let file = "listen = \"127.0.0.1:9000\"\n[limits]\nper_key_per_minute = 10\n";
        let c = load_with(Some(file), &[], Flags::default()).unwrap();
        assert_eq!(
            (c.listen.as_str(), c.limits.per_key_per_minute),
            ("127.0.0.1:9000", 10)
        );

        let c = load_with(
            Some(file),
            &[("COFFER_LIMITS_PER_KEY_PER_MINUTE", "7")],
            Flags::default(),
        )
        .unwrap();
        assert_eq!(c.limits.per_key_per_minute, 7);

        let flags = Flags {
            listen: Some("127.0.0.1:1".into()),
            ..Flags::default()
        };
        let c = load_with(Some(file), &[("COFFER_LISTEN", "127.0.0.1:2")], flags).unwrap();
        assert_eq!(c.listen, "127.0.0.1:1");
    }

    #[test]
    fn the_example_file_lists_the_defaults() {
        let text = include_str!("../../config.example.toml");
        let example: Table = text.parse().unwrap();
        let mut defaults = Table::try_from(Config::default()).unwrap();
        // No networks by default; the example shows one in comments.
        assert_eq!(defaults.remove("networks"), Some(Value::Array(Vec::new())));
        assert_eq!(
            example, defaults,
            "config.example.toml and Config::default() differ"
        );
    }

    #[test]
    fn the_activity_ttl_takes_fractions_and_must_be_positive() {
        let c = load_with(
            None,
            &[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0.001")],
            Flags::default(),
        )
        .unwrap();
        assert_eq!(c.consensus.activity_ttl_ms(), 3600);
        assert_eq!(
            Config::default().consensus.activity_ttl_ms(),
            72 * 3_600_000
        );
        let err = load_with(
            None,
            &[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0")],
            Flags::default(),
        )
        .unwrap_err();
        assert!(
            err.0[0].starts_with("consensus.activity_ttl_hours"),
            "{err}"
        );
    }

    #[test]
    fn the_webhook_window_is_between_one_and_the_senders() {
        let window = |senders: &str, window: &str| {
            load_with(
                None,
                &[
                    ("COFFER_WEBHOOKS_SENDERS", senders),
                    ("COFFER_WEBHOOKS_IN_FLIGHT_PER_ENDPOINT", window),
                ],
                Flags::default(),
            )
        };
        assert_eq!(window("4", "4").unwrap().webhooks.in_flight_per_endpoint, 4);
        for (senders, bad) in [("16", "0"), ("4", "5")] {
            let err = window(senders, bad).unwrap_err();
            assert_eq!(
                err.0,
                vec![format!(
                    "webhooks.in_flight_per_endpoint: must be at least 1 and at most webhooks.senders ({senders})"
                )]
            );
        }
    }

    #[test]
    fn every_unknown_key_is_named() {
        let err = load_with(
            Some("colour = 1\n[limits]\nper_hour = 3\n[nope]\n"),
            &[],
            Flags::default(),
        )
        .unwrap_err();
        assert!(
            err.0.contains(&"unknown config key 'colour'".to_string()),
            "{err}"
        );
        assert!(
            err.0
                .contains(&"unknown config key 'limits.per_hour'".to_string()),
            "{err}"
        );
        assert!(
            err.0.contains(&"unknown config key 'nope'".to_string()),
            "{err}"
        );
    }

    #[test]
    fn bad_values_are_named() {
        let err = load_with(None, &[("COFFER_WORKERS", "many")], Flags::default()).unwrap_err();
        assert_eq!(
            err.0,
            vec!["COFFER_WORKERS: 'many' is not a whole number".to_string()]
        );
        // Type errors in the file name their keys, all of them, with the
        // environment's, in one pass.
        let file = "workers = -5\n[limits]\nper_key_per_minute = \"lots\"\n";
        let err = load_with(
            Some(file),
            &[("COFFER_READ_CONNECTIONS", "x")],
            Flags::default(),
        )
        .unwrap_err();
        let text = err.to_string();
        for expected in [
            "COFFER_READ_CONNECTIONS: 'x' is not a whole number",
            "workers: invalid value: integer `-5`, expected a whole number from 0",
            "limits.per_key_per_minute: invalid type: string \"lots\"",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        let err = load_with(Some("listen = \"nowhere\"\n"), &[], Flags::default()).unwrap_err();
        assert!(err.0[0].starts_with("listen:"), "{err}");
        for bad in [
            "custody.example.com",
            "https://",
            "https://x.example/",
            "ftp://x",
        ] {
            let err = load_with(None, &[("COFFER_PUBLIC_URL", bad)], Flags::default()).unwrap_err();
            assert!(err.0[0].starts_with("public_url:"), "{bad}: {err}");
        }
        let ok = load_with(
            None,
            &[("COFFER_PUBLIC_URL", "https://c.example:8443")],
            Flags::default(),
        );
        assert_eq!(ok.unwrap().public_url, "https://c.example:8443");
        let assets = "[[assets]]\nid = \"BTC\"\nname = \"B\"\nnetwork = \"bitcoin\"\ndecimals = 8\nrequired_confirmations = 1\nwithdrawal_fee = \"0.000000001\"\n";
        let err = load_with(Some(assets), &[], Flags::default()).unwrap_err();
        assert!(err.0[0].starts_with("assets.BTC.withdrawal_fee"), "{err}");
    }
}
