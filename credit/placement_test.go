package credit

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestPropertyWorstPlacement checks the candidates of the worst placement
// against every start: in a one-day window holding random impacts and
// exclusions (on a 30-second grid), under random granularity, minimum
// downtime period and weights, no start on the grid counts more weighted
// downtime than the placement chosen, and the placement counts what sla
// measures for it. Optima lie on the grid: every bound is on it, and so
// are the minute boundaries. The cases are drawn from fixed seeds, so a
// failure reproduces.
func TestPropertyWorstPlacement(t *testing.T) {
	checks := 25
	if testing.Short() {
		checks = 8
	}
	day := time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC)
	const grid = 30 * time.Second
	for seed := range uint64(checks) {
		rng := rand.New(rand.NewPCG(seed, 16))
		intRange := func(lo, hi int) int { return lo + rng.IntN(hi-lo+1) }
		at := func() time.Time { return day.Add(time.Duration(intRange(0, 2880)) * grid) }
		pol := fmt.Sprintf("id: p\nversion: \"1\"\nobjective: \"99.9\"\nwindow: {kind: rolling, days: 1}\nweights: {partial_outage: %q}\n",
			[]string{"1", "0.3"}[rng.IntN(2)])
		if rng.IntN(2) == 0 {
			pol += "granularity: whole_minutes\n"
		}
		if p := intRange(0, 20); p > 0 {
			pol += fmt.Sprintf("minimum_downtime_period: %ds\n", p*30)
		}
		if n := intRange(0, 3); n > 0 {
			pol += "exclusions:\n"
			for range n {
				s := at()
				e := s.Add(time.Duration(intRange(1, 240)) * grid)
				pol += fmt.Sprintf("  - {start: %s, end: %s}\n", s.Format(time.RFC3339), e.Format(time.RFC3339))
			}
		}
		p, err := sla.Load("p.yaml", []byte(pol))
		if err != nil {
			t.Fatal(err)
		}
		inc := &rca.Incident{ID: "i"}
		for range intRange(0, 4) {
			s := at()
			inc.Impacts = append(inc.Impacts, rca.Impact{Component: "api",
				Level: []rca.Level{rca.MajorOutage, rca.PartialOutage}[rng.IntN(2)],
				Start: s, End: s.Add(time.Duration(intRange(1, 60)) * grid)})
		}
		end := day.Add(24 * time.Hour)
		cfg := Config{Policies: []*sla.Policy{p}, Incidents: []*rca.Incident{inc}, From: end.Add(-time.Nanosecond), To: end}
		opts := ExposureOptions{Level: rca.MajorOutage, Components: []string{"api"}}
		pl, err := newPlacer(cfg, &opts)
		if err != nil {
			t.Fatal(err)
		}
		if !pl.baseResults[0].Start.Equal(day) {
			t.Fatalf("window starts at %s", pl.baseResults[0].Start)
		}
		d := time.Duration(intRange(1, 600)) * grid
		best, res, err := pl.place(d)
		if err != nil {
			t.Fatal(err)
		}
		_, again, err := pl.measure(best.Start, d)
		if err != nil {
			t.Fatal(err)
		}
		if !res[0].Weighted.Equal(again) {
			t.Fatalf("the placement reports %s s, sla measures %s s", res[0].Weighted, again)
		}
		for s := day.Add(-d + grid); s.Before(end); s = s.Add(grid) {
			_, w, err := pl.measure(s, d)
			if err != nil {
				t.Fatal(err)
			}
			if w.GreaterThan(again) {
				t.Fatalf("policy:\n%s\nan outage of %v from %s counts %s s; the placement chosen, from %s, %s s",
					pol, d, s.Format(time.RFC3339), w, best.Start.Format(time.RFC3339), again)
			}
		}
	}
}

// TestChanged: the region where two measurements count differently is the
// hull of every instant where their weights differ, checked against the
// weights at every second of random span lists.
func TestChanged(t *testing.T) {
	day := time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC)
	weights := []decimal.Decimal{decimal.RequireFromString("1"), decimal.RequireFromString("0.3")}
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 61))
		spans := func() []sla.Span {
			var out []sla.Span
			at := 0
			for at < 100 {
				at += rng.IntN(20)
				n := 1 + rng.IntN(15)
				if at+n > 100 {
					break
				}
				w := weights[rng.IntN(2)]
				if len(out) > 0 && rng.IntN(2) == 0 {
					at = int(out[len(out)-1].End.Sub(day) / time.Second) // adjacent, maybe another weight
				}
				out = append(out, sla.Span{Start: day.Add(time.Duration(at) * time.Second), End: day.Add(time.Duration(at+n) * time.Second), Weight: w})
				at += n
			}
			return out
		}
		a := spans()
		b := a
		if rng.IntN(4) > 0 {
			b = spans()
		}
		at := func(ss []sla.Span, s int) decimal.Decimal {
			t := day.Add(time.Duration(s) * time.Second)
			for _, sp := range ss {
				if !t.Before(sp.Start) && t.Before(sp.End) {
					return sp.Weight
				}
			}
			return decimal.Zero
		}
		wantLo, wantHi, want := -1, -1, false
		for s := range 130 {
			if !at(a, s).Equal(at(b, s)) {
				if !want {
					wantLo = s
				}
				want, wantHi = true, s+1
			}
		}
		lo, hi, ok := changed(a, b)
		got := [3]int{-1, -1, 0}
		if ok {
			got = [3]int{int(lo.Sub(day) / time.Second), int(hi.Sub(day) / time.Second), 1}
		}
		if w := [3]int{wantLo, wantHi, map[bool]int{false: 0, true: 1}[want]}; got != w {
			t.Fatalf("seed %d: changed = %v, want %v\na = %v\nb = %v", seed, got, w, a, b)
		}
	}
}
