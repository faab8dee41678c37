use clap::Parser;
use roadshow_server::assets::{dist_exists, AppAssets};
use roadshow_server::client::TrustedProxies;
use roadshow_server::serve::{connections_allowed, serve, ConnectionLimits};
use roadshow_server::store::Dialect;
use roadshow_server::{app, db, demo, peers, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Roadshow server: the API, the SQLite store and the built app on one port.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Config {
    /// Address to listen on.
    #[arg(long, env = "ROADSHOW_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// The database: `sqlite://FILE` (created if missing; one process) or
    /// `postgres://USER@HOST:PORT/DATABASE` (PostgreSQL 15; several processes may share it).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://roadshow.db")]
    database: String,
    /// Directory of the built app (Trunk's output).
    #[arg(long, env = "ROADSHOW_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Do not create the demo event or print its link.
    #[arg(long, env = "ROADSHOW_NO_DEMO")]
    no_demo: bool,
    /// A reverse proxy whose `X-Forwarded-For` names the client (address or CIDR range; repeat
    /// the flag, or separate with commas). Without it the header is ignored and the connection's
    /// address is the client's: set it to the proxy's address when serving behind one, or every
    /// phone shares the proxy's rate limits.
    #[arg(
        long = "trusted-proxy",
        env = "ROADSHOW_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = TrustedProxies::parse_one
    )]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Most open connections (live streams included); further ones wait to be accepted.
    #[arg(long, env = "ROADSHOW_MAX_CONNECTIONS", default_value_t = 4096)]
    max_connections: usize,
    /// How log lines are written to standard error: `text` for people, `json` (one object per
    /// line) for a log collector. `RUST_LOG` chooses what is logged.
    #[arg(long, env = "ROADSHOW_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Logs go to standard error; standard output carries what the server prints for people (the
/// demo's links and the address it listens on). No log line holds a link secret: requests are
/// logged by route template (`observe`), and secrets only travel in `Authorization` headers.
fn start_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "roadshow_server=info,tower_http=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
}

#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot create the demo event: {0}")]
    Demo(#[from] roadshow_server::error::ApiError),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

#[tokio::main]
async fn main() -> Result<(), StartError> {
    let config = Config::parse();
    start_logging(config.log_format);
    let pool = db::connect(&config.database).await?;
    let unfinished =
        roadshow_server::import::remove_unfinished_imports(&pool, chrono::Utc::now()).await?;
    if unfinished > 0 {
        tracing::warn!(unfinished, "removed events whose import was cut short");
    }
    if !dist_exists(&config.dist) {
        tracing::warn!(dist = %config.dist.display(), "no built app found; only the API is served");
    }
    for dir in roadshow_server::assets::bundle_dirs() {
        if !config.dist.join(dir).join("index.html").is_file() {
            tracing::warn!(dist = %config.dist.display(), bundle = dir, "a bundle's document (dist/<bundle>/index.html) is missing");
        }
    }
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    if !config.no_demo {
        let links = demo::ensure_demo_event(&pool).await?;
        println!("Demo roadshow (every company, firm and score in it is fictional):");
        println!("  organizer: http://{address}{}", links.organizer);
        println!("  investor:  http://{address}{}", links.investor);
        println!("  startup:   http://{address}{}", links.startup);
    }
    let limits = ConnectionLimits {
        max_connections: connections_allowed(config.max_connections),
        ..ConnectionLimits::default()
    };
    let state = AppState::new(pool, AppAssets::load(&config.dist))
        .with_trusted_proxies(TrustedProxies::new(config.trusted_proxies));
    if Dialect::of_url(&config.database) == Dialect::Postgres {
        // Other processes may serve the same database: hear them, and tell them; listening
        // before the first request is taken, so that nothing told after it is missed.
        let hearers = peers::Hearers {
            live: state.live.clone(),
            auth_limiter: state.auth_limiter.clone(),
            db: state.db.clone(),
        };
        peers::join(&state.fanout, hearers, &config.database).await?;
    }
    // Tests and scripts wait for this line to know the port when binding to port 0.
    println!("Roadshow listening on http://{address}");
    tokio::spawn(erase_after_retention(state.clone()));
    let lifecycle = state.lifecycle.clone();
    let stop = async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests under way, ending live streams");
        lifecycle.begin_draining();
    };
    serve(listener, app(state), limits, stop).await?;
    tracing::info!("stopped");
    Ok(())
}

/// The retention erasure (definitions §10), at start and then hourly, for as long as the
/// server runs; an erasure is one transaction, so stopping mid-way leaves nothing half-erased.
async fn erase_after_retention(state: AppState) {
    let mut every = tokio::time::interval(roadshow_server::retention::CHECK_EVERY);
    loop {
        every.tick().await;
        let today = roadshow_server::retention::today_kst();
        let erased = roadshow_server::retention::erase_due(&state.db, &state.live, today).await;
        if erased > 0 {
            tracing::info!(erased, "erased personal data past the retention date");
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
