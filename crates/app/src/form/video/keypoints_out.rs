//! `--keypoints-out FILE`: a video's estimated keypoints as COCO-17 JSON,
//! laid out as MMPose's inferencer saves predictions, so that other tools
//! and Backstride itself (`backstride form FILE`) read them back:
//!
//! ```json
//! {"meta_info": {"dataset_name": "coco", "num_keypoints": 17, "keypoint_names": [...]},
//!  "fps": 60.0, "image_width": 1080, "image_height": 1920,
//!  "instance_info": [{"frame_id": 0, "time_s": 0.0,
//!    "instances": [{"keypoints": [[x, y], ...17], "keypoint_scores": [s, ...17]}]}]}
//! ```
//!
//! Coordinates are pixels of the upright picture with y growing
//! downwards; a point the model did not see has the score 0 (and 0, 0).

use backstride_core::form::pose::PoseRecording;
use backstride_pose::COCO17;
use serde_json::{Value, json};

use super::VideoMeta;
use backstride_core::form::pose::Joint;

/// The document for one clip.
pub fn document(rec: &PoseRecording, meta: &VideoMeta) -> Value {
    let frames: Vec<Value> = rec
        .frames
        .iter()
        .map(|f| {
            let instances: Vec<Value> = f
                .people
                .iter()
                .map(|person| {
                    let mut points = Vec::with_capacity(17);
                    let mut scores = Vec::with_capacity(17);
                    for joint in Joint::COCO17 {
                        match person.skeleton[joint.index()] {
                            Some(k) => {
                                points.push(json!([k.x, -k.y]));
                                scores.push(json!(k.score));
                            }
                            None => {
                                points.push(json!([0.0, 0.0]));
                                scores.push(json!(0.0));
                            }
                        }
                    }
                    json!({"keypoints": points, "keypoint_scores": scores})
                })
                .collect();
            json!({"frame_id": f.number, "time_s": f.time_s, "instances": instances})
        })
        .collect();
    json!({
        "meta_info": {
            "dataset_name": "coco",
            "num_keypoints": 17,
            "keypoint_names": COCO17,
            "written_by": "backstride form --keypoints-out",
            "coordinates": "pixels of the upright picture, y down; score 0 = not seen",
            "codec": meta.codec,
        },
        "fps": rec.fps.unwrap_or(meta.fps),
        "image_width": meta.width,
        "image_height": meta.height,
        "instance_info": frames,
    })
}

/// The file for one clip, as text.
pub fn render(rec: &PoseRecording, meta: &VideoMeta) -> String {
    let mut text = document(rec, meta).to_string();
    text.push('\n');
    text
}
