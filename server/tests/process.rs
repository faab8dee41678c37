//! The real server binary as an operations team runs it: JSON logs that name routes and never a
//! link secret, and a SIGTERM that ends live streams, finishes the write under way (acknowledged
//! only once it is stored) and exits cleanly.

mod running;

use running::{score_batch, scoring_event, send, Server};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_name_each_request_by_route_and_never_hold_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), "process", &["--log-format", "json"]);
    let client = reqwest::Client::new();
    let api = format!("{}/api", server.base);
    let event = scoring_event(&client, &api).await;
    let id = &event.id;
    let (status, _) = send(
        &client,
        reqwest::Method::POST,
        format!("{api}/events/{id}/mutations"),
        Some(&event.investor),
        Some(score_batch("phone", 1, 7)),
    )
    .await;
    assert_eq!(status, 200);
    let wrong = "wrong-secret-0123456789abcdefghij";
    let (status, _) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{id}"),
        Some(wrong),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{id}/changes?since=0"),
        Some(&event.organizer),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{id}/my-data"),
        Some(&event.investor),
        None,
    )
    .await;
    assert_eq!(status, 200);
    server.terminate();
    assert!(server.wait().success(), "a SIGTERM ends the server cleanly");

    let logs = std::fs::read_to_string(dir.path().join("process.log")).unwrap();
    let lines: Vec<Value> = logs
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not one JSON object: {line}"))
        })
        .collect();
    for line in &lines {
        assert!(line["timestamp"].is_string(), "{line}");
        assert!(line["level"].is_string(), "{line}");
        assert!(line["message"].is_string(), "{line}");
    }
    let requests: Vec<(String, String, u64)> = lines
        .iter()
        .filter(|line| line["target"] == "roadshow_server::access")
        .map(|line| {
            (
                line["method"].as_str().unwrap().to_owned(),
                line["route"].as_str().unwrap().to_owned(),
                line["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, u64)> = [
        ("POST", "/api/events", 201),
        ("POST", "/api/events/{event_id}/startups", 201),
        ("POST", "/api/events/{event_id}/investors", 201),
        ("PATCH", "/api/events/{event_id}", 200),
        ("POST", "/api/events/{event_id}/mutations", 200),
        ("GET", "/api/events/{event_id}", 401),
        ("GET", "/api/events/{event_id}/changes", 200),
        ("GET", "/api/events/{event_id}/my-data", 200),
    ]
    .iter()
    .map(|(method, route, status)| ((*method).to_owned(), (*route).to_owned(), *status))
    .collect();
    assert_eq!(requests, expected, "one access line per request, in order");
    let messages: Vec<&str> = lines
        .iter()
        .filter_map(|line| line["message"].as_str())
        .collect();
    assert!(messages
        .iter()
        .any(|message| message.starts_with("shutting down")));
    assert_eq!(messages.last(), Some(&"stopped"));
    for secret in [event.organizer.as_str(), event.investor.as_str(), wrong] {
        assert!(!logs.contains(secret), "a secret reached the logs");
    }
    assert!(!logs.contains(id.as_str()), "logs name routes, not events");
}

/// Reads a live stream until it ends; returns what it carried.
async fn read_to_end(mut response: reqwest::Response) -> String {
    let mut text = String::new();
    while let Some(chunk) = response.chunk().await.expect("the stream ends cleanly") {
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_streams_and_finishes_the_write_under_way_before_exiting() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), "process", &["--log-format", "text"]);
    let database = server.database.clone();
    let client = reqwest::Client::new();
    let api = format!("{}/api", server.base);
    let event = scoring_event(&client, &api).await;
    let id = &event.id;

    let stream = client
        .get(format!("{api}/events/{id}/stream"))
        .bearer_auth(&event.organizer)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);

    // A phone has sent the head and half the body of a batch when the process is told to stop.
    let body = score_batch("phone", 1, 9).to_string();
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let address = server.address().to_owned();
    let mut phone = TcpStream::connect(&address).unwrap();
    write!(
        phone,
        "POST /api/events/{id}/mutations HTTP/1.1\r\nHost: roadshow\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first_half}",
        event.investor,
        body.len()
    )
    .unwrap();
    phone.flush().unwrap();
    // Let the server read what was sent (the request is under way), then stop it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.terminate();

    // The stream ends (shutting down has begun) after carrying the version it opened at.
    let streamed = read_to_end(stream).await;
    assert!(streamed.starts_with("event: version\ndata: "), "{streamed}");

    // The rest of the body arrives; the write is applied and acknowledged.
    phone.write_all(second_half.as_bytes()).unwrap();
    phone.flush().unwrap();
    let mut answer = String::new();
    phone.read_to_string(&mut answer).unwrap();
    let (head, json_body) = answer.split_once("\r\n\r\n").expect("a whole response");
    assert!(head.starts_with("HTTP/1.1 200"), "{answer}");
    let results: Value = serde_json::from_str(json_body).expect("a JSON body");
    assert_eq!(results["results"][0]["status"], "applied", "{results}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{head}"
    );

    assert!(
        server.wait().success(),
        "the server exits 0 after a SIGTERM"
    );

    // What was acknowledged is stored.
    let pool = roadshow_server::db::connect(&database).await.unwrap();
    let stored: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT investor_id, startup_id, criterion, value FROM scores WHERE event_id = $1",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        stored,
        [(
            "I1".to_owned(),
            "S1".to_owned(),
            "innovation".to_owned(),
            Some(9)
        )]
    );
}
