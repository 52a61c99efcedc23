//! Decoding speed: frames a second through the built-in H.264 decoder.
fn main() {}
