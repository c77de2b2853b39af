//! HTTP errors and their one mapping to status codes and the three JSON families
//! of docs/api.md ("Conventions").

use super::family::Api;
use super::html;
use super::ratelimit::RateInfo;
use super::reply::Reply;
use crate::domain::Error;
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    Domain(Error),
    Unauthorized {
        code: &'static str,
        message: String,
    },
    Forbidden {
        code: &'static str,
        message: String,
    },
    /// `rate` is the key's window when a key (not an address) ran out.
    RateLimited {
        retry_after_secs: u64,
        rate: Option<RateInfo>,
    },
    PayloadTooLarge {
        limit: usize,
    },
    RouteNotFound,
    MethodNotAllowed {
        allowed: Vec<&'static str>,
    },
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError::Domain(e)
    }
}

impl ApiError {
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Forbidden {
            code,
            message: message.into(),
        }
    }
}

/// The status a domain error answers with, in every family (the console's
/// pages too).
pub fn status(e: &Error) -> u16 {
    match e {
        Error::InvalidField { .. } | Error::BadRequest { .. } => 400,
        Error::Forbidden { .. } => 403,
        Error::NotFound { .. } => 404,
        Error::Conflict { .. } => 409,
        Error::Refused { .. } => 422,
        Error::Unavailable(_) => 503,
        Error::Internal(_) => 500,
    }
}

/// Status, code, message and (for a field error) the field: the single place where
/// errors become HTTP.
struct Classified {
    status: u16,
    code: &'static str,
    message: String,
    field: Option<String>,
}

fn classify(err: &ApiError, request_id: &str) -> Classified {
    let c = |status, code, message: String| Classified {
        status,
        code,
        message,
        field: None,
    };
    match err {
        ApiError::Domain(
            e @ Error::InvalidField {
                code,
                field,
                message,
            },
        ) => Classified {
            status: status(e),
            code,
            message: format!("{field}: {message}"),
            field: Some(field.clone()),
        },
        ApiError::Domain(
            e @ (Error::BadRequest { code, message }
            | Error::Conflict { code, message }
            | Error::Refused { code, message }
            | Error::Forbidden { code, message }),
        ) => c(status(e), code, message.clone()),
        ApiError::Domain(e @ Error::NotFound { .. }) => c(status(e), "not_found", e.to_string()),
        ApiError::Domain(e @ Error::Unavailable(reason)) if reason == crate::store::DISK_FULL => {
            log::error!("request {request_id}: the disk is full; writes are refused");
            c(
                status(e),
                "disk_full",
                "the disk is full: writes are refused until space is freed; reads go on".into(),
            )
        }
        ApiError::Domain(e @ Error::Unavailable(reason)) => {
            log::warn!("request {request_id}: unavailable: {reason}");
            c(
                status(e),
                "unavailable",
                "the server cannot take this request right now; retry later".into(),
            )
        }
        ApiError::Domain(e @ Error::Internal(detail)) => {
            log::error!("request {request_id}: internal error: {detail}");
            c(
                status(e),
                "internal_error",
                format!("internal error (request id {request_id})"),
            )
        }
        ApiError::Unauthorized { code, message } => c(401, code, message.clone()),
        ApiError::Forbidden { code, message } => c(403, code, message.clone()),
        ApiError::RateLimited {
            retry_after_secs, ..
        } => c(
            429,
            "rate_limited",
            format!("Rate limit exceeded; retry in {retry_after_secs} s"),
        ),
        ApiError::PayloadTooLarge { limit } => c(
            413,
            "payload_too_large",
            format!("the request body is larger than {limit} bytes"),
        ),
        ApiError::RouteNotFound => c(404, "not_found", "no such endpoint".into()),
        ApiError::MethodNotAllowed { allowed } => c(
            405,
            "method_not_allowed",
            format!("this endpoint accepts {}", allowed.join(", ")),
        ),
    }
}

/// Renders `err` in the error family of the API that was called.
pub fn render(err: &ApiError, api: Api, request_id: &str) -> Reply {
    let Classified {
        status,
        code,
        message,
        field,
    } = classify(err, request_id);
    let body = match api {
        Api::Console => {
            let page = html::message("Something went wrong", &message);
            return with_error_headers(html::html(status, page), err);
        }
        Api::Native | Api::Public => {
            let mut errors = Map::new();
            match field {
                Some(field) => {
                    errors.insert("generalErrors".into(), json!([]));
                    errors.insert(field, json!([message]));
                }
                None => {
                    errors.insert("generalErrors".into(), json!([message]));
                }
            }
            json!({
                "statusCode": status,
                "message": message,
                "code": code,
                "requestId": request_id,
                "errors": Value::Object(errors),
            })
        }
        Api::Coinbase => json!({"message": message, "code": code}),
        Api::Admin => json!({"error": message}),
    };
    with_error_headers(Reply::json(status, &body), err)
}

/// The headers some errors carry in every family.
fn with_error_headers(mut reply: Reply, err: &ApiError) -> Reply {
    match err {
        ApiError::RateLimited {
            retry_after_secs,
            rate,
        } => {
            reply = reply.with_header("Retry-After", retry_after_secs.to_string());
            if let Some(rate) = rate {
                reply = rate.annotate(reply);
            }
        }
        ApiError::MethodNotAllowed { allowed } => {
            reply = reply.with_header("Allow", allowed.join(", "));
        }
        _ => {}
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(reply: &Reply) -> Value {
        serde_json::from_slice(&reply.body).unwrap()
    }

    #[test]
    fn field_errors_name_the_field_natively() {
        let r = render(
            &Error::field("name", "must not be empty").into(),
            Api::Native,
            "rq1",
        );
        assert_eq!(r.status, 400);
        let b = body(&r);
        assert_eq!(b["errors"]["name"][0], "name: must not be empty");
        assert_eq!(b["errors"]["generalErrors"], json!([]));
        assert_eq!(b["requestId"], "rq1");
        assert_eq!(b["statusCode"], 400);
    }

    #[test]
    fn each_family_has_its_shape() {
        let e: ApiError = Error::conflict("name_taken", "taken").into();
        assert_eq!(
            body(&render(&e, Api::Coinbase, "r")),
            json!({"message": "taken", "code": "name_taken"})
        );
        assert_eq!(
            body(&render(&e, Api::Admin, "r")),
            json!({"error": "taken"})
        );
    }

    #[test]
    fn console_errors_are_escaped_html_pages() {
        let e: ApiError = Error::field("<b>", "bad").into();
        let r = render(&e, Api::Console, "r");
        assert_eq!(r.status, 400);
        let text = String::from_utf8(r.body.clone()).unwrap();
        assert!(text.starts_with("<!doctype html>"), "{text}");
        assert!(
            text.contains("&lt;b&gt;") && !text.contains("<b>"),
            "{text}"
        );
        assert!(r
            .headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v.starts_with("text/html")));
    }

    #[test]
    fn internals_never_reach_the_client() {
        let e: ApiError = Error::Internal("SELECT * FROM secrets failed".into()).into();
        let r = render(&e, Api::Native, "rq9");
        assert_eq!(r.status, 500);
        let text = String::from_utf8(r.body).unwrap();
        assert!(!text.contains("SELECT"), "{text}");
        assert!(text.contains("rq9"));
    }

    #[test]
    fn rate_limits_carry_retry_after() {
        let r = render(
            &ApiError::RateLimited {
                retry_after_secs: 7,
                rate: None,
            },
            Api::Native,
            "r",
        );
        assert_eq!(r.status, 429);
        assert!(r.headers.contains(&("Retry-After", "7".to_string())));
    }
}
