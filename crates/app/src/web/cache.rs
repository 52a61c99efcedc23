//! Answers that depend only on the stored data and the day (the insights,
//! the standing red-flag rule) are computed once per version of the data,
//! not once per request.
//!
//! The data's version is read cheaply on every request: a counter of the
//! changes this server made, and the size and modification time of the
//! database file and of its write-ahead log, which every commit of any
//! process (the CLI running beside the server included) changes. A cached
//! answer is used only while all of these and the day are the same.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use chrono::NaiveDate;

/// How many answers are kept at most (oldest dropped first).
const CAPACITY: usize = 64;

/// The data's version as seen from outside the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    writes: u64,
    files: [Option<(u64, SystemTime)>; 2],
    today: NaiveDate,
}

/// The cache.
pub struct Cache {
    db: PathBuf,
    wal: PathBuf,
    writes: AtomicU64,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (Version, Arc<dyn Any + Send + Sync>)>,
    order: Vec<String>,
}

impl Cache {
    /// A cache for the database at `db`.
    pub fn new(db: &Path) -> Self {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Cache {
            db: db.to_path_buf(),
            wal: PathBuf::from(wal),
            writes: AtomicU64::new(0),
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Notes that this server changed something (every request that is
    /// not a read, whether or not it wrote).
    pub fn changed(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }

    /// The data's version now, on `today`.
    pub fn version(&self, today: NaiveDate) -> Version {
        let meta = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?)))
        };
        Version {
            writes: self.writes.load(Ordering::SeqCst),
            files: [meta(&self.db), meta(&self.wal)],
            today,
        }
    }

    /// The answer cached under `key` for `version`, if any.
    pub fn get<T: Any + Send + Sync>(&self, key: &str, version: &Version) -> Option<Arc<T>> {
        self.get_any(key, version)?.downcast::<T>().ok()
    }

    /// The answer cached under `key` for `version`, of whatever type.
    fn get_any(&self, key: &str, version: &Version) -> Option<Arc<dyn Any + Send + Sync>> {
        let entries = self.entries.lock().ok()?;
        let (v, value) = entries.map.get(key)?;
        (v == version).then(|| value.clone())
    }

    /// Keeps `value` under `key` for `version`.
    pub fn put<T: Any + Send + Sync>(&self, key: &str, version: Version, value: Arc<T>) {
        self.put_any(key, version, value);
    }

    fn put_any(&self, key: &str, version: Version, value: Arc<dyn Any + Send + Sync>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if !entries.map.contains_key(key) {
            entries.order.push(key.to_owned());
            if entries.order.len() > CAPACITY {
                let oldest = entries.order.remove(0);
                entries.map.remove(&oldest);
            }
        }
        entries.map.insert(key.to_owned(), (version, value));
    }
}

/// A response body kept for the data's version: `make()`'s, or the one
/// made for the same `key` while nothing changed since. For answers that
/// are costly to build and large (an activity's detail: every sample),
/// the same for every reader until the data changes.
pub async fn body_for<F, Fut, E>(
    state: &crate::web::state::AppState,
    key: &str,
    make: F,
) -> Result<axum::body::Bytes, E>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<axum::body::Bytes, E>>,
{
    let version = state.cache().version(state.clock().today);
    if let Some(body) = state.cache().get::<axum::body::Bytes>(key, &version) {
        return Ok(body.as_ref().clone());
    }
    let body = make().await?;
    state.cache().put(key, version, Arc::new(body.clone()));
    Ok(body)
}

/// The cache lent to the use cases of one request that changes nothing
/// ([`crate::storage::Memo`]): answers are kept under the data's version
/// as it was when the request began, so a change by anyone (this server,
/// the CLI beside it) or a new day makes the next request compute afresh.
pub struct ReadMemo {
    cache: Arc<Cache>,
    version: Version,
}

impl ReadMemo {
    /// A memo on `cache` for the data as it is on `today`.
    pub fn new(cache: Arc<Cache>, today: NaiveDate) -> Self {
        let version = cache.version(today);
        ReadMemo { cache, version }
    }
}

impl crate::storage::Memo for ReadMemo {
    fn get(&self, key: &str) -> Option<Arc<dyn Any + Send + Sync>> {
        self.cache.get_any(key, &self.version)
    }

    fn put(&self, key: &str, value: Arc<dyn Any + Send + Sync>) {
        self.cache.put_any(key, self.version.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_kept_until_the_data_or_the_day_changes() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("backstride.db");
        std::fs::write(&db, b"one").expect("write");
        let cache = Cache::new(&db);
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).expect("date");
        let v = cache.version(day);
        cache.put("k", v.clone(), Arc::new(41_u32));
        assert_eq!(
            cache.get::<u32>("k", &cache.version(day)).as_deref(),
            Some(&41)
        );
        // Another type under the same key is not returned.
        assert!(cache.get::<String>("k", &v).is_none());
        // The next day.
        assert!(
            cache
                .get::<u32>("k", &cache.version(day.succ_opt().expect("day")))
                .is_none()
        );
        // A change made through this server.
        cache.changed();
        assert!(cache.get::<u32>("k", &cache.version(day)).is_none());
        // A commit by another process grows the write-ahead log.
        cache.put("k", cache.version(day), Arc::new(42_u32));
        std::fs::write(dir.path().join("backstride.db-wal"), b"frame").expect("write");
        assert!(cache.get::<u32>("k", &cache.version(day)).is_none());
    }

    #[test]
    fn the_oldest_answers_go_first() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = Cache::new(&dir.path().join("x.db"));
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).expect("date");
        for i in 0..=CAPACITY {
            cache.put(&format!("k{i}"), cache.version(day), Arc::new(i));
        }
        assert!(cache.get::<usize>("k0", &cache.version(day)).is_none());
        assert!(
            cache
                .get::<usize>(&format!("k{CAPACITY}"), &cache.version(day))
                .is_some()
        );
    }
}
