//! The admin credentials: from the settings, or generated once into the data directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};

use super::sigv4::AdminKey;
use crate::plumbing::config::{AdminSettings, Secret};

/// Why the admin credentials could not be read or made.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct CredentialsError {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    access_key_id: String,
    secret_access_key: String,
}

/// Where generated credentials are kept.
pub fn credentials_path(data_dir: &Path) -> PathBuf {
    data_dir.join("admin-credentials.json")
}

/// The configured key, else the stored one, else a new one written (mode 0600) to the data
/// directory. The flag says whether it was made now.
pub fn load_or_create(
    settings: &AdminSettings,
    data_dir: &Path,
) -> Result<(AdminKey, bool), CredentialsError> {
    if let (Some(id), Some(secret)) = (&settings.access_key_id, &settings.secret_access_key) {
        return Ok((
            AdminKey {
                access_key_id: id.clone(),
                secret_access_key: secret.clone(),
            },
            false,
        ));
    }
    let path = credentials_path(data_dir);
    let failed = |reason: String| CredentialsError {
        path: path.clone(),
        reason,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let stored: Stored =
                serde_json::from_str(&text).map_err(|e| failed(format!("unreadable: {e}")))?;
            return Ok((
                AdminKey {
                    access_key_id: stored.access_key_id,
                    secret_access_key: Secret::new(stored.secret_access_key),
                },
                false,
            ));
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(failed(error.to_string())),
    }
    let stored = Stored {
        // AWS's shapes: a 20-character id starting AKIA, a 40-character secret.
        access_key_id: format!(
            "AKIA{}",
            Alphanumeric
                .sample_string(&mut rand::rng(), 16)
                .to_uppercase()
        ),
        secret_access_key: Alphanumeric.sample_string(&mut rand::rng(), 40),
    };
    crate::plumbing::files::private_dir(data_dir).map_err(|e| failed(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(|e| failed(e.to_string()))?;
    let text = serde_json::to_string_pretty(&stored).map_err(|e| failed(e.to_string()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| failed(e.to_string()))?;
    Ok((
        AdminKey {
            access_key_id: stored.access_key_id,
            secret_access_key: Secret::new(stored.secret_access_key),
        },
        true,
    ))
}
