use super::*;
use NeedMove as M;
use NeedStatus as S;

#[test]
fn the_machine_allows_exactly_these_moves() {
    let table: &[(S, &[(M, S)])] = &[
        (
            S::Submitted,
            &[
                (M::StartReview, S::UnderReview),
                (M::Accept, S::Accepted),
                (M::Reject, S::Rejected),
                (M::Withdraw, S::Withdrawn),
                (M::Merge, S::Merged),
            ],
        ),
        (
            S::UnderReview,
            &[
                (M::Accept, S::Accepted),
                (M::Reject, S::Rejected),
                (M::Withdraw, S::Withdrawn),
                (M::Merge, S::Merged),
            ],
        ),
        (
            S::Accepted,
            &[
                (M::Rank, S::Accepted),
                (M::Withdraw, S::Withdrawn),
                (M::Merge, S::Merged),
                (M::Match, S::Matched),
            ],
        ),
        (
            S::Matched,
            &[(M::StartService, S::InService), (M::Release, S::Accepted)],
        ),
        (
            S::InService,
            &[(M::Fulfil, S::Fulfilled), (M::Release, S::Accepted)],
        ),
        (S::Fulfilled, &[(M::Evaluate, S::Fulfilled)]),
        (S::Rejected, &[]),
        (S::Withdrawn, &[]),
        (S::Merged, &[]),
    ];
    assert_eq!(table.len(), S::ALL.len());
    for (from, moves) in table {
        for m in NeedMove::ALL {
            let want = moves.iter().find(|(mm, _)| *mm == m).map(|(_, to)| *to);
            let got = apply(*from, m);
            assert_eq!(got.as_ref().ok().copied(), want, "{from:?} {m:?}");
            if let Err(e) = got {
                assert_eq!(e.from, *from);
                assert_eq!(e.attempted, m);
                let names: Vec<M> = moves.iter().map(|(m, _)| *m).collect();
                assert_eq!(e.allowed, names, "{from:?}");
                assert!(e.message().contains(status_label(*from)));
            }
        }
        assert_eq!(
            is_open(*from),
            moves.iter().any(|(m, _)| *m == M::Merge),
            "{from:?}"
        );
    }
}

#[test]
fn review_actions_are_moves() {
    for a in NeedReviewAction::ALL {
        assert_eq!(NeedMove::from(*a).as_str(), a.as_str());
    }
}

#[test]
fn placing_keeps_ranks_contiguous() {
    let cases: &[(&[i64], i64, i32, &[i64])] = &[
        // joins at the bottom
        (&[1, 2, 3], 4, 4, &[1, 2, 3, 4]),
        // past the end: last
        (&[1, 2, 3], 4, 99, &[1, 2, 3, 4]),
        // to the top
        (&[1, 2, 3], 3, 1, &[3, 1, 2]),
        // down one
        (&[1, 2, 3], 1, 2, &[2, 1, 3]),
        // to the bottom
        (&[1, 2, 3], 1, 3, &[2, 3, 1]),
        // in place
        (&[1, 2, 3], 2, 2, &[1, 2, 3]),
        // zero or less: the top
        (&[1, 2], 2, 0, &[2, 1]),
        // alone
        (&[], 7, 1, &[7]),
    ];
    for (ordered, id, rank, want) in cases {
        let got = place(ordered, *id, *rank);
        let ids: Vec<i64> = got.iter().map(|(id, _)| *id).collect();
        assert_eq!(&ids, want, "{ordered:?} {id} → {rank}");
        let ranks: Vec<i32> = got.iter().map(|(_, r)| *r).collect();
        let contiguous: Vec<i32> = (1..=i32::try_from(want.len()).unwrap_or(0)).collect();
        assert_eq!(ranks, contiguous);
    }
}

#[test]
fn bigrams_ignore_punctuation_and_space() {
    assert_eq!(bigrams("路灯 坏了，"), bigrams("路灯坏了"));
    assert_eq!(bigrams("AB"), bigrams("ab"));
    assert_eq!(bigrams("灯").len(), 1);
    assert!(bigrams("，。 ").is_empty());
}

#[test]
fn similarity_finds_near_duplicates_only() {
    let cases: &[(&str, &str, bool)] = &[
        ("小区路灯坏了需要维修", "小区路灯坏了，晚上出门不方便", true),
        (
            "3号楼前路灯不亮需要维修",
            "3号楼前的路灯不亮了，请维修",
            true,
        ),
        ("小区路灯坏了需要维修", "希望开展老年人防诈骗讲座", false),
        ("希望开展防范电信诈骗讲座", "想听防范电信诈骗的讲座", true),
        ("孩子放学后无人看管", "小区路灯坏了需要维修", false),
        ("", "小区路灯坏了", false),
    ];
    for (a, b, similar) in cases {
        let s = similarity(a, b);
        assert_eq!(s >= SIMILAR_AT_PERCENT, *similar, "{a} / {b}: {s}");
        assert_eq!(s, similarity(b, a), "symmetric");
    }
    assert_eq!(similarity("路灯坏了", "路灯坏了"), 100);
}

#[test]
fn most_similar_ranks_and_limits() {
    let cands = vec![
        (1, "希望开展防诈骗讲座".to_owned()),
        (2, "小区路灯坏了，晚上不方便".to_owned()),
        (3, "小区路灯坏了需要维修".to_owned()),
    ];
    let got = most_similar("小区路灯坏了需要维修", &cands, 5);
    let ids: Vec<i64> = got.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![3, 2]);
    assert_eq!(most_similar("小区路灯坏了需要维修", &cands, 1).len(), 1);
}

#[test]
fn codes_are_short_unambiguous_and_normalised() {
    let c = code_from([0, 1, 30, 31, 200, 255]);
    assert_eq!(c.len(), 8);
    assert!(c.starts_with("XQ"));
    assert_eq!(normalise_code(&format!(" {} ", c.to_lowercase())), Some(c));
    for bad in ["XQ12345", "XQ0OIL11", "AB234567", "", "XQ2345678"] {
        assert_eq!(normalise_code(bad), None, "{bad}");
    }
    assert!(!CODE_ALPHABET.iter().any(|b| b"01OIL".contains(b)));
}
