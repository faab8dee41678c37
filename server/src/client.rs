//! Who is on the other end of the connection. Behind a reverse proxy every request comes from
//! the proxy's address; the client's own is in `X-Forwarded-For`, which anyone can also write.
//! So the header is believed only when the connection comes from a configured trusted proxy
//! (`--trusted-proxy`), and then read from the right: each trusted hop appends the address it
//! saw, so the first address from the right that is not itself a trusted proxy is the client.

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The proxies whose `X-Forwarded-For` is believed; empty by default (no proxy trusted).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>) -> Self {
        TrustedProxies(networks)
    }

    /// One `--trusted-proxy` value: a CIDR range (`10.0.0.0/8`) or a single address
    /// (`127.0.0.1`, read as that one address).
    pub fn parse_one(text: &str) -> Result<IpNet, ipnet::AddrParseError> {
        text.parse::<IpNet>().or_else(|range_error| {
            text.parse::<IpAddr>()
                .map(IpNet::from)
                .map_err(|_| range_error)
        })
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the one it
    /// forwarded. `None` when the app is called without a socket (in-process tests).
    pub fn client_address(&self, parts: &Parts) -> Option<IpAddr> {
        let peer = canonical(parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip());
        if !self.trusts(peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|part| part.trim().parse::<IpAddr>().map(canonical))
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        Some(
            forwarded
                .into_iter()
                .rev()
                .find(|address| !self.trusts(*address))
                .unwrap_or(peer),
        )
    }
}

/// `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is 1.2.3.4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    #[test]
    fn a_trusted_proxy_is_an_address_or_a_range() {
        let one = TrustedProxies::parse_one("127.0.0.1").unwrap();
        assert_eq!(one, "127.0.0.1/32".parse::<IpNet>().unwrap());
        let six = TrustedProxies::parse_one("::1").unwrap();
        assert_eq!(six, "::1/128".parse::<IpNet>().unwrap());
        let range = TrustedProxies::parse_one("10.0.0.0/8").unwrap();
        assert!(range.contains(&"10.1.2.3".parse::<IpAddr>().unwrap()));
        assert!(TrustedProxies::parse_one("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse_one("proxy.local").is_err());
    }

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut request = Request::builder().uri("/");
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
        parts
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let proxy = TrustedProxies::new(vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.1.0.0/16".parse().unwrap(),
        ]);
        let ip = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        let cases: [(&TrustedProxies, &str, &[&str], Option<IpAddr>); 8] = [
            (&none, "203.0.113.5", &["198.51.100.1"], ip("203.0.113.5")),
            (&none, "127.0.0.1", &["198.51.100.1"], ip("127.0.0.1")),
            (&proxy, "127.0.0.1", &["198.51.100.1"], ip("198.51.100.1")),
            // A client's own forged entry sits left of what the proxy appended.
            (
                &proxy,
                "127.0.0.1",
                &["6.6.6.6, 198.51.100.1"],
                ip("198.51.100.1"),
            ),
            // Two trusted hops: skip both.
            (
                &proxy,
                "127.0.0.1",
                &["198.51.100.1, 10.1.2.3"],
                ip("198.51.100.1"),
            ),
            (
                &proxy,
                "127.0.0.1",
                &["198.51.100.1", "10.1.2.3"],
                ip("198.51.100.1"),
            ),
            (&proxy, "127.0.0.1", &["garbage"], ip("127.0.0.1")),
            (
                &proxy,
                "::ffff:127.0.0.1",
                &["2001:db8::7"],
                ip("2001:db8::7"),
            ),
        ];
        for (trusted, peer, forwarded, expected) in cases {
            assert_eq!(
                trusted.client_address(&parts(peer, forwarded)),
                expected,
                "{peer} {forwarded:?}"
            );
        }
        let (no_socket, ()) = Request::builder().uri("/").body(()).unwrap().into_parts();
        assert_eq!(proxy.client_address(&no_socket), None);
    }
}
