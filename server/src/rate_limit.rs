//! Throttles, each aimed at the requests that can do harm and at nothing else.
//!
//! - [`FailedAuthLimiter`] slows down guessing of link secrets. Only *failing* attempts are ever
//!   refused: a valid secret always opens its event, however many wrong ones came from the same
//!   address (a hall's Wi-Fi, or the TLS proxy every deployment has, puts everyone behind one).
//!   Failures are counted per client address and per event; past a budget within a minute, that
//!   address's (or that event's) failing attempts answer 429 for a block that doubles with each
//!   lockout in a row (1, 2, 4 … 60 minutes) and is forgotten after a quiet hour.
//!   Processes on one database share their failures (`fanout`, `peers`): each counts the
//!   others' too, so a proxy spreading a guesser's requests gives it no more tries.
//! - [`AnonymousLimiter`] bounds what needs no link at all: creating and importing events, per
//!   client address, in each process on its own (a bound on load, which each process bears
//!   alone).

use crate::fanout::{Fanout, News};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failed authentications one address may make in a window before it is blocked.
pub const FAILURES_PER_ADDRESS: u32 = 20;
/// Failed authentications against one event, from anywhere, before that event's failing
/// attempts are blocked: a spread-out guess at one event meets this even from many addresses.
pub const FAILURES_PER_EVENT: u32 = 200;
pub const WINDOW: Duration = Duration::from_secs(60);
const FIRST_BLOCK: Duration = Duration::from_secs(60);
const LONGEST_BLOCK: Duration = Duration::from_secs(60 * 60);
/// After this long without a failure, a key starts again from the first block.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Memory bound under a spray of addresses: past this many keys, forgotten ones are dropped.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked {
    /// How long until a failing attempt will be heard again.
    pub retry_after: Duration,
}

#[derive(Debug, Clone)]
struct Record {
    window_start: Instant,
    failures: u32,
    last_failure: Instant,
    blocked_until: Option<Instant>,
    lockouts: u32,
}

#[derive(Debug)]
struct Counter<K> {
    budget: u32,
    records: HashMap<K, Record>,
}

impl<K: Hash + Eq + Clone> Counter<K> {
    fn new(budget: u32) -> Self {
        Counter {
            budget,
            records: HashMap::new(),
        }
    }

    fn blocked(&self, key: &K, now: Instant) -> Option<Blocked> {
        let until = self.records.get(key)?.blocked_until?;
        (now < until).then(|| Blocked {
            retry_after: until - now,
        })
    }

    fn record_failure(&mut self, key: &K, now: Instant) {
        if self.records.len() >= MAX_KEYS {
            self.records.retain(|_, record| {
                now.duration_since(record.last_failure) < FORGET_AFTER
                    || record.blocked_until.is_some_and(|until| now < until)
            });
        }
        let record = self.records.entry(key.clone()).or_insert(Record {
            window_start: now,
            failures: 0,
            last_failure: now,
            blocked_until: None,
            lockouts: 0,
        });
        if record.blocked_until.is_some_and(|until| now < until) {
            // Attempts during a block are refused unheard; they neither count nor extend it.
            return;
        }
        if now.duration_since(record.last_failure) >= FORGET_AFTER {
            record.lockouts = 0;
        }
        if now.duration_since(record.window_start) >= WINDOW {
            record.window_start = now;
            record.failures = 0;
        }
        record.failures += 1;
        record.last_failure = now;
        if record.failures >= self.budget {
            let block = FIRST_BLOCK
                .saturating_mul(1 << record.lockouts.min(6))
                .min(LONGEST_BLOCK);
            record.blocked_until = Some(now + block);
            record.lockouts += 1;
            record.failures = 0;
            record.window_start = now + block;
        }
    }
}

/// See the module docs.
#[derive(Debug)]
pub struct FailedAuthLimiter {
    addresses: Mutex<Counter<IpAddr>>,
    events: Mutex<Counter<String>>,
    fanout: Arc<Fanout>,
}

impl Default for FailedAuthLimiter {
    fn default() -> Self {
        FailedAuthLimiter::new(Arc::default())
    }
}

impl FailedAuthLimiter {
    pub fn new(fanout: Arc<Fanout>) -> Self {
        FailedAuthLimiter {
            addresses: Mutex::new(Counter::new(FAILURES_PER_ADDRESS)),
            events: Mutex::new(Counter::new(FAILURES_PER_EVENT)),
            fanout,
        }
    }

    /// Whether a failing attempt from `address` on `event` is to be refused now, and for how long.
    pub fn blocked(&self, address: Option<IpAddr>, event: &str, now: Instant) -> Option<Blocked> {
        let by_address = address.and_then(|address| lock(&self.addresses).blocked(&address, now));
        let by_event = lock(&self.events).blocked(&event.to_owned(), now);
        by_address
            .into_iter()
            .chain(by_event)
            .max_by_key(|blocked| blocked.retry_after)
    }

    pub fn record_failure(&self, address: Option<IpAddr>, event: &str, now: Instant) {
        self.hear_failure(address, event, now);
        self.fanout.tell(News::FailedAuth {
            address,
            event_id: event.to_owned(),
        });
    }

    /// Counts a failure seen here or by a peer.
    pub fn hear_failure(&self, address: Option<IpAddr>, event: &str, now: Instant) {
        if let Some(address) = address {
            lock(&self.addresses).record_failure(&address, now);
        }
        lock(&self.events).record_failure(&event.to_owned(), now);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How many anonymous requests of one kind an address may make: a burst, refilled evenly over
/// an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourlyQuota {
    pub per_hour: NonZeroU32,
    pub burst: NonZeroU32,
}

impl HourlyQuota {
    pub const fn new(per_hour: NonZeroU32, burst: NonZeroU32) -> Self {
        HourlyQuota { per_hour, burst }
    }

    fn quota(self) -> Quota {
        let period = Duration::from_secs(3600) / self.per_hour.get();
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_hour(self.per_hour))
            .allow_burst(self.burst)
    }
}

/// Events a person at one address plausibly creates: a few while trying the product, a program's
/// stops in a sitting. Far below what would fill the disk or the event list.
pub const CREATE_QUOTA: HourlyQuota =
    HourlyQuota::new(NonZeroU32::new(60).unwrap(), NonZeroU32::new(20).unwrap());
/// Imports are heavy (up to the route's body limit each): fewer.
pub const IMPORT_QUOTA: HourlyQuota =
    HourlyQuota::new(NonZeroU32::new(20).unwrap(), NonZeroU32::new(5).unwrap());
/// Registrations through one event's registration link from one address: a hall of founders
/// behind one Wi-Fi registers, a script does not.
pub const REGISTER_QUOTA: HourlyQuota =
    HourlyQuota::new(NonZeroU32::new(120).unwrap(), NonZeroU32::new(30).unwrap());

/// Which anonymous action is being counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anonymous {
    CreateEvent,
    ImportEvent,
}

/// Per-address quotas for requests that need no link (see the module docs).
pub struct AnonymousLimiter {
    create: DefaultKeyedRateLimiter<IpAddr>,
    import: DefaultKeyedRateLimiter<IpAddr>,
    register: DefaultKeyedRateLimiter<(IpAddr, String)>,
}

impl std::fmt::Debug for AnonymousLimiter {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("AnonymousLimiter")
    }
}

impl Default for AnonymousLimiter {
    fn default() -> Self {
        AnonymousLimiter::new(CREATE_QUOTA, IMPORT_QUOTA, REGISTER_QUOTA)
    }
}

impl AnonymousLimiter {
    pub fn new(create: HourlyQuota, import: HourlyQuota, register: HourlyQuota) -> Self {
        AnonymousLimiter {
            create: RateLimiter::keyed(create.quota()),
            import: RateLimiter::keyed(import.quota()),
            register: RateLimiter::keyed(register.quota()),
        }
    }

    /// Counts one request; `Err` when the address has used its quota, with the wait.
    pub fn check(&self, action: Anonymous, address: Option<IpAddr>) -> Result<(), Blocked> {
        let Some(address) = address else {
            return Ok(());
        };
        let limiter = match action {
            Anonymous::CreateEvent => &self.create,
            Anonymous::ImportEvent => &self.import,
        };
        self.forget_old(limiter);
        limiter.check_key(&address).map_err(|not_until| Blocked {
            retry_after: not_until.wait_time_from(DefaultClock::default().now()),
        })
    }

    /// Counts one registration through an event's registration link from an address.
    pub fn check_registration(&self, address: Option<IpAddr>, event: &str) -> Result<(), Blocked> {
        let Some(address) = address else {
            return Ok(());
        };
        self.forget_old(&self.register);
        self.register
            .check_key(&(address, event.to_owned()))
            .map_err(|not_until| Blocked {
                retry_after: not_until.wait_time_from(DefaultClock::default().now()),
            })
    }

    fn forget_old<K: Hash + Eq + Clone>(&self, limiter: &DefaultKeyedRateLimiter<K>) {
        if limiter.len() >= MAX_KEYS {
            limiter.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADDRESS: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));
    const OTHER: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2)));

    #[test]
    fn an_address_is_blocked_after_its_budget_and_the_block_doubles() {
        let limiter = FailedAuthLimiter::default();
        let start = Instant::now();
        for attempt in 0..FAILURES_PER_ADDRESS {
            assert_eq!(
                limiter.blocked(ADDRESS, "e", start),
                None,
                "attempt {attempt}"
            );
            limiter.record_failure(ADDRESS, "e", start);
        }
        assert_eq!(
            limiter.blocked(ADDRESS, "e", start),
            Some(Blocked {
                retry_after: FIRST_BLOCK
            })
        );
        assert_eq!(
            limiter.blocked(OTHER, "e", start),
            None,
            "other addresses are not affected"
        );
        // Failing attempts during the block neither count nor extend it.
        for _ in 0..100 {
            limiter.record_failure(ADDRESS, "e", start + Duration::from_secs(30));
        }
        assert_eq!(
            limiter.blocked(ADDRESS, "e", start + Duration::from_secs(30)),
            Some(Blocked {
                retry_after: Duration::from_secs(30)
            })
        );
        let after = start + FIRST_BLOCK;
        assert_eq!(limiter.blocked(ADDRESS, "e", after), None);
        // The next lockout in a row lasts twice as long, then four times.
        for _ in 0..FAILURES_PER_ADDRESS {
            limiter.record_failure(ADDRESS, "e", after);
        }
        assert_eq!(
            limiter.blocked(ADDRESS, "e", after),
            Some(Blocked {
                retry_after: 2 * FIRST_BLOCK
            })
        );
        let later = after + 2 * FIRST_BLOCK;
        for _ in 0..FAILURES_PER_ADDRESS {
            limiter.record_failure(ADDRESS, "e", later);
        }
        assert_eq!(
            limiter.blocked(ADDRESS, "e", later),
            Some(Blocked {
                retry_after: 4 * FIRST_BLOCK
            })
        );
        // A quiet hour forgets the history.
        let quiet = later + 4 * FIRST_BLOCK + FORGET_AFTER;
        for _ in 0..FAILURES_PER_ADDRESS {
            limiter.record_failure(ADDRESS, "e", quiet);
        }
        assert_eq!(
            limiter.blocked(ADDRESS, "e", quiet),
            Some(Blocked {
                retry_after: FIRST_BLOCK
            })
        );
    }

    #[test]
    fn failures_spread_over_a_window_start_again_each_window() {
        let limiter = FailedAuthLimiter::default();
        let start = Instant::now();
        for minute in 0..10 {
            let now = start + WINDOW * minute;
            for _ in 0..FAILURES_PER_ADDRESS - 1 {
                limiter.record_failure(ADDRESS, "e", now);
            }
            assert_eq!(limiter.blocked(ADDRESS, "e", now), None, "minute {minute}");
        }
    }

    #[test]
    fn one_event_is_protected_against_guesses_from_many_addresses() {
        let limiter = FailedAuthLimiter::default();
        let start = Instant::now();
        for index in 0..FAILURES_PER_EVENT {
            let address = Some(IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + index)));
            limiter.record_failure(address, "target", start);
        }
        assert!(limiter
            .blocked(
                Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 9))),
                "target",
                start
            )
            .is_some());
        assert_eq!(limiter.blocked(ADDRESS, "another-event", start), None);
    }

    #[test]
    fn anonymous_quotas_are_per_address_and_per_action() {
        let one = NonZeroU32::new(1).unwrap();
        let two = NonZeroU32::new(2).unwrap();
        let limiter = AnonymousLimiter::new(
            HourlyQuota::new(one, two),
            HourlyQuota::new(one, one),
            HourlyQuota::new(one, one),
        );
        assert!(limiter.check(Anonymous::CreateEvent, ADDRESS).is_ok());
        assert!(limiter.check(Anonymous::CreateEvent, ADDRESS).is_ok());
        let refused = limiter.check(Anonymous::CreateEvent, ADDRESS).unwrap_err();
        assert!(
            refused.retry_after > Duration::from_secs(3000),
            "{refused:?}"
        );
        assert!(limiter.check(Anonymous::CreateEvent, OTHER).is_ok());
        assert!(limiter.check(Anonymous::ImportEvent, ADDRESS).is_ok());
        assert!(limiter.check(Anonymous::ImportEvent, ADDRESS).is_err());
        assert!(
            limiter.check(Anonymous::CreateEvent, None).is_ok(),
            "no socket (in-process tests): not counted"
        );
        assert!(limiter.check_registration(ADDRESS, "e1").is_ok());
        assert!(limiter.check_registration(ADDRESS, "e1").is_err());
        assert!(limiter.check_registration(ADDRESS, "e2").is_ok());
    }
}
