//! plan.xml bytes -> `read::load_bytes`: the reader, the version check, the JSON Schema and
//! the semantic rules, exactly as `plandoc validate` and `plandoc export` run them.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = plandoc::read::load_bytes(Path::new("fuzz.xml"), bytes);
});
