//! Sorting for the short lists the app orders itself (a page of records, a dozen towns): an
//! insertion sort, stable and a few dozen bytes of wasm, where each `sort_by` of the standard
//! library adds its own copy of driftsort (~3 KB per element type and comparison).

/// Sorts `items` stably so that an item that `precedes` another comes before it.
pub fn sort_by<T>(items: &mut [T], precedes: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            match (items.get(j - 1), items.get(j)) {
                (Some(a), Some(b)) if precedes(b, a) => {
                    items.swap(j - 1, j);
                    j -= 1;
                }
                _ => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut v, |a, b| a.0 > b.0);
        assert_eq!(v, vec![(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
        let mut empty: Vec<i32> = Vec::new();
        sort_by(&mut empty, |a, b| a < b);
        assert!(empty.is_empty());
    }
}
