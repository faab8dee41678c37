//! The demo event: the fictional roadshow from `core/data/demo-roadshow.json`, filled with scores
//! from judges of different severity, created once so a newcomer sees a live board at once.

use crate::error::{ApiError, ApiResult};
use crate::import::import_snapshot;
use crate::principal::Role;
use crate::store::audit::Actor;
use crate::store::links::IssuedBy;
use crate::store::{self, links, now_rfc3339};
use roadshow_core::demo::{with_demo_scores, DemoOptions};
use roadshow_core::model::Phase;
use sqlx::AnyPool;

pub const DEMO_EVENT_ID: &str = "demo";
const DEMO_SNAPSHOT: &str = include_str!("../../core/data/demo-roadshow.json");

/// Links into the demo, printed by the run command (the old ones cannot be printed again: only
/// their hashes are stored, so each start re-issues them).
#[derive(Debug)]
pub struct DemoLinks {
    pub organizer: String,
    pub investor: String,
    pub startup: String,
}

pub async fn ensure_demo_event(db: &AnyPool) -> ApiResult<DemoLinks> {
    let snapshot = roadshow_core::snapshot::parse_snapshot(DEMO_SNAPSHOT)
        .map_err(|error| ApiError::Invalid(vec![error.to_problem()]))?;
    let first_investor = snapshot
        .investors
        .first()
        .map(|investor| investor.id.clone())
        .unwrap_or_default();
    let first_startup = snapshot
        .startups
        .first()
        .map(|startup| startup.id.clone())
        .unwrap_or_default();
    if !store::events::id_taken(db, DEMO_EVENT_ID).await? {
        let mut filled = with_demo_scores(&snapshot, DemoOptions::default());
        filled.event.phase = Some(Phase::Scoring);
        import_snapshot(
            db,
            &crate::write_gate::WriteGate::default(),
            DEMO_EVENT_ID,
            filled,
            true,
        )
        .await?;
    }
    let now = now_rfc3339();
    // The links printed at each start are the server's doing.
    let server = Actor::server();
    let by = || IssuedBy::Actor(&server);
    let mut transaction = store::begin_write(db).await?;
    let organizer = links::reissue(
        &mut transaction,
        DEMO_EVENT_ID,
        Role::Organizer,
        None,
        &now,
        by(),
    )
    .await?;
    let investor = links::reissue(
        &mut transaction,
        DEMO_EVENT_ID,
        Role::Investor,
        Some(&first_investor),
        &now,
        by(),
    )
    .await?;
    let startup = links::reissue(
        &mut transaction,
        DEMO_EVENT_ID,
        Role::Startup,
        Some(&first_startup),
        &now,
        by(),
    )
    .await?;
    transaction.commit().await?;
    Ok(DemoLinks {
        organizer: organizer.path,
        investor: investor.path,
        startup: startup.path,
    })
}
