//! The organizer's roster is all or nothing, and knows who is already there (issue 11, item 5).

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, secret_of};

async fn investors(roadshow: &support::Roadshow) -> Vec<Value> {
    let snapshot = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/snapshot", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    snapshot.json()["investors"].as_array().unwrap().clone()
}

fn fields(answer: &support::Answer) -> Vec<(String, String)> {
    let body = answer.json();
    let mut fields: Vec<(String, String)> =
        body["fields"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, messages)| {
                messages.as_array().unwrap().iter().map(move |message| {
                    (path.clone(), message["code"].as_str().unwrap().to_owned())
                })
            })
            .collect();
    fields.sort();
    fields
}

#[tokio::test]
async fn a_roster_with_one_bad_line_stores_nothing() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/investors/roster", roadshow.event);
    let before = investors(&roadshow).await;
    let roster = json!({"investors": [
        {"id": "", "firm": "Good Ventures", "person": "Han"},
        {"id": "", "firm": "Bad Capital", "capacity": -2},
        {"id": "", "firm": "", "person": "Nobody"},
        {"id": "", "firm": "Ok Partners", "conflicts": ["S9"]},
    ]});
    let answer = roadshow
        .app
        .send(Method::POST, &path, Some(&roadshow.organizer), Some(roster))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    assert_eq!(
        fields(&answer),
        [
            ("investors[1].capacity".to_owned(), "negative".to_owned()),
            ("investors[2].firm".to_owned(), "required".to_owned()),
            (
                "investors[3].conflicts[0]".to_owned(),
                "unknown_id".to_owned()
            ),
        ]
    );
    assert_eq!(
        investors(&roadshow).await,
        before,
        "not even the good lines were stored"
    );
}

#[tokio::test]
async fn the_same_roster_again_is_found_and_updated_or_skipped_never_duplicated() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/investors/roster", roadshow.event);
    let first = json!({"investors": [
        {"id": "", "firm": "Hanbit Ventures", "person": "Kim Minji", "capacity": 3},
        {"id": "", "firm": "Hanbit Ventures", "person": "Lee Jun"},
    ]});
    let answer = roadshow
        .app
        .send(Method::POST, &path, Some(&roadshow.organizer), Some(first))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let created = answer.json()["created"].as_array().unwrap().clone();
    assert_eq!(created.len(), 2);
    let kim = created[0]["id"].as_str().unwrap().to_owned();
    let kim_link = secret_of(created[0]["link"].as_str().unwrap());
    assert_eq!(investors(&roadshow).await.len(), 3 + 2);

    // The corrected file again: the same people, typed a little differently, plus one new.
    let again = json!({"investors": [
        {"id": "", "firm": "hanbit  ventures", "person": "KIM MINJI", "capacity": 5},
        {"id": "", "firm": "Hanbit Ventures", "person": "Lee Jun"},
        {"id": "", "firm": "Jeju Angels", "person": "Ko"},
    ]});
    let refused = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.organizer),
            Some(again.clone()),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&refused),
        [
            ("investors[0]".to_owned(), "duplicate".to_owned()),
            ("investors[1]".to_owned(), "duplicate".to_owned())
        ]
    );
    assert!(
        refused.json()["fields"]["investors[0]"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&kim),
        "{}",
        refused.text()
    );
    assert_eq!(investors(&roadshow).await.len(), 5, "nothing stored");

    let mut skip = again.clone();
    skip["existing"] = json!("skip");
    let skipped = roadshow
        .app
        .send(Method::POST, &path, Some(&roadshow.organizer), Some(skip))
        .await;
    assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.text());
    assert_eq!(skipped.json()["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(skipped.json()["created"].as_array().unwrap().len(), 1);
    assert_eq!(investors(&roadshow).await.len(), 6);

    let mut update = again;
    update["investors"] =
        json!([{"id": "", "firm": "Hanbit Ventures", "person": "Kim Minji", "capacity": 5}]);
    update["existing"] = json!("update");
    let updated = roadshow
        .app
        .send(Method::POST, &path, Some(&roadshow.organizer), Some(update))
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    assert_eq!(updated.json()["updated"], json!([kim]));
    let all = investors(&roadshow).await;
    assert_eq!(all.len(), 6, "updated in place");
    assert_eq!(
        all.iter()
            .find(|investor| investor["id"] == json!(kim))
            .unwrap()["capacity"],
        5
    );
    // Kim's link still opens Kim.
    let opened = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}", roadshow.event),
            Some(&kim_link),
            None,
        )
        .await;
    assert_eq!(opened.json()["subject_id"], json!(kim));
}

#[tokio::test]
async fn one_person_twice_in_the_same_file_is_refused() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/investors/roster", roadshow.event);
    let twice = json!({"existing": "update", "investors": [
        {"id": "", "firm": "Blue Ocean AC", "person": "Park"},
        {"id": "", "firm": "Blue Ocean AC", "person": "park"},
    ]});
    let answer = roadshow
        .app
        .send(Method::POST, &path, Some(&roadshow.organizer), Some(twice))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&answer),
        [("investors[1]".to_owned(), "duplicate".to_owned())]
    );
}
