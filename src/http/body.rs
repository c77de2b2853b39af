//! Request bodies: a JSON object whose fields are taken one by one, so that every
//! error names its field and leftover (unknown) fields are refused.

use crate::domain::Error;
use serde_json::{Map, Value};
use std::sync::Arc;

pub struct JsonBody {
    fields: Map<String, Value>,
    /// Every field the endpoint takes, when its description says (shared
    /// with the route table: no copy per request).
    known: Option<Arc<[String]>>,
}

fn wrong_type(name: &str, expected: &str) -> Error {
    Error::field(name, format!("must be {expected}"))
}

impl JsonBody {
    pub fn parse(bytes: &[u8]) -> Result<JsonBody, Error> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::bad_request(
                "invalid_json",
                "the request body must be a JSON object",
            ));
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(fields)) => Ok(JsonBody {
                fields,
                known: None,
            }),
            Ok(_) => Err(Error::bad_request(
                "invalid_json",
                "the request body must be a JSON object",
            )),
            Err(e) => Err(Error::bad_request(
                "invalid_json",
                format!(
                    "the request body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )),
        }
    }

    /// The body of an endpoint taking exactly `known` fields.
    pub fn with_fields(self, known: Option<Arc<[String]>>) -> JsonBody {
        JsonBody { known, ..self }
    }

    /// The field's value, `None` when absent or null.
    fn take(&mut self, name: &str) -> Option<Value> {
        self.fields.remove(name).filter(|v| !v.is_null())
    }

    /// The raw value of a field, for the few that are not strings or objects.
    pub fn take_raw(&mut self, name: &str) -> Option<Value> {
        self.take(name)
    }

    pub fn optional_str(&mut self, name: &str) -> Result<Option<String>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(wrong_type(name, "a string")),
        }
    }

    pub fn required_str(&mut self, name: &str) -> Result<String, Error> {
        match self.optional_str(name)? {
            Some(value) => Ok(value),
            None => Err(self.missing(name)),
        }
    }

    /// "is required", naming with it every unknown field sent, so the client
    /// learns of both mistakes at once (docs/api.md, "Conventions"), and
    /// which of them looks like a misspelling of it (`nmae`, `Name`,
    /// `asset_id` for `assetId`). Without the endpoint's field list only the
    /// misspellings are named: the fields a handler has not taken yet may
    /// still be its own, and `finish`, which names them, is never reached.
    fn missing(&self, name: &str) -> Error {
        let unknown: Vec<&String> = self
            .fields
            .keys()
            .filter(|sent| match &self.known {
                Some(known) => !known.contains(sent),
                None => looks_like(sent, name),
            })
            .collect();
        if unknown.is_empty() {
            return Error::field(name, "is required");
        }
        let said = unknown
            .iter()
            .map(|sent| format!("'{sent}' is not a known field"))
            .collect::<Vec<_>>()
            .join(", ");
        let tip = if unknown.iter().any(|sent| looks_like(sent, name)) {
            format!(": did you mean '{name}'?")
        } else {
            String::new()
        };
        Error::field(name, format!("is required ({said}{tip})"))
    }

    pub fn optional_object(&mut self, name: &str) -> Result<Option<Map<String, Value>>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(wrong_type(name, "an object")),
        }
    }

    pub fn optional_bool(&mut self, name: &str) -> Result<Option<bool>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(wrong_type(name, "true or false")),
        }
    }

    pub fn optional_str_list(&mut self, name: &str) -> Result<Option<Vec<String>>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(wrong_type(name, "an array of strings")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(wrong_type(name, "an array of strings")),
        }
    }

    /// Refuses any field nobody took.
    pub fn finish(self) -> Result<(), Error> {
        match self.fields.keys().next() {
            Some(unknown) => Err(Error::field(unknown.clone(), "is not a known field")),
            None => Ok(()),
        }
    }
}

/// Whether `sent` is `name` mistyped: the same but for case, `_` and `-`,
/// or one letter added, dropped, changed or two swapped (in names of four
/// letters or more, so that short names are not taken for one another).
fn looks_like(sent: &str, name: &str) -> bool {
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (a, b) = (fold(sent), fold(name));
    if a == b {
        return true;
    }
    if b.len() < 4 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let start = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    let end = |skip_short: usize, skip_long: usize| {
        short[start + skip_short..] == long[start + skip_long..]
    };
    match long.len() - short.len() {
        // One letter added or dropped.
        1 => end(0, 1),
        // One changed, or two neighbours swapped.
        0 => {
            end(1, 1)
                || (start + 1 < short.len()
                    && short[start] == long[start + 1]
                    && short[start + 1] == long[start]
                    && end(2, 2))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_typed_and_named() {
        let mut b = JsonBody::parse(br#"{"name":"a","n":5,"meta":null}"#).unwrap();
        assert_eq!(b.required_str("name").unwrap(), "a");
        assert_eq!(b.optional_object("meta").unwrap(), None);
        let err = b.optional_str("n").unwrap_err();
        assert_eq!(err, Error::field("n", "must be a string"));
        b.finish().unwrap();
    }

    #[test]
    fn unknown_and_missing_fields_are_refused() {
        let mut b = JsonBody::parse(br#"{"title":"a"}"#).unwrap();
        assert_eq!(
            b.required_str("name").unwrap_err(),
            Error::field("name", "is required")
        );
        assert_eq!(
            b.finish().unwrap_err(),
            Error::field("title", "is not a known field")
        );
    }

    #[test]
    fn a_missing_field_is_named_with_every_unknown_one_when_the_fields_are_known() {
        let known: Arc<[String]> = Arc::new(["name".to_string(), "externalId".to_string()]);
        let body = JsonBody::parse(br#"{"title":"a","externalId":"x","nmae":"b"}"#).unwrap();
        let mut b = body.with_fields(Some(Arc::clone(&known)));
        assert_eq!(
            b.required_str("name").unwrap_err(),
            Error::field(
                "name",
                "is required ('title' is not a known field, 'nmae' is not a known field: \
                 did you mean 'name'?)"
            )
        );
        let body = JsonBody::parse(br#"{"title":"a"}"#).unwrap();
        let mut b = body.with_fields(Some(Arc::clone(&known)));
        assert_eq!(
            b.required_str("name").unwrap_err(),
            Error::field("name", "is required ('title' is not a known field)")
        );
    }

    #[test]
    fn a_missing_field_is_named_with_its_misspellings() {
        let mut b = JsonBody::parse(br#"{"nmae":"a","metadata":{}}"#).unwrap();
        assert_eq!(
            b.required_str("name").unwrap_err(),
            Error::field(
                "name",
                "is required ('nmae' is not a known field: did you mean 'name'?)"
            )
        );
        for (sent, name) in [
            ("asset_id", "assetId"),
            ("AssetId", "assetId"),
            ("amout", "amount"),
            ("amountt", "amount"),
            ("amonut", "amount"),
            ("anount", "amount"),
        ] {
            assert!(looks_like(sent, name), "{sent} {name}");
        }
        for (sent, name) in [
            ("note", "name"),
            ("metadata", "name"),
            ("id", "ids"),
            ("amount", "count"),
            ("label", "address"),
        ] {
            assert!(!looks_like(sent, name), "{sent} {name}");
        }
    }

    #[test]
    fn non_objects_are_refused() {
        for bad in [&b""[..], b"[]", b"{", b"\"x\"", b"  "] {
            assert!(matches!(
                JsonBody::parse(bad),
                Err(Error::BadRequest {
                    code: "invalid_json",
                    ..
                })
            ));
        }
    }
}
