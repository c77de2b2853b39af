//! Activities: requests subject to consensus (SPEC §8), with who asked for what.
//! Until approval policies exist, every request takes effect at once and its
//! activity is created `Approved`.

use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    WalletCreate,
    AddressBookCreate,
    Withdrawal,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::WalletCreate => "wallet_create",
            Action::AddressBookCreate => "address_book_create",
            Action::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        [
            Action::WalletCreate,
            Action::AddressBookCreate,
            Action::Withdrawal,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    Pending,
    Approved,
    Rejected,
    Expired,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Pending => "Pending",
            ActivityStatus::Approved => "Approved",
            ActivityStatus::Rejected => "Rejected",
            ActivityStatus::Expired => "Expired",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        [
            ActivityStatus::Pending,
            ActivityStatus::Approved,
            ActivityStatus::Rejected,
            ActivityStatus::Expired,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One approver's decision on an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub user_id: String,
    pub decision: String,
    pub comment: Option<String>,
    pub created_at: Timestamp,
}

/// Who asked: a key bound to a user acts as that user (SPEC §8), any other
/// key as itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitiatorRef {
    ApiKey(String),
    User(String),
}

/// The initiator as SPEC §8 renders it: `{type, id, name}`, its name as it was
/// when the request was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiator {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: String,
    pub action: Action,
    pub status: ActivityStatus,
    pub initiator: Initiator,
    pub required_approvals: u32,
    pub object_type: String,
    pub object_id: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub expires_at: Option<Timestamp>,
}
