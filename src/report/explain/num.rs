//! Numbers as an officer reads them: thousands separators, two decimals for money and percents,
//! whole counts, and more decimals only where two would hide a difference.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::diag::{text, Text};
use crate::syntax::keywords::Lang;

/// At most this many decimals beyond the usual are shown to make a value distinguishable.
const EXTRA_DECIMALS: u32 = 8;

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// The decimals to show `d` with: `min`, or more when `d` is not exact at `min` decimals and
/// its rounding would end in `00` — so `5.99999975%` is not shown as a misleading `6.00%`.
pub(super) fn decimals(d: Decimal, min: u32) -> u32 {
    let exact = d.normalize();
    if exact.scale() <= min {
        return min;
    }
    let mut dp = min;
    while dp < min + EXTRA_DECIMALS {
        let mut r = round(exact, dp);
        if r == exact {
            return dp;
        }
        r.rescale(dp);
        if dp == 0 || r.mantissa() % 100 != 0 {
            return dp;
        }
        dp += 1;
    }
    dp
}

/// `d` with exactly `dp` decimals (rounded half-up) and thousands separators: `1,234,567.80`.
pub(super) fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = round(d, dp);
    r.rescale(dp);
    group(&r.to_string())
}

/// Insert thousands separators into the integer part of a plain decimal string.
fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Money: `300,000.00元` / `300,000.00 yuan`, with `dp` decimals.
pub(super) fn money_dp(d: Decimal, dp: u32, lang: Lang) -> String {
    let n = fixed(d, dp);
    text!("{n} yuan", "{n}元").get(lang).to_string()
}

/// Money with two decimals (more only when two would mislead).
pub fn money(d: Decimal, lang: Lang) -> String {
    money_dp(d, decimals(d, 2), lang)
}

/// A ratio as a percent with `dp` decimals: `0.06` → `6.00%`.
pub(super) fn percent_dp(ratio: Decimal, dp: u32) -> String {
    match ratio.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", fixed(p, dp)),
        None => fixed(ratio, dp),
    }
}

/// The decimals a ratio needs as a percent.
pub(super) fn percent_decimals(ratio: Decimal) -> u32 {
    ratio
        .checked_mul(Decimal::ONE_HUNDRED)
        .map_or(2, |p| decimals(p, 2))
}

/// A ratio as a percent: `0.048` → `4.80%`.
pub fn percent(ratio: Decimal) -> String {
    percent_dp(ratio, percent_decimals(ratio))
}

/// A ratio shown as how many times (`14.67`): exactly when it has at most two decimals, else
/// with two (more only when two would mislead, as for money).
pub(super) fn quotient(d: Decimal) -> String {
    if d.normalize().scale() <= 2 {
        plain(d)
    } else {
        fixed(d, decimals(d, 2))
    }
}

/// A count: a whole number with separators and, in Chinese, its unit (`1,200人`).
pub(super) fn count(d: Decimal, unit: &str, lang: Lang) -> String {
    counted(plain(d), unit, lang)
}

/// `n` with the policy's counting word (`人`) in Chinese; English has no counting word, and the
/// word is the policy's own (not ours to translate), so the English is the bare number.
pub(super) fn counted(n: String, unit: &str, lang: Lang) -> String {
    let with_unit = format!("{n}{unit}");
    Text::new(n, with_unit).get(lang).to_string()
}

/// A plain number, exactly, with separators.
pub(super) fn plain(d: Decimal) -> String {
    group(&d.normalize().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_has_separators_and_two_decimals() {
        assert_eq!(money(d("360000"), Lang::Zh), "360,000.00元");
        assert_eq!(money(d("1234.5"), Lang::En), "1,234.50 yuan");
        assert_eq!(money(d("-999"), Lang::Zh), "-999.00元");
        assert_eq!(money(d("0"), Lang::Zh), "0.00元");
        assert_eq!(money(d("1234.565"), Lang::Zh), "1,234.57元");
        assert_eq!(money(d("1234.001"), Lang::Zh), "1,234.001元");
    }

    #[test]
    fn percents_do_not_round_to_a_misleading_threshold() {
        assert_eq!(percent(d("0.06")), "6.00%");
        assert_eq!(percent(d("0.048")), "4.80%");
        assert_eq!(percent(d("0.0599999975")), "5.9999998%");
        assert_eq!(percent(d("0.19612012")), "19.61%");
    }

    #[test]
    fn quotients_are_plain_numbers_that_do_not_round_to_a_whole() {
        // 146,700,000 ÷ 10,000,000 = 14.67 exactly; 14 ÷ 1 = 14.
        assert_eq!(quotient(d("14.67")), "14.67");
        assert_eq!(quotient(d("14")), "14");
        // 2 ÷ 3 = 0.666…: two decimals.
        assert_eq!(quotient(d("0.6666666666666666666666666667")), "0.67");
        // 9,999,999 ÷ 10,000,000: 1.00 would hide that its whole part is 0.
        assert_eq!(quotient(d("0.9999999")), "0.9999999");
        assert_eq!(quotient(d("12345.678")), "12,345.68");
    }

    #[test]
    fn counts_are_whole_with_units() {
        assert_eq!(count(d("1200"), "人", Lang::Zh), "1,200人");
        assert_eq!(count(d("1200"), "人", Lang::En), "1,200");
        assert_eq!(plain(d("1000000.50")), "1,000,000.5");
    }
}
