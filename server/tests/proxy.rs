//! The repository's nginx configuration (`deploy/nginx.conf`), run by Debian's nginx in front of
//! the real server binary on loopback: live updates pass at once (not buffered), the scrape stays
//! inside, each phone keeps its own rate limits through the proxy, and a national program's
//! import fits through it.

mod running;

use running::nginx::{next_version, Nginx};
use running::{score_batch, scoring_event, secret_of, send, Server};
use serde_json::Value;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_nginx_live_updates_pass_at_once_and_the_scrape_stays_inside() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), "proxied", &["--trusted-proxy", "127.0.0.1"]);
    let nginx = Nginx::start(dir.path(), &[server.address()]);
    let client = reqwest::Client::new();
    let api = format!("{}/api", nginx.base);

    let ready = client.get(format!("{api}/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(
        ready,
        serde_json::json!({"status": "ready", "database": "ok"})
    );
    let outside = client
        .get(format!("{}/metrics", nginx.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        outside.status(),
        404,
        "the scrape is not served to the public side"
    );
    let inside = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        inside.status(),
        200,
        "Prometheus scrapes the process directly"
    );

    let event = scoring_event(&client, &api).await;
    let id = &event.id;
    let mut stream = client
        .get(format!("{api}/events/{id}/stream"))
        .bearer_auth(&event.organizer)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut buffer = String::new();
    let opened_at = next_version(&mut stream, &mut buffer).await;
    for (seq, value) in [(1, 7), (2, 8), (3, 9)] {
        let (status, answer) = send(
            &client,
            reqwest::Method::POST,
            format!("{api}/events/{id}/mutations"),
            Some(&event.investor),
            Some(score_batch("phone", seq, value)),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        let written = answer["results"][0]["version"].as_i64().unwrap();
        assert!(written > opened_at);
        // Each version must come through while the stream is still open (within a generous
        // bound), not held back until it closes. (Debian's nginx 1.22 passed these messages on
        // here even without the config's `proxy_buffering off`; the line stays for proxies and
        // versions that hold small writes, and this checks the result end to end.)
        let heard = tokio::time::timeout(
            Duration::from_secs(10),
            next_version(&mut stream, &mut buffer),
        )
        .await
        .expect("the proxy passes each version on while the stream is open");
        assert_eq!(heard, written, "score {seq}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_nginx_each_phone_keeps_its_own_failed_link_budget() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), "limits", &["--trusted-proxy", "127.0.0.1"]);
    let nginx = Nginx::start(dir.path(), &[server.address()]);
    let client = reqwest::Client::new();
    let api = format!("{}/api", nginx.base);
    let event = scoring_event(&client, &api).await;
    let attempt = |phone: &'static str| {
        let request = client
            .get(format!("{api}/events/{}", event.id))
            .bearer_auth("not-a-link-of-this-event-0123456789ab")
            // Here every phone is on loopback, like the proxy; nginx appends the connection's
            // address and the server skips that trusted hop, reading the phone's.
            .header("X-Forwarded-For", phone);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let mut refused_at = None;
    for tries in 1..=30 {
        match attempt("203.0.113.9").await {
            401 => {}
            429 => {
                refused_at = Some(tries);
                break;
            }
            other => panic!("attempt {tries}: {other}"),
        }
    }
    assert_eq!(
        refused_at,
        Some(21),
        "20 failed attempts a minute per address"
    );
    assert_eq!(
        attempt("198.51.100.7").await,
        401,
        "another phone is not blocked"
    );
    let (status, _) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{}", event.id),
        Some(&event.organizer),
        None,
    )
    .await;
    assert_eq!(status, 200, "a valid link is never refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_nginx_a_national_programs_import_fits() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), "import", &["--trusted-proxy", "127.0.0.1"]);
    let nginx = Nginx::start(dir.path(), &[server.address()]);
    let client = reqwest::Client::new();
    let api = format!("{}/api", nginx.base);
    let event = scoring_event(&client, &api).await;
    let (status, _) = send(
        &client,
        reqwest::Method::POST,
        format!("{api}/events/{}/mutations", event.id),
        Some(&event.investor),
        Some(score_batch("phone", 1, 6)),
    )
    .await;
    assert_eq!(status, 200);
    let (status, exported) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{}/snapshot", event.id),
        Some(&event.organizer),
        None,
    )
    .await;
    assert_eq!(status, 200);
    // Well past nginx's default 1 MiB body limit: the snapshot after 8 MiB of JSON whitespace.
    let body = format!("{}{exported}", " ".repeat(8 * 1024 * 1024));
    let response = client
        .post(format!("{api}/events/import"))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let imported: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{imported}");
    let copy = imported["id"].as_str().unwrap();
    let organizer = secret_of(imported["organizer_link"].as_str().unwrap());
    let (status, reexported) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{copy}/snapshot"),
        Some(&organizer),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(reexported["scores"], exported["scores"]);
    assert_eq!(reexported["startups"], exported["startups"]);
}
