//! The key check: a record's key (`主键`) must be unique among all the records of a run.
//!
//! Keys are compared after [`normalize_key`]: NFKC, Unicode format characters removed, blanks at
//! the ends trimmed and letters lowercased, so `91220101MA0Y` and `９１２２０１０１ma0y` (full-width
//! digits, lower case) or a key with a zero-width joiner inside are the same key. The key written
//! to the output stays as the file wrote it; only the comparison uses the normal form.
//!
//! The inputs of one run share a [`SharedKeys`] (see [`super::ReadOptions::shared_keys`]), so a
//! key seen in an earlier file, or the same file given twice, is a duplicate too.

use std::borrow::Cow;
use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use unicode_normalization::UnicodeNormalization;

use super::cell::trim;
use super::row::{CellError, CellProblem};
use super::ReadOptions;
use crate::schema::FieldDef;

/// How many bits of a table entry hold the row; the bits above hold the input's index.
const ROW_BITS: u32 = 48;
/// The largest row an entry can hold; larger rows are stored as this.
const MAX_ROW: u64 = (1 << ROW_BITS) - 1;
/// The largest input index an entry can hold; later inputs are stored as this.
const MAX_FILE: u64 = (1 << (64 - ROW_BITS)) - 1;

/// The key as it is compared: NFKC, format characters (Unicode category Cf: zero-width
/// joiners, U+2060, a byte order mark, a soft hyphen, bidi controls …) removed, blanks at the
/// ends trimmed, letters lowercased.
pub fn normalize_key(text: &str) -> Cow<'_, str> {
    let trimmed = trim(text);
    if trimmed.is_ascii() {
        // NFKC leaves ASCII as it is, and no ASCII character is a format character.
        return if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(trimmed.to_ascii_lowercase())
        } else {
            Cow::Borrowed(trimmed)
        };
    }
    let composed: String = trimmed.nfkc().filter(|&c| !is_format(c)).collect();
    Cow::Owned(
        trim(&composed)
            .chars()
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// Whether `c` is a format character (general category Cf, Unicode 15).
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// The keys seen by the inputs of one run: give every input opened for the run the same
/// `SharedKeys` (in [`ReadOptions::shared_keys`]) and a key repeated in another input is
/// reported as a duplicate. Clones share the table.
#[derive(Clone, Default)]
pub struct SharedKeys(Arc<Mutex<Table>>);

impl SharedKeys {
    /// An empty table.
    pub fn new() -> Self {
        SharedKeys::default()
    }
}

impl PartialEq for SharedKeys {
    /// The same table (not equal contents).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedKeys {}

impl fmt::Debug for SharedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedKeys")
    }
}

/// The table behind [`SharedKeys`].
///
/// Memory per record is what keeps a long input from growing without bound, so the keys are not
/// kept: each normalized key is reduced to a 64-bit SipHash fingerprint (std's `DefaultHasher`,
/// fixed keys, so the same on every run), mapped to where it was first seen (the input's index in
/// the top 16 bits, the row in the low 48) — 16 bytes a key in the table instead of the key's
/// text, its allocation and a 24-byte `String`. Two keys are taken to be the same when their
/// fingerprints are: the first row reported is right whenever they truly are. Distinct keys
/// whose fingerprints collide would be reported as a duplicate; for n keys the chance that any
/// pair does is about n²/2⁶⁵ (3·10⁻⁸ for a million keys, 3·10⁻⁶ for ten million), which is
/// accepted rather than keeping every key's text to confirm.
#[derive(Debug, Default)]
struct Table {
    /// Each key's fingerprint and where it was first seen.
    seen: HashMap<u64, u64, BuildHasherDefault<Fingerprinted>>,
    /// The names of the inputs, by index.
    files: Vec<String>,
}

/// The fingerprint of a normalized key.
pub(super) fn fingerprint(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// [`fingerprint`] of `key` lowercased, for an ASCII key, without lowercasing it into a new
/// `String`: the hasher takes the lowercased bytes a chunk at a time, which hashes the same as
/// taking them at once (SipHash is fed as a stream).
pub(super) fn fingerprint_ascii(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut chunk = [0u8; 32];
    for part in key.as_bytes().chunks(chunk.len()) {
        let lower = &mut chunk[..part.len()];
        lower.copy_from_slice(part);
        lower.make_ascii_lowercase();
        hasher.write(lower);
    }
    hasher.finish()
}

/// The table's hasher: its keys are already well-mixed fingerprints, so they are used as they
/// are instead of being hashed a second time.
#[derive(Debug, Default)]
pub(super) struct Fingerprinted(u64);

impl Hasher for Fingerprinted {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `u64` keys; folds the bytes in so it is still a hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The key check of one input.
#[derive(Debug)]
pub(super) struct Keys {
    /// The table, shared with the run's other inputs or this input's own.
    table: SharedKeys,
    /// This input's index in the table.
    file: u64,
    /// Whether keys are checked for uniqueness (`--no-key-check` turns it off).
    unique: bool,
}

impl Keys {
    /// The key check of the input `name`, read with `options`: in the run's shared table when
    /// `options` give one, else in a table of its own.
    pub(super) fn new(options: &ReadOptions, name: &str) -> Self {
        let table = options.shared_keys.clone().unwrap_or_default();
        let file = {
            let mut inner = table.0.lock().unwrap_or_else(PoisonError::into_inner);
            let index = inner.files.len() as u64;
            if options.unchecked_keys {
                0
            } else {
                inner.files.push(name.to_owned());
                index.min(MAX_FILE)
            }
        };
        Keys {
            table,
            file,
            unique: !options.unchecked_keys,
        }
    }

    /// Record the key `text` of `row`; report it in `errors` when blank or seen before.
    pub(super) fn check(
        &mut self,
        field: &FieldDef,
        text: &str,
        row: u64,
        errors: &mut Vec<CellError>,
    ) {
        let key = trim(text);
        // An ASCII key is its own normal form but for letter case ([`normalize_key`]).
        let print = if key.is_ascii() {
            (!key.is_empty()).then(|| fingerprint_ascii(key))
        } else {
            let normal = normalize_key(key);
            (!normal.is_empty()).then(|| fingerprint(&normal))
        };
        let problem = if let Some(print) = print.filter(|_| self.unique) {
            let mut table = self.table.0.lock().unwrap_or_else(PoisonError::into_inner);
            let here = (self.file << ROW_BITS) | row.min(MAX_ROW);
            let first = match table.seen.entry(print) {
                Entry::Occupied(first) => *first.get(),
                Entry::Vacant(slot) => {
                    slot.insert(here);
                    return;
                }
            };
            let (file, first_row) = (first >> ROW_BITS, first & MAX_ROW);
            let file = (file != self.file).then(|| {
                usize::try_from(file)
                    .ok()
                    .and_then(|f| table.files.get(f))
                    .map_or_else(|| "?".to_owned(), String::clone)
            });
            CellProblem::DuplicateKey { first_row, file }
        } else if print.is_none() {
            CellProblem::BlankKey
        } else {
            return;
        };
        errors.push(CellError {
            row,
            column: field.name.clone(),
            value: key.to_owned(),
            problem,
        });
    }
}
