//! The domain's one error type. The HTTP layer maps it to a status and a JSON
//! body once per API family; nothing below HTTP knows about status codes.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A field of the request is malformed or out of range (400); `code` is
    /// `invalid_field` unless a more precise one (`invalid_address`) applies.
    InvalidField {
        code: &'static str,
        field: String,
        message: String,
    },
    /// The request as a whole is malformed (400), with a machine-readable code.
    BadRequest { code: &'static str, message: String },
    /// No such object visible to this caller (404): absent, or another
    /// tenant's. `key` names what `id` is: `"id"`, or e.g. `"email"` for a
    /// lookup by another unique field.
    NotFound {
        what: &'static str,
        key: &'static str,
        id: String,
    },
    /// The request conflicts with the current state (409).
    Conflict { code: &'static str, message: String },
    /// A business rule refuses the request (422).
    Refused { code: &'static str, message: String },
    /// The caller is who it says but may not do this (403): an approver
    /// without the role a request needs.
    Forbidden { code: &'static str, message: String },
    /// The server cannot write right now: disk full, busy, shutting down (503).
    Unavailable(String),
    /// A bug or a broken disk (500). The text is logged, never sent to a client.
    Internal(String),
}

impl Error {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::field_code("invalid_field", field, message)
    }

    pub fn field_code(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::InvalidField {
            code,
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: &'static str, id: impl Into<String>) -> Error {
        Error::not_found_by(what, "id", id)
    }

    /// No `what` whose `key` (a unique field other than its id) is `value`.
    pub fn not_found_by(what: &'static str, key: &'static str, value: impl Into<String>) -> Error {
        Error::NotFound {
            what,
            key,
            id: value.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Error {
        Error::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn refused(code: &'static str, message: impl Into<String>) -> Error {
        Error::Refused {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Error {
        Error::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Error {
        Error::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidField { field, message, .. } => write!(f, "{field}: {message}"),
            Error::BadRequest { message, .. }
            | Error::Conflict { message, .. }
            | Error::Refused { message, .. }
            | Error::Forbidden { message, .. } => f.write_str(message),
            Error::NotFound { what, key, id } => write!(f, "no {what} with {key} '{id}'"),
            Error::Unavailable(m) => write!(f, "service unavailable: {m}"),
            Error::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl std::error::Error for Error {}
