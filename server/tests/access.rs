//! The authorization matrix: every route × every role, with the expected status, and the absence
//! of what a role may not see in what it receives.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, score, Roadshow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Organizer,
    OtherOrganizer,
    InvestorA,
    InvestorB,
    Startup,
    Registration,
    Anonymous,
    Revoked,
    /// The organizer of the program the cell's event belongs to (definitions §7.5).
    ProgramOrganizer,
}

const EVERYONE: [Who; 9] = [
    Who::Organizer,
    Who::OtherOrganizer,
    Who::InvestorA,
    Who::InvestorB,
    Who::Startup,
    Who::Registration,
    Who::Anonymous,
    Who::Revoked,
    Who::ProgramOrganizer,
];

/// The secret `who` sends; the program organizer's is the cell's own program's.
fn secret_with_program(roadshow: &Roadshow, program: &Program, who: Who) -> Option<String> {
    match who {
        Who::ProgramOrganizer => Some(program.key.clone()),
        _ => secret(roadshow, who),
    }
}

fn secret(roadshow: &Roadshow, who: Who) -> Option<String> {
    match who {
        Who::ProgramOrganizer => panic!("a program's key is its cell's: secret_with_program"),
        Who::Organizer => Some(roadshow.organizer.clone()),
        Who::OtherOrganizer => Some(roadshow.other_organizer.clone()),
        Who::InvestorA => Some(roadshow.investor_a.clone()),
        Who::InvestorB => Some(roadshow.investor_b.clone()),
        Who::Startup => Some(roadshow.startup.clone()),
        Who::Registration => Some(roadshow.registration.clone()),
        Who::Anonymous => None,
        Who::Revoked => Some(roadshow.revoked.clone()),
    }
}

/// Unauthenticated callers always get 401: at an event's routes, no, a foreign or revoked link,
/// or a program's link; at a program's routes, every link but the program's own.
fn outsider(who: Who, path: &str) -> bool {
    if path.starts_with("/api/programs/") {
        who != Who::ProgramOrganizer
    } else {
        matches!(
            who,
            Who::OtherOrganizer | Who::Anonymous | Who::Revoked | Who::ProgramOrganizer
        )
    }
}

/// The program the cell's event belongs to, and its organizer's secret.
struct Program {
    id: String,
    key: String,
}

async fn program_of(roadshow: &Roadshow) -> Program {
    let created = roadshow
        .app
        .send(
            Method::POST,
            "/api/programs",
            None,
            Some(json!({"name": "2026 상생이음 로드쇼"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let key = support::secret_of(created.json()["organizer_link"].as_str().unwrap());
    let joined = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/programs/{id}/events/{}", roadshow.event),
            Some(&key),
            Some(json!({"organizer_key": roadshow.organizer})),
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.text());
    Program { id, key }
}

struct Route {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    /// Status for each caller who holds a live link of this event.
    allowed: &'static [(Who, StatusCode)],
}

fn routes() -> Vec<Route> {
    use StatusCode as S;
    use Who::*;
    let startup_profile = json!({"id": "", "name": "New startup", "status": "published", "field": "hydrogen", "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com"});
    vec![
        Route {
            method: Method::GET,
            path: "/api/events/{e}",
            body: None,
            allowed: &[
                (Organizer, S::OK),
                (InvestorA, S::OK),
                (InvestorB, S::OK),
                (Startup, S::OK),
                (Registration, S::OK),
            ],
        },
        Route {
            method: Method::PATCH,
            path: "/api/events/{e}",
            body: Some(json!({"phase": "scoring"})),
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/registration-link",
            body: None,
            allowed: &[(Organizer, S::CREATED)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/investors",
            body: Some(json!({"id": "", "firm": "New firm"})),
            allowed: &[(Organizer, S::CREATED)],
        },
        Route {
            method: Method::PUT,
            path: "/api/events/{e}/investors/A",
            body: Some(json!({"id": "A", "firm": "Firm A", "capacity": 5})),
            allowed: &[(Organizer, S::OK), (InvestorA, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/investors/B/link",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/startups",
            body: Some(startup_profile),
            // Scoring is open in this fixture, so registration is over: the link is valid, the phase is not.
            allowed: &[(Organizer, S::CREATED), (Registration, S::CONFLICT)],
        },
        Route {
            method: Method::PUT,
            path: "/api/events/{e}/startups/S1",
            body: Some(
                json!({"id": "S1", "name": "Startup S1", "status": "published", "field": "hydrogen",
            "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com", "wants_to_meet": ["A"]}),
            ),
            allowed: &[(Organizer, S::OK), (Startup, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/startups/S1/link",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/mutations",
            body: Some(
                json!({"client_id": "matrix", "mutations": [score(1, "S1", "market", json!(5))]}),
            ),
            // Every link that names someone, and the organizer, may send mutations; whether
            // each item is theirs to send is the item's answer (see the outcome matrix below).
            allowed: &[
                (Organizer, S::OK),
                (InvestorA, S::OK),
                (InvestorB, S::OK),
                (Startup, S::OK),
            ],
        },
        Route {
            method: Method::GET,
            path: "/api/events/{e}/changes?since=0",
            body: None,
            allowed: &[
                (Organizer, S::OK),
                (InvestorA, S::OK),
                (InvestorB, S::OK),
                (Startup, S::OK),
                (Registration, S::OK),
            ],
        },
        Route {
            method: Method::GET,
            path: "/api/events/{e}/stream",
            body: None,
            // The registration link has nothing live to follow (issue 12, item 12).
            allowed: &[
                (Organizer, S::OK),
                (InvestorA, S::OK),
                (InvestorB, S::OK),
                (Startup, S::OK),
            ],
        },
        Route {
            method: Method::GET,
            path: "/api/events/{e}/snapshot",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::PUT,
            path: "/api/events/{e}/meetings",
            body: Some(
                json!({"meetings": [{"investor": "A", "startup": "S1", "slot": 0, "table": 0}], "published": false}),
            ),
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::DELETE,
            path: "/api/events/{e}/registration-link",
            body: None,
            allowed: &[(Organizer, S::NO_CONTENT)],
        },
        Route {
            method: Method::DELETE,
            path: "/api/events/{e}/investors/B/link",
            body: None,
            allowed: &[(Organizer, S::NO_CONTENT)],
        },
        Route {
            method: Method::DELETE,
            path: "/api/events/{e}/startups/S1/link",
            body: None,
            allowed: &[(Organizer, S::NO_CONTENT)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/investors/roster",
            body: Some(json!({"investors": [{"id": "", "firm": "Roster Firm"}]})),
            allowed: &[(Organizer, S::OK)],
        },
        // A link holder's own records (definitions §10): investors' and startups' links only.
        Route {
            method: Method::GET,
            path: "/api/events/{e}/my-data",
            body: None,
            allowed: &[(InvestorA, S::OK), (InvestorB, S::OK), (Startup, S::OK)],
        },
        // Accountability and erasure (definitions §10). The fixture has B's erasure request
        // (id 1, see `seed_private_data`); nobody but B and the organizer sees it.
        Route {
            method: Method::GET,
            path: "/api/events/{e}/audit",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::GET,
            path: "/api/events/{e}/erasure-requests",
            body: None,
            allowed: &[
                (Organizer, S::OK),
                (InvestorA, S::OK),
                (InvestorB, S::OK),
                (Startup, S::OK),
            ],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/erasure-requests",
            body: Some(json!({"note": "erase me"})),
            // B's request is waiting already: asking again returns it.
            allowed: &[
                (InvestorA, S::CREATED),
                (InvestorB, S::OK),
                (Startup, S::CREATED),
            ],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/erasure-requests/1/execute",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        // Feedback reports (definitions §8.4): the startup's own, once released (the fixture is
        // still scoring, so not yet), and the organizer's preview of any.
        Route {
            method: Method::GET,
            path: "/api/events/{e}/startups/S1/feedback",
            body: None,
            allowed: &[(Organizer, S::OK), (Startup, S::CONFLICT)],
        },
        Route {
            method: Method::GET,
            path: "/api/events/{e}/startups/S2/feedback",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/retention/erase",
            body: None,
            // The fixture's retention date (a year after it ends) has not come.
            allowed: &[(Organizer, S::CONFLICT)],
        },
        // Removing people is the organizer's alone (issue 12, items 3 and 7).
        Route {
            method: Method::DELETE,
            path: "/api/events/{e}/startups/S2",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::DELETE,
            path: "/api/events/{e}/investors/B",
            body: None,
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/startups/remove",
            body: Some(json!({"ids": ["S2"]})),
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/events/{e}/investors/remove",
            body: Some(json!({"ids": ["B"]})),
            allowed: &[(Organizer, S::OK)],
        },
        Route {
            method: Method::GET,
            path: "/api/programs/{p}",
            body: None,
            allowed: &[(ProgramOrganizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/programs/{p}/events",
            body: Some(json!({"name": "부산 로드쇼", "venue": "BEXCO",
                "starts_at": "2026-12-17T10:00", "ends_at": "2026-12-17T15:00"})),
            allowed: &[(ProgramOrganizer, S::CREATED)],
        },
        Route {
            method: Method::PUT,
            path: "/api/programs/{p}/events/{e}",
            body: Some(json!({"organizer_key": "{organizer_key}"})),
            allowed: &[(ProgramOrganizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/programs/{p}/events/{e}/organizer-link",
            body: None,
            allowed: &[(ProgramOrganizer, S::CREATED)],
        },
        Route {
            method: Method::GET,
            path: "/api/programs/{p}/report",
            body: None,
            allowed: &[(ProgramOrganizer, S::OK)],
        },
        Route {
            method: Method::GET,
            path: "/api/programs/{p}/firms",
            body: None,
            allowed: &[(ProgramOrganizer, S::OK)],
        },
        Route {
            method: Method::POST,
            path: "/api/programs/{p}/firms",
            body: Some(json!({"split": {"name": "Firm A"}})),
            allowed: &[(ProgramOrganizer, S::OK)],
        },
    ]
}

/// Private things in every cell's event: B's comment and score, S1's meeting wishes. Each
/// investor's contact (`{id}@vc.example`) is there from the fixture.
async fn seed_private_data(roadshow: &Roadshow) {
    let b = roadshow
        .mutate(
            &roadshow.investor_b,
            "b-seed",
            vec![
                score(1, "S1", "market", json!(2)),
                json!({"seq": 2, "type": "comment", "startup": "S1", "text": "B-PRIVATE-NOTE"}),
            ],
        )
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.text());
    let wishes = json!({"id": "S1", "name": "Startup S1", "status": "published", "field": "hydrogen", "stage": "seed",
        "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com",
        "wants_to_meet": ["A"], "declines": ["B"], "capacity": 3});
    let put = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            Some(wishes),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    // A's investment in S1 after a held meeting: only A, S1 and the organizer may see it.
    seed_investment(roadshow).await;
    // B's erasure request, with words only B and the organizer may read.
    let asked = roadshow
        .app
        .send(
            Method::POST,
            &format!("/api/events/{}/erasure-requests", roadshow.event),
            Some(&roadshow.investor_b),
            Some(json!({"note": "B-ERASURE-NOTE"})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text());
    assert_eq!(asked.json()["id"], 1);
}

/// Meeting times, a published plan (A–S1 in slot 0, B–S1 in slot 1), both meetings held (the
/// organizer marking for both sides), and A's 777,000,000-won investment in S1.
async fn seed_investment(roadshow: &Roadshow) {
    roadshow.set_meeting_times().await;
    let plan = json!({"published": true, "meetings": [
        {"investor": "A", "startup": "S1", "slot": 0, "table": 0},
        {"investor": "B", "startup": "S1", "slot": 1, "table": 0}]});
    let put = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/meetings", roadshow.event),
            Some(&roadshow.organizer),
            Some(plan),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    let mut mutations = Vec::new();
    for investor in ["A", "B"] {
        for side in ["investor", "startup"] {
            mutations.push(
                json!({"seq": mutations.len() + 1, "type": "meeting", "investor": investor,
                "startup": "S1", "on_behalf_of": side, "word": "attendance", "attendance": "held"}),
            );
        }
    }
    mutations.push(
        json!({"seq": 100, "type": "stage", "investor": "A", "startup": "S1",
        "stage": "invested", "amount_krw": 777_000_000, "date": "2027-02-01"}),
    );
    mutations.push(
        json!({"seq": 101, "type": "stage", "investor": "B", "startup": "S1",
        "stage": "follow_up"}),
    );
    let seeded = roadshow
        .mutate(&roadshow.organizer, "seed-console", mutations)
        .await;
    assert_eq!(seeded.status, StatusCode::OK, "{}", seeded.text());
    for result in seeded.json()["results"].as_array().unwrap() {
        assert_eq!(result["status"], "applied", "{result}");
    }
}

/// Text that must never appear in a successful answer to this caller.
fn forbidden_in_answers(who: Who) -> &'static [&'static str] {
    match who {
        Who::Organizer => &[],
        // Another investor's comment, contact, and a startup's wishes (the default reveal mode
        // keeps others' scores back too; the matrix event has not revealed them).
        Who::InvestorA => &[
            "B-ERASURE-NOTE",
            // S1's contact: its founder did not consent to sharing it (definitions §10).
            "ceo@example.com",
            "B-PRIVATE-NOTE",
            "B@vc.example",
            "C@vc.example",
            "\"declines\"",
            "\"wants_to_meet\"",
        ],
        Who::InvestorB => &[
            "ceo@example.com",
            "A@vc.example",
            "C@vc.example",
            "\"declines\"",
            "\"wants_to_meet\"",
            "777000000",
        ],
        Who::Startup => &[
            "B-PRIVATE-NOTE",
            "B-ERASURE-NOTE",
            "@vc.example",
            "\"conflicts\"",
            "\"value\"",
        ],
        Who::Registration => &[
            "777000000",
            "B-ERASURE-NOTE",
            "Startup S1",
            "Firm A",
            "@vc.example",
            "B-PRIVATE-NOTE",
            "\"match\"",
            "\"reveal_mode\"",
        ],
        // The program's figures, its events and its firms' names (companies, which the program
        // organizer corrects): never a person's record (contacts, comments, erasure notes) nor
        // a startup's name.
        Who::ProgramOrganizer => &[
            "B-ERASURE-NOTE",
            "Startup S1",
            "@vc.example",
            "ceo@example.com",
            "B-PRIVATE-NOTE",
            "\"contact\"",
        ],
        Who::OtherOrganizer | Who::Anonymous | Who::Revoked => &[
            "B-ERASURE-NOTE",
            "Startup S1",
            "Firm A",
            "@vc.example",
            "B-PRIVATE-NOTE",
            "777000000",
        ],
    }
}

/// Every operation of the OpenAPI document that needs a link has its row in the matrix (its
/// path with the fixture's ids), so a new route cannot be added without being checked.
#[test]
fn the_matrix_covers_every_documented_operation() {
    let document: Value = serde_json::from_str(include_str!("../openapi.json")).unwrap();
    let covered: std::collections::BTreeSet<(String, String)> = routes()
        .iter()
        .map(|route| {
            (
                route.method.to_string(),
                route.path.split('?').next().unwrap().to_owned(),
            )
        })
        .collect();
    let mut missing = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("security") == Some(&json!([]))
                || !operation.is_object()
                || method == "parameters"
            {
                continue;
            }
            let method = method.to_uppercase();
            let concrete = format!("/api{path}")
                .replace("{event_id}", "{e}")
                .replace("{program_id}", "{p}");
            let matches = covered.iter().any(|(known_method, known_path)| {
                *known_method == method
                    && known_path.split('/').count() == concrete.split('/').count()
                    && known_path
                        .split('/')
                        .zip(concrete.split('/'))
                        .all(|(known, documented)| {
                            known == documented
                                || (documented.starts_with('{')
                                    && documented != "{e}"
                                    && documented != "{p}")
                        })
            });
            if !matches {
                missing.push(format!("{method} {concrete}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations missing from the matrix: {missing:?}"
    );
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_rules_say() {
    for route in routes() {
        for who in EVERYONE {
            // A fresh event per cell: a successful write must not change what the next cell sees.
            let roadshow = roadshow().await;
            seed_private_data(&roadshow).await;
            let program = program_of(&roadshow).await;
            let path = route
                .path
                .replace("{e}", &roadshow.event)
                .replace("{p}", &program.id);
            let secret = secret_with_program(&roadshow, &program, who);
            let body = route.body.as_ref().map(|body| {
                serde_json::from_str(
                    &body
                        .to_string()
                        .replace("{organizer_key}", &roadshow.organizer),
                )
                .unwrap()
            });
            let answer = roadshow
                .app
                .send(route.method.clone(), &path, secret.as_deref(), body)
                .await;
            let expected = if outsider(who, route.path) {
                StatusCode::UNAUTHORIZED
            } else {
                route
                    .allowed
                    .iter()
                    .find(|(allowed, _)| *allowed == who)
                    .map_or(StatusCode::FORBIDDEN, |(_, status)| *status)
            };
            assert_eq!(
                answer.status,
                expected,
                "{} {path} as {who:?}: {}",
                route.method,
                answer.text()
            );
            if answer.status.is_success() {
                // What each role receives when it is let in, not only when it is refused.
                let text = answer.text();
                for marker in forbidden_in_answers(who) {
                    assert!(
                        !text.contains(marker),
                        "{} {path} as {who:?} received {marker:?}: {text}",
                        route.method
                    );
                }
            } else {
                let body = answer.json();
                assert!(
                    body["code"].is_string() && body["message"].is_string(),
                    "{body}"
                );
                assert!(
                    !answer.text().contains("Startup S1") && !answer.text().contains("Firm A"),
                    "no data in errors"
                );
            }
        }
    }
}

/// The routes that need no link (the probes and the metrics) answer every caller alike, with or
/// without a link of any role, and their answers hold nothing of an event: no id, no name, no
/// secret, no personal field.
#[tokio::test]
async fn the_probes_and_metrics_answer_everyone_alike_and_name_no_event() {
    let roadshow = roadshow().await;
    seed_private_data(&roadshow).await;
    let program = program_of(&roadshow).await;
    let mut private: Vec<String> = vec![
        roadshow.event.clone(),
        program.id.clone(),
        "Startup S1".to_owned(),
        "Firm A".to_owned(),
        "ceo@example.com".to_owned(),
    ];
    private.extend(
        EVERYONE
            .iter()
            .filter_map(|who| secret_with_program(&roadshow, &program, *who)),
    );
    for path in ["/api/health", "/api/ready", "/metrics"] {
        let mut answers = Vec::new();
        for who in EVERYONE {
            let secret = secret_with_program(&roadshow, &program, who);
            let answer = roadshow
                .app
                .send(Method::GET, path, secret.as_deref(), None)
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{path} as {who:?}");
            let text = answer.text();
            for marker in &private {
                assert!(
                    !text.contains(marker.as_str()),
                    "{path} as {who:?} holds {marker:?}"
                );
            }
            answers.push(text);
        }
        if path != "/metrics" {
            // A scrape counts the scrapes before it; the probes' answers are the same for all.
            assert!(
                answers.windows(2).all(|pair| pair[0] == pair[1]),
                "{path}: {answers:?}"
            );
        }
    }
}

#[tokio::test]
async fn nobody_receives_what_their_role_may_not_see() {
    let roadshow = roadshow().await;
    let a = roadshow
        .mutate(
            &roadshow.investor_a,
            "a-phone",
            vec![score(1, "S1", "innovation", json!(9))],
        )
        .await;
    assert_eq!(a.json()["results"][0]["status"], "applied");
    let b = roadshow
        .mutate(
            &roadshow.investor_b,
            "b-phone",
            vec![
                score(1, "S1", "innovation", json!(2)),
                json!({"seq": 2, "type": "interest", "startup": "S1", "want": true}),
                json!({"seq": 3, "type": "comment", "startup": "S1", "text": "B's private note"}),
            ],
        )
        .await;
    assert!(
        b.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|result| result["status"] == "applied"),
        "{}",
        b.text()
    );

    // Investor A: its own score only (reveal waits for the organizer), published startups only,
    // its own profile only, no one else's verdicts.
    let seen = roadshow.changes(&roadshow.investor_a, 0).await;
    let scores = seen["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 1, "{seen}");
    assert_eq!(scores[0]["investor"], "A");
    let startups: Vec<&str> = seen["startups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        startups,
        vec!["S1"],
        "the draft S2 is not shown to investors"
    );
    let investors: Vec<&str> = seen["investors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(investors, vec!["A"]);
    assert!(!seen.to_string().contains("B's private note"));
    assert_eq!(seen["verdicts"].as_array().unwrap().len(), 0);

    // The startup: no scores, no verdicts, investors only as public thesis (no contact, no conflicts).
    let seen = roadshow.changes(&roadshow.startup, 0).await;
    assert_eq!(seen["scores"].as_array().unwrap().len(), 0);
    assert_eq!(seen["verdicts"].as_array().unwrap().len(), 0);
    let text =
        seen["investors"].to_string() + &seen["verdicts"].to_string() + &seen["scores"].to_string();
    for secret_field in [
        "contact",
        "conflicts",
        "capacity",
        "unavailable_slots",
        "@vc.example",
        "private note",
    ] {
        assert!(
            !text.contains(secret_field),
            "startup saw {secret_field}: {text}"
        );
    }
    assert_eq!(seen["investors"].as_array().unwrap().len(), 3);
    let startups: Vec<&str> = seen["startups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(startups, vec!["S1"], "a startup sees only its own profile");

    // Registration link: what registering needs, nothing about people or the event's internals.
    let seen = roadshow.changes(&roadshow.registration, 0).await;
    for list in ["startups", "investors", "scores", "verdicts", "meetings"] {
        assert_eq!(seen[list].as_array().unwrap().len(), 0, "{list}: {seen}");
    }
    // The event record carries settings and live state side by side; the registration link
    // gets a few of each.
    let keys_of = |value: &serde_json::Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort_unstable();
        keys
    };
    assert_eq!(keys_of(&seen["event"]), ["live", "settings"], "{seen}");
    assert_eq!(
        keys_of(&seen["event"]["settings"]),
        [
            "criteria",
            "ends_at",
            "id",
            "name",
            "scale",
            "starts_at",
            "venue"
        ],
        "{seen}"
    );
    assert_eq!(
        keys_of(&seen["event"]["live"]),
        ["fictional", "phase", "registration_closes_at"],
        "{seen}"
    );
    let path = format!("/api/events/{}", roadshow.event);
    let event = roadshow
        .app
        .send(Method::GET, &path, Some(&roadshow.registration), None)
        .await
        .json();
    for internal in [
        "match",
        "reveal_mode",
        "scores_revealed",
        "meetings_published",
        "version",
        "min_judges",
        "meetings",
    ] {
        let record = &event["event"];
        assert!(
            record.get(internal).is_none()
                && record["settings"].get(internal).is_none()
                && record["live"].get(internal).is_none(),
            "registration saw {internal}: {event}"
        );
    }
    assert_eq!(event["event"]["settings"]["name"], "Roadshow", "{event}");
    assert_eq!(event["role"], "registration");

    // Investors get each pitch without the startup's private wishes and capacity.
    let wishes = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"id": "S1", "name": "Startup S1", "status": "published", "field": "hydrogen", "stage": "seed",
                "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com",
                "wants_to_meet": ["A"], "declines": ["B"], "capacity": 3})),
        )
        .await;
    assert_eq!(wishes.status, StatusCode::OK, "{}", wishes.text());
    for investor in [&roadshow.investor_a, &roadshow.investor_b] {
        let seen = roadshow.changes(investor, 0).await;
        let s1 = seen["startups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|startup| startup["id"] == "S1")
            .unwrap()
            .clone();
        for field in roadshow_server::permissions::STARTUP_PRIVATE_FIELDS {
            assert!(
                s1.get(field).is_none(),
                "an investor saw the startup's {field}: {s1}"
            );
        }
        assert_eq!(s1["pitch_ko"], "수소 발표", "the pitch itself is there");
    }
    for (who, secret) in [
        ("organizer", &roadshow.organizer),
        ("startup", &roadshow.startup),
    ] {
        let seen = roadshow.changes(secret, 0).await;
        let s1 = seen["startups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|startup| startup["id"] == "S1")
            .unwrap()
            .clone();
        assert_eq!(
            (&s1["wants_to_meet"], &s1["declines"], &s1["capacity"]),
            (&json!(["A"]), &json!(["B"]), &json!(3)),
            "{who}"
        );
    }

    // The organizer sees everything.
    let seen = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(seen["scores"].as_array().unwrap().len(), 2);
    assert_eq!(seen["startups"].as_array().unwrap().len(), 2);
    assert!(seen.to_string().contains("B's private note"));
}

#[tokio::test]
async fn the_registration_link_registers_while_registration_is_open() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}", roadshow.event);
    let reopen = roadshow
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"phase": "registration"})),
        )
        .await;
    assert_eq!(reopen.status, StatusCode::OK);
    let startup =
        json!({"id": "", "name": "Registered", "status": "draft", "consent": {"collection": true}});
    let answer = roadshow
        .app
        .send(
            Method::POST,
            &format!("{path}/startups"),
            Some(&roadshow.registration),
            Some(startup.clone()),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    assert!(answer.json()["link"]
        .as_str()
        .unwrap()
        .contains("/startup#k="));
    let deadline = roadshow
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"registration_closes_at": "2000-01-01T00:00:00+09:00"})),
        )
        .await;
    assert_eq!(deadline.status, StatusCode::OK);
    let late = roadshow
        .app
        .send(
            Method::POST,
            &format!("{path}/startups"),
            Some(&roadshow.registration),
            Some(startup),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_published_profile_follows_the_forms_rules_field_by_field() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}", roadshow.event);
    let reopen = roadshow
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"phase": "registration"})),
        )
        .await;
    assert_eq!(reopen.status, StatusCode::OK);
    let incomplete = json!({"id": "", "name": "Half done", "status": "published", "zone": "atlantis",
        "website": "example.kr", "ask_krw": -5});
    let answer = roadshow
        .app
        .send(
            Method::POST,
            &format!("{path}/startups"),
            Some(&roadshow.registration),
            Some(incomplete),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    let fields = answer.json()["fields"].clone();
    for (field, code) in [
        ("field", "required"),
        ("stage", "required"),
        ("pitch_ko", "required"),
        ("contact", "required"),
        ("zone", "unknown_id"),
        ("website", "invalid_format"),
        ("ask_krw", "negative"),
    ] {
        assert!(
            fields[field]
                .as_array()
                .is_some_and(|problems| problems.iter().any(|problem| problem["code"] == code)),
            "{field}: {code} missing in {fields}"
        );
    }
    let before = roadshow.changes(&roadshow.organizer, 0).await["startups"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, 2, "nothing stored");
    let draft =
        json!({"id": "", "name": "Half done", "status": "draft", "consent": {"collection": true}});
    let answer = roadshow
        .app
        .send(
            Method::POST,
            &format!("{path}/startups"),
            Some(&roadshow.registration),
            Some(draft),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "a draft needs only its name: {}",
        answer.text()
    );
}

#[tokio::test]
async fn reveal_modes_decide_when_investors_see_each_other() {
    let roadshow = roadshow().await;
    let patch = |body: Value| {
        let roadshow = &roadshow;
        async move {
            let answer = roadshow
                .app
                .send(
                    Method::PATCH,
                    &format!("/api/events/{}", roadshow.event),
                    Some(&roadshow.organizer),
                    Some(body),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        }
    };
    roadshow
        .mutate(
            &roadshow.investor_a,
            "a",
            vec![score(1, "S1", "market", json!(8))],
        )
        .await;
    let others_seen_by_b = |changes: Value| {
        changes["scores"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["investor"] == "A")
            .count()
    };

    patch(json!({"reveal_mode": "never", "scores_revealed": true})).await;
    assert_eq!(
        others_seen_by_b(roadshow.changes(&roadshow.investor_b, 0).await),
        0
    );

    patch(json!({"reveal_mode": "after-own-scoring"})).await;
    assert_eq!(
        others_seen_by_b(roadshow.changes(&roadshow.investor_b, 0).await),
        0,
        "B has not scored S1 yet"
    );
    let before = roadshow.changes(&roadshow.investor_b, 0).await["version"]
        .as_i64()
        .unwrap();
    roadshow
        .mutate(
            &roadshow.investor_b,
            "b",
            vec![score(1, "S1", "market", json!(3))],
        )
        .await;
    assert_eq!(
        others_seen_by_b(roadshow.changes(&roadshow.investor_b, before).await),
        1,
        "A's older score arrives with the change that unlocked it"
    );

    patch(json!({"reveal_mode": "after-organizer-reveal", "scores_revealed": false})).await;
    assert_eq!(
        others_seen_by_b(roadshow.changes(&roadshow.investor_b, 0).await),
        0
    );
    let before = roadshow.changes(&roadshow.investor_b, 0).await["version"]
        .as_i64()
        .unwrap();
    patch(json!({"scores_revealed": true})).await;
    assert_eq!(
        others_seen_by_b(roadshow.changes(&roadshow.investor_b, before).await),
        1
    );
    // Startups never, whatever the mode.
    assert_eq!(
        roadshow.changes(&roadshow.startup, 0).await["scores"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn abstaining_reveals_nothing_under_after_own_scoring() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}", roadshow.event);
    let mode = roadshow
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"reveal_mode": "after-own-scoring"})),
        )
        .await;
    assert_eq!(mode.status, StatusCode::OK, "{}", mode.text());
    let b = roadshow
        .mutate(
            &roadshow.investor_b,
            "b",
            vec![score(1, "S1", "market", json!(2))],
        )
        .await;
    assert_eq!(b.json()["results"][0]["status"], "applied");
    let others = |seen: &Value| {
        seen["scores"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["investor"] != "A")
            .count()
    };

    let whole = roadshow
        .mutate(
            &roadshow.investor_a,
            "a",
            vec![json!({"seq": 1, "type": "abstain", "startup": "S1", "abstain": true})],
        )
        .await;
    assert_eq!(whole.json()["results"][0]["status"], "applied");
    assert_eq!(
        others(&roadshow.changes(&roadshow.investor_a, 0).await),
        0,
        "a whole-pitch abstention reveals nothing"
    );
    let criterion = roadshow.mutate(&roadshow.investor_a, "a", vec![
        json!({"seq": 2, "type": "abstain", "startup": "S1", "abstain": false}),
        json!({"seq": 3, "type": "abstain", "startup": "S1", "criterion": "market", "abstain": true}),
    ]).await;
    assert!(
        criterion.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|result| result["status"] == "applied"),
        "{}",
        criterion.text()
    );
    assert_eq!(
        others(&roadshow.changes(&roadshow.investor_a, 0).await),
        0,
        "nor does abstaining on a criterion"
    );
    let scored = roadshow
        .mutate(
            &roadshow.investor_a,
            "a",
            vec![score(4, "S1", "innovation", json!(7))],
        )
        .await;
    assert_eq!(scored.json()["results"][0]["status"], "applied");
    assert_eq!(
        others(&roadshow.changes(&roadshow.investor_a, 0).await),
        1,
        "a score given opens the others'"
    );
}

#[tokio::test]
async fn an_investor_cannot_rename_its_firm_but_the_organizer_can() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/investors/A", roadshow.event);
    let profile = |firm: &str| json!({"id": "A", "firm": firm, "type": "vc", "fields": ["hydrogen"], "capacity": 5});
    let renamed = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.investor_a),
            Some(profile("Totally Legit Capital")),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT, "{}", renamed.text());
    assert_eq!(renamed.json()["code"], "set_by_organizer");
    let seen = roadshow.changes(&roadshow.startup, 0).await;
    assert!(
        !seen.to_string().contains("Totally Legit"),
        "startups never see the investor's own rename"
    );
    let thesis = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.investor_a),
            Some(profile("Firm A")),
        )
        .await;
    assert_eq!(
        thesis.status,
        StatusCode::OK,
        "its thesis, with the same firm, is its own: {}",
        thesis.text()
    );
    let by_organizer = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.organizer),
            Some(profile("Firm A Partners")),
        )
        .await;
    assert_eq!(by_organizer.status, StatusCode::OK);
    assert_eq!(by_organizer.json()["firm"], "Firm A Partners");
}

/// One item's answer: its status, the error code and the first field it names.
type Outcome = (&'static str, &'static str, &'static str);

/// A kind of change, the mutation, and each caller's expected answer.
type OutcomeCase = (&'static str, Value, Vec<(Who, Outcome)>);

/// What each kind of outcome mutation (definitions §7.1, §7.4) gets from each caller who may
/// send mutations at all: applied, or rejected with the code and the field it names. Every item
/// names A's or B's pair with S1 (the fixture's startup link is S1's); the event is seeded as
/// in [`seed_investment`]: both meetings held, A–S1 invested, B–S1 at follow_up.
#[tokio::test]
async fn every_outcome_change_answers_every_role_as_the_rules_say() {
    use Who::*;
    let accept = json!({"type": "meeting", "investor": "A", "startup": "S1", "word": "answer", "answer": "accept"});
    let on_behalf = json!({"type": "meeting", "investor": "A", "startup": "S1", "on_behalf_of": "startup",
        "word": "answer", "answer": "decline", "reason": "other", "text": "x"});
    let cancel = json!({"type": "meeting", "investor": "A", "startup": "S1", "word": "cancel", "cancelled": true});
    let forward =
        json!({"type": "stage", "investor": "B", "startup": "S1", "stage": "due_diligence"});
    let back = json!({"type": "stage", "investor": "A", "startup": "S1", "stage": "term_sheet"});
    let confirm =
        json!({"type": "investment", "investor": "A", "startup": "S1", "confirmed": true});
    let applied = ("applied", "", "");
    let cases: Vec<OutcomeCase> = vec![
        (
            "answer",
            accept,
            vec![
                (Organizer, ("rejected", "invalid", "on_behalf_of")),
                (InvestorA, applied),
                (InvestorB, ("rejected", "invalid", "investor")),
                (Startup, applied),
            ],
        ),
        (
            "answer on behalf",
            on_behalf,
            vec![
                (Organizer, applied),
                (InvestorA, ("rejected", "invalid", "on_behalf_of")),
                (InvestorB, ("rejected", "invalid", "investor")),
                (Startup, ("rejected", "invalid", "on_behalf_of")),
            ],
        ),
        (
            "cancel",
            cancel,
            vec![
                (Organizer, applied),
                (InvestorA, ("rejected", "forbidden", "")),
                (InvestorB, ("rejected", "invalid", "investor")),
                (Startup, ("rejected", "forbidden", "")),
            ],
        ),
        (
            "stage forward",
            forward,
            vec![
                (Organizer, applied),
                (InvestorA, ("rejected", "invalid", "investor")),
                (InvestorB, applied),
                (Startup, ("rejected", "forbidden", "")),
            ],
        ),
        (
            "stage back",
            back,
            vec![
                (Organizer, applied),
                (InvestorA, ("rejected", "invalid", "stage")),
                (InvestorB, ("rejected", "invalid", "investor")),
                (Startup, ("rejected", "forbidden", "")),
            ],
        ),
        (
            "confirm investment",
            confirm,
            vec![
                (Organizer, applied),
                (InvestorA, ("rejected", "forbidden", "")),
                (InvestorB, ("rejected", "invalid", "investor")),
                (Startup, applied),
            ],
        ),
    ];
    for (name, change, expected) in cases {
        for (who, (status, code, field)) in expected {
            let roadshow = roadshow().await;
            seed_investment(&roadshow).await;
            let mut mutation = change.clone();
            mutation["seq"] = json!(1);
            let answer = roadshow
                .mutate(&secret(&roadshow, who).unwrap(), "matrix", vec![mutation])
                .await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{name} as {who:?}: {}",
                answer.text()
            );
            let result = &answer.json()["results"][0];
            let got_field = result["error"]["fields"]
                .as_object()
                .and_then(|fields| fields.keys().next().cloned())
                .unwrap_or_default();
            assert_eq!(
                (
                    result["status"].as_str().unwrap(),
                    result["error"]["code"].as_str().unwrap_or_default(),
                    got_field.as_str()
                ),
                (status, code, field),
                "{name} as {who:?}: {result}"
            );
        }
    }
    // The registration link sends no mutations at all.
    let roadshow = roadshow().await;
    let refused = roadshow
        .mutate(
            &roadshow.registration,
            "matrix",
            vec![json!({"seq": 1, "type": "investment",
            "investor": "A", "startup": "S1", "confirmed": true})],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// Tracks (definitions §8.2): a judge limited to a track scores and abstains only inside it;
/// an unlimited judge scores everyone. Per-item refusals, nothing stored for them.
#[tokio::test]
async fn a_judge_limited_to_a_track_scores_only_inside_it() {
    let roadshow = roadshow().await;
    let organizer = roadshow.organizer.clone();
    let send = |method: Method, path: String, body: Value| {
        let app = &roadshow.app;
        let organizer = organizer.clone();
        async move { app.send(method, &path, Some(&organizer), Some(body)).await }
    };
    let event = &roadshow.event;
    let startup = |id: &str, track: &str| {
        json!({"id": id, "name": format!("Startup {id}"), "status": "published", "field": "hydrogen",
            "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "발표", "contact": "ceo@example.com",
            "track": track})
    };
    let moved = send(
        Method::PUT,
        format!("/api/events/{event}/startups/S1"),
        startup("S1", "혁신리그"),
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    let added = send(
        Method::POST,
        format!("/api/events/{event}/startups"),
        startup("S3", "스케일업리그"),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let limited = send(
        Method::PUT,
        format!("/api/events/{event}/investors/A"),
        json!({"id": "A", "firm": "Firm A", "type": "vc", "fields": ["hydrogen"], "conflicts": [],
            "capacity": 4, "tracks": ["혁신리그"]}),
    )
    .await;
    assert_eq!(limited.status, StatusCode::OK, "{}", limited.text());

    let abstain = |seq: i64, startup: &str| json!({"seq": seq, "type": "abstain", "startup": startup, "criterion": "market", "abstain": true});
    let answer = roadshow
        .mutate(
            &roadshow.investor_a,
            "track-a",
            vec![
                score(1, "S1", "market", json!(7)),
                score(2, "S3", "market", json!(8)),
                score(3, "S3", "innovation", json!(6)),
                abstain(4, "S3"),
                score(5, "S1", "innovation", json!(9)),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let results: Vec<(String, String)> = answer.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_owned(),
                r["error"]["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let applied = ("applied".to_owned(), String::new());
    let refused = ("rejected".to_owned(), "forbidden".to_owned());
    assert_eq!(
        results,
        vec![
            applied.clone(),
            refused.clone(),
            refused.clone(),
            refused,
            applied.clone()
        ]
    );
    // Investor B has no tracks: S3 is as open to it as S1.
    let answer = roadshow
        .mutate(
            &roadshow.investor_b,
            "track-b",
            vec![score(1, "S3", "market", json!(4))],
        )
        .await;
    assert_eq!(answer.json()["results"][0]["status"], "applied");
    assert_eq!(
        roadshow.stored_scores().await,
        vec![
            ("A".into(), "S1".into(), "innovation".into(), Some(9), false),
            ("A".into(), "S1".into(), "market".into(), Some(7), false),
            ("B".into(), "S3".into(), "market".into(), Some(4), false),
        ]
    );
}
