//! The catalogue of posture and gait metrics, with the exact definition of
//! each (FACTS 4.3 asks that the software state its definitions).
//!
//! Conventions: the runner faces +x after the facing correction, y is up,
//! lengths are in torso lengths (shoulder to hip), angles in degrees. The
//! shoulder, hip, ear, elbow and wrist are those of the side nearer the
//! camera, falling back to the far side for the shoulder, hip and ear.

/// A metric Backstride measures from keypoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// Steps per minute.
    Cadence,
    /// Ear ahead of the trunk line.
    HeadAhead,
    /// Angle of the shoulder-to-ear line above the forward horizontal.
    EarShoulderAngle,
    /// Trunk forward lean from vertical.
    TrunkLean,
    /// Elbow angle.
    ElbowAngle,
    /// Wrist height between hip and shoulder.
    HandHeight,
    /// Range of the upper arm's swing over a stride.
    ArmSwing,
    /// Vertical gap from shoulder up to ear.
    ShoulderGap,
}

impl Metric {
    /// How many metrics there are.
    pub const COUNT: usize = 8;

    /// Every metric, in report order.
    pub const ALL: [Metric; Metric::COUNT] = [
        Metric::Cadence,
        Metric::HeadAhead,
        Metric::EarShoulderAngle,
        Metric::TrunkLean,
        Metric::ElbowAngle,
        Metric::HandHeight,
        Metric::ArmSwing,
        Metric::ShoulderGap,
    ];

    /// Position in [`Metric::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The ID used in the knowledge base and exports.
    pub fn id(self) -> &'static str {
        match self {
            Metric::Cadence => "cadence",
            Metric::HeadAhead => "head-ahead",
            Metric::EarShoulderAngle => "ear-shoulder-angle",
            Metric::TrunkLean => "trunk-lean",
            Metric::ElbowAngle => "elbow-angle",
            Metric::HandHeight => "hand-height",
            Metric::ArmSwing => "arm-swing",
            Metric::ShoulderGap => "shoulder-gap",
        }
    }

    /// Parses an ID.
    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == s)
    }

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Cadence => "Cadence",
            Metric::HeadAhead => "Head ahead of trunk line",
            Metric::EarShoulderAngle => "Ear-shoulder line angle (not the CVA)",
            Metric::TrunkLean => "Trunk forward lean",
            Metric::ElbowAngle => "Elbow angle",
            Metric::HandHeight => "Hand height",
            Metric::ArmSwing => "Arm swing range",
            Metric::ShoulderGap => "Ear-to-shoulder height",
        }
    }

    /// The unit shown after a value.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Cadence => "steps/min",
            Metric::HeadAhead | Metric::ShoulderGap => "torso lengths",
            Metric::HandHeight => "(0 = hip, 1 = shoulder)",
            Metric::EarShoulderAngle
            | Metric::TrunkLean
            | Metric::ElbowAngle
            | Metric::ArmSwing => "deg",
        }
    }

    /// Decimals worth showing.
    pub fn decimals(self) -> usize {
        match self {
            Metric::Cadence | Metric::EarShoulderAngle | Metric::ElbowAngle | Metric::ArmSwing => 0,
            Metric::TrunkLean => 1,
            Metric::HeadAhead | Metric::HandHeight | Metric::ShoulderGap => 2,
        }
    }

    /// The exact definition.
    pub fn definition(self) -> &'static str {
        match self {
            Metric::Cadence => {
                "Steps per minute: 120 divided by the median time between two foot contacts of the same leg. A contact is taken where the ankle is furthest ahead of the hip (ZENI-2008)."
            }
            Metric::HeadAhead => {
                "Distance of the ear in front of the line from hip to shoulder (extended upwards), perpendicular to that line, in torso lengths; positive when the ear is ahead. It allows for trunk lean: a head in line with a leaning trunk scores 0."
            }
            Metric::EarShoulderAngle => {
                "Angle of the line from shoulder keypoint to ear above the forward horizontal (per stride, the angle of the mean direction); 90 means the ear is straight above the shoulder, smaller means the head is further forward. Pose models have no C7 or tragus point, so this is NOT the clinical craniovertebral angle and its values are not comparable with CVA norms (FACTS 4.2; LEE-2024): use it as a trend within one runner."
            }
            Metric::TrunkLean => {
                "Angle of the hip-to-shoulder line from vertical in the camera plane, positive forward (a global trunk angle, not relative to the pelvis); per stride, the angle of the mean direction (a circular mean)."
            }
            Metric::ElbowAngle => {
                "Inner angle at the elbow between upper arm and forearm of the arm nearer the camera, averaged over each stride; 180 is a straight arm, 90 a right angle."
            }
            Metric::HandHeight => {
                "Height of the wrist between hip (0) and shoulder (1) of the near side, averaged over each stride; above 1 means the hand is above the shoulder."
            }
            Metric::ArmSwing => {
                "Range (maximum minus minimum) within each stride of the upper arm's angle from hanging straight down, near arm."
            }
            Metric::ShoulderGap => {
                "Height of the ear above the shoulder keypoint, in torso lengths; it shrinks when the shoulders are drawn up towards the ears (or the head drops)."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_indices_match() {
        for (i, m) in Metric::ALL.into_iter().enumerate() {
            assert_eq!(m.index(), i);
            assert_eq!(Metric::parse(m.id()), Some(m));
        }
    }
}
