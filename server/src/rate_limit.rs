//! Slows down guessing of link secrets: each client address gets a budget of failed
//! authentications per minute; past it, every authenticated request answers 429 until the window
//! ends. Successful requests are never counted.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FAILURES_PER_WINDOW: u32 = 20;
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct FailedAuthLimiter {
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl FailedAuthLimiter {
    /// True when this address has used up its failures in the current window.
    pub fn is_blocked(&self, address: IpAddr, now: Instant) -> bool {
        let failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        matches!(failures.get(&address),
            Some((window_start, count)) if now.duration_since(*window_start) < WINDOW && *count >= FAILURES_PER_WINDOW)
    }

    pub fn record_failure(&self, address: IpAddr, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > 100_000 {
            // Bounded memory under a spray of addresses: forget expired windows.
            failures.retain(|_, (window_start, _)| now.duration_since(*window_start) < WINDOW);
        }
        let entry = failures.entry(address).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_budget_and_forgives_after_the_window() {
        let limiter = FailedAuthLimiter::default();
        let address: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let start = Instant::now();
        for _ in 0..FAILURES_PER_WINDOW {
            assert!(!limiter.is_blocked(address, start));
            limiter.record_failure(address, start);
        }
        assert!(limiter.is_blocked(address, start));
        assert!(!limiter.is_blocked(other, start));
        assert!(!limiter.is_blocked(address, start + WINDOW));
        limiter.record_failure(address, start + WINDOW);
        assert!(!limiter.is_blocked(address, start + WINDOW));
    }
}
