package credit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestProrationConventions: the charge a window costs under each
// convention of a plan, on both arithmetics, against figures worked out by
// hand from the engines' own examples (catalog/SOURCES.md).
func TestProrationConventions(t *testing.T) {
	utc := time.UTC
	tests := []struct {
		name   string
		plan   Plan
		sub    Subscription
		window time.Time // its month, UTC
		charge string    // Line.Charge, 6 places
	}{
		// Billed on the 23rd: May is 22 days of the period from April 23
		// and 9 of the one from May 23.
		{"actual time: 30.00 × (22/30 + 9/31)", Plan{Price: dec("30.00"), Proration: ActualTime},
			Subscription{Quantity: 1, AnchorDay: 23}, date(2023, time.May, 1, utc), "30.709677"},
		{"kill bill's fixed 30-day months: 30.00 × (22/30 + (9 − 1)/30) = 30.00", Plan{Price: dec("30.00"), Proration: FixedDays},
			Subscription{Quantity: 1, AnchorDay: 23}, date(2023, time.May, 1, utc), "30.000000"},
		{"fixed 28-day months: 28.00 × (22/28 + (9 − 3)/28) = 28.00", Plan{Price: dec("28.00"), Proration: FixedDays, ProrationDays: 28},
			Subscription{Quantity: 1, AnchorDay: 23}, date(2023, time.May, 1, utc), "28.000000"},
		// Joined November 16 at 15:00, billed from the 1st.
		{"chargebee's days of the cycle: 30.00 × 15/30", Plan{Price: dec("30.00"), Proration: CycleDays},
			Subscription{Quantity: 1, AnchorDay: 1, From: time.Date(2024, 11, 16, 15, 0, 0, 0, utc)}, date(2024, time.November, 1, utc), "15.000000"},
		{"actual time: 30.00 × 345 h / 720 h", Plan{Price: dec("30.00")},
			Subscription{Quantity: 1, AnchorDay: 1, From: time.Date(2024, 11, 16, 15, 0, 0, 0, utc)}, date(2024, time.November, 1, utc), "14.375000"},
		// An annual plan of 1,200.00 billed from January 1, February 2025.
		{"annual, February's share of the year's days: 1,200 × 28/365", Plan{Price: dec("1200.00"), Period: Annual},
			Subscription{Quantity: 1, AnchorDay: 1, From: date(2025, time.January, 1, utc)}, date(2025, time.February, 1, utc), "92.054795"},
		{"annual in equal months: February is 1/12: 100.00", Plan{Price: dec("1200.00"), Period: Annual, EqualMonths: true},
			Subscription{Quantity: 1, AnchorDay: 1, From: date(2025, time.January, 1, utc)}, date(2025, time.February, 1, utc), "100.000000"},
		{"annual in equal months, half of February: 1/12 × 14/28: 50.00", Plan{Price: dec("1200.00"), Period: Annual, EqualMonths: true},
			Subscription{Quantity: 1, AnchorDay: 1, From: date(2025, time.January, 1, utc), Until: date(2025, time.February, 15, utc)}, date(2025, time.February, 1, utc), "50.000000"},
		// 20 of 30 days: 0.666666667 to 9 places, 30,000,000 × it is
		// 20,000,000.01; exactly, 20,000,000.
		{"fraction to 9 places (kill bill): 30,000,000.00 × 0.666666667", Plan{Price: dec("30000000.00"), Proration: FixedDays, FractionPlaces: 9},
			Subscription{Quantity: 1, AnchorDay: 1, From: date(2025, time.April, 11, utc)}, date(2025, time.April, 1, utc), "20000000.010000"},
		{"the exact fraction: 30,000,000.00 × 2/3", Plan{Price: dec("30000000.00"), Proration: FixedDays},
			Subscription{Quantity: 1, AnchorDay: 1, From: date(2025, time.April, 11, utc)}, date(2025, time.April, 1, utc), "20000000.000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := tt.plan
			plan.ID, plan.Currency, plan.Zone, plan.Rule = "p", currency.USD, utc, Rule{Kind: Prorated}
			pol := &sla.Policy{ID: "monthly", Version: "1", Objective: dec("99.9")}
			start := tt.window
			inc := &rca.Incident{ID: "x", Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: start.Add(10 * 24 * time.Hour), End: start.Add(10*24*time.Hour + time.Hour)}}}
			sub := tt.sub
			sub.ID, sub.Plan = "s", "p"
			var charges []string
			for _, exact := range []bool{false, true} {
				c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
					From: start, To: start.AddDate(0, 1, 0)})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				lines, err := c.Credit(sub)
				if err != nil {
					t.Fatal(err)
				}
				if len(lines) != 1 {
					t.Fatalf("%d lines, want 1", len(lines))
				}
				charges = append(charges, lines[0].Charge.StringFixed(6))
			}
			if diff := cmp.Diff([]string{tt.charge, tt.charge}, charges); diff != "" {
				t.Errorf("charge on the fast and the exact path (-want +got):\n%s", diff)
			}
		})
	}
}
