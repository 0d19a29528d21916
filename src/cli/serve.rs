//! `jiangbu serve [POLICY] [RECORDS…]`: the workbench in the browser (see `crate::serve`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use super::{print, Diagnostics, Exit, IoError};
use crate::diag::localize::english_diagnostic;
use crate::diag::{detect_lang, text, Localize, Texts};
use crate::serve::{router, run, Workbench};

/// Arguments of `jiangbu serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The policy file to edit (the only file the server writes, on Save).
    pub policy: Option<PathBuf>,
    /// Record files to load (CSV, Excel or JSON, as for `eval`); more can be dropped on the
    /// page.
    pub records: Vec<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8421)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1. Any other address lets other machines
    /// reach the workbench and the policy file: a warning is printed.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
}

/// What `serve` says on stderr.
#[derive(Debug)]
enum ServeNote {
    /// `--listen` names an address other machines can reach.
    Exposed { addr: String },
    /// The address cannot be listened on.
    Bind { addr: String, error: std::io::Error },
    /// The server stopped with an error.
    Stopped { error: std::io::Error },
}

impl Localize for ServeNote {
    fn texts(&self) -> Texts {
        match self {
            ServeNote::Exposed { addr } => Texts {
                code: "jiangbu::serve::exposed",
                message: text!(
                    "listening on `{addr}`: other machines on the network can open the workbench and save the policy",
                    "正在监听 `{addr}`：网络上的其他计算机也能打开工作台并保存政策"
                ),
                labels: Vec::new(),
                help: text!(
                    "leave out `--listen` to serve this machine only (127.0.0.1)",
                    "去掉 `--listen` 即只对本机（127.0.0.1）提供服务"
                ),
            },
            ServeNote::Bind { addr, error } => Texts {
                code: "jiangbu::serve::bind",
                message: text!(
                    "cannot listen on `{addr}`: {error}",
                    "无法监听 `{addr}`：{error}"
                ),
                labels: Vec::new(),
                help: text!(
                    "choose another port with `--port N` (0: any free port)",
                    "请用 `--port N` 换一个端口（0：任一空闲端口）"
                ),
            },
            ServeNote::Stopped { error } => Texts {
                code: "jiangbu::serve::stopped",
                message: text!("the server stopped: {error}", "服务已停止：{error}"),
                labels: Vec::new(),
                help: text!("start it again", "请重新启动"),
            },
        }
    }

    fn severity(&self) -> miette::Severity {
        match self {
            ServeNote::Exposed { .. } => miette::Severity::Warning,
            _ => miette::Severity::Error,
        }
    }
}

english_diagnostic!(ServeNote);

/// `jiangbu serve`: print the URL and serve until stopped (Ctrl-C).
pub fn serve(args: &ServeArgs, diags: &Diagnostics) -> Exit {
    // The policy is read once here so a wrong path fails at once, and to speak its language.
    let source = match &args.policy {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(error) => {
                let path = path.display().to_string();
                diags.emit_in(IoError { path, error }, diags.lang(None), None);
                return Exit::Failed;
            }
        },
        None => String::new(),
    };
    let lang = diags.lang(detect_lang(&source));
    let ip = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let wanted = SocketAddr::new(ip, args.port);
    let listener = match std::net::TcpListener::bind(wanted) {
        Ok(listener) => listener,
        Err(error) => {
            let addr = wanted.to_string();
            diags.emit_in(ServeNote::Bind { addr, error }, lang, None);
            return Exit::Failed;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(error) => {
            diags.emit_in(ServeNote::Stopped { error }, lang, None);
            return Exit::Failed;
        }
    };
    if !ip.is_loopback() {
        let shown = addr.to_string();
        diags.emit_in(ServeNote::Exposed { addr: shown }, lang, None);
    }
    let bench = Arc::new(Workbench::new(args.policy.clone(), args.records.clone()));
    let app = router(bench, addr);
    let url = format!("http://{addr}/");
    let line = text!(
        "jiangbu workbench: open {url} (Ctrl-C stops it)\n",
        "奖补工作台：请打开 {url} （按 Ctrl-C 停止）\n"
    );
    if let Some(exit) = print(line.get(lang), diags, lang) {
        return exit;
    }
    match run(listener, app) {
        Ok(()) => Exit::Ok,
        Err(error) => {
            diags.emit_in(ServeNote::Stopped { error }, lang, None);
            Exit::Failed
        }
    }
}
