//! `youai backup`, `restore` and `export`: a deployment's data as one portable SQLite file,
//! and moved whole between databases (see `youai_db::transfer`).

use std::path::Path;

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use youai_db::{DatabaseUrl, DbConn, transfer};

/// What a copy moved: rows per table.
pub type Copied = Vec<(String, usize)>;

fn sqlite_url(file: &Path) -> DatabaseUrl {
    DatabaseUrl::Sqlite(file.to_path_buf())
}

/// Opens (and migrates) a database for a copy.
fn open(url: &DatabaseUrl) -> anyhow::Result<youai_db::Pool> {
    crate::open_database(url).with_context(|| format!("cannot open {}", url.redacted()))
}

/// Writes a backup of `source` to `file` (which must not exist): an online, consistent
/// snapshot. From SQLite, `VACUUM INTO`; from PostgreSQL, a copy of every table into a new
/// SQLite file in one repeatable-read snapshot. Either way the file restores anywhere.
pub fn backup(source: &DatabaseUrl, file: &Path) -> anyhow::Result<Copied> {
    if file.exists() {
        bail!("{} already exists: choose a new file", file.display());
    }
    let from = open(source)?;
    let mut from = from.get()?;
    match &mut *from {
        DbConn::Sqlite(c) => {
            let target = file.to_str().context("the backup path is not UTF-8")?;
            c.batch_execute(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))?;
            let check = open(&sqlite_url(file))?;
            let mut check = check.get()?;
            transfer::TABLES
                .iter()
                .map(|t| Ok((t.to_string(), transfer::count_rows(&mut check, t)? as usize)))
                .collect()
        }
        DbConn::Postgres(_) => {
            let to = open(&sqlite_url(file))?;
            let mut to = to.get()?;
            let copied = transfer::copy_all(&mut from, &mut to).map_err(anyhow::Error::msg);
            if copied.is_err() {
                drop(to);
                let _ = std::fs::remove_file(file);
            }
            copied
        }
    }
}

/// Restores a backup file into `target`, which must be empty (a new SQLite file, or a new
/// PostgreSQL database). An older backup is migrated to this version first.
pub fn restore(file: &Path, target: &DatabaseUrl) -> anyhow::Result<Copied> {
    if !file.is_file() {
        bail!("{} is not a backup file", file.display());
    }
    copy(&sqlite_url(file), target)
}

/// Copies every table from `source` into the empty `target` (e.g. a city moving from its
/// SQLite file to PostgreSQL).
pub fn copy(source: &DatabaseUrl, target: &DatabaseUrl) -> anyhow::Result<Copied> {
    let from = open(source)?;
    let to = open(target)?;
    let (mut from, mut to) = (from.get()?, to.get()?);
    transfer::copy_all(&mut from, &mut to).map_err(anyhow::Error::msg)
}
