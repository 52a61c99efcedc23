//! The closed catalogue of signals: facts about a runner that rules can name.
//!
//! The assessment derives signals from answers; the knowledge base refers to
//! them by name (`region.lower-back`) in scoring rules, intervention triggers
//! and derived red flags. Loading rejects any name not listed here.

use std::fmt;
use std::str::FromStr;

macro_rules! signals {
    ($( $variant:ident => $name:literal, $label:literal, )*) => {
        /// A fact about the runner that the knowledge base can react to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(missing_docs)]
        pub enum Signal { $( $variant, )* }

        impl Signal {
            /// Every signal, in catalogue order.
            pub const ALL: &'static [Signal] = &[ $( Signal::$variant, )* ];

            /// The name used in the knowledge base.
            pub fn name(self) -> &'static str {
                match self { $( Signal::$variant => $name, )* }
            }

            /// What it means, in words a runner reads.
            pub fn label(self) -> &'static str {
                match self { $( Signal::$variant => $label, )* }
            }
        }

        impl FromStr for Signal {
            type Err = UnknownSignal;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $name => Ok(Signal::$variant), )*
                    other => Err(UnknownSignal(other.to_owned())),
                }
            }
        }
    };
}

signals! {
    RegionLowerBack => "region.lower-back", "pain in the lower back",
    RegionUpperBack => "region.upper-back", "pain in the upper back, between the shoulder blades",
    RegionNeck => "region.neck", "pain in the neck",
    RegionOther => "region.other", "pain somewhere else",
    TimingEarlyInRun => "timing.early-in-run", "pain early in a run",
    TimingLateInRun => "timing.late-in-run", "pain late in a run or when tired",
    TimingAfterRun => "timing.after-run", "pain after running",
    TimingNextMorning => "timing.next-morning", "pain the next morning",
    TimingAtRest => "timing.at-rest", "pain at rest that rest does not ease",
    TimingAtNight => "timing.at-night", "pain at night",
    NoticeHeadLeading => "notice.head-leading", "a head that leads your body",
    NoticeArmsTucked => "notice.arms-tucked", "arms that tuck in when you tire",
    NoticeArmsRaised => "notice.arms-raised", "arms or shoulders that rise when you tire",
    NoticeSlumping => "notice.slumping", "slumping or folding at the waist",
    CorePlankLow => "core.plank-low", "a plank hold below the norm",
    CoreFlexorLow => "core.flexor-low", "a trunk flexor hold below the norm",
    CoreExtensorLow => "core.extensor-low", "a trunk extensor hold below the norm",
    CoreSideBridgeLow => "core.side-bridge-low", "a side bridge below the norm",
    CoreRatioFlexorExtensor => "core.ratio-flexor-extensor", "flexor endurance high relative to extensor endurance",
    CoreRatioSideExtensor => "core.ratio-side-extensor", "side bridge endurance high relative to extensor endurance",
    CoreRatioSideBalance => "core.ratio-side-balance", "a right/left side bridge imbalance",
    HistoryBackCondition => "history.back-condition", "a back condition your doctor knows about",
    HistoryWorried => "history.worried", "worry about running with your back",
    EquipmentBrace => "equipment.brace", "owning a back brace",
    PainNonMechanical => "pain.non-mechanical", "pain that comes at rest or at night",
    AgeOutsideUsual => "age.outside-usual", "your age at a first episode of back pain",
    AgeFragility => "age.fragility", "sudden pain at an age when bones are more fragile",
    DurationNoImprovement => "duration.no-improvement", "six weeks or more without improvement",
    FormHeadLeading => "form.head-leading", "a head measured ahead of the trunk on video",
    FormArmsRising => "form.arms-rising", "hands or shoulders measured rising late in a run on video",
    FormArmsTucking => "form.arms-tucking", "elbows measured tucking in late in a run on video",
    FormTrunkLeanGrowing => "form.trunk-lean-growing", "trunk lean measured growing late in a run on video",
    DataPainWithLoadSpike => "data.pain-with-load-spike", "back pain that went with load-spike days in your own logs",
    DataPainWithLongRun => "data.pain-with-long-run", "back pain that went with long runs in your own logs",
    DataPainWithHardSession => "data.pain-with-hard-session", "back pain that went with hard sessions in your own logs",
    DataLoadSpike => "data.load-spike", "a spike in your recent training load",
    DataDistanceJump => "data.distance-jump", "a jump of more than 30% in your weekly running distance",
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A signal name that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown signal `{0}`")]
pub struct UnknownSignal(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_signal() {
        for &s in Signal::ALL {
            assert_eq!(s.name().parse::<Signal>(), Ok(s));
        }
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert_eq!(
            "region.knee".parse::<Signal>(),
            Err(UnknownSignal("region.knee".into()))
        );
    }
}
