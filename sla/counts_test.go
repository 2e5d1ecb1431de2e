package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/fixed"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// percents are the bounds FuzzCountsMatchResult compares with: tier
// bounds as contracts write them, the edges, and values close to the
// availabilities of the fuzzed windows.
var percents = []string{"0", "95", "99", "99.0", "99.9", "99.99", "100", "97.990740740740", "1E2", "-1", "99.861111111111111", "12.5"}

// FuzzCountsMatchResult checks the integer path of the Meter's counts
// (counts.Window: Compare, AvailabilityUnits, Tiers.FindBy of Compare,
// Incidents, the allowance) against the Result of Meter.Active for the
// same window and active range.
func FuzzCountsMatchResult(f *testing.F) {
	f.Add([]byte{}, uint8(0), uint8(6))
	f.Add([]byte{1, 3, 1, 1, 1, 1, 2, 1, 1, 2, 4, 5, 6, 30, 40, 7, 200, 9, 10, 11, 12, 13}, uint8(3), uint8(10))
	f.Add([]byte{0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 5, 200, 200, 3, 2, 255, 255, 90, 90, 0, 1, 2}, uint8(7), uint8(0))
	f.Add([]byte{0, 5, 2, 1, 1, 1, 3, 1, 1, 2, 9, 9, 9, 9, 9, 9, 250, 1, 1, 100, 100, 60, 60}, uint8(10), uint8(16))
	f.Fuzz(func(t *testing.T, data []byte, pick, places uint8) {
		p, incs, from, until := fuzzInput(data)
		m, err := sla.NewMeter(p, incs, sla.Options{})
		if err != nil {
			t.Fatal(err)
		}
		percent := dec(percents[int(pick)%len(percents)])
		tiers := sla.Tiers{
			{AtLeast: decp("99"), Below: &percent, Credit: dec("10")},
			{Above: decp("50"), AtMost: decp("99"), Credit: dec("25")},
			{Below: decp("50"), Credit: dec("100")},
		}
		for i := range m.Len() {
			for _, r := range [][2]time.Time{{from, until}, {}, {from, {}}, {{}, until}} {
				checkCounts(t, m, i, r[0], r[1], percent, tiers, int(places%20))
			}
		}
	})
}

func checkCounts(t *testing.T, m *sla.Meter, i int, from, until time.Time, percent decimal.Decimal, tiers sla.Tiers, places int) {
	t.Helper()
	res := m.Active(i, from, until)
	c := counts.Of(m).Counts(i, from, until)
	if w, exact := counts.Of(m).Weighted(i, from, until); w != c.Weighted || exact != c.WeightedExact {
		t.Errorf("window %d: Weighted = %v, %t; Counts has %v, %t", i, w, exact, c.Weighted, c.WeightedExact)
	}
	if diff := cmp.Diff(res.Incidents, c.Incidents); diff != "" {
		t.Errorf("window %d: incidents (-Active +Counts):\n%s", i, diff)
	}
	if allowed := fixed.Seconds(c.Measured).Mul(c.AllowedRate); !allowed.Equal(res.Budget.Allowed) {
		t.Errorf("window %d: Measured × AllowedRate = %s s, Budget.Allowed %s s", i, allowed, res.Budget.Allowed)
	}
	if got, ok := c.Compare(percent); ok && got != res.Compare(percent) {
		t.Errorf("window %d: Counts.Compare(%s) = %d, Result.Compare %d", i, percent, got, res.Compare(percent))
	} else if !ok && c.WeightedExact {
		t.Errorf("window %d: Counts.Compare(%s) not answered with an exact weighted downtime", i, percent)
	}
	if got, ok := c.AvailabilityUnits(places); ok {
		if want := res.AvailabilityAt(int32(places)); !decimal.New(got, int32(-places)).Equal(want) {
			t.Errorf("window %d: AvailabilityUnits(%d) = %d, AvailabilityAt %s", i, places, got, want)
		}
		if places == 10 && !decimal.New(got, -10).Equal(res.Availability) {
			t.Errorf("window %d: AvailabilityUnits(10) = %d, Availability %s", i, got, res.Availability)
		}
	} else if c.WeightedExact && places <= 16 {
		t.Errorf("window %d: AvailabilityUnits(%d) not answered with an exact weighted downtime", i, places)
	}
	if got, ok := tiers.FindBy(c.Compare); ok && got != tiers.Find(&res) {
		t.Errorf("window %d: FindBy(Counts.Compare) = %d, Find %d", i, got, tiers.Find(&res))
	}
}

func TestCountsIntegerPath(t *testing.T) {
	ny := zone(t, "America/New_York")
	p := monthly()
	p.Window.Zone = ny
	m, err := sla.NewMeter(p, []*rca.Incident{seedIncident()}, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tiers := sla.Tiers{
		{AtLeast: decp("99.0"), Below: decp("99.9"), Credit: dec("10")},
		{AtLeast: decp("95.0"), Below: decp("99.0"), Credit: dec("25")},
		{Below: decp("95.0"), Credit: dec("100")},
	}
	tests := []struct {
		name        string
		from, until time.Time
		wantUnits   int64 // AvailabilityUnits(6)
		wantTier    int
		wantIncs    []string
	}{
		{"the seed's April", time.Time{}, time.Time{}, 97990741, 1, []string{"constant-contact-2014-04-18"}},
		{"joined after the outage", at("2014-04-20T04:00:00Z"), time.Time{}, 100000000, -1, nil},
		{"left before the window", time.Time{}, at("2014-03-01T00:00:00Z"), 100000000, -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := counts.Of(m).Counts(0, tt.from, tt.until)
			units, ok := c.AvailabilityUnits(6)
			tier, tok := tiers.FindBy(c.Compare)
			got := []any{units, ok, tier, tok, c.Incidents}
			want := []any{tt.wantUnits, true, tt.wantTier, true, tt.wantIncs}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("units, ok, tier, ok, incidents (-want +got):\n%s", diff)
			}
			checkCounts(t, m, 0, tt.from, tt.until, dec("97.990740740740"), tiers, 6)
		})
	}
}

func BenchmarkCountsIntegerPath(b *testing.B) {
	p := monthly()
	m, err := sla.NewMeter(p, []*rca.Incident{seedIncident()}, sla.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tiers := sla.Tiers{{AtLeast: decp("99.0"), Below: decp("99.9"), Credit: dec("10")}, {Below: decp("99.0"), Credit: dec("25")}}
	from := at("2014-04-10T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		c := counts.Of(m).Counts(0, from, time.Time{})
		if _, ok := c.AvailabilityUnits(6); !ok {
			b.Fatal("not answered")
		}
		if _, ok := tiers.FindBy(c.Compare); !ok {
			b.Fatal("not answered")
		}
	}
}
