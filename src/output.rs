//! Writing what a command produces without losing a byte (docs/output.md, "Writing files").
//!
//! Every command that writes a file goes through an [`Output`]:
//!
//! - **Nothing is replaced until the run succeeds.** A file is written to a hidden temporary file
//!   in the target's own folder (so on the same filesystem), `.NAME.jiangbu-tmp-PID`, which
//!   [`Output::finish`] flushes, syncs to disk and renames over the target. A run that fails,
//!   returns early or is dropped removes the temporary file; one killed outright (`kill -9`, a
//!   power cut) leaves at most that hidden file, whose name cannot be mistaken for the output.
//!   The previous file is untouched either way. A replaced file keeps its permissions (and, where
//!   allowed, its owner and group).
//! - **An input is never an output.** Before anything is opened for writing, the target is
//!   compared with every input by device and inode (on Unix; elsewhere by canonical path), so a
//!   hard link, a symbolic link or another spelling of an input is refused too; so is standard
//!   output redirected onto an input (`>> records.jsonl`).
//! - **The folder is checked first.** A target in a folder that does not exist, or that names a
//!   folder, is refused before the run with that exact reason.
//! - **Every write is checked.** Standard output is written through the same type, so a full
//!   disk or a closed pipe is an error the command reports, never a panic. A write error is
//!   remembered even where a buffer swallows it (a `BufWriter` flushed on drop), so a file that
//!   missed bytes is never committed.
//!
//! Targets that are not regular files (`/dev/null`, a named pipe) are written directly: they
//! cannot be replaced, and there is nothing to keep.
//!
//! ```
//! use std::io::Write;
//! use jiangbu::output::Output;
//!
//! let dir = std::env::temp_dir().join(format!("jiangbu-output-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let target = dir.join("results.csv");
//! std::fs::write(&target, "old\n").unwrap();
//!
//! let output = Output::to(Some(target.as_path()), &[]).unwrap();
//! let mut out = std::io::BufWriter::new(output.writer());
//! out.write_all(b"new\n").unwrap();
//! drop(out);
//! // Until `finish`, the previous file is what readers see.
//! assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
//! output.finish().unwrap();
//! assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf, MAIN_SEPARATOR};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diag::localize::english_diagnostic;
use crate::diag::{Localize, Text, Texts};
use crate::eval::plan::Plan;
use crate::report::{Evaluated, Summary, Writer};

/// The most records a workbook's results sheet holds: Excel's 1,048,576 rows, less the header.
pub const XLSX_MAX_RECORDS: u64 = 1_048_575;

/// What the temporary file's name adds to the target's: `.NAME.jiangbu-tmp-PID`.
pub const TEMP_MARK: &str = ".jiangbu-tmp-";

/// An output that could not be opened, written or committed.
#[derive(Debug)]
pub enum OutputError {
    /// The output is the same file as an input.
    SameAsInput {
        /// The output, as given; `None` for standard output redirected onto an input.
        output: Option<String>,
        /// The input it would overwrite.
        input: String,
    },
    /// The output's folder does not exist.
    NoFolder {
        /// The output, as given.
        output: String,
        /// Its folder.
        folder: String,
    },
    /// The output names a folder.
    IsFolder {
        /// The output, as given.
        output: String,
    },
    /// Opening, writing or replacing the file failed; the previous file is unchanged.
    Write {
        /// The output, as given.
        path: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// Writing to standard output failed.
    Stdout {
        /// The operating system's error.
        error: io::Error,
    },
    /// More records than a workbook holds.
    TooManyRows {
        /// The output, as given.
        path: String,
        /// The most records it holds.
        limit: u64,
    },
    /// The run failed, so the output was not replaced.
    NotReplaced {
        /// The output, as given.
        path: String,
    },
}

impl OutputError {
    /// Whether the reader of standard output went away (`| head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, OutputError::Stdout { error } if error.kind() == io::ErrorKind::BrokenPipe)
    }
}

use crate::diag::os_text;

/// Two texts joined: `{a}{b}` in each language.
fn join(a: Text, b: &Text) -> Text {
    Text::new(a.en + &b.en, a.zh + &b.zh)
}

impl Localize for OutputError {
    fn texts(&self) -> Texts {
        let (code, message, help) = match self {
            OutputError::SameAsInput { output, input } => (
                "jiangbu::io::same_file",
                match output {
                    None => Text::new(
                        format!("standard output is redirected to the input `{input}`"),
                        format!("标准输出被重定向到了输入 `{input}`"),
                    ),
                    Some(output) if output == input => Text::new(
                        format!("the output `{output}` is also an input"),
                        format!("输出 `{output}` 也是本次运行的输入"),
                    ),
                    Some(output) => Text::new(
                        format!("the output `{output}` is the same file as the input `{input}`"),
                        format!("输出 `{output}` 与输入 `{input}` 是同一个文件"),
                    ),
                },
                Text::new(
                    "nothing was written; give the output a new file name, so the input stays as it is",
                    "未写入任何内容；请为输出另取文件名，以免覆盖输入",
                ),
            ),
            OutputError::NoFolder { output, folder } => (
                "jiangbu::io::no_folder",
                Text::new(
                    format!("cannot write `{output}`: the folder `{folder}` does not exist"),
                    format!("无法写入 `{output}`：目录 `{folder}` 不存在"),
                ),
                Text::new(
                    "create the folder first, or correct the path",
                    "请先创建该目录，或改正路径",
                ),
            ),
            OutputError::IsFolder { output } => (
                "jiangbu::io::is_folder",
                Text::new(
                    format!("cannot write `{output}`: it is a folder"),
                    format!("无法写入 `{output}`：这是一个目录"),
                ),
                Text::new(
                    format!("give a file name, such as `{output}/results.csv`"),
                    format!("请给出文件名，例如 `{output}/results.csv`"),
                ),
            ),
            OutputError::Write { path, error } => (
                "jiangbu::io::write",
                join(
                    Text::new(
                        format!("cannot write `{path}`: "),
                        format!("无法写入 `{path}`："),
                    ),
                    &os_text(error),
                ),
                Text::new(
                    "the previous file, if there was one, is unchanged; check that the disk has space and the folder may be written",
                    "原有文件（如有）保持不变；请检查磁盘空间是否足够、目录是否可写",
                ),
            ),
            OutputError::Stdout { error } => (
                "jiangbu::io::stdout",
                join(
                    Text::new(
                        "could not write to standard output: ",
                        "无法写入标准输出：",
                    ),
                    &os_text(error),
                ),
                Text::new(
                    "the output is incomplete; check where it is redirected (a full disk?)",
                    "输出不完整；请检查输出重定向到了哪里（磁盘是否已满？）",
                ),
            ),
            OutputError::TooManyRows { path, limit } => (
                "jiangbu::io::xlsx_rows",
                Text::new(
                    format!(
                        "`{path}`: a workbook holds at most {} records (Excel's row limit), and there are more",
                        thousands(*limit)
                    ),
                    format!(
                        "`{path}`：一个工作簿最多容纳 {} 条记录（Excel 的行数上限），而记录超过了这个数",
                        thousands(*limit)
                    ),
                ),
                Text::new(
                    "nothing was written and the previous file is unchanged; use `--format csv` or `--format jsonl`, or split the records into several files",
                    "未写入任何内容，原有文件保持不变；请改用 `--format csv` 或 `--format jsonl`，或把记录分成几个文件",
                ),
            ),
            OutputError::NotReplaced { path } => (
                "jiangbu::io::not_replaced",
                Text::new(
                    format!("`{path}` was not written, because the run failed"),
                    format!("运行失败，未写入 `{path}`"),
                ),
                Text::new(
                    "the previous file, if there was one, is unchanged; correct the error above and run again",
                    "原有文件（如有）保持不变；请改正上面的错误后重新运行",
                ),
            ),
        };
        Texts {
            code,
            message,
            labels: Vec::new(),
            help,
        }
    }
}

english_diagnostic!(OutputError);

/// `1048575` as `1,048,575`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a command's output goes: standard output, or a file replaced only by
/// [`Output::finish`]. Dropping it without finishing leaves the previous file as it was.
pub struct Output {
    /// The output as the user named it, for messages.
    shown: String,
    /// Whether it is standard output.
    stdout: bool,
    /// The destination, shared with every [`OutputWriter`].
    sink: Arc<Mutex<Sink>>,
}

/// A destination and the first error met writing it.
struct Sink {
    dest: Dest,
    /// The first write error. Once set, nothing more is written and nothing is committed.
    error: Option<io::Error>,
}

enum Dest {
    Stdout(io::Stdout),
    File(Box<Pending>),
}

/// A file being written.
struct Pending {
    file: File,
    /// What the temporary file replaces (symbolic links followed, so a link stays a link).
    target: PathBuf,
    /// The folder of both, to sync after the rename.
    folder: PathBuf,
    /// The temporary file, until it is renamed; `None` for a target written in place (a device
    /// or a named pipe).
    temp: Option<PathBuf>,
    /// The replaced file's metadata, to keep its permissions and owner.
    previous: Option<fs::Metadata>,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = fs::remove_file(temp);
        }
    }
}

impl Pending {
    /// Sync the temporary file, give it the previous file's permissions and rename it over the
    /// target.
    fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        let Some(temp) = self.temp.clone() else {
            return Ok(());
        };
        if let Some(previous) = &self.previous {
            keep_owner(&self.file, previous);
            fs::set_permissions(&temp, previous.permissions())?;
        }
        self.file.sync_all()?;
        fs::rename(&temp, &self.target)?;
        self.temp = None;
        // The rename is durable once the folder is synced; a filesystem that cannot sync a
        // folder (some network mounts) has nothing better to offer, so that error is ignored.
        #[cfg(unix)]
        if let Ok(folder) = File::open(&self.folder) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

/// Give the new file the replaced file's owner and group, where the user may (root may; others
/// may only keep their own); a failure leaves the new file the user's own.
#[cfg(unix)]
fn keep_owner(file: &File, previous: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(now) = file.metadata() else { return };
    if now.uid() != previous.uid() || now.gid() != previous.gid() {
        let _ = std::os::unix::fs::fchown(file, Some(previous.uid()), Some(previous.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _previous: &fs::Metadata) {}

/// How standard input and output are named on the command line.
pub const STDIO: &str = "-";

/// The shown name of standard output in messages.
const STDOUT: &str = "standard output";

impl Output {
    /// Standard output (`None`, or `-`) or the file `path`, refusing a file that is one of
    /// `inputs` (an input `-` is standard input, compared by the file it reads, if any).
    pub fn to(path: Option<&Path>, inputs: &[&Path]) -> Result<Output, OutputError> {
        match path {
            Some(path) if path.as_os_str() == STDIO => Output::stdout(inputs),
            Some(path) => Output::file(path, inputs),
            None => Output::stdout(inputs),
        }
    }

    /// Standard output, refusing it when it is redirected onto one of `inputs`.
    pub fn stdout(inputs: &[&Path]) -> Result<Output, OutputError> {
        if let Some(id) = stdout_id() {
            if let Some(input) = inputs.iter().find(|i| file_id(i).as_ref() == Some(&id)) {
                return Err(OutputError::SameAsInput {
                    output: None,
                    input: input.display().to_string(),
                });
            }
        }
        Ok(Output {
            shown: STDOUT.to_string(),
            stdout: true,
            sink: Arc::new(Mutex::new(Sink {
                dest: Dest::Stdout(io::stdout()),
                error: None,
            })),
        })
    }

    /// The file `path`, written to a temporary file beside it until [`Output::finish`].
    /// Refused when it is one of `inputs` (by device and inode), names a folder, or lies in a
    /// folder that does not exist; an existing file that may not be written is refused too, as
    /// opening it would have been.
    pub fn file(path: &Path, inputs: &[&Path]) -> Result<Output, OutputError> {
        let shown = path.display().to_string();
        if let Some(input) = same_as_any(path, inputs) {
            return Err(OutputError::SameAsInput {
                output: Some(shown),
                input: input.display().to_string(),
            });
        }
        let write_error = |error| OutputError::Write {
            path: shown.clone(),
            error,
        };
        // A name that can only be a folder (`out/`, `..`, `/`) would fail only when renamed over,
        // after the run; an empty name names nothing.
        let text = path.as_os_str().to_string_lossy();
        if text.is_empty() {
            let error = io::Error::new(io::ErrorKind::InvalidInput, "the file name is empty");
            return Err(write_error(error));
        }
        if path.file_name().is_none() || text.ends_with('/') || text.ends_with(MAIN_SEPARATOR) {
            return Err(OutputError::IsFolder { output: shown });
        }
        let target = follow_links(path);
        let folder = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let pending = match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => return Err(OutputError::IsFolder { output: shown }),
            Ok(meta) if meta.is_file() => {
                // Opening without truncating changes nothing; it refuses a read-only file (or
                // one another program locks) now rather than after the run.
                OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(write_error)?;
                let (temp, file) = create_temp(&folder, &target).map_err(write_error)?;
                Pending {
                    file,
                    target,
                    folder,
                    temp: Some(temp),
                    previous: Some(meta),
                }
            }
            // A device or a named pipe: written in place.
            Ok(_) => Pending {
                file: File::create(&target).map_err(write_error)?,
                target,
                folder,
                temp: None,
                previous: None,
            },
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if !folder.exists() {
                    return Err(OutputError::NoFolder {
                        output: shown,
                        folder: folder.display().to_string(),
                    });
                }
                let (temp, file) = create_temp(&folder, &target).map_err(write_error)?;
                Pending {
                    file,
                    target,
                    folder,
                    temp: Some(temp),
                    previous: None,
                }
            }
            Err(error) => return Err(write_error(error)),
        };
        Ok(Output {
            shown,
            stdout: false,
            sink: Arc::new(Mutex::new(Sink {
                dest: Dest::File(Box::new(pending)),
                error: None,
            })),
        })
    }

    /// Whether this is standard output.
    pub fn is_stdout(&self) -> bool {
        self.stdout
    }

    /// The output as the user named it (`standard output` for standard output).
    pub fn name(&self) -> &str {
        &self.shown
    }

    /// A handle to write through (unbuffered: wrap it in a `BufWriter`). Every handle must be
    /// dropped before [`Output::finish`].
    pub fn writer(&self) -> OutputWriter {
        OutputWriter(Arc::clone(&self.sink))
    }

    /// Write `bytes` and finish.
    pub fn write_all(self, bytes: &[u8]) -> Result<(), OutputError> {
        if let Err(error) = self.writer().write_all(bytes) {
            return Err(self.error(error));
        }
        self.finish()
    }

    /// Flush, and for a file sync it and rename it over the target. Fails if any write failed,
    /// even one whose error was swallowed on the way; the previous file is then unchanged.
    pub fn finish(self) -> Result<(), OutputError> {
        let Output {
            shown,
            stdout,
            sink,
        } = self;
        let wrap = |error| wrap(&shown, stdout, error);
        let sink = match Arc::try_unwrap(sink) {
            Ok(sink) => sink.into_inner().unwrap_or_else(PoisonError::into_inner),
            Err(_) => {
                return Err(wrap(io::Error::other(
                    "the output is still open for writing",
                )))
            }
        };
        if let Some(error) = sink.error {
            return Err(wrap(error));
        }
        match sink.dest {
            Dest::Stdout(mut out) => out.flush().map_err(wrap),
            Dest::File(pending) => pending.commit().map_err(wrap),
        }
    }

    /// An error met while writing this output, as the error to report: one that carries an
    /// [`OutputError`] (such as [`RowLimit`]'s) is that error; otherwise the operating system's
    /// error as this output met it, which a writer may have wrapped on the way (the csv writer
    /// turns a closed pipe into an error of its own).
    pub fn error(&self, error: io::Error) -> OutputError {
        let carries = error.get_ref().is_some_and(|e| e.is::<OutputError>());
        let met = match self.sink.lock() {
            Ok(sink) => sink.error.as_ref().map(copy),
            Err(poisoned) => poisoned.get_ref().error.as_ref().map(copy),
        };
        match met {
            Some(met) if !carries => wrap(&self.shown, self.stdout, met),
            _ => wrap(&self.shown, self.stdout, error),
        }
    }

    /// What to report when the run failed before the output was complete: for a file, that it
    /// was not replaced (`None` for standard output, where what was written is written).
    pub fn abandon(self) -> Option<OutputError> {
        if self.stdout {
            // What was written stays written; an error flushing the rest changes nothing.
            let _ = self.finish();
            return None;
        }
        Some(OutputError::NotReplaced {
            path: self.shown.clone(),
        })
    }
}

/// `error` as an [`OutputError`] of the output `shown`.
fn wrap(shown: &str, stdout: bool, error: io::Error) -> OutputError {
    let error = if error.get_ref().is_some_and(|e| e.is::<OutputError>()) {
        match error.into_inner().map(|e| e.downcast::<OutputError>()) {
            Some(Ok(output_error)) => return *output_error,
            Some(Err(other)) => io::Error::other(other),
            None => io::Error::other("an output error without its cause"),
        }
    } else {
        error
    };
    if stdout {
        OutputError::Stdout { error }
    } else {
        OutputError::Write {
            path: shown.to_string(),
            error,
        }
    }
}

/// A handle on an [`Output`] that writes through it (see [`Output::writer`]).
pub struct OutputWriter(Arc<Mutex<Sink>>);

impl OutputWriter {
    fn with<T>(&mut self, f: impl FnOnce(&mut dyn Write) -> io::Result<T>) -> io::Result<T> {
        let mut sink = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(error) = &sink.error {
            return Err(copy(error));
        }
        let result = match &mut sink.dest {
            Dest::Stdout(out) => f(out),
            Dest::File(pending) => f(&mut pending.file),
        };
        if let Err(error) = &result {
            if error.kind() != io::ErrorKind::Interrupted {
                sink.error = Some(copy(error));
            }
        }
        result
    }
}

impl Write for OutputWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.with(|out| out.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.with(|out| out.write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.with(|out| out.flush())
    }
}

/// An I/O error again (they are not `Clone`): the same OS error, or the same kind and text.
fn copy(error: &io::Error) -> io::Error {
    match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(error.kind(), error.to_string()),
    }
}

/// Print `text` on standard output and flush it, every error returned.
pub fn print(text: &str) -> Result<(), OutputError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| OutputError::Stdout { error })
}

/// `path` with its symbolic links followed (up to 40, as the kernel does), so that writing a
/// link replaces what it points to and the link stays. A dangling link gives where it points.
fn follow_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            break;
        }
        let Ok(link) = fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(dir) => dir.join(link),
            None => link,
        };
    }
    path
}

/// Create `.NAME.jiangbu-tmp-PID` (with `-N` after it if taken) in `folder`, new, for writing.
/// Hidden and with a suffix of its own, it is never mistaken for the output, even if a killed
/// run leaves it behind.
fn create_temp(folder: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy());
    // Leave room for the mark within the usual 255-byte limit on a name.
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let pid = std::process::id();
    for n in 0..1000u32 {
        let mut temp = OsString::from(format!(".{}{TEMP_MARK}{pid}", &name[..end]));
        if n > 0 {
            temp.push(format!("-{n}"));
        }
        let temp = folder.join(temp);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}

/// The identity of a file: device and inode on Unix, the canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// The identity of the file at `path` (links followed), `None` when it does not exist. `-` is
/// standard input: the regular file it is redirected from, if any.
fn file_id(path: &Path) -> Option<FileId> {
    if path.as_os_str() == STDIO {
        return stdin_id();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::canonicalize(path).ok()
    }
}

/// The identity of the file standard input is redirected from, if it is a regular file.
fn stdin_id() -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = File::from(fd).metadata().ok()?;
        meta.is_file().then(|| (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The identity of the file standard output is redirected to, if it is a regular file.
fn stdout_id() -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
        let meta = File::from(fd).metadata().ok()?;
        meta.is_file().then(|| (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The first of `inputs` that is the same file as `output`. An output that does not exist yet
/// is no input (an input that does not exist fails when it is opened).
pub fn same_as_any<'a>(output: &Path, inputs: &[&'a Path]) -> Option<&'a Path> {
    let id = file_id(output)?;
    inputs
        .iter()
        .copied()
        .find(|input| file_id(input).as_ref() == Some(&id))
}

/// A record writer that refuses the record past `limit` with [`OutputError::TooManyRows`], as
/// soon as it comes, rather than after the run: the workbook's row limit.
pub struct RowLimit<W> {
    inner: W,
    rows: u64,
    limit: u64,
    path: String,
}

impl<W: Writer> RowLimit<W> {
    /// `inner`, holding at most `limit` records, written to `path` (for the message).
    pub fn new(inner: W, limit: u64, path: &str) -> Self {
        RowLimit {
            inner,
            rows: 0,
            limit,
            path: path.to_string(),
        }
    }

    fn count(&mut self, n: u64) -> io::Result<()> {
        self.rows = self.rows.saturating_add(n);
        if self.rows > self.limit {
            return Err(io::Error::other(OutputError::TooManyRows {
                path: self.path.clone(),
                limit: self.limit,
            }));
        }
        Ok(())
    }
}

impl<W: Writer> Writer for RowLimit<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> io::Result<()> {
        self.count(1)?;
        self.inner.record(plan, record)
    }

    fn finish(&mut self, plan: &Plan, summary: &Summary) -> io::Result<()> {
        self.inner.finish(plan, summary)
    }
}
