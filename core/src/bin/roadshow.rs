//! `roadshow`: re-check and re-rank a Roadshow event from its exported snapshot, with the same code
//! the browser runs. A thin shell: argument parsing and file reading here, everything else in
//! `roadshow_core::cli`.

use clap::{Parser, Subcommand};
use roadshow_core::cli::{
    check_command, match_command, match_floor_command, match_policy_command, rank_command,
    rank_final_command, rank_round_command, rank_track_command, repair_command, schedule_command,
    CommandOutput, RankScope,
};
use roadshow_core::model::MatchMode;
use roadshow_core::ranking::TotalMode;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "roadshow",
    version,
    about = "Check and rank a Roadshow investment-roadshow event from its JSON snapshot",
    long_about = "Check and rank a Roadshow investment-roadshow event from its JSON snapshot \
                  (format roadshow-event/1, the organizer's \"export JSON\").\n\n\
                  The results are computed by the same code the browser app uses, so an \
                  organizer can re-check published results independently.\n\n\
                  Exit status: 0 success, 1 problems in the input, 2 wrong usage, 3 a meeting \
                  floor (match --min-startup-meetings) is impossible."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rank the startups and print the ranking as JSON.
    #[command(
        long_about = "Rank the startups and print a JSON list in rank order, one object per \
        startup: {startup, rank, total, raw_total, normalized_total, se, ci_low, ci_high, judges, \
        needs, disagreement, criteria: {key: mean}}.\n\n\
        By default startups are ranked by the severity-normalized total (each judge's scores \
        re-centred and re-scaled to the panel's yardstick per criterion); --raw ranks by the plain \
        weighted mean of scores. `total` is the total being ranked by; both totals are always \
        shown. Totals within 1e-9 share a rank (1, 2, 2, 4); startups nobody scored come last \
        with rank null. se and the 95 % Student-t interval (ci_low, ci_high) are null below two \
        judges; needs = judges still missing to reach the event's minimum; disagreement flags a \
        standard deviation of judges' totals of at least 2.5 on a 1-10 scale.\n\n\
        Abstentions and scores on startups the investor declared a conflict with do not count. \
        An invalid snapshot prints every problem to stderr and exits with status 1.\n\n\
        Rounds (event.rounds, definitions 8.1): --round R ranks within round R only - its scores \
        (scores[].round; a score without one belongs to the only round), criteria, scale, judges \
        and min_judges - with the same fields. --final prints the final total: with \
        event.final \"final_only\" (the default) the last round's ranking, exactly as --round \
        of it; with \"weighted\" total = sum of w_r x T_r / sum of w_r over the rounds where the \
        startup has a total (T_r that round's normalized total, or raw with --raw; w_r the \
        round's weight, default 1), raw_total and normalized_total likewise, se and interval \
        null, judges = distinct judges over those rounds, needs = their largest, disagreement if \
        any of them flags it, criteria {} and an added rounds: {round id: T_r}. Without rounds \
        --final is plain rank, and --round (or an unknown round) is a usage error (exit status \
        2); plain rank of a snapshot with rounds prints the final total.\n\n\
        Tracks (startups[].track, definitions 8.2): --track T prints the same ranking on track \
        T's own board - the track's startups only, each judge normalized over the scores it gave \
        in the track and the yardstick taken from the track's scores alone - and combines with \
        --round and --final. A track no startup is in is a usage error (exit status 2). Without \
        --track the whole event is ranked as one field."
    )]
    Rank {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// Rank by the raw total instead of the severity-normalized total.
        #[arg(long)]
        raw: bool,
        /// Rank within this round only (event.rounds[].id).
        #[arg(long, value_name = "R", conflicts_with = "final_total")]
        round: Option<String>,
        /// Print the final total over the rounds (event.final: final_only or weighted).
        #[arg(long = "final")]
        final_total: bool,
        /// Rank on this track's own board only (startups[].track).
        #[arg(long, value_name = "T")]
        track: Option<String>,
    },
    /// Choose the follow-up meetings and print them as JSON.
    #[command(long_about = "Choose investor-startup follow-up meetings and print \
        {pairs: [{investor, startup, score}], total, blocking_pairs, min_startup_meetings}.\n\n\
        score is the match score M = fit·F + own·O + interest·I + startup_interest·P (weights from \
        event.match). Pairs with a conflict, an abstention, a \"no\" from either side or M below \
        the threshold are never chosen. --mode best (the default unless event.match.mode says \
        otherwise) maximizes the total M exactly; --mode stable takes pairs by M descending \
        (ties: investor id, then startup id) so no pair would both rather meet each other. \
        Pairs are listed by score descending, then investor id, then startup id.\n\n\
        --min-startup-meetings K (a floor, mode best): maximize the total M subject to every \
        startup getting at least k_s = min(K, its capacity, its candidate pairs) meetings. When \
        no selection can, exit status 3 and print {\"infeasible\": {startups, need, supply, \
        investors: [{investor, supply}]}}: a set of startups whose floors add up to need, more \
        than the supply of the investors they could meet (each investor: min(its capacity, its \
        candidate pairs with those startups)); total_cap is added when instead the floors exceed \
        slots x tables. K = 0 changes nothing; K >= 1 always selects as best (even when \
        event.match.mode is stable), and together with --mode stable it is a usage error.\n\n\
        --policy-bonus B (B >= 0, mode best): select the maximum total of M' = M + B for every \
        policy pair (investor's hq_region Seoul, Gyeonggi or Incheon, startup's region given and \
        outside them; a missing region is never a policy pair) and print the match output plus \
        policy_pairs, the number of chosen policy pairs. score and total are M without the \
        bonus; blocking_pairs is counted with M. Pairs vetoed or below the threshold stay out. \
        The number of policy pairs never falls as B rises. It can be combined with \
        --min-startup-meetings (the floor applies to the bonus selection, exit status 3 when \
        impossible); with --mode stable, or with B negative or not a number, it is a usage \
        error (exit status 2).")]
    Match {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// best: maximum total match score; stable: greedy, no blocking pairs.
        #[arg(long, value_parser = ["best", "stable"])]
        mode: Option<String>,
        /// Every startup gets at least min(K, its capacity, its candidate pairs) meetings (exit
        /// status 3 with a certificate when impossible).
        #[arg(long, value_name = "K")]
        min_startup_meetings: Option<u32>,
        /// Add B to the match score of pairs of a capital-region investor and a startup outside
        /// the capital region when selecting (definitions §7.7); prints policy_pairs too.
        #[arg(long, value_name = "B", allow_negative_numbers = true)]
        policy_bonus: Option<f64>,
    },
    /// Choose the meetings and give each a slot and a table; print the schedule as JSON.
    #[command(
        long_about = "Choose the meetings as `match` does, then give each a slot and a table \
        (both numbered from 0) so nobody is double-booked, no slot uses more tables than exist \
        and investors' unavailable slots are respected. Prints {meetings: [{investor, startup, \
        slot, table}], unplaced: [{investor, startup, reason}], slots_used}. Without \
        unavailability every meeting fits in max(most meetings of anyone, ceil(meetings / \
        tables)) slots; any pair that cannot be placed is listed with its reason."
    )]
    Schedule {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// best: maximum total match score; stable: greedy, no blocking pairs.
        #[arg(long, value_parser = ["best", "stable"])]
        mode: Option<String>,
    },
    /// Refill the meetings freed from a slot on (declined, no-show, cancelled); print JSON.
    #[command(
        long_about = "Repair (\"fill the gaps\") the snapshot's meetings from slot N on \
        and print {kept: [meeting], added: [{investor, startup, slot, table, score}], unplaced: \
        [{investor, startup, reason}], total_added}.\n\n\
        Kept, exactly as in the snapshot: every meeting in a slot before N, and every confirmed \
        or held meeting. Everything else at or after N (proposed, declined, no_show, cancelled) \
        is freed. The freed places are refilled like `schedule` with --mode best on what is \
        left: each person's capacity minus their kept meetings, only slots >= N where they are \
        available and not in a kept meeting, only tables no kept meeting holds, and never a pair \
        that has a kept meeting or a declined or no_show meeting. score is the match score M; \
        total_added is the sum of the added scores; pairs that could not be placed are listed \
        with the reason. kept and added are ordered by slot, table, investor, startup.\n\n\
        N must be a slot of the event (0 to slots - 1); otherwise exit status 2."
    )]
    Repair {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// The first slot that may change (slots are numbered from 0).
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        from_slot: i64,
    },
    /// Order the pitches of one hall (fewest judge step-outs, then tracks together); print JSON.
    #[command(
        long_about = "Order the pitches of hall H and print {hall, order: [startup], \
        step_outs}.\n\n\
        The hall's pitches are its published startups (startups[].hall, absent = hall 0; drafts \
        do not pitch). A startup's pitch_position (from 0) pins it there. The rest are ordered to \
        minimise step_outs: a judge (any investor) with a conflict on a pitch leaves the hall for \
        it, consecutive conflicted pitches being one step-out, and step_outs is the total over \
        judges of their runs of consecutive conflicted pitches. Among the orders with the fewest \
        step-outs, the fewest neighbouring pitches of different tracks (startups[].track; no \
        track is a track of its own). Up to 12 pitches the order is optimal (dynamic programming \
        over subsets) and, among equally good orders, the lexicographically smallest list of \
        startup ids. Beyond 12: a greedy start (each free place takes the pitch adding the least \
        cost, smallest id on ties) improved by swapping free places and reversing stretches \
        without pins while that lowers the cost; good, not proven optimal.\n\n\
        A pin beyond the hall's number of published pitches is a problem \
        (startups[i].pitch_position: out_of_range) and exit status 1, as are negative or \
        doubled pins (found by check). A hall without pitches prints an empty order."
    )]
    Order {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// The hall, numbered from 0 (default 0).
        #[arg(long, value_name = "H", default_value_t = 0)]
        hall: u32,
    },
    /// How robust the top K is to each judge (leave-one-out, bootstrap); print JSON.
    #[command(
        long_about = "Test how much the top K of the ranking depends on single judges and print \
        {cut, decisive_judges: [id], startups: [{startup, rank, p_top_k, out_of_top_k_without: \
        [id]}]}.\n\n\
        The ranking is rank's (severity-normalized; --raw for raw totals), recomputed, \
        normalization included, for every changed panel. The top K is every startup \
        with rank <= K (a tie at the cut can make it larger than K). Leave-one-judge-out: for \
        each judge (an investor with at least one counted score) the top K without that \
        judge's scores; the judge is decisive when that set differs. out_of_top_k_without lists, \
        for a startup in the top K, the judges whose removal takes it out (empty for startups \
        outside the top K). p_top_k: the share of 2,000 bootstrap resamples in which the startup \
        has rank <= K; a resample draws as many judges as there are, with replacement, and a \
        judge drawn twice counts as two judges with the same scores. The draws come from \
        SplitMix64 with the fixed seed 0x526F616473686F77 (\"Roadshow\"), so the output is the \
        same on every run. rank is the full ranking's (null: nobody scored it); startups are \
        listed by rank, then id; judges by id.\n\n\
        K: --cut, else the snapshot's event.cut. Neither, or --cut 0, is a usage error (exit \
        status 2); an event.cut that is not a whole number >= 1 is a problem (exit status 1).\n\n\
        --track T analyses track T's own board (startups[].track, definitions 8.2; as rank \
        --track): its startups, the scores given on them, normalized within the track. A track \
        no startup is in is a usage error (exit status 2)."
    )]
    Robustness {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// The cut K (award places or finalists); default: the snapshot's event.cut.
        #[arg(long, value_name = "K")]
        cut: Option<u32>,
        /// Rank by the raw total instead of the severity-normalized total.
        #[arg(long)]
        raw: bool,
        /// Analyse this track's own board only (startups[].track).
        #[arg(long, value_name = "T")]
        track: Option<String>,
    },
    /// A program's figures per event and in total (결과보고서); print JSON.
    #[command(
        long_about = "Add up one or more events of a program and print {events: [{event, \
        figures}], total: figures}, event being each snapshot's event.id, in the order given.\n\n\
        figures = {startups_registered, startups_pitched, investors, meetings: {proposed, \
        confirmed, declined, held, no_show, cancelled}, stages: {met, follow_up, due_diligence, \
        term_sheet, invested, passed}, invested_krw, invested_krw_confirmed, non_capital_share, \
        by_zone, by_field, by_region, by_investor_type}; each by_* maps a key to the same \
        figures without the by_* maps.\n\n\
        startups_registered: startups in the snapshot (drafts too); startups_pitched: those with \
        at least one scores[] entry (an abstention counts); investors: firms. meetings: each \
        meeting once, under its current status (absent = proposed). stages: each pair \
        (investor, startup) once, at its current stage: its follow_ups[] entry's, or met when \
        it held a meeting and has no entry. invested_krw: the sum of amount_krw of invested \
        entries; invested_krw_confirmed: of those with confirmed true. non_capital_share: \
        invested KRW into startups whose region is not Seoul, Gyeonggi or Incheon (a missing \
        region counts as outside) / invested_krw, null when that is 0.\n\n\
        The same startup across events is the same business_id (without one, a startup of its \
        own event only); the same investor is the same firm name ignoring case, spaces, \
        (주)/㈜ and 주식회사, in an event as in the total. total counts distinct startups and \
        investors; meetings, stages and KRW add up over the events. by_zone, by_field and \
        by_region key on the startup's zone, field and region, by_investor_type on the \
        investor's type; a missing value is the key \"none\". A score, meeting or pair belongs \
        to its startup's keys and its investor's type. In a startup bucket the investors are \
        the firms with a score, meeting or follow-up with its startups; in an investor-type \
        bucket the startups are those with a score, meeting or follow-up with its investors, \
        pitched those they scored. non_capital_share of a bucket is over the bucket's \
        investments.\n\n\
        Every snapshot is validated as by check; every problem is printed to stderr as \
        `file: path: code (detail)` with exit status 1. The same event id twice is a problem."
    )]
    Report {
        /// The event snapshots (JSON files; - for standard input).
        #[arg(required = true)]
        snapshots: Vec<PathBuf>,
    },
    /// Validate a snapshot and print every problem with its JSON path.
    #[command(
        long_about = "Validate a snapshot and print every problem, one per line, as \
        `path: code (detail)`, e.g. `scores[12].value: out_of_scale (scores run from 1 to 10)`. \
        Checks unknown ids, duplicates, scores off the scale or not whole numbers, criteria and \
        weights, capacities, amounts, ticket ranges, slots and tables, and text lengths.\n\n\
        Exit status 0 when there are no problems, 1 when there is at least one."
    )]
    Check {
        /// The event snapshot (JSON file, or - for standard input).
        snapshot: PathBuf,
        /// Print the problems as a JSON list of {path, code, detail}.
        #[arg(long)]
        json: bool,
    },
}

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
    }
}

fn run(path: &Path, command: impl FnOnce(&[u8]) -> CommandOutput) -> ExitCode {
    let output = match read_input(path) {
        Ok(bytes) => command(&bytes),
        Err(message) => CommandOutput {
            stdout: String::new(),
            stderr: message + "\n",
            exit_code: 1,
        },
    };
    // `print!` would panic on a closed pipe (e.g. `| head`); a failed write is an exit status 1.
    let written = std::io::stdout()
        .write_all(output.stdout.as_bytes())
        .and_then(|()| std::io::stderr().write_all(output.stderr.as_bytes()));
    match written {
        Ok(()) => ExitCode::from(u8::try_from(output.exit_code).unwrap_or(1)),
        Err(_) => ExitCode::from(1),
    }
}

/// Reads every snapshot, then reports them together; unreadable files are problems of their own
/// (the others are still checked, but no report is printed).
fn report(paths: &[PathBuf]) -> ExitCode {
    let mut unreadable = String::new();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for path in paths {
        match read_input(path) {
            Ok(bytes) => inputs.push((path.display().to_string(), bytes)),
            Err(message) => unreadable.push_str(&format!("{message}\n")),
        }
    }
    let inputs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let mut output = CommandOutput {
        stdout: String::new(),
        stderr: String::new(),
        exit_code: 1,
    };
    if !inputs.is_empty() {
        output = roadshow_core::cli::report_command(&inputs);
    }
    if !unreadable.is_empty() {
        output = CommandOutput {
            stdout: String::new(),
            stderr: unreadable + &output.stderr,
            exit_code: 1,
        };
    }
    // As in `run`: a failed write (a closed pipe) is exit status 1, never a panic.
    let written = std::io::stdout()
        .write_all(output.stdout.as_bytes())
        .and_then(|()| std::io::stderr().write_all(output.stderr.as_bytes()));
    match written {
        Ok(()) => ExitCode::from(u8::try_from(output.exit_code).unwrap_or(1)),
        Err(_) => ExitCode::from(1),
    }
}

fn match_mode(mode: Option<String>) -> Option<MatchMode> {
    mode.map(|m| {
        if m == "stable" {
            MatchMode::Stable
        } else {
            MatchMode::Best
        }
    })
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Rank {
            snapshot,
            raw,
            round,
            final_total,
            track,
        } => run(&snapshot, |bytes| {
            let mode = if raw {
                TotalMode::Raw
            } else {
                TotalMode::Normalized
            };
            let scope = match (&round, final_total) {
                (Some(round), _) => RankScope::Round(round),
                (None, true) => RankScope::Final,
                (None, false) => RankScope::Plain,
            };
            match (&track, scope) {
                (Some(track), scope) => rank_track_command(bytes, mode, track, scope),
                (None, RankScope::Round(round)) => rank_round_command(bytes, mode, round),
                (None, RankScope::Final) => rank_final_command(bytes, mode),
                (None, RankScope::Plain) => rank_command(bytes, mode),
            }
        }),
        Command::Check { snapshot, json } => run(&snapshot, |bytes| check_command(bytes, json)),
        Command::Order { snapshot, hall } => run(&snapshot, |bytes| {
            roadshow_core::cli::order_command(bytes, hall)
        }),
        Command::Robustness {
            snapshot,
            cut,
            raw,
            track,
        } => run(&snapshot, |bytes| {
            roadshow_core::cli::robustness_in_track_command(
                bytes,
                cut,
                if raw {
                    TotalMode::Raw
                } else {
                    TotalMode::Normalized
                },
                track.as_deref(),
            )
        }),
        Command::Match {
            snapshot,
            mode,
            min_startup_meetings,
            policy_bonus,
        } => run(&snapshot, |bytes| {
            match (policy_bonus, min_startup_meetings) {
                (Some(b), k) => match_policy_command(bytes, match_mode(mode), b, k),
                (None, Some(k)) => match_floor_command(bytes, match_mode(mode), k),
                (None, None) => match_command(bytes, match_mode(mode)),
            }
        }),
        Command::Schedule { snapshot, mode } => {
            run(&snapshot, |bytes| schedule_command(bytes, match_mode(mode)))
        }
        Command::Repair {
            snapshot,
            from_slot,
        } => run(&snapshot, |bytes| repair_command(bytes, from_slot)),
        Command::Report { snapshots } => report(&snapshots),
    }
}
