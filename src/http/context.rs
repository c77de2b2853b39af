//! One request as handlers see it: parsed parts, the authenticated caller, and
//! `write`, which commits a change together with its audit record and its
//! idempotency record in one transaction.

use super::app::App;
use super::auth::Caller;
use super::body::JsonBody;
use super::endpoint::{Endpoint, Params};
use super::error::ApiError;
use super::idempotency::Claim;
use super::query::Query;
use super::reply::Reply;
use crate::clock::Timestamp;
use crate::domain::ids::{TenantId, TypedId};
use crate::domain::signing::SeenSignature;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::service::{
    self,
    work::{Act, Books, Doorbells, Origin, Wakes, Work},
};
use crate::store;
use rusqlite::Connection;
use std::net::IpAddr;

pub struct Ctx<'a> {
    pub app: &'a App,
    pub endpoint: &'a Endpoint,
    pub params: Params,
    pub request_id: String,
    pub method: String,
    /// Path and query exactly as sent (what the signature covers).
    pub url: String,
    pub query_string: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub ip: IpAddr,
    pub now: Timestamp,
    pub caller: Option<Caller>,
    pub claim: Option<Claim>,
    /// This request's signature, until a write records it (docs/security.md, "Replay").
    pub signature: Option<SeenSignature>,
}

/// What a write job produces: the answer, the object it touched for the audit
/// log, and (when not the caller's own) the books it touched.
pub struct Written {
    pub reply: Reply,
    pub object: Option<(&'static str, String)>,
    pub books: Option<(TenantId, Option<Environment>)>,
}

impl Written {
    pub fn new(reply: Reply, object_type: &'static str, object_id: impl Into<String>) -> Written {
        Written {
            reply,
            object: Some((object_type, object_id.into())),
            books: None,
        }
    }

    /// Audits the change under another tenant (and environment) than the
    /// caller's: the super-admin acting on a subwallet.
    pub fn in_books(mut self, tenant_id: TenantId, env: Option<Environment>) -> Written {
        self.books = Some((tenant_id, env));
        self
    }
}

impl Ctx<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> &str {
        self.params.get(name)
    }

    /// An object id from the path; junk is simply an object that does not exist.
    pub fn path_id(&self, name: &str, what: &'static str) -> Result<String, ApiError> {
        let raw = self.param(name);
        crate::domain::ids::canonical_uuid(raw).ok_or_else(|| Error::not_found(what, raw).into())
    }

    /// A typed id from the path: junk is an object that does not exist (404).
    pub fn path<T: TypedId>(&self, name: &str) -> Result<T, ApiError> {
        Ok(T::parse(self.param(name))?)
    }

    pub fn caller(&self) -> Result<&Caller, ApiError> {
        self.caller
            .as_ref()
            .ok_or_else(|| Error::Internal("handler reached without a caller".into()).into())
    }

    pub fn partition(&self) -> Result<Partition, ApiError> {
        Ok(self.caller()?.partition()?)
    }

    /// Runs a read in the caller's partition.
    pub fn read<T>(
        &self,
        job: impl FnOnce(&Connection, &Partition) -> Result<T, Error>,
    ) -> Result<T, ApiError> {
        let partition = self.partition()?;
        Ok(self.app.store.read(|conn| job(conn, &partition))?)
    }

    /// For actions that take no fields: an empty body or `{}`.
    pub fn no_fields(&self) -> Result<(), ApiError> {
        if !self.body.iter().all(u8::is_ascii_whitespace) {
            self.json()?.finish()?;
        }
        Ok(())
    }

    pub fn json(&self) -> Result<JsonBody, ApiError> {
        let body = JsonBody::parse(&self.body)?;
        Ok(body.with_fields(self.endpoint.body_fields.clone()))
    }

    pub fn query(&self) -> Result<Query, ApiError> {
        Ok(Query::parse(&self.query_string)?)
    }

    /// Runs `job` as one unit of work in the caller's books and, in the same
    /// transaction, has it append the audit record for this route, saves the
    /// answer under the request's Idempotency-Key and records its signature.
    /// Nothing is written if the job fails.
    pub fn write<F>(&mut self, job: F) -> Result<Reply, ApiError>
    where
        F: FnOnce(&Work) -> Result<Written, Error> + Send + 'static,
    {
        let caller = self.caller()?;
        let tenant_id = caller.tenant_id.clone();
        let (environment, books) = match caller.environment {
            Some(environment) => (environment, None),
            // An admin token manages both environments: its changes name
            // their books (`Written::in_books`), or are audited under its
            // tenant alone; they append no events.
            None => (Environment::Live, Some(Books::tenant(&tenant_id))),
        };
        let partition = Partition {
            tenant_id,
            environment,
        };
        self.work_in(partition, books, job)
    }

    fn work_in<F>(
        &mut self,
        partition: Partition,
        books: Option<Books>,
        job: F,
    ) -> Result<Reply, ApiError>
    where
        F: FnOnce(&Work) -> Result<Written, Error> + Send + 'static,
    {
        let caller = self.caller()?;
        let action = self.endpoint.action.ok_or_else(|| {
            Error::Internal(format!(
                "{} {} writes without an audit action",
                self.method, self.endpoint.path
            ))
        })?;
        let act = Act {
            p: partition,
            by: caller.principal(),
            now: self.now,
            origin: Origin {
                ip: Some(self.ip.to_string()),
                request_id: Some(self.request_id.clone()),
            },
        };
        let claim = self.claim.clone();
        let now = self.now;
        let signature = self.signature.take();
        let recorded = signature.clone();
        let result = service::work::run(&self.app.store, self.app, act, move |work| {
            let written = job(work)?;
            // In the change's own transaction: after a crash, either both the
            // change and its signature are on disk or neither is.
            if let Some(signature) = &recorded {
                store::signatures::record(work.conn, signature, now.unix_seconds())?;
            }
            let written_books = written.books.map(|(tenant_id, environment)| Books {
                tenant_id: Some(tenant_id),
                environment,
            });
            work.audit(action, written.object, written_books.or(books))?;
            if let Some(claim) = claim {
                claim.save(work, &written.reply)?;
            }
            Ok(written.reply)
        });
        result.map_err(|e| {
            // Nothing was written: the signature is still to be recorded.
            self.signature = signature;
            e.into()
        })
    }
}

/// The server's workers, as the service rings them after a commit.
impl Doorbells for App {
    fn ring(&self, wakes: Wakes) {
        if wakes.chain {
            self.chain_worker.wake();
        }
        self.webhooks.wake();
    }
}

impl Ctx<'_> {
    /// Records the signature of a mutating request that changed nothing, so
    /// that it cannot be replayed after a restart either: the state it met may
    /// have changed by then.
    pub fn record_unused_signature(&mut self) {
        let Some(signature) = self.signature.take() else {
            return;
        };
        let now = self.now.unix_seconds();
        if let Err(e) = self
            .app
            .store
            .write(move |conn| store::signatures::record(conn, &signature, now))
        {
            log::warn!(
                "request {}: cannot record its signature: {e}",
                self.request_id
            );
        }
    }
}
