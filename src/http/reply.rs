//! What a handler answers: a status, JSON bytes and extra headers.

use crate::domain::page::{links, Page, PageRequest};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: &Value) -> Reply {
        Reply {
            status,
            body: body.to_string().into_bytes(),
            headers: Vec::new(),
        }
    }

    /// A body that is not JSON, with its content type.
    pub fn text(status: u16, content_type: &str, body: String) -> Reply {
        Reply {
            status,
            body: body.into_bytes(),
            headers: vec![("Content-Type", content_type.to_string())],
        }
    }

    pub fn ok(body: &Value) -> Reply {
        Reply::json(200, body)
    }

    pub fn created(body: &Value) -> Reply {
        Reply::json(201, body)
    }

    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// A list page: `{data, pagination: {before, after}}` plus the `CB-BEFORE` and
    /// `CB-AFTER` headers (docs/api.md, "Conventions"), rendering each item with `render`.
    pub fn page<T>(
        request: &PageRequest,
        page: &Page<T>,
        id: impl Fn(&T) -> String,
        render: impl Fn(&T) -> Value,
    ) -> Reply {
        match Reply::page_try(request, page, id, |item| {
            Ok::<_, std::convert::Infallible>(render(item))
        }) {
            Ok(reply) => reply,
            Err(never) => match never {},
        }
    }

    /// `page` with a rendering that can fail.
    pub fn page_try<T, E>(
        request: &PageRequest,
        page: &Page<T>,
        id: impl Fn(&T) -> String,
        render: impl Fn(&T) -> Result<Value, E>,
    ) -> Result<Reply, E> {
        let (before, after) = links(request, page, id);
        let data = page
            .items
            .iter()
            .map(render)
            .collect::<Result<Vec<Value>, E>>()?;
        let mut reply = Reply::ok(&json!({
            "data": data,
            "pagination": {"before": before, "after": after},
        }));
        if let Some(b) = before {
            reply = reply.with_header("CB-BEFORE", b);
        }
        if let Some(a) = after {
            reply = reply.with_header("CB-AFTER", a);
        }
        Ok(reply)
    }
}
