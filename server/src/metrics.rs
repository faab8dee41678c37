//! What this process has done, for `GET /metrics` in the Prometheus text format (version 0.0.4):
//! requests by route template and status, their latencies, sync mutations by outcome, open live
//! streams, sync batches queued and being written, and the database pool. Labels are route templates (`/api/events/{event_id}`), never
//! a concrete path, so no event id, person or secret reaches a scrape, and the number of series
//! stays fixed however many events a server holds.

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use roadshow_core::sync::{MutationResult, Outcome};

/// The `Content-Type` of a scrape.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Request latency buckets in seconds: a score's round trip is milliseconds; an import or an
/// export of a national program takes seconds.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

/// What became of one mutation of a sync batch: the three answers of definitions' sync rule,
/// and `replayed` for a (client id, seq) answered again from its first result (a resend).
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
pub enum MutationOutcome {
    Applied,
    Superseded,
    Rejected,
    Replayed,
}

impl MutationOutcome {
    pub fn of_first_answer(result: &MutationResult) -> Self {
        match result.status {
            Outcome::Applied => MutationOutcome::Applied,
            Outcome::Superseded => MutationOutcome::Superseded,
            Outcome::Rejected => MutationOutcome::Rejected,
        }
    }

    fn label(self) -> &'static str {
        match self {
            MutationOutcome::Applied => "applied",
            MutationOutcome::Superseded => "superseded",
            MutationOutcome::Rejected => "rejected",
            MutationOutcome::Replayed => "replayed",
        }
    }
}

impl EncodeLabelValue for MutationOutcome {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        EncodeLabelValue::encode(&self.label(), encoder)
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MutationLabels {
    outcome: MutationOutcome,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latencies: HistogramFamily,
    mutations: Family<MutationLabels, Counter>,
    live_streams: Gauge,
    batches_queued: Gauge,
    batches_writing: Gauge,
    groups_split: Counter,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("roadshow");
        let requests = Family::<RequestLabels, Counter>::default();
        let latencies = HistogramFamily::new_with_constructor(latency_histogram);
        let mutations = Family::<MutationLabels, Counter>::default();
        let live_streams = Gauge::default();
        let batches_queued = Gauge::default();
        let batches_writing = Gauge::default();
        let groups_split = Counter::default();
        let pool_open = Gauge::default();
        let pool_idle = Gauge::default();
        let pool_max = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its response's head, by method and route template",
            Unit::Seconds,
            latencies.clone(),
        );
        registry.register(
            "mutations",
            "Sync mutations answered, by outcome (replayed: a resend answered from its first result)",
            mutations.clone(),
        );
        registry.register(
            "live_streams",
            "Open live-update streams (SSE) on this process",
            live_streams.clone(),
        );
        registry.register(
            "mutation_batches_queued",
            "Sync batches waiting for the writer on this process",
            batches_queued.clone(),
        );
        registry.register(
            "mutation_batches_writing",
            "Sync batches in the group commit under way on this process",
            batches_writing.clone(),
        );
        registry.register(
            "mutation_groups_split",
            "Group commits that failed as a whole and were written again batch by batch",
            groups_split.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections the pool holds open",
            pool_open.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and idle",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "Most database connections the pool opens",
            pool_max.clone(),
        );
        Metrics {
            registry,
            requests,
            latencies,
            mutations,
            live_streams,
            batches_queued,
            batches_writing,
            groups_split,
            pool_open,
            pool_idle,
            pool_max,
        }
    }
}

impl Metrics {
    pub fn request_answered(&self, labels: RequestLabels, seconds: f64) {
        self.latencies
            .get_or_create(&RouteLabels {
                method: labels.method.clone(),
                route: labels.route.clone(),
            })
            .observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    /// Counts the answers of one committed group (call only after its commit).
    pub fn mutations_answered(&self, outcome: MutationOutcome, count: u64) {
        if count > 0 {
            self.mutations
                .get_or_create(&MutationLabels { outcome })
                .inc_by(count);
        }
    }

    /// A sync batch joined the writer's queue; it counts as queued, then (once the writer takes
    /// it) as being written, until the guard is dropped.
    pub fn batch_queued(&self) -> CountedBatch {
        self.batches_queued.inc();
        CountedBatch {
            queued: self.batches_queued.clone(),
            writing: self.batches_writing.clone(),
            taken: false,
        }
    }

    /// A group failed as a whole; its batches are written again one by one.
    pub fn group_split(&self) {
        self.groups_split.inc();
    }

    /// A live stream opened; it counts as open until the guard is dropped.
    pub fn live_stream_opened(&self) -> LiveStreamGuard {
        self.live_streams.inc();
        LiveStreamGuard(self.live_streams.clone())
    }

    /// The scrape: the pool's figures as of now, then every series.
    pub fn render(&self, pool: &sqlx::AnyPool) -> Result<String, std::fmt::Error> {
        self.pool_open.set(i64::from(pool.size()));
        self.pool_idle
            .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
        self.pool_max
            .set(i64::from(pool.options().get_max_connections()));
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Keeps one sync batch counted while it lives: queued until the writer takes it, then being
/// written. Dropped with its batch, when answered or when a writer that dies drops it, so the
/// gauges never keep a batch nobody holds.
pub struct CountedBatch {
    queued: Gauge,
    writing: Gauge,
    taken: bool,
}

impl CountedBatch {
    /// The writer took the batch into the group it is about to write.
    pub fn taken(&mut self) {
        if !self.taken {
            self.taken = true;
            self.queued.dec();
            self.writing.inc();
        }
    }
}

impl Drop for CountedBatch {
    fn drop(&mut self) {
        if self.taken {
            self.writing.dec();
        } else {
            self.queued.dec();
        }
    }
}

/// Keeps one live stream counted while it is open.
pub struct LiveStreamGuard(Gauge);

impl Drop for LiveStreamGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}
