package interval

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var base = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// zones the generated instants are expressed in: sets must combine
// correctly whatever the location of their instants.
var zones = []*time.Location{time.UTC, time.FixedZone("plus5", 5*3600), time.FixedZone("minus7", -7*3600)}

func sec(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// genInterval draws an interval with ends on a grid of seconds [0, 60],
// possibly empty or reversed, in one of several zones.
var genInterval = rapid.Custom(func(t *rapid.T) Interval {
	a := rapid.IntRange(0, 60).Draw(t, "start")
	b := rapid.IntRange(0, 60).Draw(t, "end")
	z := rapid.IntRange(0, len(zones)-1).Draw(t, "zone")
	return Interval{sec(a).In(zones[z]), sec(b).In(zones[z])}
})

var genIntervals = rapid.SliceOfN(genInterval, 0, 8)

var genSet = rapid.Custom(func(t *rapid.T) Set { return Normalize(genIntervals.Draw(t, "intervals")) })

// checkSet fails when s breaks the Set invariant.
func checkSet(t *rapid.T, what string, s Set) {
	for i, iv := range s {
		if iv.IsEmpty() {
			t.Fatalf("%s: interval %d is empty: %v", what, i, s)
		}
		if i > 0 && !s[i-1].End.Before(iv.Start) {
			t.Fatalf("%s: intervals %d and %d overlap or touch: %v", what, i-1, i, s)
		}
	}
}

func TestPropertyUnion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genSet.Draw(t, "a"), genSet.Draw(t, "b")
		u := Union(a, b)
		checkSet(t, "Union", u)
		if diff := cmp.Diff(u, Union(b, a)); diff != "" {
			t.Fatalf("Union is not commutative:\n%s", diff)
		}
		if diff := cmp.Diff(a, Union(a, a)); diff != "" {
			t.Fatalf("Union is not idempotent:\n%s", diff)
		}
		if diff := cmp.Diff(a, Union(a, nil)); diff != "" {
			t.Fatalf("the empty set is not neutral:\n%s", diff)
		}
	})
}

func TestPropertyDecomposition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genSet.Draw(t, "a"), genSet.Draw(t, "b")
		diff, inter := Subtract(a, b), Intersect(a, b)
		checkSet(t, "Subtract", diff)
		checkSet(t, "Intersect", inter)
		// A∖B ∪ A∩B = A, and the two parts are disjoint.
		if d := cmp.Diff(a, Union(diff, inter)); d != "" {
			t.Fatalf("A∖B ∪ A∩B ≠ A:\n%s", d)
		}
		if x := Intersect(diff, inter); x != nil {
			t.Fatalf("A∖B and A∩B share %v", x)
		}
		if x := Intersect(diff, b); x != nil {
			t.Fatalf("A∖B and B share %v", x)
		}
		// |A∪B| + |A∩B| = |A| + |B|.
		if l, r := Union(a, b).Total()+inter.Total(), a.Total()+b.Total(); l != r {
			t.Fatalf("|A∪B| + |A∩B| = %v, |A| + |B| = %v", l, r)
		}
		if d := cmp.Diff(inter, Intersect(b, a)); d != "" {
			t.Fatalf("Intersect is not commutative:\n%s", d)
		}
	})
}

func TestPropertyNormalize(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ivs := genIntervals.Draw(t, "intervals")
		orig := slices.Clone(ivs)
		s := Normalize(ivs)
		checkSet(t, "Normalize", s)
		if d := cmp.Diff(s, Normalize(s)); d != "" {
			t.Fatalf("Normalize is not idempotent:\n%s", d)
		}
		if d := cmp.Diff(orig, ivs); d != "" {
			t.Fatalf("Normalize modified its input:\n%s", d)
		}
		// Every instant on the grid is in s exactly when it is in one of ivs.
		for n := -1; n <= 61; n++ {
			in := false
			for _, iv := range ivs {
				in = in || iv.Contains(sec(n))
			}
			if s.Contains(sec(n)) != in {
				t.Fatalf("second %d: in the intervals %v, in the set %v", n, in, !in)
			}
		}
	})
}

func TestPropertyClip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, w := genSet.Draw(t, "s"), genInterval.Draw(t, "window")
		got := s.Clip(w)
		checkSet(t, "Clip", got)
		if d := cmp.Diff(Intersect(s, Normalize([]Interval{w})), got); d != "" {
			t.Fatalf("Clip ≠ Intersect with the window:\n%s", d)
		}
	})
}

func TestPropertySplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		iv := genInterval.Draw(t, "interval")
		cuts := rapid.SliceOfN(rapid.IntRange(-5, 65), 0, 6).Draw(t, "cuts")
		var ts []time.Time
		prev := -10
		for _, c := range cuts {
			prev = max(prev, c) // cuts must be sorted
			ts = append(ts, sec(prev))
		}
		pieces := Split(iv, ts)
		if iv.IsEmpty() {
			if pieces != nil {
				t.Fatalf("Split of an empty interval = %v", pieces)
			}
			return
		}
		var total time.Duration
		for i, p := range pieces {
			if p.IsEmpty() {
				t.Fatalf("piece %d is empty: %v", i, pieces)
			}
			if i > 0 && !pieces[i-1].End.Equal(p.Start) {
				t.Fatalf("pieces %d and %d are not contiguous: %v", i-1, i, pieces)
			}
			total += p.Duration()
		}
		if !pieces[0].Start.Equal(iv.Start) || !pieces[len(pieces)-1].End.Equal(iv.End) {
			t.Fatalf("pieces %v do not span %v", pieces, iv)
		}
		if total != iv.Duration() {
			t.Fatalf("pieces add up to %v, want %v", total, iv.Duration())
		}
		for i, p := range pieces[:len(pieces)-1] {
			found := false
			for _, c := range ts {
				found = found || c.Equal(p.End)
			}
			if !found {
				t.Fatalf("piece %d ends at %v, which is not a cut", i, p.End)
			}
		}
	})
}

// TestPropertyLaws checks the algebra the sla package relies on when it
// combines impacts, exclusions and windows in any order: union and
// intersection are associative and distribute over each other, and
// subtracting a union is intersecting the differences (De Morgan).
func TestPropertyLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := genSet.Draw(t, "a"), genSet.Draw(t, "b"), genSet.Draw(t, "c")
		laws := []struct {
			name        string
			left, right Set
		}{
			{"(A∪B)∪C = A∪(B∪C)", Union(Union(a, b), c), Union(a, Union(b, c))},
			{"(A∩B)∩C = A∩(B∩C)", Intersect(Intersect(a, b), c), Intersect(a, Intersect(b, c))},
			{"A∩A = A", Intersect(a, a), a},
			{"A∩(B∪C) = (A∩B)∪(A∩C)", Intersect(a, Union(b, c)), Union(Intersect(a, b), Intersect(a, c))},
			{"A∪(B∩C) = (A∪B)∩(A∪C)", Union(a, Intersect(b, c)), Intersect(Union(a, b), Union(a, c))},
			{"A∖(B∪C) = (A∖B)∩(A∖C)", Subtract(a, Union(b, c)), Intersect(Subtract(a, b), Subtract(a, c))},
			{"A∖(B∩C) = (A∖B)∪(A∖C)", Subtract(a, Intersect(b, c)), Union(Subtract(a, b), Subtract(a, c))},
			{"A∪(A∩B) = A", Union(a, Intersect(a, b)), a},
			{"A∖A = ∅", Subtract(a, a), nil},
		}
		for _, l := range laws {
			checkSet(t, l.name, l.left)
			if d := cmp.Diff(l.right, l.left); d != "" {
				t.Fatalf("%s does not hold:\n%s", l.name, d)
			}
		}
	})
}
