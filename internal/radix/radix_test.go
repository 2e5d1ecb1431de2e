package radix

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

type item struct {
	k   uint64
	pos int
}

// TestSortStable compares the sort with the standard library's stable
// sort on keys with many ties, wide and narrow spans, around the size
// where the radix sort takes over.
func TestSortStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name string
		n    int
		key  func() uint64
	}{
		{"empty", 0, func() uint64 { return 0 }},
		{"small", 100, func() uint64 { return r.Uint64N(10) }},
		{"all equal", 5000, func() uint64 { return 42 }},
		{"narrow span with ties", 5000, func() uint64 { return 1<<40 + r.Uint64N(300) }},
		{"full 64 bits", 20000, func() uint64 { return r.Uint64() }},
		{"top bit only", 3000, func() uint64 { return r.Uint64() & (1 << 63) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			xs := make([]item, tt.n)
			for i := range xs {
				xs[i] = item{tt.key(), i}
			}
			want := slices.Clone(xs)
			slices.SortStableFunc(want, func(a, b item) int { return cmp.Compare(a.k, b.k) })
			SortStable(xs, nil, func(x *item) uint64 { return x.k })
			if !slices.Equal(xs, want) {
				t.Errorf("differs from slices.SortStableFunc")
			}
		})
	}
}

// FuzzSortStable: any keys sort as slices.SortStableFunc sorts them.
func FuzzSortStable(f *testing.F) {
	f.Add([]byte{1, 2, 3}, uint8(3))
	f.Fuzz(func(t *testing.T, seed []byte, spread uint8) {
		r := rand.New(rand.NewPCG(uint64(len(seed)), uint64(spread)))
		n := 600 + int(spread)*10
		xs := make([]item, n)
		for i := range xs {
			k := r.Uint64() >> (spread % 64)
			if len(seed) > 0 {
				k ^= uint64(seed[i%len(seed)])
			}
			xs[i] = item{k, i}
		}
		want := slices.Clone(xs)
		slices.SortStableFunc(want, func(a, b item) int { return cmp.Compare(a.k, b.k) })
		SortStable(xs, make([]item, n), func(x *item) uint64 { return x.k })
		if !slices.Equal(xs, want) {
			t.Fatal("differs from slices.SortStableFunc")
		}
	})
}
