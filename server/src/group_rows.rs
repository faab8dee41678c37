//! What one group commit reads and writes (see `group_commit`), so that a group of hundreds of
//! mutations costs a handful of statements rather than ten for each mutation. The writer holds
//! the database's one write lock for the whole group, so nothing else changes these rows
//! meanwhile: each row the group needs is read once (all of them together, before the first
//! mutation: [`GroupRows::read_ahead`]), and the group's own writes to the hot tables — score
//! cells, the exactly-once records, each event's version — are kept here and written together
//! at the end ([`GroupRows::write`]), before the commit.
//!
//! Every lookup falls back to the database for a row not read ahead, and every write the write
//! engine makes to a table kept here goes through here, so what the engine sees is exactly what
//! the database would answer were each mutation written at once. Startups are never changed by
//! mutations; an investor's profile is (a declared conflict), and that write is both done at
//! once and kept here.

use crate::error::ApiResult;
use crate::principal::Author;
use crate::store::events::{self, StoredEvent};
use crate::store::mutations::{self, MutationKey, RecordKey, Recorded};
use crate::store::people::{self, StartupEntry};
use crate::store::scores::{self, CellContent, CellKey};
use crate::store::{from_json, Row};
use roadshow_core::model::{Investor, Startup};
use roadshow_core::sync::{Change, EditStamp};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A person in one event: (event id, person id).
type PersonKey = (String, String);

#[derive(Default)]
pub struct GroupRows {
    /// Each event's version as last numbered in this group.
    versions: BTreeMap<String, i64>,
    /// Exactly-once records read or written; `None`: known to be absent.
    records: HashMap<RecordKey, Option<Recorded>>,
    new_records: Vec<Row>,
    /// Each score cell's last writer; `None`: nobody wrote the cell yet.
    cell_writers: HashMap<CellKey, Option<EditStamp>>,
    new_cells: BTreeMap<CellKey, CellContent>,
    investors: HashMap<PersonKey, Option<Investor>>,
    startups: HashMap<PersonKey, Option<StartupEntry>>,
}

impl GroupRows {
    /// Reads at once every row the group's mutations will look up: their records, the score
    /// cells they write, the investors and startups they name. Each mutation comes with its
    /// key; `events` holds each batch's event (a mutation whose event could not be read is
    /// left to fail on its own).
    pub async fn read_ahead(
        &mut self,
        connection: &mut AnyConnection,
        mutations: &[(MutationKey<'_>, &Change)],
        events: &HashMap<String, StoredEvent>,
    ) -> ApiResult<()> {
        let mut records = Vec::new();
        let mut cells = BTreeSet::new();
        let mut investors: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut startups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (key, change) in mutations {
            let Some(event) = events.get(key.event_id) else {
                continue;
            };
            records.push(key.owned());
            let Author::Investor(investor_id) = key.author else {
                continue;
            };
            if change.pair_investor().is_some() {
                continue;
            }
            investors
                .entry(key.event_id)
                .or_default()
                .insert(investor_id);
            startups
                .entry(key.event_id)
                .or_default()
                .insert(change.startup());
            if let Some((round, criterion)) = score_cell(event, change) {
                cells.insert(CellKey {
                    event_id: key.event_id.to_owned(),
                    round: round.to_owned(),
                    investor_id: investor_id.clone(),
                    startup_id: change.startup().to_owned(),
                    criterion: criterion.to_owned(),
                });
            }
        }
        for key in &records {
            self.records.entry(key.clone()).or_insert(None);
        }
        for (key, recorded) in mutations::recorded_among(connection, &records).await? {
            self.records.insert(key, Some(recorded));
        }
        let cells: Vec<CellKey> = cells.into_iter().collect();
        for key in &cells {
            self.cell_writers.entry(key.clone()).or_insert(None);
        }
        for (key, writer) in scores::stamps_among(connection, &cells).await? {
            self.cell_writers.insert(key, Some(writer));
        }
        for (event_id, ids) in investors {
            let ids: Vec<&str> = ids.into_iter().collect();
            for id in &ids {
                self.investors.insert(person(event_id, id), None);
            }
            for investor in people::investors_among(connection, event_id, &ids).await? {
                let key = person(event_id, &investor.id);
                self.investors.insert(key, Some(investor));
            }
        }
        for (event_id, ids) in startups {
            let ids: Vec<&str> = ids.into_iter().collect();
            for id in &ids {
                self.startups.insert(person(event_id, id), None);
            }
            for (id, startup) in people::startups_among(connection, event_id, &ids).await? {
                self.startups
                    .insert((event_id.to_owned(), id), Some(startup));
            }
        }
        Ok(())
    }

    /// The next version of the event: what the mutation being applied will be stamped with.
    pub fn next_version(&mut self, event: &StoredEvent) -> i64 {
        let version = self
            .versions
            .entry(event.settings.id.clone())
            .or_insert(event.version);
        *version += 1;
        *version
    }

    /// The result recorded for this mutation, if it was applied before.
    pub async fn recorded(
        &mut self,
        connection: &mut AnyConnection,
        key: &MutationKey<'_>,
    ) -> ApiResult<Option<Recorded>> {
        let owned = key.owned();
        if let Some(known) = self.records.get(&owned) {
            return Ok(known.clone());
        }
        let recorded = mutations::recorded(connection, key).await?;
        self.records.insert(owned, recorded.clone());
        Ok(recorded)
    }

    /// Records the mutation's result (written with the group).
    pub fn record(&mut self, key: &MutationKey<'_>, result: String, change_sha256: &str) {
        let owned = key.owned();
        self.new_records
            .push(mutations::record_row(&owned, result.clone(), change_sha256));
        let recorded = Recorded {
            result,
            change_sha256: Some(change_sha256.to_owned()),
        };
        self.records.insert(owned, Some(recorded));
    }

    /// Who last wrote the score cell; `None` when nobody did.
    pub async fn cell_writer(
        &mut self,
        connection: &mut AnyConnection,
        key: &CellKey,
    ) -> ApiResult<Option<EditStamp>> {
        if let Some(known) = self.cell_writers.get(key) {
            return Ok(known.clone());
        }
        let mut found = scores::stamps_among(connection, std::slice::from_ref(key)).await?;
        let writer = found.pop().map(|(_, writer)| writer);
        self.cell_writers.insert(key.clone(), writer.clone());
        Ok(writer)
    }

    /// Stores the cell's new content (written with the group).
    pub fn write_cell(&mut self, key: CellKey, content: CellContent) {
        self.cell_writers
            .insert(key.clone(), Some(content.writer.clone()));
        self.new_cells.insert(key, content);
    }

    /// Marks a cell this group wrote with the version of the mutation that wrote it.
    pub fn stamp_cell(&mut self, key: &CellKey, version: i64) {
        if let Some(content) = self.new_cells.get_mut(key) {
            content.version = version;
        }
    }

    pub async fn investor(
        &mut self,
        connection: &mut AnyConnection,
        event_id: &str,
        id: &str,
    ) -> ApiResult<Option<Investor>> {
        let key = person(event_id, id);
        if let Some(known) = self.investors.get(&key) {
            return Ok(known.clone());
        }
        let investor = people::investor(connection, event_id, id).await?;
        self.investors.insert(key, investor.clone());
        Ok(investor)
    }

    /// Replaces an investor's profile, in the database at once and here.
    pub async fn write_investor_profile(
        &mut self,
        connection: &mut AnyConnection,
        event_id: &str,
        investor: Investor,
    ) -> ApiResult<()> {
        people::write_investor_profile(connection, event_id, &investor).await?;
        self.investors
            .insert(person(event_id, &investor.id), Some(investor));
        Ok(())
    }

    /// Whether the startup is published; `None` when the event has no such startup.
    pub async fn startup_published(
        &mut self,
        connection: &mut AnyConnection,
        event_id: &str,
        id: &str,
    ) -> ApiResult<Option<bool>> {
        Ok(self
            .startup_entry(connection, event_id, id)
            .await?
            .map(|startup| startup.published))
    }

    pub async fn startup(
        &mut self,
        connection: &mut AnyConnection,
        event_id: &str,
        id: &str,
    ) -> ApiResult<Option<Startup>> {
        self.startup_entry(connection, event_id, id)
            .await?
            .map(|startup| from_json(&startup.profile))
            .transpose()
    }

    async fn startup_entry(
        &mut self,
        connection: &mut AnyConnection,
        event_id: &str,
        id: &str,
    ) -> ApiResult<Option<StartupEntry>> {
        let key = person(event_id, id);
        if let Some(known) = self.startups.get(&key) {
            return Ok(known.clone());
        }
        let mut found = people::startups_among(connection, event_id, &[id]).await?;
        let startup = found.pop().map(|(_, startup)| startup);
        self.startups.insert(key, startup.clone());
        Ok(startup)
    }

    /// Writes what the group kept: its score cells, its records, each event's last version.
    pub async fn write(self, connection: &mut AnyConnection) -> ApiResult<()> {
        scores::store_cells(connection, &self.new_cells).await?;
        mutations::record_all(connection, &self.new_records).await?;
        for (event_id, version) in &self.versions {
            events::set_version(connection, event_id, *version).await?;
        }
        Ok(())
    }
}

fn person(event_id: &str, id: &str) -> PersonKey {
    (event_id.to_owned(), id.to_owned())
}

/// The (round, criterion) of the cell a score or abstention writes, as the write engine will
/// store it; `None` for other changes and for a round the event does not have (refused later).
pub fn score_cell<'a>(event: &'a StoredEvent, change: &'a Change) -> Option<(&'a str, &'a str)> {
    let (round, criterion) = match change {
        Change::Score {
            round, criterion, ..
        } => (round, criterion.as_str()),
        Change::Abstain {
            round, criterion, ..
        } => (round, criterion.as_deref().unwrap_or_default()),
        _ => return None,
    };
    let settings = &event.settings;
    let index = roadshow_core::rounds::change_round(settings, round.as_deref()).ok()?;
    let round = index.map_or("", |index| settings.rounds[index].id.as_str());
    Some((round, criterion))
}
