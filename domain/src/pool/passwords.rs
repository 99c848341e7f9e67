//! Password hashing: argon2id with OWASP's parameters on a fixed set of hashing threads
//! (one per core), each reusing one work area, with a dummy verify so unknown users cost
//! the same time.
//!
//! Why not `spawn_blocking` and `Argon2::verify_password`: each call then allocates a
//! fresh 19 MiB work area on whichever blocking thread runs it. The kernel zeroes every
//! page of it (a few ms per hash), and glibc keeps freed areas in per-thread arenas, so a
//! busy server grew to more than a gigabyte. Threads that each own one area do neither.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};

/// argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane.
pub const OWASP: HashParams = HashParams {
    memory_kib: 19_456,
    iterations: 2,
    parallelism: 1,
};

/// Salt and output lengths of new hashes (the argon2 crate's defaults).
const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("invalid argon2 parameters: {0}")]
    Params(String),
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("the stored password hash is malformed")]
    MalformedHash,
    #[error("the hashing task did not finish")]
    Aborted,
    /// Too many hashes are waiting: the job was refused, not queued.
    #[error("the password-hashing queue is full")]
    Busy,
}

/// Hashes and verifies passwords; cheap to clone.
#[derive(Clone)]
pub struct Passwords {
    inner: Arc<Inner>,
}

/// Work for a hashing thread, given that thread's work area.
type Job = Box<dyn FnOnce(&mut Workspace) + Send>;

struct Inner {
    argon2: Argon2<'static>,
    /// Jobs for the hashing threads. At most one hash per thread runs at a time, the rest
    /// wait here in order.
    queue: Arc<Queue>,
    /// The hash of a random password, verified against when a user does not exist.
    dummy: String,
}

/// One hashing thread's memory, kept between hashes: made at the thread's first hash, so
/// a server that has signed no one in stays small, and let go after a quiet spell.
struct Workspace {
    blocks: Vec<Block>,
    size: usize,
}

impl Workspace {
    fn new(params: &Params) -> Self {
        Self {
            blocks: Vec::new(),
            size: params.block_count(),
        }
    }

    fn release(&mut self) {
        self.blocks = Vec::new();
    }

    /// Runs `argon2` over this area, or over a one-off one if `argon2` needs more memory
    /// than the current parameters (a hash from other settings).
    fn hash_into(
        &mut self,
        argon2: &Argon2<'_>,
        password: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<(), HashError> {
        let needed = argon2.params().block_count();
        if needed <= self.size && self.blocks.len() < self.size {
            self.blocks = vec![Block::default(); self.size];
        }
        let result = if needed <= self.blocks.len() {
            argon2.hash_password_into_with_memory(password, salt, out, &mut self.blocks[..needed])
        } else {
            argon2.hash_password_into_with_memory(
                password,
                salt,
                out,
                vec![Block::default(); needed],
            )
        };
        result.map_err(|e| HashError::Hash(e.to_string()))
    }
}

fn argon2_params(params: HashParams) -> Result<Params, HashError> {
    Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(OUTPUT_LEN),
    )
    .map_err(|e| HashError::Params(e.to_string()))
}

impl Passwords {
    /// Starts `threads` hashing threads and makes the dummy hash once (start-up work, not
    /// per request).
    pub fn new(params: HashParams, threads: usize) -> Result<Self, HashError> {
        let params = argon2_params(params)?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let queue = Arc::new(Queue::default());
        for n in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            let params = params.clone();
            std::thread::Builder::new()
                .name(format!("cognate-hash-{n}"))
                .spawn(move || hashing_thread(&queue, Workspace::new(&params)))
                .map_err(|e| HashError::Hash(format!("cannot start a hashing thread: {e}")))?;
        }
        let mut random = [0u8; 24];
        OsRng.fill_bytes(&mut random);
        let dummy = hash_with(&argon2, &mut Workspace::new(&params), &random)?;
        Ok(Self {
            inner: Arc::new(Inner {
                argon2,
                queue,
                dummy,
            }),
        })
    }

    /// With OWASP's parameters and one thread per core.
    pub fn owasp() -> Result<Self, HashError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(OWASP, cores)
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) to store.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let inner = Arc::clone(&self.inner);
        self.run(move |work| hash_with(&inner.argon2, work, password.as_bytes()))
            .await?
    }

    /// Whether `password` matches the stored PHC string (whose own parameters are used).
    pub async fn verify(&self, password: String, stored: String) -> Result<bool, HashError> {
        self.run(move |work| verify_with(work, &password, &stored))
            .await?
    }

    /// Spends the time of a real verify, for a user who does not exist.
    pub async fn verify_dummy(&self, password: String) -> Result<(), HashError> {
        let inner = Arc::clone(&self.inner);
        self.run(move |work| verify_with(work, &password, &inner.dummy).map(|_| ()))
            .await?
    }

    /// Refuses new jobs (`HashError::Busy`) while `waiting` jobs wait for a thread, so a
    /// flood is turned away at once instead of making every sign-in wait longer.
    pub fn with_queue_limit(self, waiting: usize) -> Self {
        self.inner
            .queue
            .capacity
            .store(waiting.max(1), Ordering::Relaxed);
        self
    }

    /// Jobs accepted so far (hashes, verifies, SRP work): what a test counts to show that
    /// a refusal spent no hash.
    pub fn jobs_accepted(&self) -> u64 {
        self.inner.queue.accepted.load(Ordering::Relaxed)
    }

    /// Other password-derived CPU work (SRP's exponentiations), on the same threads.
    pub async fn bounded<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        self.run(move |_| job()).await
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Workspace) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |work| {
            let _ = reply.send(job(work));
        });
        self.inner.queue.push(job)?;
        // A job that panicked drops its reply: the caller gets an error, not a hang.
        answer.await.map_err(|_| HashError::Aborted)
    }
}

/// How long a hashing thread keeps its work area without a job.
const IDLE_RELEASE: std::time::Duration = std::time::Duration::from_secs(30);

/// The hashing threads' work list; closed when the `Passwords` that fills it is dropped.
struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
    /// The most jobs that may wait; more are refused.
    capacity: AtomicUsize,
    accepted: AtomicU64,
}

impl Default for Queue {
    fn default() -> Self {
        Self {
            state: Mutex::default(),
            ready: Condvar::new(),
            capacity: AtomicUsize::new(usize::MAX),
            accepted: AtomicU64::new(0),
        }
    }
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<Job>,
    closed: bool,
}

/// What a waiting hashing thread gets.
enum Next {
    Job(Job),
    Idle,
    Closed,
}

impl Queue {
    fn push(&self, job: Job) -> Result<(), HashError> {
        let mut state = self.state.lock().map_err(|_| HashError::Aborted)?;
        if state.jobs.len() >= self.capacity.load(Ordering::Relaxed) {
            return Err(HashError::Busy);
        }
        state.jobs.push_back(job);
        drop(state);
        self.accepted.fetch_add(1, Ordering::Relaxed);
        self.ready.notify_one();
        Ok(())
    }

    fn next(&self) -> Next {
        let Ok(mut state) = self.state.lock() else {
            return Next::Closed;
        };
        loop {
            if let Some(job) = state.jobs.pop_front() {
                return Next::Job(job);
            }
            if state.closed {
                return Next::Closed;
            }
            match self.ready.wait_timeout(state, IDLE_RELEASE) {
                Ok((guard, timeout)) if timeout.timed_out() && guard.jobs.is_empty() => {
                    return if guard.closed {
                        Next::Closed
                    } else {
                        Next::Idle
                    };
                }
                Ok((guard, _)) => state = guard,
                Err(_) => return Next::Closed,
            }
        }
    }

    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
        }
        self.ready.notify_all();
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.queue.close();
    }
}

/// Takes jobs until the `Passwords` that feeds them is gone.
fn hashing_thread(queue: &Queue, mut work: Workspace) {
    loop {
        match queue.next() {
            Next::Job(job) => {
                // A panicking job must not take the thread with it.
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut work)));
                if outcome.is_err() {
                    tracing::error!("a password-hashing job panicked");
                }
            }
            Next::Idle => work.release(),
            Next::Closed => return,
        }
    }
}

/// How fast this machine verifies passwords with `params` (`cognate bench-hash`): the
/// sign-in limit `make bench` compares the server's throughput with.
#[derive(Clone, Copy, Debug)]
pub struct VerifyRate {
    /// Cores the server would use (its hashing threads).
    pub cores: usize,
    /// Mean time of one verify on one core.
    pub one_verify: std::time::Duration,
    /// Verifies per second with every core busy, measured, not multiplied.
    pub all_cores_per_second: f64,
}

/// Measures verify time on one thread, then with one thread per core, through the code
/// the server runs; each part stops after `budget` or `max_verifies`, whichever comes
/// first.
pub fn measure_verify_rate(
    params: HashParams,
    budget: std::time::Duration,
    max_verifies: u32,
) -> Result<VerifyRate, HashError> {
    use std::time::Instant;
    let params = argon2_params(params)?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let password = b"Bench-Password-1";
    let stored = hash_with(&argon2, &mut Workspace::new(&params), password)?;
    let run = || -> Result<(u32, std::time::Duration), HashError> {
        let mut work = Workspace::new(&params);
        // Warm up: the first pass pages the work area in.
        verify_with(&mut work, "Bench-Password-1", &stored)?;
        let start = Instant::now();
        let mut done = 0;
        while done < max_verifies.max(1) && (done == 0 || start.elapsed() < budget) {
            if !verify_with(&mut work, "Bench-Password-1", &stored)? {
                return Err(HashError::Hash("the bench hash did not verify".into()));
            }
            done += 1;
        }
        Ok((done, start.elapsed()))
    };
    let (done, took) = run()?;
    let one_verify = took / done;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores).map(|_| scope.spawn(run)).collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or(Err(HashError::Aborted)))
            .collect::<Result<Vec<_>, _>>()
    })?;
    // Each thread's rate over its own timed span (the warm-up left out), summed.
    let all_cores_per_second = counts
        .iter()
        .map(|(done, took)| f64::from(*done) / took.as_secs_f64())
        .sum();
    Ok(VerifyRate {
        cores,
        one_verify,
        all_cores_per_second,
    })
}

/// A new PHC string for `password` with a fresh random salt.
fn hash_with(
    argon2: &Argon2<'_>,
    work: &mut Workspace,
    password: &[u8],
) -> Result<String, HashError> {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let mut out = [0u8; OUTPUT_LEN];
    work.hash_into(argon2, password, &salt, &mut out)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError::Hash(e.to_string()))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params())
            .map_err(|e| HashError::Hash(e.to_string()))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| HashError::Hash(e.to_string()))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` gives the stored hash, with the stored algorithm and parameters;
/// the outputs are compared in constant time (`Output`'s equality).
fn verify_with(work: &mut Workspace, password: &str, stored: &str) -> Result<bool, HashError> {
    let parsed = PasswordHash::new(stored).map_err(|_| HashError::MalformedHash)?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|_| HashError::MalformedHash)?;
    let version = match parsed.version {
        Some(version) => Version::try_from(version).map_err(|_| HashError::MalformedHash)?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).map_err(|_| HashError::MalformedHash)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(HashError::MalformedHash);
    };
    let mut salt_bytes = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|_| HashError::MalformedHash)?;
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = [0u8; Output::MAX_LENGTH];
    let out = &mut out[..expected.len()];
    work.hash_into(&argon2, password.as_bytes(), salt, out)?;
    let computed = Output::new(out).map_err(|_| HashError::MalformedHash)?;
    Ok(computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_instead_of_waiting() {
        let passwords = Passwords::new(OWASP, 1).unwrap().with_queue_limit(2);
        let (started, running) = tokio::sync::oneshot::channel();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        // The one thread is busy until released.
        let first = passwords.clone();
        let busy = tokio::spawn(async move {
            first
                .bounded(move || {
                    let _ = started.send(());
                    let _ = gate.recv();
                })
                .await
        });
        running.await.unwrap();
        let waiting: Vec<_> = (0..2)
            .map(|n| {
                let queued = passwords.clone();
                tokio::spawn(async move { queued.bounded(move || n).await })
            })
            .collect();
        tokio::task::yield_now().await;
        let accepted = passwords.jobs_accepted();
        let refused = passwords.bounded(|| 9).await;
        assert!(matches!(refused, Err(HashError::Busy)), "{refused:?}");
        assert_eq!(
            passwords.jobs_accepted(),
            accepted,
            "the refused job was not queued"
        );
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        for (n, job) in waiting.into_iter().enumerate() {
            assert_eq!(job.await.unwrap().unwrap(), n);
        }
        assert_eq!(passwords.bounded(|| 7).await.unwrap(), 7, "room again");
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let passwords = Passwords::new(OWASP, 2).unwrap();
        let stored = passwords.hash("Correct-Horse-9".to_string()).await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(!stored.contains("Correct-Horse-9"));
        assert!(
            passwords
                .verify("Correct-Horse-9".to_string(), stored.clone())
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("correct-horse-9".to_string(), stored)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn the_same_password_gets_a_different_salt_each_time() {
        let passwords = Passwords::new(OWASP, 2).unwrap();
        let a = passwords.hash("Same-Pass-1".to_string()).await.unwrap();
        let b = passwords.hash("Same-Pass-1".to_string()).await.unwrap();
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn hashes_made_with_other_parameters_still_verify() {
        let light = HashParams {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        };
        let old = Passwords::new(light, 1).unwrap();
        let stored = old.hash("Old-Pass-1".to_string()).await.unwrap();
        let current = Passwords::new(OWASP, 1).unwrap();
        assert!(
            current
                .verify("Old-Pass-1".to_string(), stored)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_is_an_error_not_a_match() {
        let passwords = Passwords::new(OWASP, 1).unwrap();
        let result = passwords
            .verify("anything".to_string(), "not-a-phc-string".to_string())
            .await;
        assert!(matches!(result, Err(HashError::MalformedHash)));
    }

    #[tokio::test]
    async fn the_dummy_verify_runs_without_a_user() {
        let passwords = Passwords::new(OWASP, 1).unwrap();
        passwords
            .verify_dummy("whatever".to_string())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn hashes_agree_with_the_argon2_crates_own_hasher() {
        use argon2::{PasswordHasher, PasswordVerifier};
        // Stored hashes from before the hashing threads were made by the crate's hasher.
        let theirs = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            argon2_params(OWASP).unwrap(),
        );
        let salt = SaltString::encode_b64(b"sixteen-byte-slt").unwrap();
        let old = theirs
            .hash_password(b"Kept-Pass-1", &salt)
            .unwrap()
            .to_string();
        let passwords = Passwords::new(OWASP, 2).unwrap();
        assert!(
            passwords
                .verify("Kept-Pass-1".to_string(), old.clone())
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("Kept-Pass-2".to_string(), old)
                .await
                .unwrap()
        );
        let new = passwords.hash("New-Pass-1".to_string()).await.unwrap();
        let parsed = PasswordHash::new(&new).unwrap();
        assert!(theirs.verify_password(b"New-Pass-1", &parsed).is_ok());
        assert!(theirs.verify_password(b"New-Pass-2", &parsed).is_err());
    }
}
