//! The native API's governance objects: audit records, activities and their
//! approvals, users, policies, and webhooks.

use crate::domain::activity::{Action, ActivityStatus, Vote};
use crate::domain::user::UserStatus;
use crate::http::openapi::describe::{
    amount, approver_role, array, boolean, environment, event_type, int, names, nullable, obj,
    one_of, r, rendered, roles, string, time, uuid,
};
use serde_json::{json, Value};

pub(super) fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "WebhookEndpoint",
            obj(
                &[
                    ("url", nullable(string())),
                    ("signingSecret", nullable(string())),
                    ("subscribedEventTypes", nullable(array(event_type()))),
                    ("isConfigured", boolean()),
                    ("createdAt", time()),
                    ("updatedAt", time()),
                ],
                &[
                    "url",
                    "signingSecret",
                    "subscribedEventTypes",
                    "isConfigured",
                ],
            ),
        ),
        (
            "AuditRecord",
            rendered(&[
                ("id", uuid()),
                ("sequence", int()),
                ("action", string()),
                (
                    "actor",
                    rendered(&[
                        ("type", one_of(&["ApiKey", "AdminToken", "User", "Cli"])),
                        ("id", string()),
                    ]),
                ),
                ("environment", nullable(environment())),
                ("ip", nullable(string())),
                ("objectType", nullable(string())),
                ("objectId", nullable(string())),
                ("requestId", nullable(string())),
                ("createdAt", time()),
                ("prevHash", string()),
                ("hash", string()),
            ]),
        ),
        (
            "Activity",
            rendered(&[
                ("id", uuid()),
                ("action", names(&Action::ALL, Action::as_str)),
                (
                    "status",
                    names(&ActivityStatus::ALL, ActivityStatus::as_str),
                ),
                (
                    "initiator",
                    rendered(&[
                        ("type", one_of(&["ApiKey", "User"])),
                        ("id", string()),
                        ("name", string()),
                    ]),
                ),
                ("requiredApprovals", int()),
                ("approverRole", nullable(approver_role())),
                ("policyVersion", nullable(int())),
                (
                    "approvals",
                    array(rendered(&[
                        ("userId", uuid()),
                        (
                            "decision",
                            names(&[Vote::Approve, Vote::Reject], Vote::decision),
                        ),
                        ("comment", nullable(string())),
                        ("createdAt", time()),
                    ])),
                ),
                ("objectType", string()),
                ("objectId", string()),
                ("createdAt", time()),
                ("expiresAt", nullable(time())),
            ]),
        ),
        (
            "User",
            rendered(&[
                ("id", uuid()),
                ("name", string()),
                ("email", string()),
                ("role", roles()),
                ("status", names(&UserStatus::ALL, UserStatus::as_str)),
                ("activityId", nullable(uuid())),
                ("createdAt", time()),
                ("updatedAt", time()),
            ]),
        ),
        (
            "ActivityDecision",
            obj(&[("comment", nullable(string()))], &[]),
        ),
        (
            "PolicyRule",
            obj(
                &[
                    ("name", string()),
                    (
                        "action",
                        // Changes to who can approve have no rules of their own.
                        names(
                            &Action::ALL
                                .into_iter()
                                .filter(|a| !a.is_governance())
                                .collect::<Vec<_>>(),
                            Action::as_str,
                        ),
                    ),
                    ("assetId", nullable(string())),
                    ("vaultId", nullable(uuid())),
                    ("minAmount", nullable(amount())),
                    ("maxAmount", nullable(amount())),
                    ("decision", one_of(&["Allow", "RequireApprovals", "Block"])),
                    ("approvals", nullable(int())),
                    ("approverRole", nullable(approver_role())),
                ],
                &["name", "action", "decision"],
            ),
        ),
        (
            "VelocityLimit",
            obj(
                &[
                    ("assetId", string()),
                    ("vaultId", nullable(uuid())),
                    ("amount", amount()),
                    ("windowHours", int()),
                ],
                &["assetId", "amount"],
            ),
        ),
        (
            "PolicyDocument",
            obj(
                &[
                    ("rules", array(r("PolicyRule"))),
                    ("velocityLimits", array(r("VelocityLimit"))),
                ],
                &[],
            ),
        ),
        (
            "Policy",
            rendered(&[
                ("version", int()),
                ("rules", array(r("PolicyRule"))),
                ("velocityLimits", array(r("VelocityLimit"))),
                ("updatedAt", nullable(time())),
                ("activityId", nullable(uuid())),
            ]),
        ),
        (
            "UserCreate",
            obj(
                &[
                    ("name", string()),
                    ("email", string()),
                    ("role", roles()),
                    ("password", nullable(string())),
                ],
                &["name", "email", "role"],
            ),
        ),
        (
            "UserPatch",
            obj(
                &[
                    ("name", string()),
                    ("role", roles()),
                    (
                        "status",
                        names(
                            &[UserStatus::Active, UserStatus::Disabled],
                            UserStatus::as_str,
                        ),
                    ),
                ],
                &[],
            ),
        ),
    ]
}

/// The webhook endpoint, the events sent to it and their deliveries.
pub(super) fn webhooks() -> Vec<(&'static str, Value)> {
    vec![
        (
            "WebhookEndpointSet",
            obj(
                &[
                    ("url", string()),
                    ("subscribedEventTypes", nullable(array(event_type()))),
                ],
                &["url"],
            ),
        ),
        (
            "WebhookEvent",
            obj(
                &[
                    ("id", uuid()),
                    ("type", event_type()),
                    ("createdAt", time()),
                    ("environment", environment()),
                    ("data", json!({"type": "object"})),
                ],
                &["id", "type", "createdAt", "environment", "data"],
            ),
        ),
        (
            "WebhookDelivery",
            obj(
                &[
                    ("id", uuid()),
                    ("eventId", uuid()),
                    ("eventType", string()),
                    ("url", string()),
                    ("status", one_of(&["Pending", "Delivered", "Failed"])),
                    ("attemptCount", int()),
                    ("nextAttemptAt", nullable(time())),
                    ("lastStatusCode", nullable(int())),
                    ("lastError", nullable(string())),
                    ("createdAt", time()),
                    ("updatedAt", time()),
                    ("deliveredAt", nullable(time())),
                    (
                        "attempts",
                        array(rendered(&[
                            ("attemptedAt", time()),
                            ("statusCode", nullable(int())),
                            ("error", nullable(string())),
                            ("durationMs", int()),
                        ])),
                    ),
                ],
                &[
                    "id",
                    "eventId",
                    "eventType",
                    "url",
                    "status",
                    "attemptCount",
                    "createdAt",
                ],
            ),
        ),
    ]
}
