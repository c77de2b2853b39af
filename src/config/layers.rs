//! The layering of TOML tables: reading the file, overlaying one table on
//! another, the `COFFER_*` environment, and naming every key that cannot be used.

use super::Config;
use std::path::Path;
use toml::{Table, Value};

pub(super) fn read_table(path: &Path) -> Result<Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    text.parse::<Table>()
        .map_err(|e| format!("{}: {}", path.display(), e.message()))
}

/// Reports every key of `given` that the defaults do not have.
pub(super) fn check_known_keys(
    known: &Table,
    given: &Table,
    prefix: &str,
    errors: &mut Vec<String>,
) {
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
pub(super) fn unusable_keys(defaults: &Table, merged: &Table) -> Vec<String> {
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

pub(super) fn overlay(base: &mut Table, top: Table) {
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
pub(super) fn apply_env(
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
