use super::*;

fn partition(tenant: &str) -> Partition {
    Partition {
        tenant_id: crate::domain::ids::TypedId::from_stored(tenant.into()),
        environment: Environment::Test,
    }
}

/// A tenant with an endpoint for every event type, and `n` events.
fn endpoint_with_events(conn: &Connection, tenant: &str, n: usize) -> Partition {
    conn.execute(
        "INSERT INTO tenants (id, name, admin_token_salt, admin_token_hmac, created_at)
         VALUES (?1, ?1, 's', ?1, 1)",
        [tenant],
    )
    .unwrap();
    let p = partition(tenant);
    let at = Timestamp::from_millis(1_000);
    let e = Endpoint {
        url: format!("http://{tenant}.example/hooks"),
        secret_salt: "salt".into(),
        subscribed_event_types: None,
        created_at: at,
        updated_at: at,
    };
    save_endpoint(conn, &p, &e).unwrap();
    for i in 0..n {
        let at = Timestamp::from_millis(1_000 + i as i64);
        crate::store::events::append(conn, &p, "webhook.test", serde_json::json!({ "i": i }), at)
            .unwrap();
    }
    p
}

fn ids(due: &[Due]) -> Vec<&str> {
    due.iter().map(|d| &*d.delivery.id).collect()
}

#[test]
fn an_endpoints_oldest_due_come_first_without_the_claimed_ones() {
    let conn = crate::store::tests::memory();
    let a = endpoint_with_events(&conn, "a", 4);
    let b = endpoint_with_events(&conn, "b", 1);
    let now = Timestamp::from_millis(10_000);
    let mut with_due = endpoints_with_due(&conn, now).unwrap();
    with_due.sort_by(|x, y| x.tenant_id.cmp(&y.tenant_id));
    assert_eq!(with_due, vec![a.clone(), b]);
    assert!(endpoints_with_due(&conn, Timestamp::from_millis(999))
        .unwrap()
        .is_empty());
    let all = due(&conn, &a, now, &[], 10).unwrap();
    assert_eq!(all.len(), 4, "only a's");
    let order: Vec<&str> = all.iter().map(|d| d.body.as_str()).collect();
    for (i, body) in order.iter().enumerate() {
        assert!(body.contains(&format!("\"i\":{i}")), "{body}");
    }
    assert_eq!(all[0].url, "http://a.example/hooks");
    assert_eq!(all[0].secret_salt, "salt");
    let claimed = ids(&all[..2]);
    let next = due(&conn, &a, now, &claimed, 1).unwrap();
    assert_eq!(ids(&next), ids(&all[2..3]));
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id FROM webhook_deliveries
              WHERE tenant_id = 'a' AND environment = 'test' AND status = 'Pending'
                AND next_attempt_at <= 1 ORDER BY next_attempt_at, id LIMIT 5",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("webhook_deliveries_endpoint_due"), "{plan}");
}

fn outcome(id: &str, status: DeliveryStatus, code: i64) -> Outcome {
    Outcome {
        delivery_id: crate::domain::ids::TypedId::from_stored(id.into()),
        attempt: Attempt {
            attempted_at: Timestamp::from_millis(5_000),
            status_code: Some(code),
            error: (code >= 300).then(|| format!("the endpoint answered {code}")),
            duration_ms: 1,
        },
        status,
        next_attempt_at: (status == DeliveryStatus::Pending)
            .then_some(Timestamp::from_millis(60_000)),
    }
}

#[test]
fn outcomes_are_written_together_and_a_removed_endpoints_stay_failed() {
    let conn = crate::store::tests::memory();
    let p = endpoint_with_events(&conn, "a", 3);
    let now = Timestamp::from_millis(10_000);
    let all = due(&conn, &p, now, &[], 10).unwrap();
    let (done, retry) = (&all[0].delivery.id, &all[1].delivery.id);
    record_outcomes(
        &conn,
        &[
            outcome(done, DeliveryStatus::Delivered, 200),
            outcome(retry, DeliveryStatus::Pending, 500),
        ],
    )
    .unwrap();
    let done = get(&conn, &p, done).unwrap();
    assert_eq!(done.status, DeliveryStatus::Delivered);
    assert_eq!(done.delivered_at, Some(Timestamp::from_millis(5_000)));
    let retry = get(&conn, &p, retry).unwrap();
    assert_eq!(retry.status, DeliveryStatus::Pending);
    assert_eq!(retry.attempt_count, 1);
    assert_eq!(attempts(&conn, &retry.id).unwrap().len(), 1);
    assert_eq!(ids(&due(&conn, &p, now, &[], 10).unwrap()), ids(&all[2..]));
    // The endpoint goes while the last delivery is in flight.
    let last = &all[2].delivery.id;
    assert!(delete_endpoint(&conn, &p, now).unwrap());
    record_outcomes(&conn, &[outcome(last, DeliveryStatus::Pending, 503)]).unwrap();
    let last = get(&conn, &p, last).unwrap();
    assert_eq!(last.status, DeliveryStatus::Failed);
    assert_eq!(last.last_error.as_deref(), Some("the endpoint was removed"));
    assert_eq!(attempts(&conn, &last.id).unwrap().len(), 1, "still logged");
}
