package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// bytesReader hands out small numbers from fuzz input, zeros when empty.
type bytesReader []byte

func (b *bytesReader) next(n int) int {
	if len(*b) == 0 {
		return 0
	}
	v := int((*b)[0])
	*b = (*b)[1:]
	return v % n
}

// fuzzInput builds a policy, incidents and an active range from data.
func fuzzInput(data []byte) (*sla.Policy, []*rca.Incident, time.Time, time.Time) {
	r := bytesReader(data)
	base := at("2025-01-30T00:00:00Z")
	p := &sla.Policy{ID: "fuzz", Objective: dec([]string{"99.9", "99.95", "99.99", "95", "100", "99.99999999999", "99.861111111111"}[r.next(7)])}
	p.Window.Kind = sla.WindowKind(r.next(2)) // month or quarter
	p.Weights = map[rca.Level]decimal.Decimal{rca.PartialOutage: decimal.New(int64(r.next(11)), -1), rca.DegradedPerformance: decimal.New(int64(r.next(3)), -1)}
	p.UserMinutes = r.next(2) == 1
	p.DownWhen = sla.DownWhen(r.next(2))
	if p.DownWhen == sla.AllDown {
		p.Components = []string{"a", "b"}
	}
	p.Granularity = sla.Granularity(r.next(2))
	p.MinDowntime = time.Duration(r.next(4)) * 90 * time.Second
	p.Denominator = sla.Denominator(r.next(2))
	p.ExcludeFromDenominator = r.next(2) == 1
	for n := r.next(3); n > 0; n-- {
		s := base.Add(time.Duration(r.next(256)*r.next(256)) * 17 * time.Second)
		p.Exclusions = append(p.Exclusions, sla.Exclusion{Start: s, End: s.Add(time.Duration(1+r.next(200)) * 37 * time.Second)})
	}
	inc := &rca.Incident{ID: "f"}
	for n := 1 + r.next(12); n > 0; n-- {
		s := base.Add(time.Duration(r.next(256)*r.next(256)) * 13 * time.Second)
		im := rca.Impact{
			Component: []string{"a", "b", "c"}[r.next(3)],
			Level:     rca.Level(r.next(rca.NumLevels)),
			Start:     s,
			End:       s.Add(time.Duration(1+r.next(256)*r.next(64)) * 7 * time.Second),
		}
		if r.next(3) == 0 {
			im.Affected = rca.Share{Affected: decimal.NewFromInt(int64(r.next(4))), Of: decimal.NewFromInt(3)}
		}
		inc.Impacts = append(inc.Impacts, im)
	}
	from := base.Add(time.Duration(r.next(256)*r.next(256)) * 11 * time.Second)
	until := from.Add(time.Duration(r.next(256)*r.next(256)) * 19 * time.Second)
	// The terms added later read the bytes after the older ones, so the
	// older seeds keep their meaning.
	if r.next(3) == 2 {
		p.Granularity = sla.FloorMinutes
	}
	if n := r.next(4); n > 0 {
		iv := sla.IntervalRule{Length: []time.Duration{time.Minute, 5 * time.Minute, time.Hour}[n-1], CountWhen: sla.IntervalCount(r.next(4))}
		if iv.CountWhen == sla.MoreThan || iv.CountWhen == sla.AtLeast {
			iv.Threshold = iv.Length * time.Duration(1+r.next(9)) / 10
		}
		iv.CountOnly = r.next(2) == 1
		p.Intervals = iv
	}
	if n := r.next(4); n > 0 {
		p.Maintenance.Allowance = time.Duration(n) * 7 * time.Minute
		p.Maintenance.AllowancePer = sla.AllowancePeriod(r.next(3))
		for i := range p.Exclusions {
			p.Exclusions[i].Maintenance = r.next(3) > 0
		}
	}
	return p, []*rca.Incident{inc}, from, until
}

// FuzzMeasure checks the invariants of a measurement on random policies and
// impacts: availability in [0, 100], downtime within the window and the
// measured time, whole minutes never counting more than exact time, and
// Meter.Active (and Counts) agreeing with Measure given the same active
// range, and the integer fast paths (figures, AvailabilityAt) agreeing with
// the decimal definitions.
func FuzzMeasure(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 1, 1, 1, 1, 2, 1, 1, 2, 4, 5, 6, 30, 40, 7, 200, 9, 10, 11, 12, 13})
	f.Add([]byte{0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 5, 200, 200, 3, 2, 255, 255, 90, 90, 0, 1, 2})
	f.Add([]byte{0, 5, 2, 1, 1, 1, 3, 1, 1, 2, 9, 9, 9, 9, 9, 9, 250, 1, 1, 100, 100, 60, 60})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, incs, from, until := fuzzInput(data)
		m, err := sla.NewMeter(p, incs, sla.Options{})
		if err != nil {
			t.Fatal(err)
		}
		exact := *p
		exact.Granularity = sla.Exact
		exactRs, err := sla.Measure(&exact, incs, sla.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rs := m.Results()
		if len(rs) != len(exactRs) {
			t.Fatalf("%d windows, %d with exact granularity", len(rs), len(exactRs))
		}
		for i, r := range rs {
			check(t, &r)
			if r.Downtime > exactRs[i].Downtime {
				t.Errorf("window %d: %s counted in whole minutes, more than %s exactly", i, r.Downtime, exactRs[i].Downtime)
			}
		}
		direct, err := sla.Measure(p, incs, sla.Options{ActiveFrom: from, ActiveUntil: until})
		if err != nil {
			t.Fatal(err)
		}
		for i := range direct {
			active := m.Active(i, from, until)
			check(t, &active)
			if diff := cmp.Diff(direct[i], active); diff != "" {
				t.Errorf("window %d: Active differs from Measure (-Measure +Active):\n%s", i, diff)
			}
			c := counts.Of(m).Counts(i, from, until)
			got := []any{c.Downtime, c.Excluded, c.Measured, c.DownIntervals}
			if diff := cmp.Diff([]any{active.Downtime, active.Excluded, active.Measured, int64(len(active.DownIntervals))}, got); diff != "" {
				t.Errorf("window %d: Counts differ from Active (-Active +Counts):\n%s", i, diff)
			}
			if c.WeightedExact && !decimal.New(int64(c.Weighted), -9).Equal(active.Weighted) {
				t.Errorf("window %d: Counts.Weighted %s, Active %s s", i, c.Weighted, active.Weighted)
			}
		}
	})
}

// check verifies the invariants of one result.
func check(t *testing.T, r *sla.Result) {
	t.Helper()
	if r.Availability.Sign() < 0 || r.Availability.GreaterThan(decimal.NewFromInt(100)) {
		t.Errorf("availability %s outside [0, 100]", r.Availability)
	}
	if r.Downtime < 0 || r.Downtime > r.Length {
		t.Errorf("downtime %s outside [0, window %s]", r.Downtime, r.Length)
	}
	if r.Measured < 0 || r.Measured > r.Length {
		t.Errorf("measured %s outside [0, window %s]", r.Measured, r.Length)
	}
	if r.Weighted.Sign() < 0 || r.Weighted.GreaterThan(decimal.New(int64(r.Downtime), -9)) {
		t.Errorf("weighted %s s outside [0, downtime %s]", r.Weighted, r.Downtime)
	}
	m := decimal.New(int64(r.Measured), -9)
	if r.Requests == nil && r.Measured > 0 {
		want := decimal.NewFromInt(100).Mul(m.Sub(r.Weighted)).DivRound(m, 10)
		if !want.Equal(r.Availability) {
			t.Errorf("availability %s, the decimal definition gives %s", r.Availability, want)
		}
	}
	if !r.AvailabilityAt(10).Equal(r.Availability) {
		t.Errorf("AvailabilityAt(10) = %s, Availability %s", r.AvailabilityAt(10), r.Availability)
	}
	for _, places := range []int32{0, 2, 6, 9, 12, 17} {
		num, den := decimal.NewFromInt(100).Mul(m.Sub(r.Weighted)), m
		switch {
		case r.Requests != nil:
			num, den = decimal.NewFromInt(100).Mul(r.Requests.MeanErrorDen.Sub(r.Requests.MeanErrorNum)), r.Requests.MeanErrorDen
		case r.Measured == 0:
			num, den = decimal.NewFromInt(100), decimal.NewFromInt(1)
		}
		if got, want := r.AvailabilityAt(places), num.DivRound(den, places); !got.Equal(want) {
			t.Errorf("AvailabilityAt(%d) = %s, the decimal definition gives %s", places, got, want)
		}
	}
	allowed := m.Mul(decimal.NewFromInt(100).Sub(r.Objective)).Shift(-2)
	want := sla.Budget{Allowed: allowed, Consumed: r.Weighted, Remaining: allowed.Sub(r.Weighted)}
	if !allowed.IsZero() {
		want.Burn = r.Weighted.Mul(decimal.NewFromInt(100)).DivRound(allowed, 4)
	}
	if diff := cmp.Diff(want, r.Budget); diff != "" {
		t.Errorf("budget (-decimal definition +got):\n%s", diff)
	}
	if r.Met != (r.Compare(r.Objective) >= 0) {
		t.Errorf("met %t, but Compare(objective %s) = %d", r.Met, r.Objective, r.Compare(r.Objective))
	}
	var sum time.Duration
	for _, s := range r.Spans {
		sum += s.End.Sub(s.Start)
		if s.OverAllowance && (s.Incident != "" || s.Component != "" || s.Level != rca.UnderMaintenance || !s.Weight.Equal(decimal.NewFromInt(1))) {
			t.Errorf("span %+v: over the allowance but with an incident or a component, or not at full weight", s)
		}
	}
	if sum != r.Downtime {
		t.Errorf("spans add up to %s, downtime is %s", sum, r.Downtime)
	}
	if (r.IntervalLength > 0) != (r.DownIntervals != nil) {
		t.Errorf("interval length %s with %d down intervals (nil: %t)", r.IntervalLength, len(r.DownIntervals), r.DownIntervals == nil)
	}
	for i, iv := range r.DownIntervals {
		if l := iv.End.Sub(iv.Start); iv.Down <= 0 || iv.Down > l || l > r.IntervalLength || iv.Start.Before(r.Start) || iv.End.After(r.End) {
			t.Errorf("down interval %d: %s – %s with %s down, outside its window or its length %s", i, iv.Start, iv.End, iv.Down, r.IntervalLength)
		}
		if i > 0 && iv.Start.Before(r.DownIntervals[i-1].End) {
			t.Errorf("down intervals %d and %d overlap or are out of order", i-1, i)
		}
	}
}
