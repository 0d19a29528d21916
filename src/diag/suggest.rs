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
    let target: Vec<char> = name.chars().collect();
    let mut target_sorted = target.clone();
    target_sorted.sort_unstable();
    let best = candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let chars: Vec<char> = c.chars().collect();
            let limit = target.len().max(chars.len()).div_ceil(3).max(1);
            let mut sorted = chars.clone();
            sorted.sort_unstable();
            let anagram = sorted == target_sorted;
            (distance(&target, &chars), limit, !anagram, c)
        })
        .filter(|(d, limit, _, _)| d <= limit)
        .fold(
            Vec::new(),
            |mut best: Vec<(usize, bool, &'a str)>, (d, _, not_anagram, c)| {
                match best.first() {
                    Some(&(bd, bn, _)) if (d, not_anagram) > (bd, bn) => {}
                    Some(&(bd, bn, _)) if (d, not_anagram) == (bd, bn) => {
                        if !best.iter().any(|b| b.2 == c) {
                            best.push((d, not_anagram, c));
                        }
                    }
                    _ => best = vec![(d, not_anagram, c)],
                }
                best
            },
        );
    // Two equally likely names: suggesting either would be a guess.
    match best.as_slice() {
        [(_, _, only)] => Some(*only),
        _ => None,
    }
}

/// Edit distance over characters, a transposition of neighbours counting as one edit
/// (optimal string alignment).
pub fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
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
}
