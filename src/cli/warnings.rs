//! Warnings the command line adds to the lints' (`check` counts them as warnings too).

use miette::Severity;

use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};

/// A policy that holds no clause: it checks, but grants nothing (an empty file, or one whose
/// clauses were all commented out).
#[derive(Debug)]
pub struct NoClause {
    /// The policy, as named on the command line.
    pub path: String,
}

impl Localize for NoClause {
    fn texts(&self) -> Texts {
        let path = &self.path;
        Texts {
            code: "jiangbu::cli::no_clause",
            message: text!(
                "`{path}` holds no clause: it grants nothing",
                "`{path}` 没有任何条款：不给予任何奖补或服务"
            ),
            labels: Vec::new(),
            help: text!(
                "write the notice's clauses with `条款` (`clause`), or check that the right file was given",
                "请用 `条款`（`clause`）写出通知的条款，或检查是否给错了文件"
            ),
        }
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }
}

english_diagnostic!(NoClause);
