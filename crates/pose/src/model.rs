//! MoveNet SinglePose Lightning in tract: the embedded ONNX file, loaded and
//! optimised once, run on one 192x192 crop at a time.

use tract_onnx::prelude::*;

use crate::PoseError;
use crate::crop::INPUT_SIDE;

/// The converted model (see `model/PROVENANCE.md`), built into the binary
/// so nothing is read from disk or the network at run time.
static MODEL_ONNX: &[u8] = include_bytes!("../model/movenet-lightning.onnx");

/// One keypoint as the model gives it: across (`u`) and down (`v`) the crop,
/// each 0..=1, and its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RawPoint {
    /// Fraction of the crop's width from its left edge.
    pub u: f32,
    /// Fraction of the crop's height from its top edge.
    pub v: f32,
    /// Confidence, 0..=1.
    pub score: f32,
}

/// The loaded, optimised model with its reusable run state.
pub struct Movenet {
    state: TypedSimpleState,
}

impl std::fmt::Debug for Movenet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Movenet")
    }
}

impl Movenet {
    /// Parse, type, optimise and plan the embedded model (a fraction of a
    /// second, once per tracker).
    pub fn load() -> Result<Movenet, PoseError> {
        // The file fixes the input at 1 x 192 x 192 x 3 int32.
        let plan = tract_onnx::onnx()
            .model_for_read(&mut &MODEL_ONNX[..])
            .and_then(|m| m.into_optimized()?.into_runnable())
            .map_err(|e| PoseError::Model(e.into()))?;
        let state = plan.spawn().map_err(|e| PoseError::Model(e.into()))?;
        Ok(Movenet { state })
    }

    /// Run the model on one crop: `rgb` holds `INPUT_SIDE` x `INPUT_SIDE`
    /// RGB pixels (0..=255) row by row. Keypoints come in COCO-17 order.
    pub fn run(&mut self, rgb: &[i32]) -> Result<[RawPoint; 17], PoseError> {
        let side = INPUT_SIDE;
        let input = Tensor::from_shape(&[1, side, side, 3], rgb)
            .map_err(|e| PoseError::Inference(e.into()))?;
        let outputs = self
            .state
            .run(tvec!(input.into()))
            .map_err(|e| PoseError::Inference(e.into()))?;
        let out = outputs
            .first()
            .ok_or_else(|| PoseError::Inference("the model gave no output".into()))?;
        let values: Vec<f32> = out
            .to_plain_array_view::<f32>()
            .map_err(|e| PoseError::Inference(e.into()))?
            .iter()
            .copied()
            .collect();
        if values.len() != 17 * 3 {
            return Err(PoseError::Inference(
                format!("the model gave {} values, not 17 x 3", values.len()).into(),
            ));
        }
        let mut points = [RawPoint::default(); 17];
        for (p, yxs) in points.iter_mut().zip(values.chunks_exact(3)) {
            // MoveNet writes y, x, score.
            *p = RawPoint {
                u: yxs[1],
                v: yxs[0],
                score: if yxs[2].is_finite() {
                    yxs[2].clamp(0.0, 1.0)
                } else {
                    0.0
                },
            };
        }
        Ok(points)
    }
}
