//! What the chain worker last saw of each live network, for `/health` and
//! `/metrics` (docs/evm.md, "Operations").

/// The state of a network's node and scanner after the last pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NetworkStatus {
    /// `None` before the first pass; `Some(false)` when the node did not
    /// answer (or is on another chain) at the last one.
    pub reachable: Option<bool>,
    /// The node's tip at the last pass it answered.
    pub node_height: Option<i64>,
    /// The highest block scanned (the cursor).
    pub scanned_height: Option<i64>,
}

impl NetworkStatus {
    /// Blocks the scanner is behind the node.
    pub fn lag(&self) -> Option<i64> {
        Some((self.node_height? - self.scanned_height?).max(0))
    }

    /// One word for people and probes: `ok`, `unreachable`, or `starting`.
    pub fn state(&self) -> &'static str {
        match self.reachable {
            None => "starting",
            Some(true) => "ok",
            Some(false) => "unreachable",
        }
    }

    /// After a pass that reached the node: its tip and our cursor.
    pub fn reached(node_height: i64, scanned_height: Option<i64>) -> NetworkStatus {
        NetworkStatus {
            reachable: Some(true),
            node_height: Some(node_height),
            scanned_height,
        }
    }

    /// After a pass that did not: the heights last seen stay.
    pub fn unreached(self) -> NetworkStatus {
        NetworkStatus {
            reachable: Some(false),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_and_state_follow_the_last_pass() {
        let fresh = NetworkStatus::default();
        assert_eq!((fresh.state(), fresh.lag()), ("starting", None));
        let ok = NetworkStatus::reached(120, Some(100));
        assert_eq!((ok.state(), ok.lag()), ("ok", Some(20)));
        let down = ok.unreached();
        assert_eq!((down.state(), down.lag()), ("unreachable", Some(20)));
        // A node behind our cursor (lagging, restarting) is no negative lag.
        assert_eq!(NetworkStatus::reached(90, Some(100)).lag(), Some(0));
    }
}
