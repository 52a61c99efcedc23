//! `backstride edit`: corrections to a stored activity. Today its sport,
//! for a file that named none (a sport inferred from speed and cadence
//! may be wrong) or named it wrongly. The runner's word is kept: a copy of
//! the same activity imported later does not change it.

use anyhow::Result;

use crate::cli::EditArgs;
use crate::commands::{Outcome, UserError};

/// Runs `backstride edit`.
pub fn command(args: &EditArgs) -> Result<Outcome> {
    let db = crate::storage::open(&crate::datadir::DataDir::locate()?)?;
    let id = crate::delete::resolve(&db, args.activity)?;
    let found = crate::usecase::edit::set_sport(&db, id, args.sport)?;
    if !found {
        return Err(UserError(format!(
            "no activity {id} is stored (see `backstride history`)"
        ))
        .into());
    }
    println!("activity {id} is now {} (set by you)", args.sport.name());
    Ok(Outcome::Done)
}
