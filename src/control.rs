//! The control socket: how `coffer backup` and `coffer verify` on the same box
//! reach the running server (docs/performance.md, "verify and backup under
//! load").
//!
//! `coffer serve` listens on `control.sock` in its data dir, a Unix socket of
//! mode 0600 in a directory of mode 0700: only the data dir's owner (the
//! operator or service account that can already read `coffer.db`, and root)
//! can connect, so reaching it proves nothing a reader of the database could
//! not already do. No TCP port, no token. One request per connection, one
//! line of JSON:
//!
//! - `{"backup": "/abs/path/.copy.db.tmp-123"}`: copy the database into that
//!   file (which the client made, empty, 0600) on the writer's connection, in
//!   steps between commits. The server answers `{"done": n, "total": m}`
//!   lines (pages) and then `{"ok": true}` or `{"error": "..."}`. A client
//!   that hangs up cancels the copy at the next step.
//!
//! A connection that is refused (no server, or a socket a killed server left)
//! means no server runs: the CLI then works on the file directly.

use crate::domain::Error;
use crate::store::Store;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const SOCKET_FILE: &str = "control.sock";
/// The longest request line read.
const REQUEST_LIMIT: u64 = 16 * 1024;
/// How long a client has to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The listening socket; its file is removed when this is dropped (shutdown).
pub struct Control {
    path: PathBuf,
}

impl Drop for Control {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Listens on `data_dir/control.sock` and serves each connection on its own
/// thread. A socket file left by a server that was killed is replaced.
pub fn listen(data_dir: &Path, store: Store) -> Result<Control, Error> {
    let path = data_dir.join(SOCKET_FILE);
    let fail =
        |what: &str, e: std::io::Error| Error::Internal(format!("{what} {}: {e}", path.display()));
    if connect(data_dir).is_some() {
        return Err(Error::Internal(format!(
            "another server answers on {}",
            path.display()
        )));
    }
    {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            if !meta.file_type().is_socket() {
                return Err(Error::Internal(format!(
                    "{} is there and is not a socket",
                    path.display()
                )));
            }
            std::fs::remove_file(&path).map_err(|e| fail("cannot remove the stale", e))?;
        }
    }
    let listener = UnixListener::bind(&path).map_err(|e| fail("cannot listen on", e))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| fail("cannot restrict the permissions of", e))?;
    }
    std::thread::Builder::new()
        .name("coffer-control".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let store = store.clone();
                let spawned = std::thread::Builder::new()
                    .name("coffer-control-client".into())
                    .spawn(move || serve_one(stream, &store));
                if let Err(e) = spawned {
                    log::error!("control socket: cannot start a thread: {e}");
                }
            }
        })
        .map_err(|e| Error::Internal(format!("cannot start the control thread: {e}")))?;
    Ok(Control { path })
}

fn serve_one(stream: UnixStream, store: &Store) {
    // A client that stops reading cancels its backup instead of holding this
    // thread (the writer never waits for it).
    let _ = stream.set_write_timeout(Some(REQUEST_TIMEOUT));
    let answer = match request(&stream) {
        Ok(request) => handle(&request, &stream, store),
        Err(e) => Err(e),
    };
    let last = match answer {
        Ok(()) => json!({"ok": true}),
        Err(e) => json!({"error": e.to_string()}),
    };
    let _ = writeln!(&stream, "{last}");
}

fn request(stream: &UnixStream) -> Result<Value, Error> {
    let bad = |why: String| Error::bad_request("invalid_request", why);
    stream
        .set_read_timeout(Some(REQUEST_TIMEOUT))
        .map_err(|e| bad(e.to_string()))?;
    let mut line = String::new();
    BufReader::new(stream.take(REQUEST_LIMIT))
        .read_line(&mut line)
        .map_err(|e| bad(format!("cannot read the request: {e}")))?;
    serde_json::from_str(&line).map_err(|e| bad(format!("the request is not JSON: {e}")))
}

fn handle(request: &Value, mut stream: &UnixStream, store: &Store) -> Result<(), Error> {
    let Some(temp) = request.get("backup").and_then(Value::as_str) else {
        return Err(Error::bad_request(
            "invalid_request",
            "unknown request: expected {\"backup\": \"/absolute/path\"}",
        ));
    };
    let started = std::time::Instant::now();
    log::info!("backup into {temp} requested on the control socket");
    store.backup_into(Path::new(temp), &mut |done, total| {
        writeln!(stream, "{}", json!({"done": done, "total": total})).is_ok()
    })?;
    log::info!(
        "backup into {temp}: pages copied in {} ms",
        started.elapsed().as_millis()
    );
    Ok(())
}

/// A connection to the server running on `data_dir`, or None when none
/// answers.
pub fn connect(data_dir: &Path) -> Option<UnixStream> {
    UnixStream::connect(data_dir.join(SOCKET_FILE)).ok()
}

/// Asks the server behind `stream` to copy the database into `temp` (an
/// empty file this process made), telling `progress` pages copied of the
/// total; returns once the copy is complete (not yet checked or fsynced).
pub fn backup(
    stream: UnixStream,
    temp: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), Error> {
    let lost = |e: std::io::Error| Error::Unavailable(format!("the server's control socket: {e}"));
    writeln!(&stream, "{}", json!({"backup": temp.display().to_string()})).map_err(lost)?;
    for line in BufReader::new(&stream).lines() {
        let line = line.map_err(lost)?;
        let Ok(said) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if let Some(error) = said.get("error").and_then(Value::as_str) {
            return Err(Error::Unavailable(format!("the server: {error}")));
        }
        if said.get("ok").is_some() {
            return Ok(());
        }
        if let (Some(done), Some(total)) = (
            said.get("done").and_then(Value::as_u64),
            said.get("total").and_then(Value::as_u64),
        ) {
            progress(done, total);
        }
    }
    Err(Error::Unavailable(
        "the server hung up before the copy was complete".into(),
    ))
}
