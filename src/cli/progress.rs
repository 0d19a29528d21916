//! A progress line on stderr for long `eval` runs: shown once a run has taken a second, only
//! when stderr is a terminal (never in a pipe, a file or a test), and cleared at the end.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diag::text;
use crate::syntax::keywords::Lang;

/// How long a run goes before its progress is shown.
const AFTER: Duration = Duration::from_secs(1);

/// Records evaluated so far, and the line that shows them once the run is long.
pub struct Progress {
    start: Instant,
    shown: bool,
    lang: Lang,
    records: u64,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress in `lang`, shown only when stderr is a terminal.
    pub fn new(lang: Lang) -> Self {
        Progress::with_terminal(lang, std::io::stderr().is_terminal())
    }

    /// Progress in `lang`; nothing is ever drawn unless `terminal`.
    pub fn with_terminal(lang: Lang, terminal: bool) -> Self {
        Progress {
            start: Instant::now(),
            shown: terminal,
            lang,
            records: 0,
            bar: None,
        }
    }

    /// `n` more records were written.
    pub fn add(&mut self, n: u64) {
        self.records = self.records.saturating_add(n);
        if !self.shown {
            return;
        }
        if self.bar.is_none() && self.start.elapsed() >= AFTER {
            self.bar = Some(self.bar());
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.records);
        }
    }

    /// Whether the progress line has been drawn.
    #[cfg(test)]
    fn is_drawn(&self) -> bool {
        self.bar.is_some()
    }

    /// Clear the line, if it was drawn.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn bar(&self) -> ProgressBar {
        // indicatif's placeholders, escaped from `format!`.
        let template = text!(
            "{{spinner}} {{human_pos}} records evaluated ({{elapsed}})",
            "{{spinner}} 已评估 {{human_pos}} 条记录（{{elapsed}}）"
        );
        let template = template.get(self.lang);
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A run that started two seconds ago.
    fn long(mut progress: Progress) -> Progress {
        progress.start = Instant::now().checked_sub(AFTER * 2).unwrap();
        progress
    }

    #[test]
    fn nothing_is_drawn_when_stderr_is_not_a_terminal() {
        let mut progress = long(Progress::with_terminal(Lang::En, false));
        progress.add(1024);
        assert!(!progress.is_drawn());
        assert_eq!(progress.records, 1024);
    }

    #[test]
    fn a_short_run_draws_nothing() {
        let mut progress = Progress::with_terminal(Lang::Zh, true);
        progress.add(1024);
        assert!(!progress.is_drawn(), "drawn before a second passed");
    }

    #[test]
    fn a_long_run_on_a_terminal_is_drawn() {
        let mut progress = long(Progress::with_terminal(Lang::Zh, true));
        progress.add(1024);
        assert!(progress.is_drawn());
        progress.finish();
        assert!(!progress.is_drawn());
    }
}
