package credit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"
)

// TestRefundOf reproduces the billing engines' published proration
// examples (catalog/SOURCES.md, "Billing conventions") and their
// downgrade, end and convention variants, with figures worked out by hand.
func TestRefundOf(t *testing.T) {
	utc := time.UTC
	plans := []Plan{
		{ID: "basic", Price: dec("10.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "pro", Price: dec("20.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "plan-a", Price: dec("30.00"), Currency: currency.USD, Proration: CycleDays, Rule: Rule{Kind: Prorated}},
		{ID: "plan-b", Price: dec("100.00"), Currency: currency.USD, Proration: CycleDays, Rule: Rule{Kind: Prorated}},
		{ID: "kb", Price: dec("30.00"), Currency: currency.USD, Proration: FixedDays, FractionPlaces: 9, Rule: Rule{Kind: Prorated}},
		{ID: "kb-big", Price: dec("30000000.00"), Currency: currency.USD, Proration: FixedDays, FractionPlaces: 9, Rule: Rule{Kind: Prorated}},
		{ID: "annual", Price: dec("1200.00"), Currency: currency.USD, Period: Annual, EqualMonths: true, Rule: Rule{Kind: Prorated}},
		{ID: "eur", Price: dec("10.00"), Currency: currency.EUR, Rule: Rule{Kind: Prorated}},
	}
	sub := func(plan string, anchor int) Subscription {
		return Subscription{ID: "s-1", Customer: "acme", Plan: plan, Quantity: 1, AnchorDay: anchor, From: time.Date(2023, 1, anchor, 0, 0, 0, 0, utc)}
	}
	to := func(plan string) *Subscription { return &Subscription{Plan: plan} }
	type figures struct{ Unused, Remaining, Net string }
	tests := []struct {
		name string
		ch   Change
		want figures
		expl string
	}{
		{"stripe: 10 → 20 halfway through November: −5 + 10 = 5 to pay",
			Change{Subscription: sub("basic", 1), At: time.Date(2024, 11, 16, 0, 0, 0, 0, utc), To: to("pro")},
			figures{"5.00", "10.00", "5.00"},
			"unused from 2024-11-16 00:00:00 of the period 2024-11-01 – 2024-12-01: 10.00 USD × 0.5 of the period = 5.00 USD; remaining on pro: 20.00 USD × 0.5 = 10.00 USD (half-up); net 5.00 USD to pay"},
		{"downgrade 20 → 10 halfway: −10 + 5: 5.00 carried to the renewal",
			Change{Subscription: sub("pro", 1), At: time.Date(2024, 11, 16, 0, 0, 0, 0, utc), To: to("basic")},
			figures{"10.00", "5.00", "-5.00"},
			"unused from 2024-11-16 00:00:00 of the period 2024-11-01 – 2024-12-01: 20.00 USD × 0.5 of the period = 10.00 USD; remaining on basic: 10.00 USD × 0.5 = 5.00 USD (half-up); net -5.00 USD: account credit to the next renewal"},
		{"chargebee: plan A 30 → plan B 100 with 15 of November's 30 days left: −15 + 50 = 35",
			Change{Subscription: sub("plan-a", 1), At: time.Date(2024, 11, 16, 9, 30, 0, 0, utc), To: to("plan-b")},
			figures{"15.00", "50.00", "35.00"}, ""},
		{"the end of a subscription: the unused third of April is refunded",
			Change{Subscription: sub("basic", 1), At: time.Date(2025, 4, 21, 0, 0, 0, 0, utc)},
			figures{"3.33", "0.00", "-3.33"},
			"unused from 2025-04-21 00:00:00 of the period 2025-04-01 – 2025-05-01: 10.00 USD × 0.333333… of the period = 3.33 USD (half-up); net -3.33 USD: refunded"},
		// Billed on the 23rd; ends on May 30: May 30 → June 23 is 24 days,
		// less (31 − 30): 23 of 30: 0.766666667 to 9 places.
		{"kill bill's fixed 30-day months: 30 × 23/30 = 23.00",
			Change{Subscription: sub("kb", 23), At: time.Date(2023, 5, 30, 0, 0, 0, 0, utc)},
			figures{"23.00", "0.00", "-23.00"}, ""},
		{"kill bill's fraction to 9 places: 30,000,000 × 0.766666667 = 23,000,000.01",
			Change{Subscription: sub("kb-big", 23), At: time.Date(2023, 5, 30, 0, 0, 0, 0, utc)},
			figures{"23000000.01", "0.00", "-23000000.01"}, ""},
		// An annual plan of 1,200 billed from January 1, ended on March 1:
		// ten equal months of 100 are unused.
		{"annual in equal months: 10 of 12 months unused = 1,000.00",
			Change{Subscription: sub("annual", 1), At: time.Date(2023, 3, 1, 0, 0, 0, 0, utc)},
			figures{"1000.00", "0.00", "-1000.00"}, ""},
		// Billed from the 15th (no anchor day given): the new seats are
		// charged on the same period, January 15 – February 15, 16 of its
		// 31 days left: 30 × 16/31 = 15.48, 50 × 16/31 = 25.81.
		{"seats 3 → 5 billed from the 15th: the same period for the new seats",
			Change{Subscription: Subscription{ID: "s-3", Plan: "basic", Quantity: 3, From: time.Date(2025, 1, 15, 0, 0, 0, 0, utc)},
				At: time.Date(2025, 1, 30, 0, 0, 0, 0, utc), To: &Subscription{Plan: "basic", Quantity: 5}},
			figures{"15.48", "25.81", "10.33"}, ""},
		// An annual plan from March 1, 2024, one seat → two on January 1,
		// 2025: two equal months of the year that started in March left.
		{"annual seats 1 → 2 two months before the renewal: −200 + 400",
			Change{Subscription: Subscription{ID: "s-4", Plan: "annual", Quantity: 1, From: time.Date(2024, 3, 1, 0, 0, 0, 0, utc)},
				At: time.Date(2025, 1, 1, 0, 0, 0, 0, utc), To: &Subscription{Plan: "annual", Quantity: 2}},
			figures{"200.00", "400.00", "200.00"}, ""},
		{"two seats: what they paid counts", Change{Subscription: Subscription{ID: "s-2", Plan: "basic", AnchorDay: 1, Quantity: 2},
			At: time.Date(2024, 11, 16, 0, 0, 0, 0, utc), To: &Subscription{Plan: "basic", Quantity: 3}},
			figures{"10.00", "15.00", "5.00"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := RefundOf(plans, tt.ch)
			if err != nil {
				t.Fatal(err)
			}
			got := figures{FormatAmount(r.Unused, r.Currency), FormatAmount(r.Remaining, r.Currency), FormatAmount(r.Net, r.Currency)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("refund (-want +got):\n%s", diff)
			}
			if tt.expl != "" && r.Explanation != tt.expl {
				t.Errorf("explanation:\n got %s\nwant %s", r.Explanation, tt.expl)
			}
			again, _ := RefundOf(plans, tt.ch)
			if len(r.Key) != KeyLength || again.Key != r.Key {
				t.Errorf("key %q, then %q: want one of %d digits", r.Key, again.Key, KeyLength)
			}
		})
	}
	if _, err := RefundOf(plans, Change{Subscription: sub("basic", 1), At: time.Date(2024, 11, 16, 0, 0, 0, 0, utc), To: to("eur")}); err == nil {
		t.Error("a change to a plan in another currency succeeded")
	}
	if _, err := RefundOf(plans, Change{Subscription: sub("nope", 1), At: time.Date(2024, 11, 16, 0, 0, 0, 0, utc)}); err == nil {
		t.Error("a change of an unknown plan succeeded")
	}
}
