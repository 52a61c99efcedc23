//! Stable storage names for the core enums the store keeps, and the serde
//! helpers that write them in exports. Core types carry no wire format
//! (ARCHITECTURE.md), so the store owns these spellings; they also appear in
//! the schema's CHECK constraints and must not change without a migration.

use backstride_core::activity::Sport;
use backstride_core::profile::Region;
use serde::Serializer;

/// The storage name of a pain region.
pub fn region_name(region: Region) -> &'static str {
    match region {
        Region::LowerBack => "lower_back",
        Region::UpperBack => "upper_back",
        Region::Neck => "neck",
        Region::Other => "other",
    }
}

/// Parses a storage name of a pain region.
pub fn parse_region(name: &str) -> Option<Region> {
    Some(match name {
        "lower_back" => Region::LowerBack,
        "upper_back" => Region::UpperBack,
        "neck" => Region::Neck,
        "other" => Region::Other,
        _ => return None,
    })
}

/// Serializes a sport as its storage name.
pub(crate) fn serialize_sport<S: Serializer>(sport: &Sport, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(sport.name())
}

/// Serializes a region as its storage name.
pub(crate) fn serialize_region<S: Serializer>(region: &Region, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(region_name(*region))
}

#[cfg(test)]
mod tests {
    use backstride_core::profile::Region;

    use super::{parse_region, region_name};

    #[test]
    fn region_names_round_trip() {
        for region in [
            Region::LowerBack,
            Region::UpperBack,
            Region::Neck,
            Region::Other,
        ] {
            assert_eq!(parse_region(region_name(region)), Some(region));
        }
        assert_eq!(parse_region("knee"), None);
    }
}
