package sla

import (
	"cmp"
	"slices"
)

// sortImpacts sorts impacts by start, keeping the input order of impacts
// that start at the same instant (so the first listed wins attribution
// ties). Large inputs use a stable least-significant-digit radix sort on
// the start offset from the earliest start, 11 bits at a time, skipping
// digits all keys share: a million impacts over a year sort in five
// linear passes instead of n log n comparisons.
func sortImpacts(imps []impact) {
	if len(imps) < 512 {
		slices.SortStableFunc(imps, func(x, y impact) int { return cmp.Compare(x.s, y.s) })
		return
	}
	lo, hi := imps[0].s, imps[0].s
	for _, im := range imps {
		lo, hi = min(lo, im.s), max(hi, im.s)
	}
	span := uint64(hi - lo)
	const bits = 11
	const buckets = 1 << bits
	buf := make([]impact, len(imps))
	src, dst := imps, buf
	var counts [buckets]int
	for shift := uint(0); shift < 64 && span>>shift != 0; shift += bits {
		clear(counts[:])
		for _, im := range src {
			counts[(uint64(im.s-lo)>>shift)&(buckets-1)]++
		}
		if counts[(uint64(src[0].s-lo)>>shift)&(buckets-1)] == len(src) {
			continue // every key has this digit
		}
		pos := 0
		for d, c := range counts {
			counts[d] = pos
			pos += c
		}
		for _, im := range src {
			d := (uint64(im.s-lo) >> shift) & (buckets - 1)
			dst[counts[d]] = im
			counts[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &imps[0] {
		copy(imps, src)
	}
}
