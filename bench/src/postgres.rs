//! The PostgreSQL the bench measures on: a cluster of its own started by
//! `scripts/postgres.sh` (Debian's binaries, a temporary folder, a unix socket), stopped
//! when the bench is done with it, or by the script's watcher if the bench dies first.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Fail;

pub struct Cluster {
    script: PathBuf,
    dir: PathBuf,
    url: String,
}

impl Cluster {
    pub fn start(workdir: &Path) -> Result<Self, Fail> {
        let script = workdir.join("scripts/postgres.sh");
        let dir = std::env::temp_dir().join(format!("cognate-bench-{}-pg", std::process::id()));
        let output = Command::new(&script)
            .arg("start")
            .arg(&dir)
            .arg(std::process::id().to_string())
            .output()
            .map_err(|e| format!("{}: {e}", script.display()))?;
        if !output.status.success() {
            return Err(format!(
                "PostgreSQL did not start: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )
            .into());
        }
        let url = String::from_utf8(output.stdout)?.trim().to_string();
        Ok(Self { script, dir, url })
    }

    /// The URL of a new database `name` in the cluster.
    pub fn database(&self, workdir: &Path, name: &str) -> Result<String, Fail> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")?
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("bin/createdb"))
            .filter(|path| path.exists())
            .max()
            .ok_or("PostgreSQL's createdb is not installed")?;
        let status = Command::new(bin)
            .current_dir(workdir)
            .args(["-h", &self.dir.to_string_lossy(), "-U", "cognate", name])
            .status()?;
        if !status.success() {
            return Err(format!("createdb {name} failed").into());
        }
        Ok(self.url.replacen("/postgres?", &format!("/{name}?"), 1))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(&self.script)
            .arg("stop")
            .arg(&self.dir)
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
