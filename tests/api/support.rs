//! The test harness: starts the real `coffer` binary on a free loopback port with
//! a fresh data dir, gets credentials the way an operator would (`coffer init
//! --json`), and signs requests like a customer's client. Signing is written
//! here from the contract (docs/api.md), independently of the server's code.

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const BIN: &str = env!("CARGO_BIN_EXE_coffer");

/// A fresh, empty directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let dir =
            std::env::temp_dir().join(format!("coffer-{tag}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Runs the coffer CLI with `args`; extra environment from `env`.
pub fn coffer(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// Runs the CLI and parses its stdout as JSON, failing loudly otherwise.
pub fn coffer_json(args: &[&str]) -> Value {
    let out = coffer(args, &[]);
    assert!(
        out.status.success(),
        "coffer {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Credentials printed by `coffer init --json`.
pub struct Creds {
    pub tenant_id: String,
    pub super_admin_token: String,
    pub key_id: String,
    pub secret: String,
    pub passphrase: String,
}

pub struct Server {
    child: Child,
    /// Everything the server writes to stderr, read as it comes: a server
    /// whose pipe filled up would block in its logger (a bench once hung so).
    stderr: Option<std::thread::JoinHandle<Vec<u8>>>,
    pub base: String,
    pub dir: TempDir,
    pub creds: Creds,
    /// The config file `start_with_config` wrote, which CLI commands read too.
    config: Option<PathBuf>,
}

/// Environment every test server gets unless a test overrides it: limits high
/// enough that only the rate-limit tests meet them.
const DEFAULT_ENV: &[(&str, &str)] = &[
    ("COFFER_LIMITS_PER_KEY_PER_MINUTE", "100000"),
    ("COFFER_LIMITS_FAILED_AUTH_PER_IP_PER_MINUTE", "100000"),
];

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Initialises a data dir and starts `coffer serve` on 127.0.0.1:0 with extra
    /// environment variables (which win over the defaults above).
    pub fn start_with(env: &[(&str, &str)]) -> Server {
        Server::start_with_config(None, env)
    }

    /// Like `start_with`, with a config file of `toml` (for what only a file
    /// can say, such as `[[networks]]`); the CLI commands run with it too.
    pub fn start_with_config(toml: Option<&str>, env: &[(&str, &str)]) -> Server {
        let dir = TempDir::new("server");
        let config = toml.map(|text| {
            let path = dir.path().join("coffer.toml");
            std::fs::write(&path, text).unwrap();
            path
        });
        let config_env = config
            .as_ref()
            .map(|p| ("COFFER_CONFIG", p.to_str().unwrap()));
        let env: Vec<(&str, &str)> = config_env.into_iter().chain(env.iter().copied()).collect();
        let env = env.as_slice();
        let data = dir.path().join("data");
        let init = coffer_json(&["init", "--json", "--data-dir", data.to_str().unwrap()]);
        let creds = Creds {
            tenant_id: init["tenantId"].as_str().unwrap().to_string(),
            super_admin_token: init["superAdminToken"].as_str().unwrap().to_string(),
            key_id: init["apiKey"]["keyId"].as_str().unwrap().to_string(),
            secret: init["apiKey"]["secret"].as_str().unwrap().to_string(),
            passphrase: init["apiKey"]["passphrase"].as_str().unwrap().to_string(),
        };
        let (mut child, base) =
            spawn_serve(&data, env).unwrap_or_else(|e| panic!("server did not start: {e}"));
        Server {
            stderr: child.stderr.take().map(drain),
            child,
            base,
            dir,
            creds,
            config,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir().join("coffer.db")
    }

    /// A client signing with the first test key (role admin).
    pub fn client(&self) -> Client {
        Client::new(&self.base, &self.creds.key_id, &self.creds.secret)
    }

    /// A Coinbase-compatible client with the first test key and its passphrase.
    pub fn coinbase(&self) -> HeaderClient {
        HeaderClient::coinbase(&self.base, &self.creds.key_id, &self.creds.passphrase)
    }

    /// An admin-API client holding the super-admin token.
    pub fn super_admin(&self) -> HeaderClient {
        HeaderClient::admin(&self.base, &self.creds.super_admin_token)
    }

    /// The database, read-only, for what no API shows (hashes, activities).
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.db_path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }

    /// Runs a CLI command against this server's data dir.
    pub fn cli(&self, args: &[&str]) -> Output {
        let data = self.data_dir();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--data-dir", data.to_str().unwrap()]);
        match &self.config {
            Some(path) => coffer(&all, &[("COFFER_CONFIG", path.to_str().unwrap())]),
            None => coffer(&all, &[]),
        }
    }

    /// `coffer keys create --json` with extra flags; returns a client for the key.
    pub fn new_key(&self, name: &str, flags: &[&str]) -> Client {
        let data = self.data_dir();
        let mut args = vec![
            "keys",
            "create",
            "--json",
            "--name",
            name,
            "--data-dir",
            data.to_str().unwrap(),
        ];
        args.extend(flags);
        let key = coffer_json(&args);
        Client::new(
            &self.base,
            key["keyId"].as_str().unwrap(),
            key["secret"].as_str().unwrap(),
        )
    }

    /// A live key (role admin, bound to no user) made at the CLI: changing
    /// users takes a live key.
    pub fn live_client(&self) -> Client {
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.new_key(
            &format!("live admin {n}"),
            &["--roles", "admin", "--env", "live"],
        )
    }

    /// `coffer tenants create`: another tenant; returns its id.
    pub fn new_tenant(&self, name: &str) -> String {
        let data = self.data_dir();
        let t = coffer_json(&[
            "tenants",
            "create",
            "--json",
            "--name",
            name,
            "--data-dir",
            data.to_str().unwrap(),
        ]);
        t["tenantId"].as_str().unwrap().to_string()
    }

    /// The server's process id (to read its memory use from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once, as `kill -9` would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends a signal by name (`TERM`, `INT`) to the server process.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits at most `limit` for the server to exit; returns its exit status and
    /// everything it wrote to stderr.
    pub fn wait_exit(&mut self, limit: Duration) -> (std::process::ExitStatus, String) {
        let deadline = std::time::Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server was still running after {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self
            .stderr
            .take()
            .map(|drained| drained.join().unwrap_or_default())
            .unwrap_or_default();
        (status, String::from_utf8_lossy(&stderr).into_owned())
    }

    /// Starts `coffer serve` again on the same data dir (after a stop), with the
    /// same extra environment rules as `start_with`.
    pub fn restart(&mut self, env: &[(&str, &str)]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let config = self
            .config
            .as_ref()
            .map(|p| ("COFFER_CONFIG", p.to_str().unwrap()));
        let env: Vec<(&str, &str)> = config.into_iter().chain(env.iter().copied()).collect();
        let (mut child, base) = spawn_serve(&self.data_dir(), &env)
            .unwrap_or_else(|e| panic!("server did not restart: {e}"));
        self.stderr = child.stderr.take().map(drain);
        self.child = child;
        self.base = base;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `coffer serve` on `data` with the test defaults, `env` over them, and a log level.
fn serve_command(data: &Path, listen: &str, env: &[(&str, &str)], log: &str) -> Command {
    let mut command = Command::new(BIN);
    command
        .args([
            "serve",
            "--listen",
            listen,
            "--data-dir",
            data.to_str().unwrap(),
        ])
        .envs(DEFAULT_ENV.iter().copied())
        .envs(env.iter().copied())
        .env("RUST_LOG", log);
    command
}

/// Starts `coffer serve` on `data` and waits (bounded) for its address on stdout.
pub fn spawn_serve(data: &Path, env: &[(&str, &str)]) -> Result<(Child, String), String> {
    let mut child = serve_command(data, "127.0.0.1:0", env, "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    match line.trim().strip_prefix("coffer listening on ") {
        Some(base) => Ok((child, base.to_string())),
        None => {
            let _ = child.kill();
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            Err(format!(
                "stdout {line:?}, stderr {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

/// Python packages some tests use to check Coffer with code we did not write.
/// Playwright drives the distribution's Chromium (`/usr/bin/chromium`, from
/// apt) in the console's browser tests; it downloads no browser.
const TEST_PYTHON_PACKAGES: &[&str] = &[
    "standardwebhooks",
    "openapi-spec-validator",
    "eth-account",
    "playwright",
];

/// A Python with `TEST_PYTHON_PACKAGES`: `COFFER_TEST_PYTHON` (set by .ci/run),
/// else a venv made once under the target dir.
pub fn test_python() -> &'static Path {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(|| {
        if let Ok(p) = std::env::var("COFFER_TEST_PYTHON") {
            return PathBuf::from(p);
        }
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-venv");
        let python = venv.join("bin").join("python");
        let ready = Command::new(&python)
            .args([
                "-c",
                "import standardwebhooks, openapi_spec_validator, eth_account, playwright",
            ])
            .status()
            .is_ok_and(|s| s.success());
        if !ready {
            let made = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .unwrap();
            assert!(made.success(), "python3 -m venv failed");
            // `python -m pip`, not the `pip` script: a venv copied from
            // another checkout keeps a `pip` whose first line names the
            // original, and would install there.
            let pip = Command::new(&python)
                .args(["-m", "pip", "install", "-q"])
                .args(TEST_PYTHON_PACKAGES)
                .status()
                .unwrap();
            assert!(pip.success(), "pip install {TEST_PYTHON_PACKAGES:?} failed");
        }
        python
    })
}

/// Asserts a native 400 that names `field` in `errors`.
#[track_caller]
pub fn names_field(r: Resp, field: &str) {
    let r = r.expect(400);
    assert!(
        r.body["errors"].get(field).is_some(),
        "{field} not named: {}",
        r.text
    );
}

/// A response: status, headers (names lower-cased) and the body as JSON (or Null).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
    pub body: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Resp {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// The native error code.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of lowercase or uppercase hex (without `0x`).
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// docs/api.md, "Authentication": HMAC-SHA256(secret, "ts\nMETHOD\npath?query\nsha256hex(body)").
pub fn sign(secret: &str, timestamp: &str, method: &str, path: &str, body: &[u8]) -> String {
    let canonical = format!(
        "{timestamp}\n{method}\n{path}\n{}",
        hex(&Sha256::digest(body))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(canonical.as_bytes());
    hex(&mac.finalize().into_bytes())
}

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub key_id: String,
    pub secret: String,
    agent: ureq::Agent,
    /// Signatures of mutating requests this client (and its clones) already
    /// sent: the server refuses a mutating request whose signature it has seen,
    /// so a second identical one in the same second is signed with a later
    /// timestamp instead.
    sent: Arc<Mutex<HashSet<String>>>,
}

/// Sends one raw request and collects the answer, whatever its status.
pub fn raw(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    try_raw(agent, method, url, headers, body)
        .unwrap_or_else(|e| panic!("{method} {url}: transport error {e}"))
}

/// `raw`, with a transport error (refused, reset) as an `Err`.
pub fn try_raw(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Resp, String> {
    let mut request = agent.request(method, url);
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let response = match request.send_bytes(body) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = response.header(&n).unwrap_or("").to_string();
            (n.to_ascii_lowercase(), v)
        })
        .collect();
    let text = response.into_string().map_err(|e| e.to_string())?;
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Resp {
        status,
        headers,
        text,
        body,
    })
}

pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build()
}

impl Client {
    pub fn new(base: &str, key_id: &str, secret: &str) -> Client {
        Client {
            base: base.to_string(),
            key_id: key_id.to_string(),
            secret: secret.to_string(),
            agent: agent(),
            sent: Arc::default(),
        }
    }

    /// A signed request with extra headers.
    pub fn send(&self, method: &str, path: &str, body: &[u8], extra: &[(&str, &str)]) -> Resp {
        self.try_send(method, path, body, extra)
            .unwrap_or_else(|e| panic!("{method} {path}: transport error {e}"))
    }

    /// `send`, with a transport error (server gone) as an `Err`.
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        extra: &[(&str, &str)],
    ) -> Result<Resp, String> {
        let (ts, sig) = self.fresh_signature(method, path, body);
        let mut headers = vec![
            ("X-API-Key", self.key_id.as_str()),
            ("X-Timestamp", ts.as_str()),
            ("X-Signature", sig.as_str()),
            ("Content-Type", "application/json"),
        ];
        headers.extend_from_slice(extra);
        try_raw(
            &self.agent,
            method,
            &format!("{}{path}", self.base),
            &headers,
            body,
        )
    }

    /// A timestamp and signature; for a mutating request one not sent before
    /// (within the 30 s tolerance), which the server would refuse as a replay.
    /// Reads may repeat a signature, so a test may poll as often as it likes.
    fn fresh_signature(&self, method: &str, path: &str, body: &[u8]) -> (String, String) {
        let now = now_secs();
        if matches!(method, "GET" | "HEAD") {
            let ts = now.to_string();
            let sig = sign(&self.secret, &ts, method, path, body);
            return (ts, sig);
        }
        // Timestamps up to 25 s ahead give room for bursts; a client that
        // keeps sending the same request faster than one a second uses them
        // up, and then waits for the next second, as a real client must.
        for _ in 0..120 {
            let now = now_secs();
            {
                let mut sent = self.sent.lock().unwrap();
                for ahead in 0..25 {
                    let ts = (now + ahead).to_string();
                    let sig = sign(&self.secret, &ts, method, path, body);
                    if sent.insert(sig.clone()) {
                        return (ts, sig);
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("no fresh signature for a repeated request in two minutes");
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, b"", &[])
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.send("POST", path, body.to_string().as_bytes(), &[])
    }

    pub fn post_idem(&self, path: &str, body: &Value, key: &str) -> Resp {
        self.send(
            "POST",
            path,
            body.to_string().as_bytes(),
            &[("Idempotency-Key", key)],
        )
    }

    pub fn put(&self, path: &str, body: &Value) -> Resp {
        let bytes = serde_json::to_vec(body).unwrap();
        self.send("PUT", path, &bytes, &[])
    }

    pub fn patch(&self, path: &str, body: &Value) -> Resp {
        self.send("PATCH", path, body.to_string().as_bytes(), &[])
    }

    /// Creates a vault and returns its id.
    pub fn vault(&self, name: &str) -> String {
        let r = self
            .post("/v1/vaults", &serde_json::json!({ "name": name }))
            .expect(201);
        r.body["id"].as_str().unwrap().to_string()
    }
}

/// A client of an API whose credentials are plain headers, sent as a
/// customer's client sends them: the Coinbase-compatible API
/// (`CB-ACCESS-KEY`, `CB-ACCESS-PASSPHRASE`) and the admin API (`x-api-key`).
#[derive(Clone)]
pub struct HeaderClient {
    pub base: String,
    credentials: Vec<(&'static str, String)>,
    agent: ureq::Agent,
}

impl HeaderClient {
    fn new(base: &str, credentials: Vec<(&'static str, String)>) -> HeaderClient {
        HeaderClient {
            base: base.to_string(),
            credentials,
            agent: agent(),
        }
    }

    pub fn coinbase(base: &str, key_id: &str, passphrase: &str) -> HeaderClient {
        HeaderClient::new(
            base,
            vec![
                ("CB-ACCESS-KEY", key_id.to_string()),
                ("CB-ACCESS-PASSPHRASE", passphrase.to_string()),
            ],
        )
    }

    pub fn admin(base: &str, token: &str) -> HeaderClient {
        HeaderClient::new(base, vec![("x-api-key", token.to_string())])
    }

    pub fn send(&self, method: &str, path: &str, body: &[u8], extra: &[(&str, &str)]) -> Resp {
        let mut headers: Vec<(&str, &str)> = self
            .credentials
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        headers.push(("Content-Type", "application/json"));
        headers.extend_from_slice(extra);
        raw(
            &self.agent,
            method,
            &format!("{}{path}", self.base),
            &headers,
            body,
        )
    }

    pub fn get(&self, path: &str) -> Resp {
        self.send("GET", path, b"", &[])
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.send("POST", path, body.to_string().as_bytes(), &[])
    }

    /// `POST /api/subwallet/create`; returns (wallet_id, token).
    pub fn subwallet(&self, name: &str) -> (String, String) {
        let r = self
            .post(
                "/api/subwallet/create",
                &serde_json::json!({ "wallet_name": name }),
            )
            .expect(201);
        (
            r.body["wallet_id"].as_str().unwrap().to_string(),
            r.body["token"].as_str().unwrap().to_string(),
        )
    }

    /// `POST /api/apikey/create` with `body`; returns the created key's answer.
    pub fn key(&self, body: &Value) -> Value {
        self.post("/api/apikey/create", body).expect(200).body
    }
}

/// Clients of both APIs for a key answered by `POST /api/apikey/create`.
pub fn clients_of(base: &str, created: &Value) -> (Client, HeaderClient) {
    let key = created["api_key"].as_str().unwrap();
    (
        Client::new(base, key, created["api_secret"].as_str().unwrap()),
        HeaderClient::coinbase(base, key, created["passphrase"].as_str().unwrap()),
    )
}

// ---------------------------------------------------------------------------
// Processes whose output a test inspects (auth.rs, cli.rs).

/// Reads a pipe to its end on a thread, so a chatty child never blocks on it.
fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Runs the CLI like `coffer`, but waits at most `limit` for it to exit: a command
/// that must end on its own (a `serve` expected to refuse to start) and does not
/// is killed and fails the test instead of hanging it.
pub fn coffer_bounded(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("coffer {args:?} was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// `coffer serve` on `data` with every log level on (`RUST_LOG=trace`), keeping
/// everything it writes so a test can read its logs once it is stopped.
pub struct LoggedServe {
    child: Child,
    pub base: String,
    stdout: Option<std::thread::JoinHandle<Vec<u8>>>,
    stderr: Option<std::thread::JoinHandle<Vec<u8>>>,
}

impl LoggedServe {
    pub fn start(data: &Path) -> LoggedServe {
        LoggedServe::start_on(data, "127.0.0.1:0")
    }

    /// The same on another address, e.g. `[::1]:0`.
    pub fn start_on(data: &Path, listen: &str) -> LoggedServe {
        LoggedServe::start_with(data, listen, &[])
    }

    /// The same with extra environment variables.
    pub fn start_with(data: &Path, listen: &str, env: &[(&str, &str)]) -> LoggedServe {
        let mut child = serve_command(data, listen, env, "trace")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = drain(child.stderr.take().unwrap());
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        // Ends at the first line, or at end of file if the server exits.
        stdout.read_line(&mut line).unwrap();
        let Some(base) = line.trim().strip_prefix("coffer listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            let err = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
            panic!("server did not start: stdout {line:?}, stderr {err}");
        };
        let base = base.to_string();
        let mut rest = line.into_bytes();
        let stdout = std::thread::spawn(move || {
            let _ = std::io::Read::read_to_end(&mut stdout, &mut rest);
            rest
        });
        LoggedServe {
            child,
            base,
            stdout: Some(stdout),
            stderr: Some(stderr),
        }
    }

    /// Kills the server and returns everything it wrote: (stdout, stderr).
    pub fn stop(mut self) -> (String, String) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let read = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
            String::from_utf8_lossy(&h.unwrap().join().unwrap()).into_owned()
        };
        (read(self.stdout.take()), read(self.stderr.take()))
    }
}

impl Drop for LoggedServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `password` matches an argon2 PHC string from the database.
pub fn argon2_matches(password: &str, phc: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let hash = PasswordHash::new(phc).unwrap();
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), &hash)
        .is_ok()
}

// ---------------------------------------------------------------------------
// Seeded randomness for the torture tests (fuzz.rs, torture.rs).

/// splitmix64: a tiny seeded generator, so every failure reproduces.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    pub fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + self.below(26) as u8))
            .collect()
    }
}

/// `TORTURE_SEED` when set, else `default`: seeded tests print their seed
/// and rerun with it.
pub fn seed(default: u64) -> u64 {
    std::env::var("TORTURE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
