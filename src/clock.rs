//! Time as the rest of the program sees it: an injected `Timestamp`, never
//! `SystemTime::now()` scattered through the code (clippy.toml bans it elsewhere).

use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Milliseconds since the Unix epoch, UTC. Stored as INTEGER in SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn now() -> Timestamp {
        #[allow(clippy::disallowed_methods)] // the one sanctioned reading of the wall clock
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    pub const fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    pub fn plus_seconds(self, secs: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(secs.saturating_mul(1000)))
    }

    /// Parses RFC 3339 (`2020-07-22T18:55:22.012Z`, offsets allowed); sub-millisecond
    /// digits are truncated.
    pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
        let parsed = OffsetDateTime::parse(s, &Rfc3339).ok()?;
        let ms = parsed.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(ms).ok().map(Timestamp)
    }

    /// RFC 3339 UTC with exactly three fractional digits, as every API renders it.
    pub fn to_rfc3339(self) -> String {
        let secs = self.0.div_euclid(1000);
        let millis = self.0.rem_euclid(1000);
        match OffsetDateTime::from_unix_timestamp(secs) {
            Ok(dt) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                dt.year(),
                u8::from(dt.month()),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second(),
                millis
            ),
            Err(_) => String::from("9999-12-31T23:59:59.999Z"),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_milliseconds_in_utc() {
        let t = Timestamp::from_millis(1_595_444_122_012);
        assert_eq!(t.to_rfc3339(), "2020-07-22T18:55:22.012Z");
        assert_eq!(
            Timestamp::from_millis(0).to_rfc3339(),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn parses_what_it_renders_and_offsets() {
        let t = Timestamp::from_millis(1_595_444_122_012);
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2020-07-22T20:55:22.012+02:00"),
            Some(t)
        );
        assert_eq!(Timestamp::parse_rfc3339("2020-07-22"), None);
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn unix_seconds_floor_for_negative_times() {
        assert_eq!(Timestamp::from_millis(-1).unix_seconds(), -1);
        assert_eq!(Timestamp::from_millis(1999).unix_seconds(), 1);
    }
}
