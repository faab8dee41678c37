//! Slot and table assignment: a validity checker over thousands of random instances, the
//! max(Δ, ⌈E / tables⌉) bound without unavailability, and the heuristic's quality with it.

use roadshow_core::matching::synthetic::SplitMix;
use roadshow_core::schedule::{
    schedule, Schedule, ScheduleError, ScheduleInstance, UnplacedReason,
};
use std::collections::HashSet;

/// Checks every rule of definitions §4.9 and that the reasons given for unplaced meetings are
/// true.
fn check_valid(instance: &ScheduleInstance, result: &Schedule) {
    let e = instance.meetings.len();
    let mut seen = vec![false; e];
    let mut busy = HashSet::new();
    let mut tables_used = HashSet::new();
    let mut slot_of = vec![None; e];
    for p in &result.placed {
        assert!(
            !std::mem::replace(&mut seen[p.meeting], true),
            "meeting {} placed twice",
            p.meeting
        );
        assert!(p.slot < instance.slots, "slot {} out of range", p.slot);
        assert!(p.table < instance.tables, "table {} out of range", p.table);
        let (j, s) = instance.meetings[p.meeting];
        assert!(
            busy.insert((p.slot, 0, j)),
            "investor {j} double-booked in slot {}",
            p.slot
        );
        assert!(
            busy.insert((p.slot, 1, s)),
            "startup {s} double-booked in slot {}",
            p.slot
        );
        assert!(
            tables_used.insert((p.slot, p.table)),
            "table {} of slot {} used twice",
            p.table,
            p.slot
        );
        assert!(
            !instance.investor_unavailable[j as usize].contains(&p.slot),
            "investor {j} unavailable in {}",
            p.slot
        );
        if let Some(list) = instance.startup_unavailable.get(s as usize) {
            assert!(
                !list.contains(&p.slot),
                "startup {s} unavailable in {}",
                p.slot
            );
        }
        slot_of[p.meeting] = Some(p.slot);
    }
    for &(m, reason) in &result.unplaced {
        assert!(
            !std::mem::replace(&mut seen[m], true),
            "meeting {m} both placed and unplaced"
        );
        let (j, s) = instance.meetings[m];
        let free = |c: u32| {
            !instance.investor_unavailable[j as usize].contains(&c)
                && instance
                    .startup_unavailable
                    .get(s as usize)
                    .is_none_or(|l| !l.contains(&c))
        };
        let common: Vec<u32> = (0..instance.slots).filter(|&c| free(c)).collect();
        let both_free = |c: u32| !busy.contains(&(c, 0, j)) && !busy.contains(&(c, 1, s));
        match reason {
            UnplacedReason::NoCommonAvailableSlot => assert!(common.is_empty()),
            UnplacedReason::AllCommonSlotsBooked => {
                assert!(!common.is_empty() && common.iter().all(|&c| !both_free(c)))
            }
            UnplacedReason::TablesFull => {
                let open: Vec<u32> = common.iter().copied().filter(|&c| both_free(c)).collect();
                assert!(!open.is_empty());
                for c in open {
                    let used = result.placed.iter().filter(|p| p.slot == c).count() as u32;
                    assert_eq!(
                        used, instance.tables,
                        "slot {c} has a free table, yet {m} was not placed there"
                    );
                }
            }
        }
    }
    assert!(
        seen.iter().all(|&x| x),
        "placed + unplaced must be every meeting"
    );
    let distinct: HashSet<u32> = result.placed.iter().map(|p| p.slot).collect();
    assert_eq!(result.slots_used as usize, distinct.len());
    // Ordered by slot, then table.
    assert!(result
        .placed
        .windows(2)
        .all(|w| (w[0].slot, w[0].table) < (w[1].slot, w[1].table)));
}

fn random_meetings(
    rng: &mut SplitMix,
    investors: u32,
    startups: u32,
    density: f64,
) -> Vec<(u32, u32)> {
    let mut meetings = Vec::new();
    for j in 0..investors {
        for s in 0..startups {
            if rng.unit() < density {
                meetings.push((j, s));
            }
        }
    }
    for i in (1..meetings.len()).rev() {
        let k = rng.range(0, i as u32) as usize;
        meetings.swap(i, k);
    }
    meetings
}

fn bound(instance: &ScheduleInstance) -> u32 {
    let mut degree = vec![0u32; (instance.investors + instance.startups) as usize];
    for &(j, s) in &instance.meetings {
        degree[j as usize] += 1;
        degree[(instance.investors + s) as usize] += 1;
    }
    let delta = degree.into_iter().max().unwrap_or(0);
    delta.max((instance.meetings.len() as u32).div_ceil(instance.tables))
}

#[test]
fn without_unavailability_the_bound_is_always_reached() {
    let mut rng = SplitMix(11);
    for round in 0..3000 {
        let investors = rng.range(1, 12);
        let startups = rng.range(1, 12);
        let density = rng.unit();
        let meetings = random_meetings(&mut rng, investors, startups, density);
        let mut instance = ScheduleInstance {
            slots: 1,
            tables: rng.range(1, 8),
            investors,
            startups,
            meetings,
            investor_unavailable: vec![Vec::new(); investors as usize],
            startup_unavailable: Vec::new(),
        };
        let b = bound(&instance);
        instance.slots = b.max(1) + rng.range(0, 2);
        let result = schedule(&instance).unwrap();
        check_valid(&instance, &result);
        assert!(
            result.unplaced.is_empty(),
            "round {round}: {:?}",
            result.unplaced
        );
        assert_eq!(result.slots_used, b, "round {round}");
        assert!(result.placed.iter().all(|p| p.slot < b));
    }
}

#[test]
fn the_bound_holds_on_a_large_roadshow() {
    let mut rng = SplitMix(12);
    let meetings = random_meetings(&mut rng, 200, 1000, 0.01);
    let mut instance = ScheduleInstance {
        slots: 100,
        tables: 150,
        investors: 200,
        startups: 1000,
        meetings,
        investor_unavailable: vec![Vec::new(); 200],
        startup_unavailable: Vec::new(),
    };
    let b = bound(&instance);
    instance.slots = b;
    let result = schedule(&instance).unwrap();
    check_valid(&instance, &result);
    assert!(result.unplaced.is_empty());
    assert_eq!(result.slots_used, b);
}

#[test]
fn with_unavailability_every_schedule_is_valid_and_reasons_are_true() {
    let mut rng = SplitMix(13);
    for _ in 0..3000 {
        let investors = rng.range(1, 10);
        let startups = rng.range(1, 10);
        let slots = rng.range(1, 8);
        let density = rng.unit();
        let meetings = random_meetings(&mut rng, investors, startups, density);
        let unavailable = |rng: &mut SplitMix, n: u32, p: f64| -> Vec<Vec<u32>> {
            (0..n)
                .map(|_| (0..slots).filter(|_| rng.unit() < p).collect())
                .collect()
        };
        let p = rng.unit() * 0.6;
        let investor_unavailable = unavailable(&mut rng, investors, p);
        let startup_unavailable = if rng.unit() < 0.5 {
            unavailable(&mut rng, startups, p / 2.0)
        } else {
            Vec::new()
        };
        let instance = ScheduleInstance {
            slots,
            tables: rng.range(1, 6),
            investors,
            startups,
            meetings,
            investor_unavailable,
            startup_unavailable,
        };
        let result = schedule(&instance).unwrap();
        check_valid(&instance, &result);
    }
}

/// Instances built around a hidden valid schedule (unavailability only where the hidden schedule
/// leaves people free): everything can be placed; the heuristic must place nearly all of it.
#[test]
fn with_unavailability_the_heuristic_places_planted_schedules() {
    let mut rng = SplitMix(14);
    let (mut total, mut unplaced) = (0usize, 0usize);
    for _ in 0..500 {
        let investors = rng.range(2, 15);
        let startups = rng.range(2, 30);
        let slots = rng.range(2, 8);
        let tables = rng.range(2, 10);
        let mut busy = HashSet::new();
        let mut per_slot = vec![0u32; slots as usize];
        let mut meetings = Vec::new();
        let mut pairs = HashSet::new();
        for _ in 0..investors * slots {
            let (j, s, c) = (
                rng.range(0, investors - 1),
                rng.range(0, startups - 1),
                rng.range(0, slots - 1),
            );
            if per_slot[c as usize] < tables
                && !busy.contains(&(c, 0, j))
                && !busy.contains(&(c, 1, s))
                && pairs.insert((j, s))
            {
                busy.insert((c, 0, j));
                busy.insert((c, 1, s));
                per_slot[c as usize] += 1;
                meetings.push((j, s));
            }
        }
        let investor_unavailable: Vec<Vec<u32>> = (0..investors)
            .map(|j| {
                (0..slots)
                    .filter(|&c| !busy.contains(&(c, 0, j)) && rng.unit() < 0.5)
                    .collect()
            })
            .collect();
        let instance = ScheduleInstance {
            slots,
            tables,
            investors,
            startups,
            meetings,
            investor_unavailable,
            startup_unavailable: Vec::new(),
        };
        let result = schedule(&instance).unwrap();
        check_valid(&instance, &result);
        total += instance.meetings.len();
        unplaced += result.unplaced.len();
    }
    assert!(
        unplaced * 100 <= total,
        "placed only {} of {total}",
        total - unplaced
    );
}

#[test]
fn bad_input_is_refused_with_named_errors() {
    let base = ScheduleInstance {
        slots: 2,
        tables: 1,
        investors: 1,
        startups: 1,
        meetings: vec![(0, 0)],
        investor_unavailable: vec![vec![]],
        startup_unavailable: vec![],
    };
    assert_eq!(
        schedule(&ScheduleInstance {
            slots: 0,
            ..base.clone()
        }),
        Err(ScheduleError::NoSlots)
    );
    assert_eq!(
        schedule(&ScheduleInstance {
            tables: 0,
            ..base.clone()
        }),
        Err(ScheduleError::NoTables)
    );
    assert_eq!(
        schedule(&ScheduleInstance {
            meetings: vec![(1, 0)],
            ..base.clone()
        }),
        Err(ScheduleError::UnknownInvestor {
            meeting: 0,
            investor: 1,
            investors: 1
        })
    );
    assert_eq!(
        schedule(&ScheduleInstance {
            meetings: vec![(0, 4)],
            ..base.clone()
        }),
        Err(ScheduleError::UnknownStartup {
            meeting: 0,
            startup: 4,
            startups: 1
        })
    );
    assert_eq!(
        schedule(&ScheduleInstance {
            meetings: vec![(0, 0), (0, 0)],
            ..base.clone()
        }),
        Err(ScheduleError::DuplicateMeeting {
            meeting: 1,
            first: 0
        })
    );
    assert_eq!(
        schedule(&ScheduleInstance {
            investor_unavailable: vec![],
            ..base.clone()
        }),
        Err(ScheduleError::InvestorUnavailabilityCount {
            expected: 1,
            got: 0
        })
    );
}

#[test]
fn small_cases() {
    let check = |slots,
                 tables,
                 meetings: Vec<(u32, u32)>,
                 unavailable: Vec<Vec<u32>>,
                 used: u32,
                 reasons: &[UnplacedReason]| {
        let investors = unavailable.len() as u32;
        let startups = meetings.iter().map(|m| m.1 + 1).max().unwrap_or(0);
        let instance = ScheduleInstance {
            slots,
            tables,
            investors,
            startups,
            meetings,
            investor_unavailable: unavailable,
            startup_unavailable: vec![],
        };
        let result = schedule(&instance).unwrap();
        check_valid(&instance, &result);
        assert_eq!(result.slots_used, used);
        assert_eq!(
            result.unplaced.iter().map(|u| u.1).collect::<Vec<_>>(),
            reasons
        );
    };
    // Nothing to place.
    check(3, 2, vec![], vec![vec![]], 0, &[]);
    // One investor, three startups: three slots.
    check(3, 5, vec![(0, 0), (0, 1), (0, 2)], vec![vec![]], 3, &[]);
    // Four independent meetings, one table: four slots.
    check(
        4,
        1,
        vec![(0, 0), (1, 1), (2, 2), (3, 3)],
        vec![vec![], vec![], vec![], vec![]],
        4,
        &[],
    );
    // Investor free in no slot.
    check(
        2,
        1,
        vec![(0, 0)],
        vec![vec![0, 1]],
        0,
        &[UnplacedReason::NoCommonAvailableSlot],
    );
    // Investor free in one slot, two meetings: one cannot be placed.
    check(
        2,
        2,
        vec![(0, 0), (0, 1)],
        vec![vec![1]],
        1,
        &[UnplacedReason::AllCommonSlotsBooked],
    );
    // One slot, one table, two independent meetings.
    check(
        1,
        1,
        vec![(0, 0), (1, 1)],
        vec![vec![], vec![0]],
        1,
        &[UnplacedReason::NoCommonAvailableSlot],
    );
    check(
        1,
        1,
        vec![(0, 0), (1, 1)],
        vec![vec![], vec![]],
        1,
        &[UnplacedReason::TablesFull],
    );
}
