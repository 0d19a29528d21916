//! What several test modules share.

/// `--set` for all six open parameters of notice 2021-7, so every amount is known.
pub const SET_ALL: [&str; 12] = [
    "--set",
    "第一条奖补=50万元",
    "--set",
    "第二条奖补=20万元",
    "--set",
    "第四条奖补=30万元",
    "--set",
    "第六条奖补=10万元",
    "--set",
    "第七条奖补=5万元",
    "--set",
    "第八条奖补=100000",
];

/// Parses JSON as `serde_json::from_str` does, but fails on an object that names a key twice
/// (which `serde_json::Value` would silently collapse to the last value).
pub fn parse_unique_keys(text: &str) -> Result<serde_json::Value, String> {
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
    use std::collections::HashSet;
    use std::fmt;

    struct Unique;
    impl<'de> Deserialize<'de> for Unique {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(Unique)
        }
    }
    impl<'de> Visitor<'de> for Unique {
        type Value = Unique;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_unit<E>(self) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
            while seq.next_element::<Unique>()?.is_some() {}
            Ok(Unique)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
            let mut seen = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) {
                    return Err(A::Error::custom(format!("the key {key:?} appears twice")));
                }
                map.next_value::<Unique>()?;
            }
            Ok(Unique)
        }
    }

    serde_json::from_str::<Unique>(text).map_err(|e| e.to_string())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[test]
fn a_key_named_twice_is_refused() {
    assert!(parse_unique_keys(r#"{"a": 1, "b": [{"c": null, "c": 2}]}"#)
        .unwrap_err()
        .contains("\"c\" appears twice"));
    let v = parse_unique_keys(r#"{"a": 1, "b": [{"c": null, "d": "x"}]}"#).unwrap();
    assert_eq!(v["b"][0]["d"], "x");
}
