//! An operator's corpus of breached passwords: a file in Have I Been Pwned's downloadable
//! format (`SHA1:count` lines, upper-case hex, sorted by hash, `\n` or `\r\n`), mapped
//! into memory and binary-searched where it lies, so that the full corpus (around a
//! billion lines, tens of gigabytes) costs no memory of its own and each check reads a few
//! dozen lines.

use std::fs::File;
use std::path::Path;

use memmap2::Mmap;

use crate::pool::breached::{Corpus, sha1_hex};

/// The corpus file, mapped.
pub struct PwnedFile {
    map: Mmap,
}

/// Why the file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PwnedFileError {
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0} is not in Have I Been Pwned's format (SHA1:count lines, sorted): {1}")]
    Format(String, &'static str),
}

/// The hash a line starts with: 40 hex digits (compared as upper case).
const HASH_LEN: usize = 40;

impl PwnedFile {
    /// Maps `path`, after checking that its first and last lines are hash lines in order.
    pub fn open(path: &Path) -> Result<Self, PwnedFileError> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|error| PwnedFileError::Io(shown.clone(), error))?;
        // Safety (memmap2's contract): the file is only read, and an operator who rewrites
        // it while Cognate runs must restart Cognate, as the README says.
        #[allow(unsafe_code)]
        let map = unsafe { Mmap::map(&file) }
            .map_err(|error| PwnedFileError::Io(shown.clone(), error))?;
        let corpus = Self { map };
        let bytes = &corpus.map[..];
        if bytes.is_empty() {
            return Err(PwnedFileError::Format(shown, "it is empty"));
        }
        let first = hash_at(bytes, 0);
        let last = hash_at(bytes, line_start(bytes, bytes.len() - 1));
        match (first, last) {
            (Some(first), Some(last)) if first <= last => Ok(corpus),
            (Some(_), Some(_)) => Err(PwnedFileError::Format(shown, "its lines are not sorted")),
            _ => Err(PwnedFileError::Format(
                shown,
                "a line does not start with 40 hex digits",
            )),
        }
    }

    /// Whether the hash (40 upper-case hex digits) is in the file.
    pub fn holds(&self, hash: &[u8]) -> bool {
        let bytes = &self.map[..];
        // `low` and `high` are always where lines start (or the end): every line before
        // `low` is below `hash`, every line from `high` on is above it. The line holding
        // any offset between them therefore starts at or after `low`.
        let (mut low, mut high) = (0usize, bytes.len());
        while low < high {
            let start = line_start(bytes, low + (high - low) / 2);
            let Some(line) = hash_at(bytes, start) else {
                return false;
            };
            match line.cmp(hash) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => low = next_line(bytes, start),
                std::cmp::Ordering::Greater => high = start,
            }
        }
        false
    }
}

impl Corpus for PwnedFile {
    fn contains(&self, password: &str) -> bool {
        self.holds(sha1_hex(password).as_bytes())
    }
}

/// Where the line holding `at` starts.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at]
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(0, |newline| newline + 1)
}

/// Where the line after the one holding `at` starts (the end, after the last line).
fn next_line(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|byte| *byte == b'\n')
        .map_or(bytes.len(), |newline| at + newline + 1)
}

/// The hash the line at `start` begins with, if it is one.
fn hash_at(bytes: &[u8], start: usize) -> Option<&[u8]> {
    let hash = bytes.get(start..start + HASH_LEN)?;
    hash.iter()
        .all(|byte| byte.is_ascii_digit() || (b'A'..=b'F').contains(byte))
        .then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(lines: &[String], crlf: bool) -> (tempfile::TempDir, PwnedFile) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pwned.txt");
        let ending = if crlf { "\r\n" } else { "\n" };
        std::fs::write(&path, lines.join(ending)).unwrap();
        let file = PwnedFile::open(&path).unwrap();
        (dir, file)
    }

    #[test]
    fn every_hash_in_the_file_is_found_and_no_other() {
        let mut hashes: Vec<String> = (0..500).map(|n| sha1_hex(&format!("pw{n}"))).collect();
        hashes.sort();
        let lines: Vec<String> = hashes
            .iter()
            .enumerate()
            .map(|(n, hash)| format!("{hash}:{}", n * 37 + 1))
            .collect();
        for crlf in [false, true] {
            let (_dir, file) = corpus(&lines, crlf);
            for n in 0..500 {
                assert!(file.contains(&format!("pw{n}")), "pw{n}");
                assert!(!file.contains(&format!("other{n}")), "other{n}");
            }
        }
        let (_dir, single) = corpus(&lines[..1], false);
        assert!(single.holds(hashes[0].as_bytes()));
        assert!(!single.holds(hashes[1].as_bytes()));
    }

    #[test]
    fn a_file_in_another_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, "password:3\n").unwrap();
        assert!(matches!(
            PwnedFile::open(&path),
            Err(PwnedFileError::Format(..))
        ));
        std::fs::write(
            &path,
            format!("{}:1\n{}:1\n", "F".repeat(40), "0".repeat(40)),
        )
        .unwrap();
        assert!(matches!(
            PwnedFile::open(&path),
            Err(PwnedFileError::Format(..))
        ));
        assert!(matches!(
            PwnedFile::open(&dir.path().join("missing")),
            Err(PwnedFileError::Io(..))
        ));
    }
}
