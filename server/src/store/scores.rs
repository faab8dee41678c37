//! The `scores` and `verdicts` tables: one score cell per (round, investor, startup, criterion)
//! — a value, a cleared value or an abstention, `''` as criterion for the whole pitch, `''` as
//! round in an event without rounds (definitions §8.1) — and one
//! verdict per (investor, startup): interest and comment (with whether it is shared with the
//! company).
//!
//! Ordering rule: every cell remembers the device (client id), sequence number and edit time that
//! wrote it last ([`EditStamp`]); an edit is stored only if it [`replaces`](EditStamp::replaces)
//! the stored one, so a batch that arrives out of order can never undo a newer edit. Interest and
//! comment share a row but are separate edits, each ordered against its own last writer.

use super::people::Kind;
use super::{insert_query, Dialect, Flag, Row, Statement, Table, Value};
use crate::error::ApiResult;
use roadshow_core::sync::EditStamp;
use sqlx::AnyConnection;

pub const SCORES: Table = Table {
    name: "scores",
    columns: &[
        "event_id",
        "round",
        "investor_id",
        "startup_id",
        "criterion",
        "value",
        "abstain",
        "client_id",
        "client_seq",
        "edited_at",
        "updated_at",
        "version",
    ],
};

pub const VERDICTS: Table = Table {
    name: "verdicts",
    columns: &[
        "event_id",
        "investor_id",
        "startup_id",
        "want",
        "comment",
        "client_id",
        "client_seq",
        "updated_at",
        "version",
        "want_client_id",
        "want_client_seq",
        "want_edited_at",
        "comment_client_id",
        "comment_client_seq",
        "comment_edited_at",
        "comment_shared",
    ],
};

pub use roadshow_core::wire::{ScoreRow, VerdictRow};

/// A score row as SQLite returns it (see `SCORE_COLUMNS`).
type ScoreTuple = (String, String, String, String, Option<i64>, Flag, String);

fn score_row(
    (round, investor, startup, criterion, value, abstain, updated_at): ScoreTuple,
) -> ScoreRow {
    ScoreRow {
        round,
        investor,
        startup,
        criterion,
        value,
        abstain: abstain.into(),
        updated_at,
    }
}

/// A score row followed by the version that last changed it.
type VersionedScoreTuple = (
    String,
    String,
    String,
    String,
    Option<i64>,
    Flag,
    String,
    i64,
);

/// A verdict row as SQLite returns it (see `VERDICT_COLUMNS`).
type VerdictTuple = (String, String, Option<Flag>, String, Flag);

fn verdict_row((investor, startup, want, comment, comment_shared): VerdictTuple) -> VerdictRow {
    VerdictRow {
        investor,
        startup,
        want: want.map(bool::from),
        comment,
        comment_shared: comment_shared.into(),
    }
}

/// The (investor, startup) pair a score or verdict belongs to, in one event.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub event_id: &'a str,
    pub investor_id: &'a str,
    pub startup_id: &'a str,
}

/// What a stamped write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Applied,
    /// A newer edit is stored there; nothing changed.
    Superseded,
}

/// The stamp of a cell part nobody wrote yet (the columns' defaults).
fn unwritten() -> EditStamp {
    EditStamp {
        client_id: String::new(),
        seq: 0,
        at: 0,
    }
}

/// One score cell as stored.
pub struct ScoreCell<'a> {
    pub pair: Pair<'a>,
    /// `""`: the event has no rounds.
    pub round: &'a str,
    /// `""`: the whole pitch (an abstention).
    pub criterion: &'a str,
    pub value: Option<i64>,
    pub abstain: bool,
}

impl ScoreCell<'_> {
    pub fn row(&self, writer: &EditStamp, updated_at: &str, version: i64) -> Row {
        vec![
            Value::Text(self.pair.event_id.to_owned()),
            Value::Text(self.round.to_owned()),
            Value::Text(self.pair.investor_id.to_owned()),
            Value::Text(self.pair.startup_id.to_owned()),
            Value::Text(self.criterion.to_owned()),
            Value::OptionalInt(self.value),
            Value::Bool(self.abstain),
            Value::Text(writer.client_id.clone()),
            Value::Int(writer.seq),
            Value::Int(writer.at),
            Value::Text(updated_at.to_owned()),
            Value::Int(version),
        ]
    }
}

/// One part of a verdict.
pub enum VerdictPart<'a> {
    Want(Option<bool>),
    /// The text and whether it is shared with the company: one edit.
    Comment {
        text: &'a str,
        shared: bool,
    },
}

/// A verdict row as stored: both parts, the row's last writer, and each part's.
pub struct VerdictCell<'a> {
    pub pair: Pair<'a>,
    pub want: Option<bool>,
    pub comment: &'a str,
    pub comment_shared: bool,
    pub writer: &'a EditStamp,
    pub want_writer: &'a EditStamp,
    pub comment_writer: &'a EditStamp,
}

impl VerdictCell<'_> {
    pub fn row(&self, updated_at: &str, version: i64) -> Row {
        vec![
            Value::Text(self.pair.event_id.to_owned()),
            Value::Text(self.pair.investor_id.to_owned()),
            Value::Text(self.pair.startup_id.to_owned()),
            Value::OptionalBool(self.want),
            Value::Text(self.comment.to_owned()),
            Value::Text(self.writer.client_id.clone()),
            Value::Int(self.writer.seq),
            Value::Text(updated_at.to_owned()),
            Value::Int(version),
            Value::Text(self.want_writer.client_id.clone()),
            Value::Int(self.want_writer.seq),
            Value::Int(self.want_writer.at),
            Value::Text(self.comment_writer.client_id.clone()),
            Value::Int(self.comment_writer.seq),
            Value::Int(self.comment_writer.at),
            Value::Bool(self.comment_shared),
        ]
    }
}

/// A row imported from a snapshot: its writer is `import` (no device ever sends that id, so a
/// later edit by the investor always replaces it) and its parts were written by nobody.
pub fn imported_verdict_row(
    pair: Pair<'_>,
    want: Option<bool>,
    comment: &str,
    comment_shared: bool,
    importer: &EditStamp,
    updated_at: &str,
    version: i64,
) -> Row {
    let unwritten = unwritten();
    VerdictCell {
        pair,
        want,
        comment,
        comment_shared,
        writer: importer,
        want_writer: &unwritten,
        comment_writer: &unwritten,
    }
    .row(updated_at, version)
}

/// Which score cell: (event, round, investor, startup, criterion), owned (the group-commit
/// writer's memory of what it read and wrote).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub event_id: String,
    pub round: String,
    pub investor_id: String,
    pub startup_id: String,
    pub criterion: String,
}

impl CellKey {
    pub fn of(pair: &Pair<'_>, round: &str, criterion: &str) -> CellKey {
        CellKey {
            event_id: pair.event_id.to_owned(),
            round: round.to_owned(),
            investor_id: pair.investor_id.to_owned(),
            startup_id: pair.startup_id.to_owned(),
            criterion: criterion.to_owned(),
        }
    }

    fn values(&self) -> Row {
        vec![
            Value::Text(self.event_id.clone()),
            Value::Text(self.round.clone()),
            Value::Text(self.investor_id.clone()),
            Value::Text(self.startup_id.clone()),
            Value::Text(self.criterion.clone()),
        ]
    }

    fn pair(&self) -> Pair<'_> {
        Pair {
            event_id: &self.event_id,
            investor_id: &self.investor_id,
            startup_id: &self.startup_id,
        }
    }
}

/// What one score cell is to hold: its content, its last writer, when and at which version.
#[derive(Debug, Clone)]
pub struct CellContent {
    pub value: Option<i64>,
    pub abstain: bool,
    pub writer: EditStamp,
    pub updated_at: String,
    pub version: i64,
}

/// The stamps of the stored cells among `keys`, each with its key (cells nobody wrote are left
/// out).
pub async fn stamps_among(
    connection: &mut AnyConnection,
    keys: &[CellKey],
) -> ApiResult<Vec<(CellKey, EditStamp)>> {
    type Found = (String, String, String, String, String, String, i64, i64);
    let mut stamps = Vec::new();
    for chunk in keys.chunks(super::ROWS_PER_STATEMENT) {
        // A join on a list of values: both databases name its columns column1, column2, …
        let mut statement = Statement::new(
            "SELECT s.event_id, s.round, s.investor_id, s.startup_id, s.criterion, s.client_id,
                    s.client_seq, s.edited_at
             FROM (",
        );
        let values: Vec<Row> = chunk.iter().map(CellKey::values).collect();
        statement.push_values(&values);
        statement.push(
            ") AS k JOIN scores AS s
             ON s.event_id = k.column1 AND s.round = k.column2 AND s.investor_id = k.column3
                AND s.startup_id = k.column4 AND s.criterion = k.column5",
        );
        let found: Vec<Found> = statement.fetch_all(connection).await?;
        for (event_id, round, investor_id, startup_id, criterion, client_id, seq, at) in found {
            let key = CellKey {
                event_id,
                round,
                investor_id,
                startup_id,
                criterion,
            };
            stamps.push((key, EditStamp { client_id, seq, at }));
        }
    }
    Ok(stamps)
}

/// Stores every cell as given (each replacing what was stored there), [`ROWS_PER_STATEMENT`]
/// cells to a statement. The caller has already decided that each edit replaces the stored one.
///
/// [`ROWS_PER_STATEMENT`]: super::ROWS_PER_STATEMENT
pub async fn store_cells<'a>(
    connection: &mut AnyConnection,
    cells: impl IntoIterator<Item = (&'a CellKey, &'a CellContent)>,
) -> ApiResult<()> {
    let rows: Vec<Row> = cells
        .into_iter()
        .map(|(key, content)| {
            ScoreCell {
                pair: key.pair(),
                round: &key.round,
                criterion: &key.criterion,
                value: content.value,
                abstain: content.abstain,
            }
            .row(&content.writer, &content.updated_at, content.version)
        })
        .collect();
    for chunk in rows.chunks(super::ROWS_PER_STATEMENT) {
        let mut query = insert_query(&SCORES, chunk);
        query.push(
            " ON CONFLICT (event_id, round, investor_id, startup_id, criterion) DO UPDATE SET
                 value = excluded.value, abstain = excluded.abstain, client_id = excluded.client_id,
                 client_seq = excluded.client_seq, edited_at = excluded.edited_at,
                 updated_at = excluded.updated_at, version = excluded.version",
        );
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Writes one part of a verdict (interest or comment), ordered against that part's own last
/// writer. Version 0: the caller stamps the new one ([`stamp_verdict`]).
pub async fn write_verdict(
    connection: &mut AnyConnection,
    pair: &Pair<'_>,
    part: VerdictPart<'_>,
    stamp: &EditStamp,
    now: &str,
) -> ApiResult<Written> {
    let part_columns = match part {
        VerdictPart::Want(_) => "want_client_id, want_client_seq, want_edited_at",
        VerdictPart::Comment { .. } => "comment_client_id, comment_client_seq, comment_edited_at",
    };
    let stored: Option<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT {part_columns} FROM verdicts WHERE event_id = $1 AND investor_id = $2 AND startup_id = $3"
    ))
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .fetch_optional(&mut *connection)
    .await?;
    if let Some((client_id, seq, at)) = stored {
        if !stamp.replaces(&EditStamp { client_id, seq, at }) {
            return Ok(Written::Superseded);
        }
    }
    let unwritten = unwritten();
    let (cell, update) = match part {
        VerdictPart::Want(want) => (
            VerdictCell {
                pair: *pair,
                want,
                comment: "",
                comment_shared: false,
                writer: stamp,
                want_writer: stamp,
                comment_writer: &unwritten,
            },
            "want = excluded.want, want_client_id = excluded.want_client_id,
             want_client_seq = excluded.want_client_seq, want_edited_at = excluded.want_edited_at",
        ),
        VerdictPart::Comment { text, shared } => (
            VerdictCell {
                pair: *pair,
                want: None,
                comment: text,
                comment_shared: shared,
                writer: stamp,
                want_writer: &unwritten,
                comment_writer: stamp,
            },
            "comment = excluded.comment, comment_shared = excluded.comment_shared,
             comment_client_id = excluded.comment_client_id,
             comment_client_seq = excluded.comment_client_seq, comment_edited_at = excluded.comment_edited_at",
        ),
    };
    let row = cell.row(now, 0);
    let mut query = insert_query(&VERDICTS, std::slice::from_ref(&row));
    query.push(&format!(
        " ON CONFLICT (event_id, investor_id, startup_id) DO UPDATE SET
             {update}, client_id = excluded.client_id, client_seq = excluded.client_seq, updated_at = excluded.updated_at"
    ));
    query.execute(&mut *connection).await?;
    Ok(Written::Applied)
}

/// Marks a verdict with the event's new version.
pub async fn stamp_verdict(
    connection: &mut AnyConnection,
    pair: &Pair<'_>,
    version: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE verdicts SET version = $1 WHERE event_id = $2 AND investor_id = $3 AND startup_id = $4",
    )
    .bind(version)
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .execute(connection)
    .await?;
    Ok(())
}

const SCORE_COLUMNS: &str =
    "round, investor_id AS investor, startup_id AS startup, criterion, value, abstain, updated_at";

const VERDICT_COLUMNS: &str =
    "investor_id AS investor, startup_id AS startup, want, comment, comment_shared";

/// Every score cell changed since `since`.
pub async fn changed_since(
    connection: &mut AnyConnection,
    event_id: &str,
    since: i64,
) -> ApiResult<Vec<ScoreRow>> {
    grouped_by_investor(connection, event_id, "version > $2", Some(since)).await
}

/// The score cells of the event that match `filter` (an SQL condition on `scores`, with at most
/// one `?`, bound to `bound`), ordered by investor, startup, round and criterion.
///
/// One row per investor crosses from SQLite, its cells as a JSON array in that order: a large
/// event's export or first change feed is hundreds of thousands of cells, and a row each costs
/// several times more in the driver than the query itself (measured: BENCHMARKS.md, "Speed
/// where people feel it").
async fn grouped_by_investor(
    connection: &mut AnyConnection,
    event_id: &str,
    filter: &str,
    bound: Option<i64>,
) -> ApiResult<Vec<ScoreRow>> {
    /// round, startup, criterion, value, abstain (0 or 1), updated_at.
    type Cell = (String, String, String, Option<i64>, u8, String);
    let dialect = Dialect::of(connection);
    let cells = dialect.json_group_array(
        &dialect.json_array("round, startup_id, criterion, value, abstain, updated_at"),
        "startup_id, round, criterion",
    );
    let query = format!(
        "SELECT investor_id, {cells}
         FROM scores WHERE event_id = $1 AND ({filter})
         GROUP BY investor_id ORDER BY investor_id"
    );
    let mut query = sqlx::query_as::<_, (String, String)>(&query).bind(event_id);
    if let Some(bound) = bound {
        query = query.bind(bound);
    }
    let groups = query.fetch_all(connection).await?;
    let mut rows = Vec::new();
    for (investor, cells) in groups {
        let cells: Vec<Cell> = super::from_json(&cells)?;
        rows.extend(cells.into_iter().map(
            |(round, startup, criterion, value, abstain, updated_at)| ScoreRow {
                round,
                investor: investor.clone(),
                startup,
                criterion,
                value,
                abstain: abstain != 0,
                updated_at,
            },
        ));
    }
    Ok(rows)
}

/// One investor's score cells, each with the version that last changed it.
pub async fn of_investor(
    connection: &mut AnyConnection,
    event_id: &str,
    investor_id: &str,
) -> ApiResult<Vec<(ScoreRow, i64)>> {
    let rows: Vec<VersionedScoreTuple> = sqlx::query_as(&format!(
        "SELECT {SCORE_COLUMNS}, version FROM scores WHERE event_id = $1 AND investor_id = $2
         ORDER BY startup_id, round, criterion"
    ))
    .bind(event_id)
    .bind(investor_id)
    .fetch_all(connection)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(round, investor, startup, criterion, value, abstain, updated_at, version)| {
                let row = score_row((
                    round, investor, startup, criterion, value, abstain, updated_at,
                ));
                (row, version)
            },
        )
        .collect())
}

/// Every other investor's score cells, each with the version that last changed it.
pub async fn of_others(
    connection: &mut AnyConnection,
    event_id: &str,
    investor_id: &str,
) -> ApiResult<Vec<(ScoreRow, i64)>> {
    let rows: Vec<VersionedScoreTuple> = sqlx::query_as(&format!(
        "SELECT {SCORE_COLUMNS}, version FROM scores
         WHERE event_id = $1 AND investor_id <> $2 ORDER BY investor_id, startup_id, round, criterion"
    ))
    .bind(event_id)
    .bind(investor_id)
    .fetch_all(connection)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(round, investor, startup, criterion, value, abstain, updated_at, version)| {
                let row = score_row((
                    round, investor, startup, criterion, value, abstain, updated_at,
                ));
                (row, version)
            },
        )
        .collect())
}

/// Every score given or abstained (cleared cells left out), for the export.
pub async fn given(connection: &mut AnyConnection, event_id: &str) -> ApiResult<Vec<ScoreRow>> {
    grouped_by_investor(
        connection,
        event_id,
        "value IS NOT NULL OR abstain = 1",
        None,
    )
    .await
}

/// Each (investor, startup) with at least one score or abstention given, once. One row per
/// investor crosses from SQLite (its startups as a JSON array): tens of thousands of single
/// rows cost more in the driver than the query itself.
pub async fn scored_pairs(
    connection: &mut AnyConnection,
    event_id: &str,
) -> ApiResult<Vec<(String, String)>> {
    let startups = Dialect::of(connection).json_group_array("startup_id", "startup_id");
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT investor_id, {startups} FROM
             (SELECT DISTINCT investor_id, startup_id FROM scores
              WHERE event_id = $1 AND (value IS NOT NULL OR abstain = 1)) AS given
         GROUP BY investor_id"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    let mut pairs = Vec::new();
    for (investor, startups) in rows {
        let startups: Vec<String> = super::from_json(&startups)?;
        pairs.extend(
            startups
                .into_iter()
                .map(|startup| (investor.clone(), startup)),
        );
    }
    Ok(pairs)
}

/// The score cells of one startup or investor, for the removal record.
pub async fn of_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Vec<ScoreRow>> {
    let rows: Vec<ScoreTuple> = sqlx::query_as(&format!(
        "SELECT {SCORE_COLUMNS} FROM scores WHERE event_id = $1 AND {} = $2",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().map(score_row).collect())
}

/// Verdicts changed since `since`: everyone's, or one investor's.
pub async fn verdicts_changed_since(
    connection: &mut AnyConnection,
    event_id: &str,
    since: i64,
    investor_id: Option<&str>,
) -> ApiResult<Vec<VerdictRow>> {
    let rows: Vec<VerdictTuple> = match investor_id {
        None => {
            sqlx::query_as(&format!(
                "SELECT {VERDICT_COLUMNS} FROM verdicts
                 WHERE event_id = $1 AND version > $2 ORDER BY investor_id, startup_id"
            ))
            .bind(event_id)
            .bind(since)
            .fetch_all(connection)
            .await?
        }
        Some(investor_id) => {
            sqlx::query_as(&format!(
                "SELECT {VERDICT_COLUMNS} FROM verdicts
                 WHERE event_id = $1 AND version > $2 AND investor_id = $3 ORDER BY startup_id"
            ))
            .bind(event_id)
            .bind(since)
            .bind(investor_id)
            .fetch_all(connection)
            .await?
        }
    };
    Ok(rows.into_iter().map(verdict_row).collect())
}

/// Every verdict of the event, for the export.
pub async fn verdicts(
    connection: &mut AnyConnection,
    event_id: &str,
) -> ApiResult<Vec<VerdictRow>> {
    let rows: Vec<VerdictTuple> = sqlx::query_as(&format!(
        "SELECT {VERDICT_COLUMNS} FROM verdicts WHERE event_id = $1 ORDER BY investor_id, startup_id"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().map(verdict_row).collect())
}

/// The verdicts of one startup or investor, for the removal record.
pub async fn verdicts_of_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Vec<VerdictRow>> {
    let rows: Vec<VerdictTuple> = sqlx::query_as(&format!(
        "SELECT {VERDICT_COLUMNS} FROM verdicts WHERE event_id = $1 AND {} = $2",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().map(verdict_row).collect())
}

/// Gives the scores that name no round to `round`: when an event without rounds gets rounds,
/// the scores given so far were given in its first round (definitions §8.1). They are stamped
/// with `version` so every device reads them again under their round.
pub async fn name_unnamed_round(
    connection: &mut AnyConnection,
    event_id: &str,
    round: &str,
    version: i64,
) -> ApiResult<u64> {
    let done = sqlx::query(
        "UPDATE scores SET round = $1, version = $2 WHERE event_id = $3 AND round = ''",
    )
    .bind(round)
    .bind(version)
    .bind(event_id)
    .execute(connection)
    .await?;
    Ok(done.rows_affected())
}
