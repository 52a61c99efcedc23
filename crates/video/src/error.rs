//! What can go wrong when a video is opened, decoded or written. Messages
//! say what is wrong and what to do, without the file's name: the caller
//! puts the path in front.

/// A video that cannot be read, decoded or written.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    /// Reading or writing the file failed.
    #[error("could not read or write the video: {0}")]
    Io(#[from] std::io::Error),

    /// The bytes are not an MP4 or QuickTime MOV file.
    #[error(
        "is not an MP4 or MOV video ({found}); film the runner with the phone's camera app and use the .mp4 or .mov file it saves"
    )]
    NotMp4 {
        /// What the bytes look like instead.
        found: &'static str,
    },

    /// The file ends before its index or its frames do.
    #[error(
        "is cut short ({what}); copy the whole file from the phone again (a transfer may have stopped early)"
    )]
    Truncated {
        /// Which part is missing.
        what: String,
    },

    /// The container's structure is broken.
    #[error("has a damaged MP4/MOV structure ({0}); export or copy the video from the phone again")]
    Malformed(String),

    /// There is no video track (e.g. an audio recording).
    #[error("has no video track (only {found}); record a video of the runner")]
    NoVideoTrack {
        /// The kinds of track that are there.
        found: String,
    },

    /// The video track holds no frames.
    #[error("has a video track with no frames; record a few seconds of running")]
    NoFrames,

    /// The pictures are larger than this reader accepts.
    #[error(
        "has pictures of {width}x{height} pixels, larger than the 8192 pixels a side this reader takes; export the clip at 4K or less"
    )]
    TooLarge {
        /// Stored width.
        width: u32,
        /// Stored height.
        height: u32,
    },

    /// A codec the built-in decoder cannot read, and no ffmpeg to fall back on.
    #[error(
        "is encoded as {name} ({fourcc}), which Backstride decodes only through ffmpeg, and no ffmpeg was found (install ffmpeg and put it on PATH, or name it in BACKSTRIDE_FFMPEG). Or convert the clip to H.264 (`ffmpeg -i IN -c:v libx264 OUT.mp4`), or film in H.264: on an iPhone, Settings > Camera > Formats > Most Compatible"
    )]
    UnsupportedCodec {
        /// The sample entry's four-character code, e.g. `hvc1`.
        fourcc: String,
        /// The codec's common name, e.g. `HEVC (H.265)`.
        name: &'static str,
    },

    /// The H.264 stream could not be decoded.
    #[error(
        "frame {frame} could not be decoded ({message}); the video may be damaged: copy it from the phone again, or convert it with ffmpeg"
    )]
    Decode {
        /// The sample, in file order, that failed.
        frame: u64,
        /// The decoder's words.
        message: String,
    },

    /// ffmpeg could not be started or failed while decoding.
    #[error("could not be decoded by ffmpeg ({0}); convert the clip to H.264 MP4 and try again")]
    Ffmpeg(String),

    /// The frames handed to the encoder are unusable.
    #[error("cannot be written: {0}")]
    Encode(String),
}
