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

/// What `cognate bench-breached` finds: each check's cost in the built-in corpus and in a
/// file of `lines` hashes, half of the checks hits and half misses.
#[derive(Debug, serde::Serialize)]
pub struct CorpusBench {
    pub lines: u64,
    pub file_bytes: u64,
    pub generated_seconds: f64,
    pub checks: u32,
    pub file_p50_us: f64,
    pub file_p99_us: f64,
    pub builtin_p50_us: f64,
}

/// Writes (unless it is there already with as many lines) a sorted file of `lines` random
/// hashes in Have I Been Pwned's format at `path`, then times `checks` look-ups in it and in
/// the built-in corpus.
pub fn bench_corpus(path: &Path, lines: u64, checks: u32) -> Result<CorpusBench, PwnedFileError> {
    use std::io::Write;
    let shown = path.display().to_string();
    let io = |error| PwnedFileError::Io(shown.clone(), error);
    // 40 hex digits, `:`, a count of up to 6 digits, CRLF: about 49 bytes a line.
    let started = std::time::Instant::now();
    let stamp = path.with_extension("lines");
    let have = std::fs::read_to_string(&stamp).ok();
    if have.as_deref() != Some(lines.to_string().as_str()) {
        let file = File::create(path).map_err(io)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        // Evenly spread, sorted: the top 128 bits of line `n` fall in the n-th of `lines`
        // equal slices, the low 32 are random.
        let slice = u128::MAX / u128::from(lines.max(1));
        for n in 0..u128::from(lines) {
            let top = n * slice + rand::random::<u128>() % slice.max(1);
            let low: u32 = rand::random();
            let count = 1 + rand::random::<u32>() % 100_000;
            write!(out, "{top:032X}{low:08X}:{count}\r\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        std::fs::write(&stamp, lines.to_string()).map_err(io)?;
    }
    let generated_seconds = started.elapsed().as_secs_f64();
    let corpus = PwnedFile::open(path)?;
    let file_bytes = corpus.map.len() as u64;
    // Hits: hashes read from the file at random offsets; misses: random hashes.
    let bytes = &corpus.map[..];
    let mut probes: Vec<Vec<u8>> = Vec::with_capacity(checks as usize);
    for n in 0..checks {
        if n % 2 == 0 {
            let at = rand::random::<u64>() % file_bytes;
            let start = line_start(bytes, usize::try_from(at).unwrap_or(0));
            probes.push(bytes[start..start + HASH_LEN].to_vec());
        } else {
            let miss: [u8; 20] = rand::random();
            probes.push(
                miss.iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<String>()
                    .into_bytes(),
            );
        }
    }
    let mut timings: Vec<f64> = probes
        .iter()
        .map(|probe| {
            let at = std::time::Instant::now();
            std::hint::black_box(corpus.holds(probe));
            at.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    timings.sort_by(f64::total_cmp);
    let common = crate::pool::breached::CommonPasswords;
    let mut builtin: Vec<f64> = (0..checks)
        .map(|n| {
            let password = format!("probe-{n}");
            let at = std::time::Instant::now();
            std::hint::black_box(common.contains(&password));
            at.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    builtin.sort_by(f64::total_cmp);
    let percentile = |sorted: &[f64], p: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    Ok(CorpusBench {
        lines,
        file_bytes,
        generated_seconds,
        checks,
        file_p50_us: percentile(&timings, 0.5),
        file_p99_us: percentile(&timings, 0.99),
        builtin_p50_us: percentile(&builtin, 0.5),
    })
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
    fn the_bench_finds_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pwned.txt");
        let measured = bench_corpus(&path, 2_000, 100).unwrap();
        assert_eq!(measured.lines, 2_000);
        let file = PwnedFile::open(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2_000);
        for line in text.lines().step_by(97) {
            assert!(file.holds(&line.as_bytes()[..HASH_LEN]));
        }
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
