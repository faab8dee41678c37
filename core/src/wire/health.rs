//! The server's probes: liveness (`GET /health`) and readiness (`GET /ready`).

/// `GET /health`: the process answers. It says nothing of the database, so that a proxy or an
/// orchestrator never restarts every process at once because the database is away.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
}

/// `GET /ready` when this process can take requests: its database answers and it is not
/// shutting down. Otherwise the answer is a 503 with the error body (code `unavailable`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Readiness {
    pub status: ReadyStatus,
    pub database: DatabaseStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadyStatus {
    Ready,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseStatus {
    Ok,
}
