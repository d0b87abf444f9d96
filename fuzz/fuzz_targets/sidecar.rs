//! Sidecar TOML bytes -> `source::sidecar::parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = plandoc::source::sidecar::parse(bytes);
});
