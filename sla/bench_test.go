package sla_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// benchIncidents generates n impacts over 2025, in 1,000 incidents of a
// deterministic pseudo-random mix of components, levels (some weighing 0)
// and durations from a second to 20 minutes (instants in whole seconds,
// as incident records are), and returns them with their
// start instants.
func benchIncidents(n int) ([]*rca.Incident, []time.Time) {
	rng := rand.New(rand.NewPCG(1, 2))
	year := int64(365 * 24 * time.Hour)
	base := at("2025-01-01T00:00:00Z")
	levels := []rca.Level{rca.MajorOutage, rca.PartialOutage, rca.PartialOutage, rca.DegradedPerformance}
	comps := []string{"api", "web", "db", "email", "search"}
	incs := make([]*rca.Incident, 1000)
	for i := range incs {
		incs[i] = &rca.Incident{ID: "inc-" + strconv.Itoa(i), Impacts: make([]rca.Impact, 0, n/len(incs)+1)}
	}
	starts := make([]time.Time, 0, n)
	for i := 0; i < n; i++ {
		s := base.Add(time.Duration(rng.Int64N(year)).Truncate(time.Second))
		e := s.Add(time.Second + time.Duration(rng.Int64N(int64(20*time.Minute))).Truncate(time.Second))
		inc := incs[i%len(incs)]
		inc.Impacts = append(inc.Impacts, rca.Impact{Component: comps[rng.IntN(len(comps))], Level: levels[rng.IntN(len(levels))], Start: s, End: e})
		starts = append(starts, s)
	}
	return incs, starts
}

// BenchmarkMeasure measures Measure over 1,000,000 impact spans (monthly
// windows, Statuspage weights) and, in the same run, sorting the
// 1,000,000 start instants of those spans with time.Time.Compare; x-sort
// is the ratio of the two (target: at most 2).
//
//	go test -run '^$' -bench Measure -benchtime 5x ./sla/
func BenchmarkMeasure(b *testing.B) {
	for _, tc := range []struct {
		name   string
		policy func() *sla.Policy
	}{
		{"statuspage", func() *sla.Policy { p := monthly(); p.Weights = statuspageWeights(); return p }},
		{"whole_minutes", func() *sla.Policy {
			p := monthly()
			p.Granularity, p.MinDowntime = sla.WholeMinutes, 5*time.Minute
			return p
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			incs, starts := benchIncidents(1_000_000)
			p := tc.policy()
			var sorting, measuring time.Duration
			for b.Loop() {
				ts := slices.Clone(starts)
				t0 := time.Now()
				slices.SortFunc(ts, time.Time.Compare)
				t1 := time.Now()
				if _, err := sla.Measure(p, incs, sla.Options{}); err != nil {
					b.Fatal(err)
				}
				measuring += time.Since(t1)
				sorting += t1.Sub(t0)
			}
			b.ReportMetric(float64(measuring)/float64(sorting), "x-sort")
			b.ReportMetric(float64(sorting.Milliseconds())/float64(b.N), "sort-ms/op")
		})
	}
}

// BenchmarkMeterActive measures one Active call for a subscription that
// started mid-month: "sparse" on a year of 1,000 realistic outages, "dense"
// on the 1,000,000 overlapping impact spans of BenchmarkMeasure, where the
// service is down almost all the time and the active range cuts a span
// (so the window's spans after it are copied).
func BenchmarkMeterActive(b *testing.B) {
	for _, tc := range []struct {
		name string
		n    int
	}{{"sparse", 1000}, {"dense", 1_000_000}} {
		b.Run(tc.name, func(b *testing.B) {
			incs, _ := benchIncidents(tc.n)
			p := monthly()
			p.Weights = statuspageWeights()
			p.Denominator = sla.ActiveTime
			m, err := sla.NewMeter(p, incs, sla.Options{})
			if err != nil {
				b.Fatal(err)
			}
			from := at("2025-03-10T00:00:00Z")
			b.Run("Active", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if r := m.Active(2, from, time.Time{}); r.Measured <= 0 {
						b.Fatal("nothing measured")
					}
				}
			})
			b.Run("Counts", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if c := counts.Of(m).Counts(2, from, time.Time{}); c.Measured <= 0 {
						b.Fatal("nothing measured")
					}
				}
			})
		})
	}
}
