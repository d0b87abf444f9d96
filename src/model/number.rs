//! How numbers are written: whole numbers without a fraction (`91`, not `91.0`), others in the
//! shortest form that reads back to the same value (`90.3`, `0.049`). Every writer uses this.

use serde::{Deserialize, Deserializer, Serializer};

/// Largest magnitude below which every whole f64 is exact (2^53).
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

fn as_whole(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < EXACT_INTEGER_LIMIT).then_some(v as i64)
}

/// The number as text: `91`, `90.3`, `0.049`, `-2`.
pub fn format_number(v: f64) -> String {
    match as_whole(v) {
        Some(i) => i.to_string(),
        None => v.to_string(),
    }
}

fn serialize_one<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    match as_whole(v) {
        Some(i) => s.serialize_i64(i),
        None => s.serialize_f64(v),
    }
}

/// serde adapter for `Option<f64>` written as an integer where it is whole.
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => serialize_one(*v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}

/// serde adapter for `Option<Vec<f64>>` written as integers where they are whole.
pub mod optional_list {
    use super::*;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: Serializer>(v: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
        let Some(list) = v else {
            return s.serialize_none();
        };
        let mut seq = s.serialize_seq(Some(list.len()))?;
        for x in list {
            seq.serialize_element(&Whole(*x))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
        Option::<Vec<f64>>::deserialize(d)
    }

    struct Whole(f64);

    impl serde::Serialize for Whole {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_one(self.0, s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn whole_numbers_have_no_fraction() {
        assert_eq!(format_number(91.0), "91");
        assert_eq!(format_number(5200.0), "5200");
        assert_eq!(format_number(-3.0), "-3");
    }

    #[test]
    fn fractions_are_shortest() {
        assert_eq!(format_number(90.3), "90.3");
        assert_eq!(format_number(0.049), "0.049");
        assert_eq!(format_number(25.824), "25.824");
    }
}
