package sla_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// measureOne measures the incidents under p and returns the only window.
func measureOne(t *testing.T, p *sla.Policy, incs ...*rca.Incident) sla.Result {
	t.Helper()
	rs, err := sla.Measure(p, incs, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d windows, want 1", len(rs))
	}
	return rs[0]
}

func TestAvailabilityAt(t *testing.T) {
	// April 2014 in UTC is 2,592,000 s. 52,080.006240001 s of downtime
	// leaves 97.99074049999996…%: 97.9907405000 to 10 places, which a
	// second rounding takes up to 97.990741, while the exact value rounds
	// down to 97.990740.
	nearTie := measureOne(t, monthly(), incident("near-tie", rca.Impact{
		Component: "app", Level: rca.MajorOutage,
		Start: at("2014-04-18T14:32:00Z"), End: at("2014-04-18T14:32:00Z").Add(52080*time.Second + 6240001),
	}))
	seed := measureOne(t, &sla.Policy{ID: "seed", Objective: dec("99.9"),
		Window: sla.Window{Zone: zone(t, "America/New_York")}}, seedIncident())
	// A request-based mean error rate of 5.000001 × 10^-9: 99.9999994999999%
	// is 99.9999995000 to 10 places, 100.000000 rounded again to 6, and
	// 99.999999 exactly.
	requests := sla.Result{
		Measured: 2592000 * time.Second, Availability: dec("99.9999995"),
		Requests: &sla.RequestStats{MeanErrorNum: dec("5000001"), MeanErrorDen: dec("1e15")},
	}
	// A weighted downtime with a fraction of a nanosecond (a weight of 0.3
	// on an odd number of nanoseconds): the decimal path.
	subNano := sla.Result{Measured: 3 * time.Second, Weighted: dec("0.0000000015")}
	// Past the integer fast path: more than 16 places.
	third := sla.Result{Measured: 3 * time.Second, Weighted: dec("1")}

	tests := []struct {
		name   string
		r      sla.Result
		places int32
		want   string
	}{
		{"seed April 2014 at 6 places", seed, 6, "97.990741"},
		{"seed April 2014 at 2 places", seed, 2, "97.99"},
		{"seed April 2014 at 0 places", seed, 0, "98"},
		{"near tie rounds down at 6 places", nearTie, 6, "97.990740"},
		{"near tie at 7 places", nearTie, 7, "97.9907405"},
		{"near tie at 10 places is Availability", nearTie, 10, "97.9907405000"},
		{"near tie at 16 places", nearTie, 16, "97.9907404999999614"},
		{"request-based near tie rounds down at 6 places", requests, 6, "99.999999"},
		{"request-based at 10 places", requests, 10, "99.9999995000"},
		{"nothing measured is 100", sla.Result{}, 6, "100.000000"},
		{"no downtime is 100", sla.Result{Measured: time.Hour}, 3, "100.000"},
		{"negative places are 0", nearTie, -3, "98"},
		{"places above 30 are 30", third, 99, "66.666666666666666666666666666667"},
		{"17 places", third, 17, "66.66666666666666667"},
		{"a fraction of a nanosecond of weighted downtime", subNano, 12, "99.999999950000"},
		{"exact tie rounds half-up", sla.Result{Measured: 8 * time.Second, Weighted: dec("1")}, 1, "87.5"},
		{"exact value at its own places", sla.Result{Measured: 16 * time.Second, Weighted: dec("1")}, 2, "93.75"},
		{"exact tie at 1 place", sla.Result{Measured: 16 * time.Second, Weighted: dec("1")}, 1, "93.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.AvailabilityAt(tt.places)
			if s := got.StringFixed(-got.Exponent()); s != tt.want {
				t.Errorf("AvailabilityAt(%d) = %s, want %s", tt.places, s, tt.want)
			}
			if want := min(max(tt.places, 0), 30); -got.Exponent() != want {
				t.Errorf("AvailabilityAt(%d) has %d places, want %d", tt.places, -got.Exponent(), want)
			}
		})
	}

	// The cases chosen to expose double rounding do: rounding the 10-place
	// Availability again gives another answer.
	for _, c := range []struct {
		name string
		r    sla.Result
	}{{"near tie", nearTie}, {"request-based near tie", requests}} {
		if c.r.Availability.Round(6).Equal(c.r.AvailabilityAt(6)) {
			t.Errorf("%s: Availability %s rounds to %s at 6 places too: not a double-rounding case",
				c.name, c.r.Availability, c.r.AvailabilityAt(6))
		}
	}
}

// TestAvailabilityAtDefinition compares AvailabilityAt with its decimal
// definition over a range of downtimes and places, covering the integer
// fast path and the decimal one.
func TestAvailabilityAtDefinition(t *testing.T) {
	hundred := decimal.NewFromInt(100)
	measured := 2592000 * time.Second
	m := decimal.New(int64(measured), -9)
	var got, want []string
	for _, w := range []string{"0", "1", "52080", "52080.006240001", "52080.0062400005", "1296000", "2591999.999999999", "2592000", "0.3", "7e-10"} {
		r := sla.Result{Measured: measured, Weighted: dec(w)}
		for places := int32(0); places <= 20; places++ {
			got = append(got, r.AvailabilityAt(places).String())
			want = append(want, hundred.Mul(m.Sub(r.Weighted)).DivRound(m, places).String())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AvailabilityAt differs from the decimal definition (-want +got):\n%s", diff)
	}
}

func ExampleResult_AvailabilityAt() {
	// 52,080.006240001 s of downtime in a 30-day month.
	r := sla.Result{Measured: 30 * 24 * time.Hour, Weighted: decimal.RequireFromString("52080.006240001")}
	fmt.Println(r.AvailabilityAt(10).StringFixed(10))
	fmt.Println(r.AvailabilityAt(6).StringFixed(6))
	fmt.Println(r.AvailabilityAt(10).StringFixed(6), "(rounded twice)")
	// Output:
	// 97.9907405000
	// 97.990740
	// 97.990741 (rounded twice)
}
