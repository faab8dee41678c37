//! Debian's nginx running the repository's site file (`deploy/nginx.conf`) in front of server
//! processes on loopback.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const NGINX: &str = "/usr/sbin/nginx";

pub struct Nginx {
    child: Child,
    pub base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn repository_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

impl Nginx {
    /// The repository's site file with its upstream pointed at `upstreams` and its `listen` at a
    /// free loopback port; everything else exactly as committed.
    pub fn start(dir: &Path, upstreams: &[&str]) -> Nginx {
        assert!(
            Path::new(NGINX).is_file(),
            "{NGINX} is missing: scripts/setup.sh --browser installs Debian's nginx"
        );
        let site = std::fs::read_to_string(repository_file("deploy/nginx.conf")).unwrap();
        let upstream_line = "    server 127.0.0.1:8080 max_fails=1 fail_timeout=5s;\n";
        assert!(site.contains(upstream_line), "the committed upstream line");
        assert!(
            site.contains("    listen 80;\n"),
            "the committed listen line"
        );
        let port = free_port();
        let servers: String = upstreams
            .iter()
            .map(|address| format!("    server {address} max_fails=1 fail_timeout=5s;\n"))
            .collect();
        let site = site.replace(upstream_line, &servers).replace(
            "    listen 80;\n",
            &format!("    listen 127.0.0.1:{port};\n"),
        );
        let prefix = dir.join("nginx");
        std::fs::create_dir_all(&prefix).unwrap();
        std::fs::write(prefix.join("roadshow.conf"), site).unwrap();
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|output| output.stdout.trim_ascii() == b"0");
        let p = prefix.display();
        let main = format!(
            "{user}worker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
             events {{ worker_connections 512; }}\n\
             http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/body;\n  \
             proxy_temp_path {p}/proxy;\n  fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  \
             scgi_temp_path {p}/scgi;\n  include {p}/roadshow.conf;\n}}\n",
            // Workers of a root master would otherwise run as `nobody`, who cannot write here.
            user = if as_root { "user root;\n" } else { "" },
        );
        std::fs::write(prefix.join("nginx.conf"), main).unwrap();
        let mut child = Command::new(NGINX)
            .arg("-p")
            .arg(&prefix)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .arg("-c")
            .arg(prefix.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx starts");
        let address = format!("127.0.0.1:{port}");
        for _ in 0..200 {
            if std::net::TcpStream::connect(&address).is_ok() {
                return Nginx {
                    child,
                    base: format!("http://{address}"),
                };
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "nginx did not listen on {address}: {}",
            std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default()
        );
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next `event: version` of a live stream, as its number.
pub async fn next_version(stream: &mut reqwest::Response, buffer: &mut String) -> i64 {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let message: String = buffer.drain(..end + 2).collect();
            if let Some(data) = message
                .strip_prefix("event: version\ndata: ")
                .map(str::trim)
            {
                return data.parse().unwrap();
            }
            continue; // A keep-alive comment.
        }
        let chunk = stream
            .chunk()
            .await
            .expect("the stream stays open")
            .expect("the stream goes on");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}
