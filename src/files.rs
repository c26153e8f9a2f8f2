//! folio's own files: where they live (the XDG base directories) and how they are written
//! (atomically). The config, the reading state and the library's summary cache go through
//! here; article files are read only by `library`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The process environment, as far as finding folio's files cares. Passed in, never read
/// from globals, so tests use temporary folders.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `--config PATH`.
    pub flag: Option<PathBuf>,
    /// `$FOLIO_CONFIG`.
    pub folio_config: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME`.
    pub xdg_config_home: Option<PathBuf>,
    /// `$XDG_STATE_HOME`.
    pub xdg_state_home: Option<PathBuf>,
    /// `$XDG_CACHE_HOME`.
    pub xdg_cache_home: Option<PathBuf>,
    /// `$HOME`.
    pub home: Option<PathBuf>,
}

impl Env {
    /// Reads the real environment (non-empty variables only).
    pub fn from_process(flag: Option<PathBuf>) -> Self {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Self {
            flag,
            folio_config: var("FOLIO_CONFIG"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            xdg_state_home: var("XDG_STATE_HOME"),
            xdg_cache_home: var("XDG_CACHE_HOME"),
            home: var("HOME"),
        }
    }

    /// `$XDG_<KIND>_HOME/folio/<file>`, else `$HOME/<fallback>/folio/<file>`.
    fn base(
        xdg: Option<&PathBuf>,
        home: Option<&PathBuf>,
        fallback: &str,
        file: &str,
    ) -> Option<PathBuf> {
        let base = xdg.cloned().or_else(|| home.map(|h| h.join(fallback)))?;
        Some(base.join("folio").join(file))
    }

    /// The config file to read, and whether the user named it (then it must exist).
    pub fn config_path(&self) -> Option<(PathBuf, bool)> {
        if let Some(p) = self.flag.clone().or_else(|| self.folio_config.clone()) {
            return Some((p, true));
        }
        let path = Self::base(
            self.xdg_config_home.as_ref(),
            self.home.as_ref(),
            ".config",
            "config.toml",
        )?;
        Some((path, false))
    }

    /// The reading state: `$XDG_STATE_HOME/folio/state.json` (`~/.local/state/folio/`).
    pub fn state_path(&self) -> Option<PathBuf> {
        Self::base(
            self.xdg_state_home.as_ref(),
            self.home.as_ref(),
            ".local/state",
            "state.json",
        )
    }

    /// The library's summary cache: `$XDG_CACHE_HOME/folio/index.json` (`~/.cache/folio/`).
    pub fn cache_path(&self) -> Option<PathBuf> {
        Self::base(
            self.xdg_cache_home.as_ref(),
            self.home.as_ref(),
            ".cache",
            "index.json",
        )
    }
}

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never a part:
/// a temporary file in the same folder (readable by the owner only), flushed to disk, renamed
/// over `path`, and the folder flushed so the rename survives a crash. The folder is created
/// when missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::write(path, &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".folio-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, &e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::write(path, &e))?;
    tmp.persist(path)
        .map_err(|e| Error::write(path, &e.error))?;
    // The rename is durable only once the folder is; a folder that cannot be opened (some
    // file systems) still has the new file, so this is best effort.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_order() {
        let env = Env {
            flag: Some("a.toml".into()),
            folio_config: Some("b.toml".into()),
            xdg_config_home: Some("/x".into()),
            home: Some("/h".into()),
            ..Env::default()
        };
        assert_eq!(env.config_path(), Some(("a.toml".into(), true)));
        let env = Env { flag: None, ..env };
        assert_eq!(env.config_path(), Some(("b.toml".into(), true)));
        let env = Env {
            folio_config: None,
            ..env
        };
        assert_eq!(
            env.config_path(),
            Some(("/x/folio/config.toml".into(), false))
        );
        let env = Env {
            xdg_config_home: None,
            ..env
        };
        assert_eq!(
            env.config_path(),
            Some(("/h/.config/folio/config.toml".into(), false))
        );
        assert_eq!(
            env.state_path(),
            Some("/h/.local/state/folio/state.json".into())
        );
        assert_eq!(env.cache_path(), Some("/h/.cache/folio/index.json".into()));
        let env = Env {
            xdg_state_home: Some("/s".into()),
            xdg_cache_home: Some("/c".into()),
            ..env
        };
        assert_eq!(env.state_path(), Some("/s/folio/state.json".into()));
        assert_eq!(env.cache_path(), Some("/c/folio/index.json".into()));
        assert_eq!(Env::default().config_path(), None);
        assert_eq!(Env::default().state_path(), None);
    }

    #[test]
    fn atomic_writes_replace_whole_files_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "not readable by others: {mode:o}");
        }
    }
}
