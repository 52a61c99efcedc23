//! Derives the signals that fire for a runner's answers, including the
//! results of the core endurance tests against their norms.

use std::collections::BTreeSet;

use super::answers::{Answers, Noticed, PainTiming, Trend};
use crate::evidence::SourceId;
use crate::knowledge::model::{CoreTest, KnowledgeBase};
use crate::profile::{Equipment, Region, Sex};
use crate::signal::Signal;

/// From this age a woman's sudden back pain raises the fragility-fracture
/// flag (NICE CG146: assess fracture risk in all women aged 65 and over).
pub const FRAGILITY_AGE_WOMEN: u8 = 65;
/// From this age a man's sudden back pain raises the fragility-fracture
/// flag (NICE CG146: all men aged 75 and over).
pub const FRAGILITY_AGE_MEN: u8 = 75;

/// One core endurance test set against its norm.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreTestResult {
    /// The test.
    pub test: CoreTest,
    /// Seconds held.
    pub seconds: u16,
    /// Below this counts as low.
    pub low_below_s: u16,
    /// Whether it is low.
    pub low: bool,
    /// How the threshold was derived.
    pub basis: String,
    /// Whether the runner's age is outside the reference group's.
    pub outside_reference_ages: bool,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// A ratio between two tests set against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct RatioResult {
    /// The ratio's ID.
    pub id: String,
    /// Numerator test.
    pub numerator: CoreTest,
    /// Denominator test.
    pub denominator: CoreTest,
    /// The runner's ratio.
    pub value: f64,
    /// Lowest acceptable.
    pub min: Option<f64>,
    /// Highest acceptable.
    pub max: Option<f64>,
    /// Whether it is outside the target.
    pub off_target: bool,
    /// How the target is meant.
    pub basis: String,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// Everything derived from the answers before any rule is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// Signals that fire.
    pub signals: BTreeSet<Signal>,
    /// Core tests against norms.
    pub core_tests: Vec<CoreTestResult>,
    /// Ratios against targets.
    pub ratios: Vec<RatioResult>,
}

fn seconds(answers: &Answers, test: CoreTest) -> Option<u16> {
    let t = &answers.core_tests;
    match test {
        CoreTest::Plank => t.plank,
        CoreTest::Flexor => t.flexor,
        CoreTest::Extensor => t.extensor,
        CoreTest::SideBridgeRight => t.side_bridge_right,
        CoreTest::SideBridgeLeft => t.side_bridge_left,
    }
}

/// Derives every signal and test result from the answers.
pub fn derive(kb: &KnowledgeBase, answers: &Answers) -> Derived {
    let mut signals = BTreeSet::new();
    for region in &answers.regions {
        signals.insert(match region {
            Region::LowerBack => Signal::RegionLowerBack,
            Region::UpperBack => Signal::RegionUpperBack,
            Region::Neck => Signal::RegionNeck,
            Region::Other => Signal::RegionOther,
        });
    }
    let in_pain = !answers.regions.is_empty();
    if in_pain {
        for timing in &answers.timing {
            signals.insert(match timing {
                PainTiming::EarlyInRun => Signal::TimingEarlyInRun,
                PainTiming::LateInRun => Signal::TimingLateInRun,
                PainTiming::AfterRun => Signal::TimingAfterRun,
                PainTiming::NextMorning => Signal::TimingNextMorning,
                PainTiming::AtRest => Signal::TimingAtRest,
                PainTiming::AtNight => Signal::TimingAtNight,
            });
        }
        if answers.timing.contains(&PainTiming::AtRest)
            || answers.timing.contains(&PainTiming::AtNight)
        {
            signals.insert(Signal::PainNonMechanical);
        }
        // A first-ever episode at 50 or over, or under 20 (FACTS.md 1.2
        // row 15; HEIW: "new pain" at those ages).
        if answers.first_episode && (answers.age >= 50 || answers.age < 20) {
            signals.insert(Signal::AgeOutsideUsual);
        }
        // NICE CG146 advises checking fracture risk in all women from 65
        // and all men from 75; without a stated sex the younger age holds.
        let fragile_age = match answers.sex {
            Sex::Female | Sex::Unspecified => answers.age >= FRAGILITY_AGE_WOMEN,
            Sex::Male => answers.age >= FRAGILITY_AGE_MEN,
        };
        if answers.sudden_onset && fragile_age {
            signals.insert(Signal::AgeFragility);
        }
        if answers.weeks >= 6 && answers.trend != Trend::Improving {
            signals.insert(Signal::DurationNoImprovement);
        }
    }
    for noticed in &answers.noticed {
        signals.insert(match noticed {
            Noticed::HeadLeading => Signal::NoticeHeadLeading,
            Noticed::ArmsTucked => Signal::NoticeArmsTucked,
            Noticed::ArmsRaised => Signal::NoticeArmsRaised,
            Noticed::Slumping => Signal::NoticeSlumping,
        });
    }
    if answers.history.condition.is_some() {
        signals.insert(Signal::HistoryBackCondition);
    }
    if answers.history.worried {
        signals.insert(Signal::HistoryWorried);
    }
    if answers.equipment.contains(&Equipment::Brace) {
        signals.insert(Signal::EquipmentBrace);
    }

    let core_tests = core_tests(kb, answers);
    let ratios = ratios(kb, answers);
    signals.extend(
        core_tests
            .iter()
            .filter(|r| r.low)
            .map(|r| r.test.low_signal()),
    );
    signals.extend(
        ratios
            .iter()
            .filter(|r| r.off_target)
            .filter_map(|r| kb.ratios.iter().find(|x| x.id == r.id).map(|x| x.signal)),
    );
    Derived {
        signals,
        core_tests,
        ratios,
    }
}

fn core_tests(kb: &KnowledgeBase, answers: &Answers) -> Vec<CoreTestResult> {
    CoreTest::ALL
        .into_iter()
        .filter_map(|test| {
            let secs = seconds(answers, test)?;
            // Prefer the norm for the runner's sex, then the sex-neutral one.
            let norm = kb
                .norms
                .iter()
                .filter(|n| n.test == test && n.sex.applies_to(answers.sex))
                .min_by_key(|n| matches!(n.sex, crate::knowledge::model::NormSex::Any))?;
            Some(CoreTestResult {
                test,
                seconds: secs,
                low_below_s: norm.low_below_s,
                low: secs < norm.low_below_s,
                basis: norm.basis.clone(),
                outside_reference_ages: answers.age < norm.age_min || answers.age > norm.age_max,
                sources: norm.sources.clone(),
            })
        })
        .collect()
}

fn ratios(kb: &KnowledgeBase, answers: &Answers) -> Vec<RatioResult> {
    kb.ratios
        .iter()
        .filter_map(|r| {
            let num = seconds(answers, r.numerator)?;
            let den = seconds(answers, r.denominator).filter(|d| *d > 0)?;
            let value = f64::from(num) / f64::from(den);
            let off_target = r.min.is_some_and(|m| value < m) || r.max.is_some_and(|m| value > m);
            Some(RatioResult {
                id: r.id.clone(),
                numerator: r.numerator,
                denominator: r.denominator,
                value,
                min: r.min,
                max: r.max,
                off_target,
                basis: r.basis.clone(),
                sources: r.sources.clone(),
            })
        })
        .collect()
}
