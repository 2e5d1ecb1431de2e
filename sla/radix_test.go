package sla

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

func TestSortImpacts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name  string
		n     int
		width int64 // range of starts
		base  int64
	}{
		{"small input", 100, 1 << 40, 0},
		{"a year of nanoseconds", 5000, 365 * 24 * 3600 * 1e9, 1.7e18},
		{"many equal starts keep their order", 5000, 7, -5},
		{"all equal", 1000, 1, 42},
		{"negative and positive", 3000, 1 << 62, -(1 << 61)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imps := make([]impact, tt.n)
			for i := range imps {
				imps[i] = impact{s: tt.base + rng.Int64N(tt.width), src: int32(i)}
			}
			want := slices.Clone(imps)
			slices.SortStableFunc(want, func(x, y impact) int { return cmp.Compare(x.s, y.s) })
			sortImpacts(imps)
			if diff := gocmp.Diff(want, imps, gocmp.AllowUnexported(impact{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
