//! Creating tenants: the base tenant at init, and subwallets after.

use crate::crypto::{random_token, Secret};
use crate::domain::ids::TenantId;
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::service::grant::SuperAdmin;
use crate::service::work::Work;
use crate::store::{self, tenants::Tenant};

/// A new tenant and its admin token.
#[derive(Debug)]
pub struct CreatedTenant {
    pub tenant: Tenant,
    pub admin_token: Secret,
}

/// The base tenant, made by `init`: its id is the one of the books the
/// unit of work was opened in (`work.p`).
pub fn create_base(work: &Work, master: &MasterKey) -> Result<CreatedTenant, Error> {
    let id = work.p.tenant_id.clone();
    create(work, master, id, "base", None, true)
}

/// A new subwallet (a tenant beside the base one), made by the super-admin.
pub fn create_subwallet(
    work: &Work,
    _: &SuperAdmin,
    master: &MasterKey,
    name: &str,
    label: Option<String>,
) -> Result<CreatedTenant, Error> {
    create(work, master, TenantId::mint(), name, label, false)
}

fn create(
    work: &Work,
    master: &MasterKey,
    id: TenantId,
    name: &str,
    label: Option<String>,
    is_base: bool,
) -> Result<CreatedTenant, Error> {
    let name = validate_name("wallet_name", name, 100)?;
    let label = label.map(|l| validate_name("label", &l, 200)).transpose()?;
    let salt = random_token(16).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let tenant = Tenant {
        id,
        name,
        label,
        is_base,
        admin_token_salt: salt,
        created_at: work.now,
    };
    let admin_token = master.admin_token(&tenant.id, &tenant.admin_token_salt);
    store::tenants::insert(
        work.conn,
        &tenant,
        &master.token_lookup_hash(admin_token.expose()),
    )?;
    Ok(CreatedTenant {
        tenant,
        admin_token,
    })
}
