//! A small command-line parser: positional words and `--flag [value]` pairs.
//! Each subcommand takes the flags it knows and `finish` refuses the rest.

pub struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

/// Flags that never take a value.
const SWITCHES: &[&str] = &["json", "help", "read-only", "dry-run"];

impl Args {
    pub fn parse(raw: impl IntoIterator<Item = String>) -> Result<Args, String> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut raw = raw.into_iter();
        while let Some(word) = raw.next() {
            let Some(flag) = word.strip_prefix("--") else {
                positional.push(word);
                continue;
            };
            let (name, value) = match flag.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None if SWITCHES.contains(&flag) => (flag.to_string(), None),
                None => {
                    let value = raw
                        .next()
                        .ok_or_else(|| format!("--{flag} needs a value"))?;
                    (flag.to_string(), Some(value))
                }
            };
            flags.push((name, value));
        }
        Ok(Args { positional, flags })
    }

    /// The next positional word.
    pub fn next(&mut self) -> Option<String> {
        if self.positional.is_empty() {
            None
        } else {
            Some(self.positional.remove(0))
        }
    }

    pub fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.flags.iter().position(|(n, _)| n == name) {
            None => Ok(None),
            Some(at) => match self.flags.remove(at).1 {
                Some(v) => Ok(Some(v)),
                None => Err(format!("--{name} needs a value")),
            },
        }
    }

    pub fn switch(&mut self, name: &str) -> bool {
        match self.flags.iter().position(|(n, _)| n == name) {
            Some(at) => {
                self.flags.remove(at);
                true
            }
            None => false,
        }
    }

    /// A comma-separated list flag.
    pub fn list(&mut self, name: &str) -> Result<Vec<String>, String> {
        Ok(self
            .value(name)?
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default())
    }

    pub fn finish(self) -> Result<(), String> {
        if let Some((name, _)) = self.flags.first() {
            return Err(format!("unknown flag --{name}"));
        }
        if let Some(word) = self.positional.first() {
            return Err(format!("unexpected argument '{word}'"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Args {
        Args::parse(words.iter().map(|s| s.to_string())).unwrap()
    }

    #[test]
    fn flags_values_switches_and_leftovers() {
        let mut a = args(&[
            "create",
            "--name",
            "ci",
            "--roles=viewer,operator",
            "--json",
        ]);
        assert_eq!(a.next().as_deref(), Some("create"));
        assert_eq!(a.value("name").unwrap().as_deref(), Some("ci"));
        assert_eq!(a.list("roles").unwrap(), ["viewer", "operator"]);
        assert!(a.switch("json"));
        a.finish().unwrap();
        assert_eq!(
            args(&["--bogus", "1"]).finish().unwrap_err(),
            "unknown flag --bogus"
        );
        assert!(Args::parse(["--name".to_string()]).is_err());
    }
}
