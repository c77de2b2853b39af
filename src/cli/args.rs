//! What the command lines of `coffer` and `coffer-signer` share on top of
//! clap: values checked against the domain's own lists, and errors told in a
//! few lines (docs/decisions.md, "The command line").

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use std::ffi::OsStr;

/// A value that must be one of a domain enum's names (`Role::ALL` with
/// `Role::as_str`): clap lists them in its help and in its error, with the
/// closest one as a tip, and no second list of names is kept by hand.
#[derive(Clone)]
pub struct OneOf<T: 'static> {
    all: &'static [T],
    name: fn(T) -> &'static str,
    help: Option<fn(T) -> String>,
}

pub fn one_of<T: Copy>(all: &'static [T], name: fn(T) -> &'static str) -> OneOf<T> {
    OneOf {
        all,
        name,
        help: None,
    }
}

impl<T> OneOf<T> {
    /// Each value explained in `--help` (a role's scopes), from the domain too.
    pub fn described(self, help: fn(T) -> String) -> OneOf<T> {
        OneOf {
            help: Some(help),
            ..self
        }
    }
}

impl<T: Copy + Send + Sync + 'static> TypedValueParser for OneOf<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // `--roles viewer, operator` (a space after the comma) still reads.
        let trimmed = value.to_str().map_or(value, |v| OsStr::new(v.trim()));
        let names = self.all.iter().map(|t| (self.name)(*t));
        let known = PossibleValuesParser::new(names).parse_ref(cmd, arg, trimmed)?;
        self.all
            .iter()
            .copied()
            .find(|t| (self.name)(*t) == known)
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.all.iter().map(|t| {
            let value = PossibleValue::new((self.name)(*t));
            match self.help {
                Some(help) => value.help(help(*t)),
                None => value,
            }
        })))
    }
}

/// A value checked against names known only once the configuration is
/// loaded (`--network` against `[[networks]]`), refused as clap refuses a
/// value: the valid ones listed, the closest as a tip.
pub fn check_value(
    cmd: &clap::Command,
    flag: &'static str,
    known: &[&str],
    given: &str,
) -> Result<(), clap::Error> {
    // Set as clap's build would (the error prints the flag from them).
    let arg = clap::Arg::new(flag)
        .long(flag)
        .num_args(1)
        .action(clap::ArgAction::Set);
    PossibleValuesParser::new(known.iter().map(|k| PossibleValue::new(k.to_string())))
        .parse_ref(cmd, Some(&arg), OsStr::new(given))
        .map(drop)
}

/// A usage error of ours (one clap cannot check), in clap's words.
pub fn usage(message: impl std::fmt::Display) -> clap::Error {
    clap::Error::raw(ErrorKind::ValueValidation, message)
}

/// What both command lines want of clap: a command is required, and none
/// given is a usage error, not the help.
pub fn requiring_a_command(command: clap::Command) -> clap::Command {
    command
        .subcommand_required(true)
        .arg_required_else_help(false)
}

/// This process's arguments as `C`, read by `command` (C's own, adjusted);
/// else the exit code once the help, the version or the error is told
/// (`report`).
pub fn parse<C: clap::FromArgMatches>(mut command: clap::Command) -> Result<C, i32> {
    command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|m| C::from_arg_matches(&m))
        .map_err(|e| report(e, &mut command))
}

/// Prints a clap outcome and returns the exit code: help and `--version` on
/// stdout with 0; an error on stderr with 2, as clap words it (the problem,
/// a tip, one "try '--help'" line) but without the usage block, which
/// buried the one line that mattered.
pub fn report(error: clap::Error, cmd: &mut clap::Command) -> i32 {
    if !error.use_stderr() {
        // Help or version, asked for: a closed stdout is no failure.
        let _ = error.print();
        return 0;
    }
    eprint!("{}", short(&error.format(cmd)));
    2
}

/// The error as clap renders it, less its "Usage:" paragraph.
pub fn short(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let kept: Vec<&str> = text
        .trim_end()
        .split("\n\n")
        .filter(|block| !block.starts_with("Usage:"))
        .collect();
    format!("{}\n", kept.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scope::Role;
    use clap::{Arg, Command};

    fn command() -> Command {
        Command::new("coffer").arg(
            Arg::new("roles")
                .long("roles")
                .value_delimiter(',')
                .action(clap::ArgAction::Append)
                .value_parser(one_of(&Role::ALL, Role::as_str)),
        )
    }

    #[test]
    fn domain_names_parse_and_a_wrong_one_lists_them_all() {
        let m = command()
            .try_get_matches_from(["coffer", "--roles", "viewer, admin"])
            .unwrap();
        let roles: Vec<Role> = m.get_many("roles").unwrap().copied().collect();
        assert_eq!(roles, [Role::Viewer, Role::Admin]);

        let err = command()
            .try_get_matches_from(["coffer", "--roles", "approvr"])
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        let text = short(&err);
        for role in Role::ALL {
            assert!(text.contains(role.as_str()), "{text}");
        }
        assert!(!text.contains("Usage:"), "{text}");
        assert!(text.contains("try '--help'"), "{text}");
    }

    #[test]
    fn values_known_from_the_configuration_are_listed_too() {
        let cmd = command();
        check_value(&cmd, "network", &["ethereum", "base"], "base").unwrap();
        let err = check_value(&cmd, "network", &["ethereum", "base"], "ethereun").unwrap_err();
        let text = short(&err.format(&mut command()));
        assert!(text.contains("ethereum, base"), "{text}");
        assert!(text.contains("'ethereum'"), "{text}");
    }
}
