//! plan.xml bytes -> `read::xml::read` -> `validate::problems`, as `plandoc validate` runs them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(plan) = plandoc::read::xml::read(bytes) {
        let _ = plandoc::validate::problems(&plan);
    }
});
