//! A strict reader of the Prometheus text exposition format (0.0.4), written
//! from the format's documentation, independently of the server's writer: a
//! scrape that this refuses is one Prometheus could refuse or misread.

use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

#[derive(Debug, Clone)]
pub struct Family {
    pub kind: String,
    pub help: Option<String>,
    pub samples: Vec<Sample>,
}

/// Parses a whole scrape, or says which line is wrong and why.
pub fn parse(text: &str) -> Result<BTreeMap<String, Family>, String> {
    if !text.is_empty() && !text.ends_with('\n') {
        return Err("the text must end with a newline".into());
    }
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut closed: HashSet<String> = HashSet::new();
    let mut series: HashSet<String> = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let at = |e: String| format!("line {}: {e}: {line:?}", n + 1);
        if line.is_empty() {
            return Err(at("empty line".into()));
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let keyword = parts.next().unwrap_or("");
            if keyword != "HELP" && keyword != "TYPE" {
                continue; // a plain comment
            }
            let name = parts.next().ok_or_else(|| at("no metric name".into()))?;
            check_name(name).map_err(at)?;
            let arg = parts.next().unwrap_or("");
            if current.as_deref() != Some(name) {
                if families.contains_key(name) || closed.contains(name) {
                    return Err(at(format!("family {name} appears twice")));
                }
                if let Some(prev) = current.take() {
                    closed.insert(prev);
                }
                families.insert(
                    name.to_string(),
                    Family {
                        kind: "untyped".into(),
                        help: None,
                        samples: Vec::new(),
                    },
                );
                current = Some(name.to_string());
            }
            let family = families.get_mut(name).ok_or("unreachable")?;
            if keyword == "HELP" {
                if family.help.is_some() {
                    return Err(at("second HELP".into()));
                }
                family.help = Some(unescape(arg, false).map_err(at)?);
            } else {
                if !family.samples.is_empty() || family.kind != "untyped" {
                    return Err(at("TYPE after samples or twice".into()));
                }
                if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&arg) {
                    return Err(at(format!("unknown type {arg}")));
                }
                family.kind = arg.to_string();
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let sample = parse_sample(line).map_err(at)?;
        let family_name = current
            .clone()
            .ok_or_else(|| at("a sample before any TYPE".into()))?;
        let family = families.get_mut(&family_name).ok_or("unreachable")?;
        let allowed: Vec<String> = match family.kind.as_str() {
            "histogram" => ["_bucket", "_sum", "_count"]
                .iter()
                .map(|s| format!("{family_name}{s}"))
                .collect(),
            "summary" => vec![
                family_name.clone(),
                format!("{family_name}_sum"),
                format!("{family_name}_count"),
            ],
            _ => vec![family_name.clone()],
        };
        if !allowed.contains(&sample.name) {
            return Err(at(format!(
                "sample {} does not belong to family {family_name}",
                sample.name
            )));
        }
        if family.kind == "counter" && (sample.value < 0.0 || sample.value.is_nan()) {
            return Err(at("a counter below zero".into()));
        }
        if family.kind == "histogram"
            && sample.name.ends_with("_bucket")
            && !sample.labels.contains_key("le")
        {
            return Err(at("a bucket without le".into()));
        }
        if !series.insert(format!("{}{:?}", sample.name, sample.labels)) {
            return Err(at("the same series twice".into()));
        }
        family.samples.push(sample);
    }
    for (name, family) in &families {
        if family.kind == "histogram" {
            check_histogram(name, family)?;
        }
    }
    Ok(families)
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
        Ok(())
    } else {
        Err(format!("bad metric name {name:?}"))
    }
}

fn check_label_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(format!("bad label name {name:?}"))
    }
}

/// HELP text may escape `\\` and `\n`; label values also `\"`.
fn unescape(s: &str, quotes: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                Some('"') if quotes => out.push('"'),
                other => return Err(format!("bad escape \\{other:?}")),
            },
            '"' if quotes => return Err("an unescaped quote".into()),
            '\n' => return Err("a raw newline".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn parse_value(s: &str) -> Result<f64, String> {
    match s {
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ => s
            .parse::<f64>()
            .ok()
            .filter(|_| !s.eq_ignore_ascii_case("inf") && !s.eq_ignore_ascii_case("nan"))
            .ok_or_else(|| format!("bad value {s:?}")),
    }
}

fn parse_sample(line: &str) -> Result<Sample, String> {
    let name_end = line.find(['{', ' ']).ok_or("no value")?;
    let name = &line[..name_end];
    check_name(name)?;
    let mut rest = &line[name_end..];
    let mut labels = BTreeMap::new();
    if let Some(inner) = rest.strip_prefix('{') {
        let mut s = inner;
        loop {
            if let Some(after) = s.strip_prefix('}') {
                rest = after;
                break;
            }
            let eq = s.find('=').ok_or("a label without =")?;
            let label = &s[..eq];
            check_label_name(label)?;
            s = s[eq + 1..]
                .strip_prefix('"')
                .ok_or("an unquoted label value")?;
            // The value ends at the first quote not escaped by a backslash.
            let mut end = None;
            let mut escaped = false;
            for (i, c) in s.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let end = end.ok_or("an unterminated label value")?;
            let value = unescape(&s[..end], true)?;
            if labels.insert(label.to_string(), value).is_some() {
                return Err(format!("label {label} twice"));
            }
            s = &s[end + 1..];
            if let Some(after) = s.strip_prefix(',') {
                s = after;
            } else if !s.starts_with('}') {
                return Err("labels must be separated by commas".into());
            }
        }
    }
    let rest = rest.strip_prefix(' ').ok_or("no space before the value")?;
    let mut fields = rest.split(' ');
    let value = parse_value(fields.next().ok_or("no value")?)?;
    if let Some(ts) = fields.next() {
        ts.parse::<i64>()
            .map_err(|_| format!("bad timestamp {ts:?}"))?;
    }
    if fields.next().is_some() {
        return Err("trailing fields".into());
    }
    Ok(Sample {
        name: name.to_string(),
        labels,
        value,
    })
}

/// Buckets cumulative and in increasing `le` order, ending at `+Inf` equal to
/// `_count`, with a `_sum`, per series.
fn check_histogram(name: &str, family: &Family) -> Result<(), String> {
    let mut by_series: BTreeMap<String, Vec<&Sample>> = BTreeMap::new();
    for s in &family.samples {
        let mut key = s.labels.clone();
        key.remove("le");
        by_series.entry(format!("{key:?}")).or_default().push(s);
    }
    for (key, samples) in by_series {
        let err = |e: &str| Err(format!("histogram {name}{key}: {e}"));
        let buckets: Vec<&&Sample> = samples
            .iter()
            .filter(|s| s.name.ends_with("_bucket"))
            .collect();
        let mut last_le = f64::NEG_INFINITY;
        let mut last_count = 0.0;
        for b in &buckets {
            let le = parse_value(&b.labels["le"])?;
            if le <= last_le {
                return err("le not increasing");
            }
            if b.value < last_count {
                return err("buckets not cumulative");
            }
            last_le = le;
            last_count = b.value;
        }
        if last_le != f64::INFINITY {
            return err("no +Inf bucket");
        }
        let count = samples.iter().find(|s| s.name.ends_with("_count"));
        match count {
            Some(c) if c.value == last_count => {}
            _ => return err("_count missing or not the +Inf bucket"),
        }
        if !samples.iter().any(|s| s.name.ends_with("_sum")) {
            return err("no _sum");
        }
    }
    Ok(())
}

#[test]
fn the_reader_refuses_what_prometheus_would() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"q\\\"\"} 1\n";
    let parsed = parse(good).unwrap();
    assert_eq!(parsed["a_total"].samples[0].labels["x"], "q\"");
    for bad in [
        "a_total 1\n",                                                // no TYPE
        "# TYPE a counter\na 1",                                      // no final newline
        "# TYPE a counter\na -1\n",                                   // negative counter
        "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n",                     // label twice
        "# TYPE a gauge\na{x=1} 1\n",                                 // unquoted
        "# TYPE a gauge\nb 1\n",                                      // wrong family
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n", // family twice
        "# TYPE a gauge\na one\n",                                    // bad value
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", // no +Inf
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
}
