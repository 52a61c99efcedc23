//! Stick-figure drawings of the routine's exercises for the HTML report:
//! one small inline SVG per exercise (substitutes included), drawn here as
//! data. Lines use `currentColor`, so a figure follows the page's text
//! colour in a dark theme and prints in black; each carries a `<title>` and
//! an `aria-label` for screen readers.

use std::fmt::Write;

/// One figure: a head and the body's lines, in a 160 x 100 box whose floor
/// is the line y = 92.
struct Figure {
    /// Exercise ID from knowledge/exercises.toml.
    id: &'static str,
    /// What the drawing shows, for the `<title>`.
    shows: &'static str,
    /// Head centre.
    head: (u8, u8),
    /// Body parts, each a polyline (shoulders to hands, hips to feet...).
    lines: &'static [&'static [(u8, u8)]],
    /// A ball under the feet (centre and radius), for exercises that use one.
    ball: Option<(u8, u8, u8)>,
}

const FIGURES: &[Figure] = &[
    Figure {
        id: "warrior-pose",
        shows: "standing on one leg, trunk and arms reaching forward level with the floor, the other leg raised straight behind: a T shape",
        head: (30, 46),
        lines: &[
            // Standing leg, hip to foot.
            &[(78, 56), (76, 74), (78, 92)],
            // Trunk, hip to shoulder.
            &[(78, 56), (40, 54)],
            // Arms reaching forward.
            &[(42, 57), (8, 60)],
            // Raised leg behind.
            &[(78, 56), (150, 54)],
        ],
        ball: None,
    },
    Figure {
        id: "bicycle-crunch",
        shows: "lying on the back, shoulders lifted, hands behind the head, one knee drawn in towards the opposite elbow while the other leg stretches out",
        head: (34, 70),
        lines: &[
            // Trunk, hip to shoulder, curled up.
            &[(84, 88), (44, 76)],
            // Arm: shoulder, elbow towards the knee, hand behind the head.
            &[(44, 76), (58, 64), (30, 62)],
            // Bent leg: hip, knee near the chest, foot.
            &[(84, 88), (68, 60), (94, 58)],
            // Stretched leg, off the floor.
            &[(84, 88), (150, 74)],
        ],
        ball: None,
    },
    Figure {
        id: "ball-pike",
        shows: "hands on the floor, feet on a ball, hips lifted high so the body makes an upside-down V",
        head: (30, 62),
        lines: &[
            // Arm, hand to shoulder.
            &[(36, 92), (40, 66)],
            // Trunk, shoulder up to the high hips.
            &[(40, 66), (82, 32)],
            // Legs, hips down to the feet on the ball.
            &[(82, 32), (122, 60)],
        ],
        ball: Some((126, 76, 15)),
    },
    Figure {
        id: "plank-knee-tuck",
        shows: "a plank on straight arms, one knee drawn in under the chest, the other leg straight behind",
        head: (28, 58),
        lines: &[
            // Arm, hand to shoulder.
            &[(36, 92), (40, 64)],
            // Trunk, shoulder to hip, in one line.
            &[(40, 64), (90, 70)],
            // Straight leg to the toes.
            &[(90, 70), (148, 90)],
            // Tucked leg: hip, knee under the chest, foot.
            &[(90, 70), (62, 80), (84, 90)],
        ],
        ball: None,
    },
    Figure {
        id: "reverse-crunch",
        shows: "lying on the back, arms by the sides, knees bent and pulled towards the chest so the hips curl off the floor",
        head: (22, 84),
        lines: &[
            // Trunk, shoulder to the lifted hips.
            &[(32, 88), (76, 80)],
            // Arm along the floor.
            &[(32, 88), (70, 91)],
            // Legs: hips, knees over the chest, feet.
            &[(76, 80), (66, 52), (94, 46)],
        ],
        ball: None,
    },
];

/// The inline SVG of exercise `id`, labelled with its `name`; `None` when
/// there is no drawing for it.
pub fn svg(id: &str, name: &str) -> Option<String> {
    let f = FIGURES.iter().find(|f| f.id == id)?;
    let label = escape(&format!("{name}: {}", f.shows));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"figure\" viewBox=\"0 0 160 100\" width=\"160\" height=\"100\" \
         role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title>{label}</title>\
         <g fill=\"none\" stroke=\"currentColor\" stroke-width=\"4\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\">\
         <line x1=\"2\" y1=\"94\" x2=\"158\" y2=\"94\" stroke-width=\"1.5\" opacity=\"0.5\"/>\
         <circle cx=\"{}\" cy=\"{}\" r=\"7\"/>",
        f.head.0, f.head.1
    );
    for line in f.lines {
        let points: Vec<String> = line.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = write!(s, "<polyline points=\"{}\"/>", points.join(" "));
    }
    if let Some((x, y, r)) = f.ball {
        let _ = write!(
            s,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" stroke-width=\"2\"/>"
        );
    }
    s.push_str("</g></svg>");
    Some(s)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use backstride_core::knowledge::KnowledgeBase;

    use super::*;

    #[test]
    fn every_exercise_and_substitute_in_the_knowledge_base_has_a_drawing() {
        let kb = KnowledgeBase::embedded().expect("valid knowledge base");
        for e in &kb.exercises {
            let svg = svg(&e.id, &e.name).unwrap_or_else(|| panic!("no drawing for {}", e.id));
            assert!(svg.contains(&format!("<title>{}: ", e.name)), "{svg}");
            assert!(svg.contains("aria-label=\""), "{svg}");
            assert!(svg.contains("currentColor"), "{svg}");
            for s in &e.substitutes {
                assert!(
                    FIGURES.iter().any(|f| f.id == s),
                    "no drawing for substitute {s}"
                );
            }
        }
    }

    #[test]
    fn drawings_stay_inside_their_box() {
        for f in FIGURES {
            let points = f.lines.iter().flat_map(|l| l.iter()).chain([&f.head]);
            for (x, y) in points {
                assert!(*x <= 160 && *y <= 100, "{}: ({x}, {y})", f.id);
            }
        }
    }

    #[test]
    fn an_unknown_exercise_has_no_drawing() {
        assert!(svg("no-such-exercise", "Nothing").is_none());
    }
}
