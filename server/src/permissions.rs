//! Every authorization question the API asks, one function each, so the rules can be audited in
//! one place and tested as a matrix. Handlers call these; they never compare roles themselves.

use crate::error::{ApiError, ErrorCode};
use crate::principal::{Author, Principal, Role};
use crate::store::events::StoredEvent;
use crate::store::people::Kind;
use roadshow_core::meeting_answers::Answer;
use roadshow_core::model::{Phase, PlannedMeeting, RevealMode};
use roadshow_core::wire::{EventView, MeetingState};

fn allow(allowed: bool) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn is_organizer(principal: &Principal) -> bool {
    principal.role == Role::Organizer
}

fn is_subject(principal: &Principal, role: Role, id: &str) -> bool {
    principal.role == role && principal.subject_id.as_deref() == Some(id)
}

/// May this principal change the event's settings, phase, people, links and schedule?
pub fn may_manage_event(principal: &Principal, event_id: &str) -> Result<(), ApiError> {
    allow(principal.event_id == event_id && is_organizer(principal))
}

/// Whose records a principal may download as its own (definitions §10): an investor's or a
/// startup's link, its holder's. The organizer's and the registration link hold no person.
pub fn own_records(principal: &Principal) -> Result<(Kind, &str), ApiError> {
    match (principal.role, principal.subject_id.as_deref()) {
        (Role::Investor, Some(id)) => Ok((Kind::Investor, id)),
        (Role::Startup, Some(id)) => Ok((Kind::Startup, id)),
        _ => Err(ApiError::Forbidden),
    }
}

/// How a principal may read a startup's feedback report (definitions §8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackReader {
    /// The startup itself: only once the organizer released the reports.
    Founder,
    /// The organizer, previewing what the founder will see (released or not).
    Organizer,
}

/// May this principal read this startup's feedback report? Its own link and the organizer;
/// never an investor (the report is the founder's) or the registration link.
pub fn feedback_reader(
    principal: &Principal,
    startup_id: &str,
) -> Result<FeedbackReader, ApiError> {
    if is_organizer(principal) {
        Ok(FeedbackReader::Organizer)
    } else if is_subject(principal, Role::Startup, startup_id) {
        Ok(FeedbackReader::Founder)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// May this principal register a new startup profile?
pub fn may_register_startup(principal: &Principal) -> Result<(), ApiError> {
    allow(is_organizer(principal) || principal.role == Role::Registration)
}

/// May this principal choose the id of a startup it registers? Only the organizer: a startup
/// registering through the shared link gets a fresh id.
pub fn may_choose_startup_id(principal: &Principal) -> bool {
    is_organizer(principal)
}

/// Does this principal register through the event's shared registration link (so its
/// registrations count against the per-address quota and the organizer's registration limit)?
pub fn registers_through_shared_link(principal: &Principal) -> bool {
    principal.role == Role::Registration
}

/// May this principal edit this startup's profile and meeting wishes?
pub fn may_edit_startup(principal: &Principal, startup_id: &str) -> Result<(), ApiError> {
    allow(is_organizer(principal) || is_subject(principal, Role::Startup, startup_id))
}

/// May this principal edit this investor's thesis, capacity, availability and conflicts?
pub fn may_edit_investor(principal: &Principal, investor_id: &str) -> Result<(), ApiError> {
    allow(is_organizer(principal) || is_subject(principal, Role::Investor, investor_id))
}

/// Firm names are the organizer's to set: startups choose whom to meet by them, so an investor
/// editing its own thesis may not change them.
pub fn may_rename_firm(
    principal: &Principal,
    stored: &roadshow_core::model::Investor,
    changed: &roadshow_core::model::Investor,
) -> Result<(), ApiError> {
    let renamed = stored.firm != changed.firm || stored.firm_en != changed.firm_en;
    if renamed && !is_organizer(principal) {
        return Err(ApiError::NotNow {
            code: ErrorCode::SetByOrganizer,
            message: "the firm's name is set by the organizer",
        });
    }
    Ok(())
}

/// The tracks an investor judges (definitions §8.2) are the organizer's to set: an investor's
/// save may leave them out (kept as stored) but not change them.
pub fn may_set_tracks(
    principal: &Principal,
    stored: &roadshow_core::model::Investor,
    changed: &roadshow_core::model::Investor,
) -> Result<(), ApiError> {
    let changes = !changed.tracks.is_empty() && changed.tracks != stored.tracks;
    if changes && !is_organizer(principal) {
        return Err(ApiError::NotNow {
            code: ErrorCode::SetByOrganizer,
            message: "the tracks an investor judges are set by the organizer",
        });
    }
    Ok(())
}

/// Who this principal sends mutations as: an investor or a startup through its own link (each
/// speaking only for itself, checked per change), or the organizer. The registration link sends
/// none.
pub fn mutation_author(principal: &Principal) -> Result<Author, ApiError> {
    match (principal.role, principal.subject_id.as_deref()) {
        (Role::Investor, Some(id)) => Ok(Author::Investor(id.to_owned())),
        (Role::Startup, Some(id)) => Ok(Author::Startup(id.to_owned())),
        (Role::Organizer, _) => Ok(Author::Organizer),
        _ => Err(ApiError::Forbidden),
    }
}

/// Is a profile change by a non-organizer allowed in this phase? Organizers may always edit.
pub fn profile_edits_open(principal: &Principal, event: &StoredEvent, now: &str) -> bool {
    if is_organizer(principal) {
        return true;
    }
    let phase_open = matches!(event.phase, Phase::Draft | Phase::Registration);
    let before_deadline = event
        .registration_closes_at
        .as_deref()
        .is_none_or(|deadline| now < deadline);
    phase_open && before_deadline
}

/// Does the shared registration link take new startups now? Only once the organizer opened
/// registration (not while the event is still being prepared); the organizer may add any time.
pub fn registration_open(principal: &Principal, event: &StoredEvent) -> bool {
    principal.role != Role::Registration || event.phase == Phase::Registration
}

/// Are scores accepted now?
pub fn scoring_open(event: &StoredEvent) -> bool {
    event.phase == Phase::Scoring
}

/// May this principal see this startup's profile?
pub fn may_see_startup(principal: &Principal, startup_id: &str, published: bool) -> bool {
    match principal.role {
        Role::Organizer => true,
        Role::Investor => published,
        Role::Startup => principal.subject_id.as_deref() == Some(startup_id),
        Role::Registration => false,
    }
}

/// The event as this principal may see it: the registration link gets only what registering
/// needs.
pub fn event_view(principal: &Principal, event: &StoredEvent) -> EventView {
    match principal.role {
        Role::Registration => EventView::Registration(Box::new(event.for_registration())),
        Role::Organizer | Role::Investor | Role::Startup => {
            EventView::Full(Box::new(event.record()))
        }
    }
}

/// May this principal hold the live version stream? The registration link has nothing live to
/// follow.
pub fn may_follow_stream(principal: &Principal) -> Result<(), ApiError> {
    allow(principal.role != Role::Registration)
}

/// A startup's fields that only the organizer and the startup itself see: whom it wants to meet
/// or not, and how many meetings it can take. Investors get the pitch, not the wishes.
pub const STARTUP_PRIVATE_FIELDS: [&str; 3] = ["wants_to_meet", "declines", "capacity"];

/// Removes what this principal may not see from a startup's stored profile (as JSON).
pub fn startup_as_seen_by(principal: &Principal, profile: &mut serde_json::Value) {
    let full = matches!(principal.role, Role::Organizer | Role::Startup);
    if let (false, Some(fields)) = (full, profile.as_object_mut()) {
        for field in STARTUP_PRIVATE_FIELDS {
            fields.remove(field);
        }
        // The contact reaches investors only with the founder's separate consent to share it
        // (definitions §10); the consent record itself is the organizer's and the startup's.
        let shared = fields
            .get("consent")
            .and_then(|consent| consent.get("contact_sharing"))
            .and_then(serde_json::Value::as_bool)
            == Some(true);
        fields.remove("consent");
        if !shared {
            fields.remove("contact");
        }
    }
}

/// Is this principal told of startups it could see before and may not any more (unpublished)?
/// Investors are: they see published profiles only, and must drop the ones that left.
pub fn told_of_hidden_startups(principal: &Principal) -> bool {
    principal.role == Role::Investor
}

/// Does this principal hear which startups or investors the organizer removed? Each role hears of
/// the kind it sees: investors of startups, startups of investors, the organizer of both.
pub fn hears_of_removals(principal: &Principal, kind: Kind) -> bool {
    match (principal.role, kind) {
        (Role::Organizer, _) => true,
        (Role::Investor, Kind::Startup) | (Role::Startup, Kind::Investor) => true,
        (Role::Investor, Kind::Investor)
        | (Role::Startup, Kind::Startup)
        | (Role::Registration, _) => false,
    }
}

/// Whose scores and verdicts a principal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoringView<'a> {
    /// Everyone's (the organizer).
    Everyone,
    /// This investor's own, and others' scores as [`may_see_score`] allows.
    Investor(&'a str),
    /// None at all.
    Nobody,
}

pub fn scoring_view(principal: &Principal) -> ScoringView<'_> {
    match (principal.role, principal.subject_id.as_deref()) {
        (Role::Organizer, _) => ScoringView::Everyone,
        (Role::Investor, Some(investor_id)) => ScoringView::Investor(investor_id),
        _ => ScoringView::Nobody,
    }
}

/// How much of an investor's profile this principal may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvestorVisibility {
    Hidden,
    /// Firm, type and investment thesis: what a startup needs to choose whom to meet.
    Public,
    /// Everything, including conflicts, availability and contact.
    Full,
}

pub fn investor_visibility(principal: &Principal, investor_id: &str) -> InvestorVisibility {
    match principal.role {
        Role::Organizer => InvestorVisibility::Full,
        Role::Investor if principal.subject_id.as_deref() == Some(investor_id) => {
            InvestorVisibility::Full
        }
        Role::Startup => InvestorVisibility::Public,
        Role::Investor | Role::Registration => InvestorVisibility::Hidden,
    }
}

/// The reveal mode of a score in `round` (`""`: an event without rounds): the round's own
/// (definitions §8.1), else the event's.
pub fn reveal_mode_of(event: &StoredEvent, round: &str) -> RevealMode {
    event
        .settings
        .rounds
        .iter()
        .find(|known| known.id == round)
        .and_then(roadshow_core::model::Round::reveal)
        .unwrap_or(event.reveal_mode)
}

/// May this principal see a score written by `scorer` on a startup in `round`?
/// `viewer_scored_startup` says whether the viewer (an investor) has scored that startup itself
/// in that round.
pub fn may_see_score(
    principal: &Principal,
    event: &StoredEvent,
    scorer: &str,
    round: &str,
    viewer_scored_startup: bool,
) -> bool {
    match principal.role {
        Role::Organizer => true,
        Role::Investor if principal.subject_id.as_deref() == Some(scorer) => true,
        Role::Investor => match reveal_mode_of(event, round) {
            RevealMode::Never => false,
            RevealMode::AfterOwnScoring => viewer_scored_startup,
            RevealMode::AfterOrganizerReveal => event.scores_revealed,
        },
        // Startups never receive anyone's individual scores.
        Role::Startup | Role::Registration => false,
    }
}

/// May this principal see this published (or draft) meeting? An investor sees the meetings it
/// holds or attends (definitions §8.6).
pub fn may_see_meeting(
    principal: &Principal,
    event: &StoredEvent,
    meeting: &PlannedMeeting,
) -> bool {
    match principal.role {
        Role::Organizer => true,
        Role::Investor => {
            event.meetings_published
                && principal
                    .subject_id
                    .as_deref()
                    .is_some_and(|id| meeting.attended_by(id))
        }
        Role::Startup => {
            event.meetings_published && principal.subject_id.as_deref() == Some(&meeting.startup)
        }
        Role::Registration => false,
    }
}

/// Removes from a meeting's state what this principal may not see: the other side's own words
/// on why it declined (the reason chip stays; the organizer sees everything).
pub fn meeting_state_as_seen_by(principal: &Principal, state: &mut MeetingState) {
    let other = match principal.role {
        Role::Organizer => return,
        Role::Investor => &mut state.sides.startup,
        Role::Startup | Role::Registration => &mut state.sides.investor,
    };
    if let Some(Answer::Decline { text, .. }) = &mut other.answer {
        *text = None;
    }
}

/// May this principal see this pair's follow-up record (its stage, amount and date)? The
/// organizer sees all; an investor and a startup only their own pairs — never another
/// startup's or another investor's amounts.
pub fn may_see_follow_up(principal: &Principal, investor_id: &str, startup_id: &str) -> bool {
    match principal.role {
        Role::Organizer => true,
        Role::Investor => principal.subject_id.as_deref() == Some(investor_id),
        Role::Startup => principal.subject_id.as_deref() == Some(startup_id),
        Role::Registration => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadshow_core::event_draft::EventDraft;

    fn principal(event_id: &str, role: Role, subject: Option<&str>) -> Principal {
        Principal {
            event_id: event_id.into(),
            role,
            subject_id: subject.map(str::to_owned),
            link_id: "0000000000000000".into(),
        }
    }

    fn event(reveal_mode: RevealMode, scores_revealed: bool) -> StoredEvent {
        let draft = EventDraft {
            name: "E".into(),
            venue: String::new(),
            starts_at: "2026-12-10T10:00".into(),
            ends_at: "2026-12-10T15:00".into(),
        };
        StoredEvent {
            settings: draft.validate().unwrap().into_event("e1"),
            phase: Phase::Scoring,
            reveal_mode,
            scores_revealed,
            registration_closes_at: None,
            meetings_published: true,
            fictional: false,
            pitching: Default::default(),
            feedback: Default::default(),
            current_round: None,
            version: 1,
            settings_version: 1,
        }
    }

    #[test]
    fn only_the_events_organizer_manages_it() {
        assert!(may_manage_event(&principal("e1", Role::Organizer, None), "e1").is_ok());
        assert!(may_manage_event(&principal("e2", Role::Organizer, None), "e1").is_err());
        for role in [Role::Investor, Role::Registration, Role::Startup] {
            assert!(may_manage_event(&principal("e1", role, Some("x")), "e1").is_err());
        }
    }

    #[test]
    fn score_visibility_follows_the_reveal_mode() {
        let a = principal("e1", Role::Investor, Some("a"));
        let startup = principal("e1", Role::Startup, Some("s1"));
        let organizer = principal("e1", Role::Organizer, None);
        // (mode, revealed, viewer scored it) → may investor A see investor B's score?
        let cases = [
            (RevealMode::Never, true, true, false),
            (RevealMode::AfterOwnScoring, false, false, false),
            (RevealMode::AfterOwnScoring, false, true, true),
            (RevealMode::AfterOrganizerReveal, false, true, false),
            (RevealMode::AfterOrganizerReveal, true, false, true),
        ];
        for (mode, revealed, scored, expected) in cases {
            let event = event(mode, revealed);
            assert_eq!(
                may_see_score(&a, &event, "b", "", scored),
                expected,
                "{mode:?} {revealed} {scored}"
            );
            assert!(
                may_see_score(&a, &event, "a", "", false),
                "own scores always"
            );
            assert!(may_see_score(&organizer, &event, "b", "", false));
            assert!(
                !may_see_score(&startup, &event, "b", "", true),
                "startups never"
            );
        }
    }

    #[test]
    fn each_own_link_and_the_organizer_send_mutations_as_themselves() {
        assert_eq!(
            mutation_author(&principal("e1", Role::Investor, Some("a"))).unwrap(),
            Author::Investor("a".into())
        );
        assert_eq!(
            mutation_author(&principal("e1", Role::Startup, Some("s1"))).unwrap(),
            Author::Startup("s1".into())
        );
        assert_eq!(
            mutation_author(&principal("e1", Role::Organizer, None)).unwrap(),
            Author::Organizer
        );
        assert!(mutation_author(&principal("e1", Role::Registration, None)).is_err());
        // A link of a kind that names nobody cannot speak for anyone.
        assert!(mutation_author(&principal("e1", Role::Investor, None)).is_err());
    }

    #[test]
    fn each_role_hears_of_the_removals_of_what_it_sees() {
        let organizer = principal("e1", Role::Organizer, None);
        let investor = principal("e1", Role::Investor, Some("a"));
        let startup = principal("e1", Role::Startup, Some("s1"));
        let registration = principal("e1", Role::Registration, None);
        let heard = |principal: &Principal| {
            (
                hears_of_removals(principal, Kind::Startup),
                hears_of_removals(principal, Kind::Investor),
            )
        };
        assert_eq!(heard(&organizer), (true, true));
        assert_eq!(heard(&investor), (true, false));
        assert_eq!(heard(&startup), (false, true));
        assert_eq!(heard(&registration), (false, false));
    }

    #[test]
    fn scores_and_verdicts_are_read_by_the_organizer_and_each_investor() {
        assert_eq!(
            scoring_view(&principal("e1", Role::Organizer, None)),
            ScoringView::Everyone
        );
        assert_eq!(
            scoring_view(&principal("e1", Role::Investor, Some("a"))),
            ScoringView::Investor("a")
        );
        assert_eq!(
            scoring_view(&principal("e1", Role::Investor, None)),
            ScoringView::Nobody
        );
        for role in [Role::Startup, Role::Registration] {
            assert_eq!(
                scoring_view(&principal("e1", role, Some("s1"))),
                ScoringView::Nobody
            );
        }
    }

    #[test]
    fn startups_see_their_own_profile_investors_see_published_ones() {
        let investor = principal("e1", Role::Investor, Some("a"));
        let own = principal("e1", Role::Startup, Some("s1"));
        assert!(may_see_startup(&investor, "s1", true));
        assert!(!may_see_startup(&investor, "s1", false));
        assert!(may_see_startup(&own, "s1", false));
        assert!(!may_see_startup(&own, "s2", true));
        assert!(!may_see_startup(
            &principal("e1", Role::Registration, None),
            "s1",
            true
        ));
    }
}
