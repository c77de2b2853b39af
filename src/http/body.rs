//! Request bodies: a JSON object whose fields are taken one by one, so that every
//! error names its field and leftover (unknown) fields are refused.

use crate::domain::Error;
use serde_json::{Map, Value};

pub struct JsonBody {
    fields: Map<String, Value>,
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
            Ok(Value::Object(fields)) => Ok(JsonBody { fields }),
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
        self.optional_str(name)?
            .ok_or_else(|| Error::field(name, "is required"))
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
        let mut b = JsonBody::parse(br#"{"nmae":"a"}"#).unwrap();
        assert_eq!(
            b.required_str("name").unwrap_err(),
            Error::field("name", "is required")
        );
        assert_eq!(
            b.finish().unwrap_err(),
            Error::field("nmae", "is not a known field")
        );
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
