//! Use case "edit": corrections to a stored activity, for `backstride
//! edit`, the activity page and the API. Today its sport, for a file that
//! named none (a sport inferred from speed and cadence may be wrong) or
//! named it wrongly. The runner's word is kept: a copy of the same
//! activity imported later does not change it.

use anyhow::Result;
use backstride_core::activity::Sport;

use crate::storage::Opened;

/// Sets activity `id`'s sport (as the runner's word); `false` when no such
/// activity is stored.
pub fn set_sport(db: &Opened, id: i64, sport: Sport) -> Result<bool> {
    Ok(db.run(db.store.set_sport(id, sport))?)
}
