//! Password hashing: argon2id with OWASP's parameters, run off the async runtime and
//! bounded to the core count, with a dummy verify so unknown users cost the same time.

use std::sync::Arc;

use argon2::password_hash::{SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Semaphore;

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
}

/// Hashes and verifies passwords; cheap to clone.
#[derive(Clone)]
pub struct Passwords {
    inner: Arc<Inner>,
}

struct Inner {
    argon2: Argon2<'static>,
    /// At most one hash per core at a time: more would only queue inside the blocking pool
    /// and use memory (19 MiB each).
    permits: Semaphore,
    /// The hash of a random password, verified against when a user does not exist.
    dummy: String,
}

impl Passwords {
    /// Builds the hasher and, once, the dummy hash (start-up work, not per request).
    pub fn new(params: HashParams, concurrency: usize) -> Result<Self, HashError> {
        let params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| HashError::Params(e.to_string()))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let random = SaltString::generate(&mut OsRng);
        let dummy = hash_with(&argon2, random.as_str())?;
        Ok(Self {
            inner: Arc::new(Inner {
                argon2,
                permits: Semaphore::new(concurrency.max(1)),
                dummy,
            }),
        })
    }

    /// With OWASP's parameters and one permit per core.
    pub fn owasp() -> Result<Self, HashError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(OWASP, cores)
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) to store.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        self.run(move |argon2| hash_with(argon2, &password)).await?
    }

    /// Whether `password` matches the stored PHC string (whose own parameters are used).
    pub async fn verify(&self, password: String, stored: String) -> Result<bool, HashError> {
        self.run(move |argon2| verify_with(argon2, &password, &stored))
            .await?
    }

    /// Spends the time of a real verify, for a user who does not exist.
    pub async fn verify_dummy(&self, password: String) -> Result<(), HashError> {
        let inner = Arc::clone(&self.inner);
        self.run(move |argon2| verify_with(argon2, &password, &inner.dummy).map(|_| ()))
            .await?
    }

    /// Other password-derived CPU work (SRP's exponentiations), under the same bound and
    /// off the async runtime.
    pub async fn bounded<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        self.run(move |_| job()).await
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Argon2<'static>) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Aborted)?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || job(&inner.argon2))
            .await
            .map_err(|_| HashError::Aborted)
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError::Hash(e.to_string()))
}

/// How fast this machine verifies passwords with `params` (`cognate bench-hash`): the
/// sign-in limit `make bench` compares the server's throughput with.
#[derive(Clone, Copy, Debug)]
pub struct VerifyRate {
    /// Cores the server would use (its permit count).
    pub cores: usize,
    /// Mean time of one verify on one core.
    pub one_verify: std::time::Duration,
    /// Verifies per second with every core busy, measured, not multiplied.
    pub all_cores_per_second: f64,
}

/// Measures verify time on one thread, then with one thread per core; each part stops
/// after `budget` or `max_verifies`, whichever comes first.
pub fn measure_verify_rate(
    params: HashParams,
    budget: std::time::Duration,
    max_verifies: u32,
) -> Result<VerifyRate, HashError> {
    use std::time::Instant;
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        None,
    )
    .map_err(|e| HashError::Params(e.to_string()))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let stored = hash_with(&argon2, "Bench-Password-1")?;
    let run = |argon2: &Argon2<'_>| -> Result<(u32, std::time::Duration), HashError> {
        let start = Instant::now();
        let mut done = 0;
        while done < max_verifies.max(1) && (done == 0 || start.elapsed() < budget) {
            if !verify_with(argon2, "Bench-Password-1", &stored)? {
                return Err(HashError::Hash("the bench hash did not verify".into()));
            }
            done += 1;
        }
        Ok((done, start.elapsed()))
    };
    // Warm up (page in the 19 MiB working memory), then time one core.
    run_once(&argon2, &stored)?;
    let (done, took) = run(&argon2)?;
    let one_verify = took / done;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores).map(|_| scope.spawn(|| run(&argon2))).collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or(Err(HashError::Aborted)))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let elapsed = start.elapsed().as_secs_f64();
    let total: u32 = counts.iter().map(|(done, _)| done).sum();
    Ok(VerifyRate {
        cores,
        one_verify,
        all_cores_per_second: f64::from(total) / elapsed,
    })
}

fn run_once(argon2: &Argon2<'_>, stored: &str) -> Result<(), HashError> {
    verify_with(argon2, "Bench-Password-1", stored).map(|_| ())
}

fn verify_with(argon2: &Argon2<'_>, password: &str, stored: &str) -> Result<bool, HashError> {
    let parsed = PasswordHash::new(stored).map_err(|_| HashError::MalformedHash)?;
    Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
