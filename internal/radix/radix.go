// Package radix sorts large slices by an unsigned integer key in linear
// time: a stable least-significant-digit radix sort.
package radix

import (
	"cmp"
	"slices"
)

// SortStable sorts xs by key, keeping the order of elements with equal
// keys. Small slices are sorted by comparison; larger ones by a radix sort
// on the keys' offsets from the smallest key, 11 bits at a time, skipping
// the digits every key shares: a million keys spanning 2^32 sort in three
// linear passes. buf, when at least len(xs) long, is used as scratch space
// instead of allocating.
func SortStable[T any](xs []T, buf []T, key func(*T) uint64) {
	if len(xs) < 512 {
		slices.SortStableFunc(xs, func(a, b T) int { return cmp.Compare(key(&a), key(&b)) })
		return
	}
	lo, hi := key(&xs[0]), key(&xs[0])
	for i := range xs {
		k := key(&xs[i])
		lo, hi = min(lo, k), max(hi, k)
	}
	span := hi - lo
	const bits = 11
	const buckets = 1 << bits
	if len(buf) < len(xs) {
		buf = make([]T, len(xs))
	}
	src, dst := xs, buf[:len(xs)]
	var counts [buckets]int
	for shift := uint(0); shift < 64 && span>>shift != 0; shift += bits {
		clear(counts[:])
		for i := range src {
			counts[((key(&src[i])-lo)>>shift)&(buckets-1)]++
		}
		if counts[((key(&src[0])-lo)>>shift)&(buckets-1)] == len(src) {
			continue // every key has this digit
		}
		pos := 0
		for d, c := range counts {
			counts[d] = pos
			pos += c
		}
		for i := range src {
			d := ((key(&src[i]) - lo) >> shift) & (buckets - 1)
			dst[counts[d]] = src[i]
			counts[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
}
