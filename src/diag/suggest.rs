//! "Did you mean …" suggestions.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
///
/// Closeness is the edit distance in characters (a CJK character counts as one). A candidate is
/// suggested when its distance is at most one third of the longer name's length, rounded up, and
/// at least 1 — so `一季度产值2012` suggests `一季度产值2021`, while `产值` suggests nothing for
/// `省外户籍员工数`. Distance counts a swap of two neighbours as one edit; among equally close
/// candidates, one with the same characters in another order (a transposition) wins; when
/// several remain equally close, nothing is suggested (a guess would mislead).
pub fn suggest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let target: Vec<char> = name.chars().take(MAX_CHARS + 1).collect();
    if target.len() > MAX_CHARS {
        return None;
    }
    let mut target_sorted = target.clone();
    target_sorted.sort_unstable();
    let mut budget = BUDGET;
    // The closest candidates so far: (distance, not an anagram, name).
    let mut best: Vec<(usize, bool, &'a str)> = Vec::new();
    for c in candidates.into_iter().filter(|c| *c != name) {
        let chars: Vec<char> = c.chars().take(MAX_CHARS + 1).collect();
        let limit = target.len().max(chars.len()).div_ceil(3).max(1);
        // Lengths further apart than the limit are further apart than the limit.
        if chars.len() > MAX_CHARS || target.len().abs_diff(chars.len()) > limit {
            continue;
        }
        // Out of budget: no suggestion, rather than one that depends on the candidates' order.
        budget = budget.checked_sub((target.len() + 1) * (chars.len() + 1))?;
        let d = distance(&target, &chars);
        if d > limit {
            continue;
        }
        let mut sorted = chars;
        sorted.sort_unstable();
        let not_anagram = sorted != target_sorted;
        match best.first() {
            Some(&(bd, bn, _)) if (d, not_anagram) > (bd, bn) => {}
            Some(&(bd, bn, _)) if (d, not_anagram) == (bd, bn) => {
                if !best.iter().any(|b| b.2 == c) {
                    best.push((d, not_anagram, c));
                }
            }
            _ => best = vec![(d, not_anagram, c)],
        }
    }
    // Two equally likely names: suggesting either would be a guess.
    match best.as_slice() {
        [(_, _, only)] => Some(*only),
        _ => None,
    }
}

/// Names longer than this (in characters) get no suggestion and are never suggested: a typo
/// in a name that long is not what "did you mean" is for, and comparing is quadratic.
pub const MAX_CHARS: usize = 100;

/// The most cells of distance tables one call of [`suggest`] fills (about a million); when the
/// candidates need more, nothing is suggested. Bounds the time a policy with tens of thousands
/// of names and as many unknown ones can take.
pub const BUDGET: usize = 1 << 20;

/// Edit distance over characters, a transposition of neighbours counting as one edit
/// (optimal string alignment). Keeps three rows of the shorter string's length.
pub fn distance(a: &[char], b: &[char]) -> usize {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    let width = b.len() + 1;
    // Rows i - 2, i - 1 and i of the full table.
    let mut before: Vec<usize> = vec![0; width];
    let mut above: Vec<usize> = (0..width).collect();
    let mut row: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (above[j] + 1).min(row[j - 1] + 1).min(above[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut before, &mut above);
        std::mem::swap(&mut above, &mut row);
    }
    above[width - 1]
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_a_close_name_only() {
        let names = ["一季度产值2021", "一季度产值2019", "省外户籍员工数"];
        assert_eq!(suggest("一季度产值2012", names), Some("一季度产值2021"));
        assert_eq!(suggest("省外户籍员工", names), Some("省外户籍员工数"));
        assert_eq!(suggest("产值", names), None);
        // `第四条` is as close to `第一条` as to `第二条`: no guess.
        assert_eq!(suggest("第四条", ["第一条", "第二条"]), None);
    }

    #[test]
    fn distance_is_symmetric_and_counts_swaps_once() {
        use super::distance;
        let d = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            (distance(&a, &b), distance(&b, &a))
        };
        assert_eq!(d("", ""), (0, 0));
        assert_eq!(d("abc", ""), (3, 3));
        // One swap of neighbours.
        assert_eq!(d("2012", "2021"), (1, 1));
        // kitten -> sitting: k->s, e->i, +g.
        assert_eq!(d("kitten", "sitting"), (3, 3));
        // ca -> abc: optimal string alignment gives 3 (no edit of a swapped pair).
        assert_eq!(d("ca", "abc"), (3, 3));
    }

    #[test]
    fn too_many_candidates_give_no_suggestion() {
        // `一季度产值2012` has 9 characters and each `字段00000000` 10: (9 + 1) × (10 + 1) = 110
        // cells a comparison, so the budget of 1,048,576 cells covers 9,532 of them. With 10,000
        // first, the budget runs out: no suggestion, whatever the order.
        let mut names: Vec<String> = (0..10_000).map(|i| format!("字段{i:08}")).collect();
        names.push("一季度产值2021".into());
        assert_eq!(
            suggest("一季度产值2012", names.iter().map(String::as_str)),
            None
        );
        // 9,000 × 110 = 990,000 cells, then 10 × 10 = 100 for the right one: within budget.
        names.truncate(9_000);
        names.push("一季度产值2021".into());
        assert_eq!(
            suggest("一季度产值2012", names.iter().map(String::as_str)),
            Some("一季度产值2021")
        );
    }

    #[test]
    fn long_names_are_not_compared() {
        let long = "产".repeat(100_000);
        let near = format!("{long}值");
        assert_eq!(suggest(&near, [long.as_str()]), None);
        assert_eq!(suggest("产值", [long.as_str(), "产植"]), Some("产植"));
    }
}
