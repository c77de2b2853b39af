//! Bringing a data dir to life (`coffer init`, and `coffer serve` on an empty dir)
//! and opening it again with the right master key.

use crate::crypto::Secret;
use crate::domain::apikey::KeyBinding;
use crate::domain::ids::TenantId;
use crate::domain::scope::Role;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::keyring::{master_key_path, MasterKey};
use crate::service::grant::SuperAdmin;
use crate::service::keys::{self, CreatedKey, NewKey};
use crate::service::tenants::{self, CreatedTenant};
use crate::service::work::{self, Act, Books, NoWorkers};
use crate::store::{self, Store, DATABASE_FILE};
use std::path::{Path, PathBuf};

const FINGERPRINT_KEY: &str = "master_key_fingerprint";
pub const CREDENTIALS_FILE: &str = "initial-credentials.json";

/// What `init` made: the secrets are shown once.
#[derive(Debug)]
pub struct Initialised {
    pub data_dir: PathBuf,
    pub tenant_id: TenantId,
    pub super_admin_token: Secret,
    pub api_key: CreatedKey,
}

impl Initialised {
    /// The machine-readable form printed by `init --json` and written to the
    /// credentials file.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "dataDir": self.data_dir.display().to_string(),
            "tenantId": self.tenant_id,
            "superAdminToken": self.super_admin_token.expose(),
            "apiKey": {
                "keyId": self.api_key.key.id,
                "secret": self.api_key.secret.expose(),
                "passphrase": self.api_key.passphrase.expose(),
                "environment": self.api_key.key.environment.as_str(),
                "roles": self.api_key.key.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            }
        })
    }
}

pub fn is_initialised(data_dir: &Path) -> bool {
    data_dir.join(DATABASE_FILE).exists()
}

/// A running data dir: the store and the master key that matches it.
pub struct Opened {
    pub store: Store,
    pub master: MasterKey,
}

/// Creates the data dir, master key, database, base tenant, super-admin token
/// and a first test key with the `admin` role: the operator's act, who is the
/// super-admin of the tenant it makes.
pub fn init(
    operator: SuperAdmin,
    data_dir: &Path,
    read_connections: u32,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Initialised, Error> {
    if is_initialised(data_dir) {
        return Err(Error::conflict(
            "already_initialised",
            format!("{} already holds a Coffer database", data_dir.display()),
        ));
    }
    create_private_dir(data_dir)?;
    let key_path = master_key_path(data_dir, env);
    let master = if key_path.exists() {
        MasterKey::load(&key_path)?
    } else {
        MasterKey::create(&key_path)?
    };
    let store = Store::open(&data_dir.join(DATABASE_FILE), read_connections)?;
    let fingerprint = master.fingerprint();
    let first_key = NewKey::of_roles(
        Environment::Test,
        "first test key",
        vec![Role::Admin],
        KeyBinding::Cli,
    );
    // The base tenant's id is minted here: the unit of work is in its books.
    let p = Partition {
        tenant_id: TenantId::mint(),
        environment: Environment::Test,
    };
    let made = work::run(&store, &NoWorkers, Act::cli("init", p), move |work| {
        store::meta::set(work.conn, FINGERPRINT_KEY, &fingerprint)?;
        let CreatedTenant {
            tenant,
            admin_token,
        } = tenants::create_base(work, &master)?;
        // Nothing else writes during init, so hashing the passphrase inside the
        // job holds up no one.
        let admin = operator.administers(tenant.id.clone());
        let prepared = keys::prepare(&master, &admin, first_key, work.now)?;
        let created = keys::create(work, &admin, &master, prepared)?;
        // The tenant is tenant-wide (no environment); the key belongs to one.
        let tenant_wide = Some(Books::tenant(&tenant.id));
        work.audit(
            "tenant.create",
            Some(("tenant", tenant.id.to_string())),
            tenant_wide,
        )?;
        work.audit(
            "api_key.create",
            Some(("api_key", created.key.id.to_string())),
            None,
        )?;
        Ok(Initialised {
            data_dir: PathBuf::new(),
            tenant_id: tenant.id,
            super_admin_token: admin_token,
            api_key: created,
        })
    })?;
    Ok(Initialised {
        data_dir: data_dir.to_path_buf(),
        ..made
    })
}

/// Opens an initialised data dir, refusing a master key that is not the one the
/// database was made with.
pub fn open(
    data_dir: &Path,
    read_connections: u32,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Opened, Error> {
    let db_path = data_dir.join(DATABASE_FILE);
    if !db_path.exists() {
        return Err(Error::conflict(
            "not_initialised",
            format!(
                "{} holds no Coffer database: run `coffer init --data-dir {}` first",
                data_dir.display(),
                data_dir.display()
            ),
        ));
    }
    let master = MasterKey::load(&master_key_path(data_dir, env))?;
    let store = Store::open(&db_path, read_connections)?;
    // No integrity check here: on a large database it held start-up for
    // minutes; `coffer verify` and every backup run one (docs/performance.md).
    let stored = store.read(|conn| store::meta::get(conn, FINGERPRINT_KEY))?;
    if stored.as_deref() != Some(master.fingerprint().as_str()) {
        // The operator's to fix, like an unreadable key (keyring.rs).
        return Err(Error::conflict(
            "master_key_mismatch",
            "the master key does not match this database (wrong master.key or COFFER_MASTER_KEY_FILE?)",
        ));
    }
    Ok(Opened { store, master })
}

fn create_private_dir(dir: &Path) -> Result<(), Error> {
    let fail = |e: std::io::Error| {
        Error::conflict(
            "data_dir_unusable",
            format!("cannot create the data dir {}: {e}", dir.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    Ok(())
}
