//! The README's walkthrough, run as printed: every ```sh block after a
//! `<!-- readme-test -->` comment (`<!-- readme-test: anvil -->` for those
//! needing a local Ethereum node, run when COFFER_TEST_ANVIL is set), in
//! order, in one bash with `set -euo pipefail`, in a fresh directory. What a
//! reader has on their PATH is mapped to this build: `coffer` and
//! `coffer-signer` to the test binaries, `cargo run … --` to `coffer`,
//! `anvil` to COFFER_TEST_ANVIL; the README's ports (8080 for Coffer, 8545
//! for anvil) to free loopback ports. A failing command fails the test with
//! its block and what the block printed.

use crate::support::TempDir;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SIGNER: &str = env!("CARGO_BIN_EXE_coffer-signer");
/// The whole walkthrough, waits included, takes well under a minute.
const LIMIT: Duration = Duration::from_secs(600);
const MARK: &str = "@@ readme block ";

struct Block {
    /// The README's line where the block's text starts.
    line: usize,
    anvil: bool,
    text: String,
}

/// The marked blocks of `readme`, in order.
fn blocks(readme: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let anvil = match line.trim() {
            "<!-- readme-test -->" => false,
            "<!-- readme-test: anvil -->" => true,
            _ => continue,
        };
        let (at, fence) = lines.next().expect("a block after the marker");
        assert_eq!(
            fence.trim(),
            "```sh",
            "README line {}: a ```sh block must follow the marker",
            at + 1
        );
        let mut text = String::new();
        for (_, line) in lines.by_ref() {
            if line.trim_start().starts_with("```") {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        found.push(Block {
            line: at + 2,
            anvil,
            text,
        });
    }
    found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_readme_walkthrough_runs_as_printed() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let all = blocks(&readme);
    assert!(
        all.len() >= 5,
        "the README's walkthrough has {} marked blocks",
        all.len()
    );
    let anvil = std::env::var("COFFER_TEST_ANVIL").ok();
    let skipped = all.iter().filter(|b| b.anvil).count();
    let run: Vec<&Block> = all.iter().filter(|b| !b.anvil || anvil.is_some()).collect();
    if anvil.is_none() {
        eprintln!("skipped the README's {skipped} live-network blocks: set COFFER_TEST_ANVIL to an anvil binary");
    }
    let has_jq = Command::new("sh")
        .args(["-c", "command -v jq"])
        .output()
        .unwrap()
        .status
        .success();
    assert!(
        has_jq,
        "the README's commands use jq: install it (apt-get install jq)"
    );

    let dir = TempDir::new("readme");
    let coffer_port = free_port().to_string();
    let anvil_port = free_port().to_string();
    // What the README expects on the PATH, in a directory of the test's own.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let anvil_bin = anvil.as_deref().unwrap_or("false");
    for (name, target) in [
        ("coffer", crate::support::BIN),
        ("coffer-signer", SIGNER),
        ("anvil", anvil_bin),
    ] {
        std::os::unix::fs::symlink(target, bin.join(name)).unwrap();
    }
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        "#!/bin/sh\n# cargo run [OPTIONS] -- ARGS: the coffer this test built\n\
         while [ \"$1\" != -- ]; do shift; done; shift; exec coffer \"$@\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut script = String::from("set -euo pipefail\nexec 2>&1\n");
    for (n, block) in run.iter().enumerate() {
        let text = block
            .text
            .replace("127.0.0.1:8080", &format!("127.0.0.1:{coffer_port}"))
            .replace("8545", &anvil_port);
        script += &format!("echo '{MARK}{n}'\n{text}");
    }
    script += "echo '@@ readme done'\n";

    // Its own process group, so that what the blocks leave running in the
    // background (the server, anvil) ends with the test.
    let mut command = Command::new("bash");
    // A reader's shell has no COFFER_* settings until the README gives some.
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("COFFER_")) {
        command.env_remove(name);
    }
    let mut child = command
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("COFFER_LISTEN", format!("127.0.0.1:{coffer_port}"))
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let group = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .status();
    let _ = child.wait();
    let out = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    if status.is_some_and(|s| s.success()) && out.contains("@@ readme done") {
        return;
    }
    // The block that was running: the last one whose marker was printed.
    let (n, printed) = out
        .rsplit_once(MARK)
        .and_then(|(_, rest)| {
            let (n, printed) = rest.split_once('\n')?;
            Some((n.parse::<usize>().ok()?, printed.to_string()))
        })
        .unwrap_or((0, out.clone()));
    let block = run[n];
    let log = std::fs::read_to_string(dir.path().join("coffer.log")).unwrap_or_default();
    let tail: Vec<&str> = log
        .lines()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    panic!(
        "the README's block at line {} {}:\n{}\n--- it printed:\n{printed}\n--- coffer.log ends:\n{}",
        block.line,
        match status {
            Some(s) => format!("failed ({s})"),
            None => format!("was still running after {LIMIT:?}"),
        },
        block.text,
        tail.join("\n")
    );
}
