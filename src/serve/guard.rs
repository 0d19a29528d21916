//! What every request passes through: a `Host` and an `Origin` that are the server's own, and
//! the security headers on every response.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The page loads its own script and style only: no inline script, nothing from elsewhere, no
/// frames, no forms posted anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// The `Host` values the server answers to.
#[derive(Clone, Debug)]
pub struct Allowed {
    hosts: Vec<String>,
}

impl Allowed {
    /// The hosts of a server listening on `addr`: the address itself, and on a loopback
    /// address `localhost` and `127.0.0.1` too (with the port; without it on port 80).
    pub fn for_addr(addr: SocketAddr) -> Self {
        let port = addr.port();
        let ip = match addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        };
        let mut names = vec![ip];
        if addr.ip().is_loopback() {
            names.extend(["localhost".to_string(), "127.0.0.1".to_string()]);
        }
        let mut hosts = Vec::new();
        for name in names {
            if port == 80 {
                hosts.push(name.clone());
            }
            hosts.push(format!("{name}:{port}"));
        }
        hosts.sort();
        hosts.dedup();
        Allowed { hosts }
    }

    /// Whether a `Host` header names this server.
    pub fn host(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether an `Origin` header is this server's page.
    pub fn origin(&self, origin: &str) -> bool {
        origin
            .trim()
            .to_ascii_lowercase()
            .strip_prefix("http://")
            .is_some_and(|host| self.host(host))
    }
}

/// Refuse (403) a request whose `Host` is missing or not the server's own (a DNS rebinding
/// attack), or whose `Origin`, when sent, is another site's (a cross-site request); add the
/// security headers to every response.
pub async fn guard(State(allowed): State<Arc<Allowed>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| allowed.host(h));
    let origin_ok = headers
        .get(header::ORIGIN)
        .is_none_or(|o| o.to_str().is_ok_and(|o| allowed.origin(o)));
    let mut response = if host_ok && origin_ok {
        next.run(request).await
    } else {
        // Before any policy is read: in `LANG`'s language.
        let lang = crate::diag::env_lang().unwrap_or(crate::syntax::keywords::Lang::En);
        let refused = crate::diag::text!(
            "403 Forbidden: not this server's host or origin\n",
            "403 Forbidden：不是本服务的主机名或来源\n"
        );
        (StatusCode::FORBIDDEN, refused.get(lang).to_string()).into_response()
    };
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
