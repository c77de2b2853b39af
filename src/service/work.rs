//! The unit of work: every change of state runs inside one, on the writer. It
//! holds the write transaction, the books it changes, the clock reading and
//! who acts; it appends the change's outbox events and its audit record, and
//! after the commit rings the workers the change needs (docs/architecture.md,
//! "Service layer"). Nothing outside `service/` and `store/` writes events or
//! audit records or wakes a worker.

use crate::clock::Timestamp;
use crate::domain::activity::InitiatorRef;
use crate::domain::audit::AuditEntry;
use crate::domain::ids::{KeyId, TenantId, UserId};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::store::{self, Store};
use rusqlite::Connection;
use serde_json::Value;
use std::cell::Cell;

/// Who acts, proven by the layer that called the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An API key, acting for the user it is bound to, if any.
    ApiKey { id: KeyId, user_id: Option<UserId> },
    /// A person signed in to the approval console.
    User(UserId),
    /// A tenant's admin token (the tenant's id).
    AdminToken(TenantId),
    /// The operator at the machine, through the named CLI command.
    Cli(&'static str),
    /// Coffer's own background workers.
    Worker,
}

impl Principal {
    /// The audit log's actor type and id (docs/api.md, "Audit").
    fn audit_actor(&self) -> (&'static str, String) {
        match self {
            Principal::ApiKey { id, .. } => ("api_key", id.to_string()),
            Principal::User(id) => ("user", id.to_string()),
            Principal::AdminToken(tenant_id) => ("admin_token", tenant_id.to_string()),
            Principal::Cli(command) => ("cli", (*command).to_string()),
            Principal::Worker => ("worker", String::new()),
        }
    }

    /// Who a request subject to consensus is initiated by: the user the key
    /// is bound to, else the key itself (docs/api.md, "Consensus").
    pub fn initiator(&self) -> Result<InitiatorRef, Error> {
        match self {
            Principal::ApiKey {
                user_id: Some(user),
                ..
            }
            | Principal::User(user) => Ok(InitiatorRef::User(user.clone())),
            Principal::ApiKey { id, user_id: None } => Ok(InitiatorRef::ApiKey(id.clone())),
            other => Err(Error::Internal(format!(
                "{other:?} cannot initiate a request subject to consensus"
            ))),
        }
    }
}

/// Where a change came from, for its audit record.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

/// The workers a committed change needs at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wakes {
    /// The chain worker: a withdrawal to sign, broadcast or follow, a deposit
    /// to confirm.
    pub chain: bool,
}

/// How the service reaches the background workers without knowing them: the
/// server passes its workers in; the CLI, which runs none, passes `NoWorkers`.
pub trait Doorbells {
    /// Called after every commit: webhook deliveries may have been queued by
    /// any change, so the webhook sender is always rung.
    fn ring(&self, wakes: Wakes);
}

/// For callers with no workers to wake (the CLI: a running server's workers
/// find the change on their next pass).
pub struct NoWorkers;

impl Doorbells for NoWorkers {
    fn ring(&self, _: Wakes) {}
}

/// One change of state in the making.
pub struct Work<'c> {
    pub conn: &'c Connection,
    /// The books the change is made in.
    pub p: Partition,
    pub now: Timestamp,
    pub by: Principal,
    origin: Origin,
    wakes: Cell<Wakes>,
}

impl<'c> Work<'c> {
    /// A unit of work over a transaction the caller already holds (the
    /// writer's, or a test's); `run` is how a change normally starts.
    pub fn new(
        conn: &'c Connection,
        p: Partition,
        now: Timestamp,
        by: Principal,
        origin: Origin,
    ) -> Work<'c> {
        Work {
            conn,
            p,
            now,
            by,
            origin,
            wakes: Cell::new(Wakes::default()),
        }
    }

    /// A unit of work of Coffer's own workers, over the transaction of the
    /// job they run (they need no waking: they are awake).
    pub fn of_worker(conn: &'c Connection, p: Partition, now: Timestamp) -> Work<'c> {
        Work::new(conn, p, now, Principal::Worker, Origin::default())
    }

    /// The same change continued in other books `p` (a change to who can
    /// approve is recorded in the tenant's live books): same transaction,
    /// clock reading and principal. It asks for no worker itself.
    pub fn in_books(&self, p: Partition) -> Work<'c> {
        Work::new(self.conn, p, self.now, self.by.clone(), self.origin.clone())
    }

    /// Appends the outbox event `event` of this change, in its books; answers
    /// the event's id.
    pub fn emit(&self, event: &str, data: Value) -> Result<String, Error> {
        store::events::append(self.conn, &self.p, event, data, self.now)
    }

    /// `emit`, with the data made only when an endpoint subscribes to the
    /// event (docs/performance.md, "The write path").
    pub fn emit_with(
        &self,
        event: &str,
        data: impl FnOnce() -> Result<Value, Error>,
    ) -> Result<String, Error> {
        store::events::append_with(self.conn, &self.p, event, self.now, data)
    }

    /// Asks for a pass of the chain worker once this change is committed.
    pub fn wake_chain(&self) {
        self.wakes.set(Wakes { chain: true });
    }

    /// Appends the audit record of this change: `action` by the acting
    /// principal on `object`, filed under `books` when they are not the
    /// work's own (the super-admin acting on a subwallet, a tenant-wide
    /// change).
    pub fn audit(
        &self,
        action: &str,
        object: Option<(&str, String)>,
        books: Option<Books>,
    ) -> Result<(), Error> {
        let (actor_type, actor_id) = self.by.audit_actor();
        let books = books.unwrap_or_else(|| Books::of(&self.p));
        let (object_type, object_id) = object.unzip();
        let entry = AuditEntry {
            tenant_id: books.tenant_id.map(String::from),
            environment: books.environment,
            actor_type: actor_type.into(),
            actor_id,
            ip: self.origin.ip.clone(),
            action: action.into(),
            object_type: object_type.map(String::from),
            object_id,
            request_id: self.origin.request_id.clone(),
        };
        store::audit::append(self.conn, &entry, self.now).map(|_| ())
    }

    /// What this change asked to wake so far.
    pub fn wakes(&self) -> Wakes {
        self.wakes.get()
    }
}

/// Whose books an audit record is filed under: a tenant's in one
/// environment, a tenant's across both (`environment: None`), or the
/// appliance's own (`tenant_id: None`: a chain's scanner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Books {
    pub tenant_id: Option<TenantId>,
    pub environment: Option<Environment>,
}

impl Books {
    pub fn of(p: &Partition) -> Books {
        Books {
            tenant_id: Some(p.tenant_id.clone()),
            environment: Some(p.environment),
        }
    }

    /// What a tenant holds across both environments (its users, its tenancy).
    pub fn tenant(tenant_id: &TenantId) -> Books {
        Books {
            tenant_id: Some(tenant_id.clone()),
            environment: None,
        }
    }
}

/// Who runs a change, where and when: what `run` needs besides the change.
pub struct Act {
    pub p: Partition,
    pub by: Principal,
    pub now: Timestamp,
    pub origin: Origin,
}

impl Act {
    /// A change now by the operator's CLI command `command`, in `p`: for a
    /// tenant-wide change, the tenant's live books (such a change appends no
    /// events, and its audit record names `Books::tenant`).
    pub fn cli(command: &'static str, p: Partition) -> Act {
        Act {
            p,
            by: Principal::Cli(command),
            now: Timestamp::now(),
            origin: Origin::default(),
        }
    }

    /// A step now by Coffer's own workers, in `p` (a chain worker's step on
    /// one transaction or signer request).
    pub fn worker(p: Partition) -> Act {
        Act {
            p,
            by: Principal::Worker,
            now: Timestamp::now(),
            origin: Origin::default(),
        }
    }
}

/// Runs `job` as one unit of work on the writer: committed with its events and
/// audit record, or not at all; the workers it asked for are rung after the
/// commit, never before (they would not see the change).
pub fn run<T, F>(store: &Store, bells: &dyn Doorbells, act: Act, job: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&Work) -> Result<T, Error> + Send + 'static,
{
    let (value, wakes) = store.write(move |conn| {
        let work = Work::new(conn, act.p, act.now, act.by, act.origin);
        let value = job(&work)?;
        Ok((value, work.wakes()))
    })?;
    bells.ring(wakes);
    Ok(value)
}
