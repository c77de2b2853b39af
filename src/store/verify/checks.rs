//! The SQL of the checks that are one statement each (store/verify.rs).

/// The counters `/metrics` reads, against the rows they count: each a whole
/// table in one statement (see `whole_file`).
pub(super) const COUNTERS: [&str; 2] = [
    "SELECT 'status_counts says ' || IFNULL(c.n, 0) || ' ' || t.kind || ' transactions are '
                    || t.status || ', there are ' || t.n
             FROM (SELECT kind, status, COUNT(*) AS n FROM transactions GROUP BY kind, status) t
             LEFT JOIN status_counts c
               ON c.subject = 'transaction' AND c.kind = t.kind AND c.status = t.status
             WHERE IFNULL(c.n, 0) != t.n
           UNION ALL
           SELECT 'status_counts says ' || c.n || ' ' || c.kind || ' transactions are ' || c.status
                    || ', there are none'
             FROM status_counts c
             WHERE c.subject = 'transaction' AND c.n != 0 AND NOT EXISTS
                   (SELECT 1 FROM transactions t WHERE t.kind = c.kind AND t.status = c.status)
           LIMIT 1",
    "SELECT 'status_counts says ' || IFNULL(c.n, 0) || ' webhook deliveries are ' || d.status
                    || ', there are ' || d.n
             FROM (SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status) d
             LEFT JOIN status_counts c
               ON c.subject = 'webhook_delivery' AND c.kind = '' AND c.status = d.status
             WHERE IFNULL(c.n, 0) != d.n
           UNION ALL
           SELECT 'status_counts says ' || c.n || ' webhook deliveries are ' || c.status
                    || ', there are none'
             FROM status_counts c
             WHERE c.subject = 'webhook_delivery' AND c.n != 0 AND NOT EXISTS
                   (SELECT 1 FROM webhook_deliveries d WHERE d.status = c.status)
           LIMIT 1",
];

/// An EVM signer request holds its gas reservation exactly while it is
/// open, and one mined or reverted has booked its real cost: one statement
/// (one snapshot) each, over the signer requests.
pub(super) const SIGNER_GAS: [&str; 2] = [
    "SELECT 'signer request ' || r.id || ' (' || r.status || ') holds ' || h.held
                || ' of gas, not ' || h.due
         FROM signer_requests r,
              (SELECT id,
                      COALESCE((SELECT amt_sum(e.amount) FROM ledger_entries e
                                 WHERE e.transaction_id = q.id AND e.account_id LIKE '%:gas_held'), '0') AS held,
                      CASE WHEN q.status IN ('PendingSignature', 'Signed', 'Broadcast', 'Replaced')
                           THEN q.gas_reserved ELSE '0' END AS due
                 FROM signer_requests q) h
         WHERE h.id = r.id AND h.held != h.due ORDER BY r.id LIMIT 1",
    "SELECT 'signer request ' || r.id || ' was mined but its gas ' || COALESCE(r.gas_charged, 'none')
                || ' is not booked'
         FROM signer_requests r
         WHERE r.status IN ('Mined', 'Reverted')
           AND COALESCE(r.gas_charged, '') != COALESCE((SELECT amt_sum(e.amount) FROM ledger_entries e
                 JOIN ledger_accounts a ON a.id = e.account_id
                WHERE e.transaction_id = r.id AND a.kind = 'external'), '0')
         ORDER BY r.id LIMIT 1",
];
