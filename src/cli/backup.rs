//! `coffer backup DEST [--keep N] [--json]`: an online, consistent copy of the
//! database (see store/backup.rs). DEST is a file, or an existing directory in
//! which the copy is named by time, `coffer-2026-01-31T02-00-00.000Z.db`; with
//! a directory, `--keep N` then removes all but the newest N such copies.
//!
//! With a server running on the data dir, the server copies the pages on its
//! writer's connection, in steps between its commits (asked over its control
//! socket, src/control.rs); with none, or one that cannot write the
//! destination, this process copies them directly. Either way this process
//! then checks, fsyncs and renames the copy.

use super::progress::Progress;
use super::Failure;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::control;
use crate::store::{backup, DATABASE_FILE};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Instant;

const PREFIX: &str = "coffer-";
const SUFFIX: &str = ".db";

#[derive(clap::Args)]
pub struct Args {
    /// A file, or an existing directory (the copy then named by time)
    #[arg(value_name = "DEST")]
    dest: String,
    /// With a directory DEST: remove all but the newest N copies
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    keep: Option<u64>,
    /// Print what was written as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, config: Config) -> Result<(), Failure> {
    let Args {
        dest,
        keep,
        json: json_out,
    } = args;
    let keep = keep.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    // A DEST in a directory that is not there is a slip, said before any copy.
    if let Some(parent) = Path::new(&dest).parent() {
        if !parent.as_os_str().is_empty() && !parent.is_dir() {
            return Err(format!("DEST {dest}: {} is not a directory", parent.display()).into());
        }
    }
    let source = config.data_dir().join(DATABASE_FILE);
    if !source.exists() {
        return Err(Failure::Runtime(format!(
            "{} does not exist",
            source.display()
        )));
    }
    let dest = PathBuf::from(dest);
    let into_dir = dest.is_dir();
    if keep.is_some() && !into_dir {
        return Err("--keep needs DEST to be a directory".into());
    }
    let target = if into_dir {
        dest.join(timestamped_name(Timestamp::now()))
    } else {
        dest.clone()
    };

    let started = Instant::now();
    let mut progress = Progress::start();
    let data_dir = config.data_dir();
    let mut via = "direct";
    let copied = backup::backup_with(&source, &target, &mut |temp| {
        let mut show = |done, total| progress.show("pages copied", done, total);
        if let Some(server) = control::connect(data_dir) {
            match control::backup(server, temp, &mut show) {
                Ok(()) => {
                    via = "server";
                    return Ok(());
                }
                // A server that cannot write there (another user, its sandbox)
                // leaves the copy to this process.
                Err(e) => eprintln!("{e}; copying directly instead"),
            }
        }
        backup::copy_directly(&source, temp, &mut show)
    })?;
    drop(progress);
    let seconds = started.elapsed().as_secs_f64();
    let removed = match keep {
        Some(n) => prune(&dest, n)?,
        None => Vec::new(),
    };
    if json_out {
        println!(
            "{}",
            json!({
                "path": copied.path.display().to_string(),
                "bytes": copied.bytes,
                "seconds": seconds,
                "via": via,
                "broken": copied.broken,
                "removed": removed.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            })
        );
    } else {
        let by = match via {
            "server" => "copied by the running server between its commits",
            _ => "copied directly (no server running)",
        };
        println!(
            "backup written to {}: {} bytes ({:.1} MiB) in {seconds:.2} s, {by}, integrity_check ok",
            copied.path.display(),
            copied.bytes,
            copied.bytes as f64 / (1024.0 * 1024.0)
        );
        for path in &removed {
            println!("removed old backup {}", path.display());
        }
        println!("the master key is not in the backup: keep it safe separately");
    }
    // The copy is what the database holds; a counter that disagrees with its
    // rows is the database's fault, said as verify would say it.
    if let Some(problem) = copied.broken {
        return Err(Failure::Runtime(format!(
            "backup written, but its check failed: {problem}"
        )));
    }
    Ok(())
}

/// `coffer-2026-01-31T02-00-00.123Z.db`: sorts by time, and no `:` for the
/// file systems and tools that dislike it.
fn timestamped_name(now: Timestamp) -> String {
    format!("{PREFIX}{}{SUFFIX}", now.to_rfc3339().replace(':', "-"))
}

fn is_backup_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|stamp| stamp.len() == 24 && stamp.ends_with('Z'))
}

/// Removes all but the newest `keep` timestamped backups in `dir`.
fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Runtime(format!("cannot list {}: {e}", dir.display())))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| is_backup_name(n))
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for name in names.into_iter().take(excess) {
        let path = dir.join(&name);
        std::fs::remove_file(&path)
            .map_err(|e| Failure::Runtime(format!("cannot remove {}: {e}", path.display())))?;
        removed.push(path);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_are_recognised() {
        let a = timestamped_name(Timestamp::from_millis(1_700_000_000_000));
        let b = timestamped_name(Timestamp::from_millis(1_700_000_000_001));
        assert_eq!(a, "coffer-2023-11-14T22-13-20.000Z.db");
        assert!(a < b);
        assert!(is_backup_name(&a));
        for other in [
            "coffer.db",
            "coffer-x.db",
            ".coffer-2023.db.tmp-1",
            "notes.txt",
        ] {
            assert!(!is_backup_name(other), "{other}");
        }
    }
}
