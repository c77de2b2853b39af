//! Query strings: decoded once, parameters taken one by one, unknown ones refused.

use crate::clock::Timestamp;
use crate::domain::ids::{canonical_uuid, TypedId};
use crate::domain::page::{Cursor, PageRequest, DEFAULT_LIMIT, MAX_LIMIT};
use crate::domain::Error;

pub struct Query {
    pairs: Vec<(String, String)>,
}

fn percent_decode(name: &str, raw: &str) -> Result<String, Error> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| Error::field(name, "has a bad percent-encoding"))?;
                out.push(hex);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| Error::field(name, "is not valid UTF-8"))
}

impl Query {
    pub fn parse(query: &str) -> Result<Query, Error> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = part.split_once('=').unwrap_or((part, ""));
            let name = percent_decode("query", raw_name)?;
            let value = percent_decode(&name, raw_value)?;
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(Error::field(name, "is given more than once"));
            }
            pairs.push((name, value));
        }
        Ok(Query { pairs })
    }

    pub fn take(&mut self, name: &str) -> Option<String> {
        let at = self.pairs.iter().position(|(n, _)| n == name)?;
        Some(self.pairs.remove(at).1)
    }

    /// Takes a parameter that must be one of a closed set of values.
    pub fn take_parsed<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(v) => parse(&v)
                .map(Some)
                .ok_or_else(|| Error::field(name, format!("must be {expected}"))),
        }
    }

    /// An object id used as a filter: 400 naming the parameter when malformed
    /// (not a 404: a filter that matches nothing is an empty page).
    pub fn take_id<T: TypedId>(&mut self, name: &str) -> Result<Option<T>, Error> {
        self.take(name)
            .map(|v| {
                T::canonical(&v)
                    .map(T::from_stored)
                    .ok_or_else(|| Error::field(name, "must be an object id"))
            })
            .transpose()
    }

    /// An RFC 3339 time used as a filter.
    pub fn take_time(&mut self, name: &str) -> Result<Option<Timestamp>, Error> {
        self.take(name)
            .map(|v| {
                Timestamp::parse_rfc3339(&v)
                    .ok_or_else(|| Error::field(name, "must be an RFC 3339 time"))
            })
            .transpose()
    }

    /// `limit`, `before` and `after` for lists whose ids are UUIDs.
    pub fn page(&mut self) -> Result<PageRequest, Error> {
        self.page_with(|name, v| {
            canonical_uuid(v).ok_or_else(|| Error::field(name, "must be an object id"))
        })
    }

    /// `limit`, `before` and `after`, with the cursor checked by `cursor`.
    pub fn page_with(
        &mut self,
        cursor: impl Fn(&str, &str) -> Result<String, Error>,
    ) -> Result<PageRequest, Error> {
        let limit = match self.take("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    Error::field(
                        "limit",
                        format!("must be a whole number from 1 to {MAX_LIMIT}"),
                    )
                })?,
        };
        let before = self.take("before");
        let after = self.take("after");
        let cursor = match (before, after) {
            (Some(_), Some(_)) => {
                return Err(Error::field("before", "cannot be combined with after"))
            }
            (Some(b), None) => Some(Cursor::Before(cursor("before", &b)?)),
            (None, Some(a)) => Some(Cursor::After(cursor("after", &a)?)),
            (None, None) => None,
        };
        Ok(PageRequest { limit, cursor })
    }

    /// Refuses any parameter nobody took.
    pub fn finish(self) -> Result<(), Error> {
        match self.pairs.first() {
            Some((name, _)) => Err(Error::field(name.clone(), "is not a known query parameter")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_takes() {
        let mut q = Query::parse("externalId=a%20b+c&limit=5").unwrap();
        assert_eq!(q.take("externalId").as_deref(), Some("a b c"));
        let page = q.page().unwrap();
        assert_eq!(page.limit, 5);
        q.finish().unwrap();
    }

    #[test]
    fn refuses_bad_limits_cursors_and_unknowns() {
        for bad in [
            "limit=0",
            "limit=101",
            "limit=x",
            "limit=-1",
            "after=zz",
            "before=1&after=2",
        ] {
            assert!(Query::parse(bad).unwrap().page().is_err(), "{bad}");
        }
        assert!(Query::parse("a=1&a=2").is_err());
        assert!(Query::parse("a=%zz").is_err());
        assert!(Query::parse("a=%ff").is_err());
        let q = Query::parse("colour=red").unwrap();
        assert_eq!(
            q.finish().unwrap_err(),
            Error::field("colour", "is not a known query parameter")
        );
    }
}
