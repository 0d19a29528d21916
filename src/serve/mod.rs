//! `jiangbu serve`: a workbench in the browser, served by the same binary.
//!
//! One page (plain HTML, CSS and JavaScript in `assets/`, embedded in the binary) and a small
//! JSON API over the library's own entry points: the checker's diagnostics as `check
//! --error-format json` gives them, `eval --format json`'s document, `explain`'s text, `diff
//! --format json`'s report, the worked examples, and the `eval` writers for export. Nothing here
//! decides what is paid.
//!
//! Safe by default: it listens where it is told (the command line binds 127.0.0.1 unless
//! `--listen` says otherwise), refuses a request whose `Host` or `Origin` is not its own (DNS
//! rebinding, cross-site requests), limits request sizes, opens only the files named on the
//! command line (an upload is parsed in memory), and serves a strict Content-Security-Policy.

mod api;
mod guard;
mod page;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub use api::{CheckResponse, PolicyRequest};
pub use guard::Allowed;

/// The largest request the API takes (a policy's text), in bytes.
pub const MAX_REQUEST_BYTES: usize = 2 * 1024 * 1024;

/// The largest record file that can be dropped on the page, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

/// Where the loaded records come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file named on the command line, read again for every request.
    File(PathBuf),
    /// A file dropped on the page: its name (shown, and its extension tells the format; never
    /// opened) and its bytes.
    Upload {
        /// The name the browser gave.
        name: String,
        /// The file's content.
        bytes: Arc<[u8]>,
    },
}

impl Source {
    /// The name shown for it.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Upload { name, .. } => name.clone(),
        }
    }
}

/// What the server works on: the policy file named on the command line (the only file it ever
/// writes) and the records.
#[derive(Debug)]
pub struct Workbench {
    /// The policy file: read at start, read again as the saved version for `diff`, written by
    /// Save. `None`: no file was named, and the page starts empty.
    pub policy: Option<PathBuf>,
    /// The records, in order.
    pub records: Mutex<Vec<Source>>,
}

impl Workbench {
    /// A workbench over a policy file and record files (all named on the command line).
    pub fn new(policy: Option<PathBuf>, records: Vec<PathBuf>) -> Self {
        Workbench {
            policy,
            records: Mutex::new(records.into_iter().map(Source::File).collect()),
        }
    }

    /// The record sources loaded now.
    pub fn sources(&self) -> Vec<Source> {
        match self.records.lock() {
            Ok(list) => list.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replace the loaded records.
    pub fn replace_sources(&self, sources: Vec<Source>) {
        match self.records.lock() {
            Ok(mut list) => *list = sources,
            Err(poisoned) => *poisoned.into_inner() = sources,
        }
    }
}

/// The application: the page, its assets and the API, behind the host check and the security
/// headers. `addr` is the address the server listens on (its `Host` is accepted, with
/// `localhost` and `127.0.0.1` on a loopback address).
pub fn router(bench: Arc<Workbench>, addr: SocketAddr) -> Router {
    let allowed = Arc::new(Allowed::for_addr(addr));
    let upload = Router::new()
        .route("/api/records", post(api::upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES));
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/state", get(api::state))
        .route("/api/check", post(api::check))
        .route("/api/evaluate", post(api::evaluate))
        .route("/api/explain", post(api::explain))
        .route("/api/diff", post(api::diff))
        .route("/api/test", post(api::test))
        .route("/api/save", post(api::save))
        .route("/api/export", post(api::export))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .merge(upload)
        .with_state(bench)
        .layer(axum::middleware::from_fn_with_state(allowed, guard::guard))
}

/// Serve `app` on `listener` until the process ends (a current-thread runtime: the work is
/// one officer's).
pub fn run(listener: std::net::TcpListener, app: Router) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    })
}
