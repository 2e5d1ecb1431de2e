package credit

import (
	"fmt"
	"testing"
	"time"

	"math/rand/v2"

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
