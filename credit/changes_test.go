package credit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"
)

// changePlans are the plans of the changes files below: Stripe's 10 → 20
// example, Chargebee's plan A 30 → plan B 100 by days of the cycle, and a
// plan billed in New York.
func changePlans(t *testing.T) *Refunder {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	rf, err := NewRefunder([]Plan{
		{ID: "basic", Price: dec("10.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "pro", Price: dec("20.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "plan-a", Price: dec("30.00"), Currency: currency.USD, Proration: CycleDays, Rule: Rule{Kind: Prorated}},
		{ID: "plan-b", Price: dec("100.00"), Currency: currency.USD, Proration: CycleDays, Rule: Rule{Kind: Prorated}},
		{ID: "ny", Price: dec("31.00"), Currency: currency.USD, Zone: ny, Proration: CycleDays, Rule: Rule{Kind: Prorated}},
		{ID: "eur", Price: dec("10.00"), Currency: currency.EUR, Rule: Rule{Kind: Prorated}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return rf
}

// TestReadChangesRefunds reads a changes file, refunds each change and
// writes the refunds file: the billing engines' published examples
// (catalog/SOURCES.md, "Billing conventions") with figures worked out by
// hand, and bad rows refused at their line and column while the good rows
// are refunded.
func TestReadChangesRefunds(t *testing.T) {
	rf := changePlans(t)
	in := strings.Join([]string{
		"id,customer_id,plan_id,quantity,anchor_day,changed_at,new_plan_id,new_quantity,new_charged",
		// Stripe: 10 → 20 halfway through November: −5 + 10 = 5 to pay.
		"s-1,acme,basic,,1,2024-11-16T00:00:00Z,pro,,",
		// Chargebee: 30 → 100 with 15 of November's 30 days left: −15 + 50.
		"s-2,acme,plan-a,,1,2024-11-16T09:30:00Z,plan-b,,",
		// Seats 2 → 3 halfway: −10 + 15.
		"s-3,beta,basic,2,1,2024-11-16T00:00:00Z,basic,3,",
		// The end of a subscription: April's unused third is refunded.
		"s-4,beta,basic,,1,2025-04-21T00:00:00Z,,,",
		// A local date in the plan's zone: December 1 in New York is
		// 05:00 UTC; 31 × 31/31 of December unused, 0 remaining.
		"s-5,gamma,ny,,1,2024-12-01,,,",
		// A negotiated new charge: 12.00 a period on pro, 6.00 for half.
		"s-6,acme,basic,,1,2024-11-16T00:00:00Z,pro,,12.00",
		"s-7,acme,nope,,1,2024-11-16T00:00:00Z,pro,,",
		"s-8,acme,basic,,1,2024-11-31,pro,,",
		"s-9,acme,basic,,1,2024-11-16T00:00:00Z,,2,",
		"s-10,acme,basic,,1,2024-11-16T00:00:00Z,eur,,",
		"s-11,acme,basic,,1,,pro,,",
		"s-12,acme,basic,1,2",
	}, "\n") + "\n"
	var out bytes.Buffer
	w := NewRefundWriter(&out)
	var refused []string
	for ch, err := range ReadChanges(strings.NewReader(in), ReadOptions{File: "changes.csv", Zones: rf.Zones()}) {
		if err == nil {
			var r Refund
			if r, err = rf.Refund(ch); err == nil {
				if err := w.Write(&r); err != nil {
					t.Fatal(err)
				}
				continue
			}
		}
		var re *RowError
		if !errors.As(err, &re) {
			t.Fatalf("not a row error: %v", err)
		}
		if re.File == "" {
			re.File = "changes.csv"
		}
		refused = append(refused, re.Error())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	wantRefused := []string{
		`changes.csv:8: plan_id "nope": unknown plan`,
		`changes.csv:9: changed_at "2024-11-31": ` + mustTimeErr(t, "2024-11-31"),
		`changes.csv:10: new_quantity "2": needs new_plan_id (the plan of the new seats; the same plan's id for a change of seats)`,
		`changes.csv:11: new_plan_id "eur": bills in EUR, plan "basic" in USD: a change keeps its currency`,
		`changes.csv:12: changed_at "": missing`,
		`changes.csv:13: has 5 fields, the header has 9 columns`,
	}
	if diff := cmp.Diff(wantRefused, refused); diff != "" {
		t.Errorf("refused rows (-want +got):\n%s", diff)
	}

	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(RefundColumns(), recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	type row struct{ Sub, New, Start, At, Paid, Unused, Remaining, Net string }
	var got []row
	for _, r := range recs[1:] {
		got = append(got, row{r[0], r[3], r[5], r[7], r[8], r[9], r[10], r[11]})
		if len(r[12]) != KeyLength {
			t.Errorf("%s: key %q", r[0], r[12])
		}
	}
	want := []row{
		{"s-1", "pro", "2024-11-01T00:00:00Z", "2024-11-16T00:00:00Z", "10.000000", "5.00", "10.00", "5.00"},
		{"s-2", "plan-b", "2024-11-01T00:00:00Z", "2024-11-16T09:30:00Z", "30.000000", "15.00", "50.00", "35.00"},
		{"s-3", "basic", "2024-11-01T00:00:00Z", "2024-11-16T00:00:00Z", "20.000000", "10.00", "15.00", "5.00"},
		{"s-4", "", "2025-04-01T00:00:00Z", "2025-04-21T00:00:00Z", "10.000000", "3.33", "0.00", "-3.33"},
		{"s-5", "", "2024-12-01T00:00:00-05:00", "2024-12-01T00:00:00-05:00", "31.000000", "31.00", "0.00", "-31.00"},
		{"s-6", "pro", "2024-11-01T00:00:00Z", "2024-11-16T00:00:00Z", "10.000000", "5.00", "6.00", "1.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refunds (-want +got):\n%s", diff)
	}
	if got := recs[1][13]; got != "unused from 2024-11-16 00:00:00 of the period 2024-11-01 – 2024-12-01: 10.00 USD × 0.5 of the period = 5.00 USD; remaining on pro: 20.00 USD × 0.5 = 10.00 USD (half-up); net 5.00 USD to pay" {
		t.Errorf("explanation: %s", got)
	}
}

// mustTimeErr is the reason parseTime gives for s.
func mustTimeErr(t *testing.T, s string) string {
	t.Helper()
	_, err := parseTime(s, time.UTC)
	if err == nil {
		t.Fatalf("%q parsed", s)
	}
	return err.Error()
}

// TestReadChangesHeader: a header without a required column, or with an
// unknown one, ends the reading with a located problem.
func TestReadChangesHeader(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no changed_at", "id,plan_id\ns,basic\n", `changes.csv:1: changed_at: missing required column "changed_at"`},
		{"a credited column", "id,plan_id,changed_at,credited\n", `changes.csv:1: credited: unknown column "credited"`},
		{"empty", "", "changes.csv:1: missing header line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			for _, err := range ReadChanges(strings.NewReader(tt.in), ReadOptions{File: "changes.csv"}) {
				errs = append(errs, err)
			}
			if len(errs) != 1 || errs[0] == nil || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Errorf("got %v, want one error starting %q", errs, tt.want)
			}
		})
	}
}

// TestRefundChangeOfRounding: the new terms' charge is rounded by the new
// plan's rule and the explanation says so.
func TestRefundChangeOfRounding(t *testing.T) {
	plans := []Plan{
		{ID: "a", Price: dec("10.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "b", Price: dec("10.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated, Rounding: Up}},
	}
	// A third of April left: 10 × 1/3 = 3.333… → 3.33 on a, 3.34 on b.
	r, err := RefundOf(plans, Change{Subscription: Subscription{ID: "s", Plan: "a", Quantity: 1, AnchorDay: 1},
		At: time.Date(2025, 4, 21, 0, 0, 0, 0, time.UTC), To: &Subscription{Plan: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{r.Unused.String(), r.Remaining.String(), r.Net.String()}; !cmp.Equal(got, []string{"3.33", "3.34", "0.01"}) {
		t.Errorf("unused, remaining, net = %v, want 3.33, 3.34, 0.01", got)
	}
	if !strings.Contains(r.Explanation, "(half-up, remaining up)") {
		t.Errorf("explanation does not name both roundings: %s", r.Explanation)
	}
}

// FuzzReadChanges: any changes file is read without a panic; every row
// is yielded once, a change or a *RowError at its line, only a header or
// reading problem ends the file; every change read is refunded or refused
// with a *RowError, and a refund never returns more than was paid for the
// period, nor charges more than the new terms' whole period.
func FuzzReadChanges(f *testing.F) {
	f.Add("id,customer_id,plan_id,quantity,anchor_day,changed_at,new_plan_id,new_quantity,new_charged\n" +
		"s-1,acme,basic,,1,2024-11-16T00:00:00Z,pro,,\ns-2,acme,plan-a,,1,2024-11-16T09:30:00Z,plan-b,,\n")
	f.Add("id,plan_id,changed_at,active_from,charged,new_plan_id,new_charged\ns,ny,2024-03-10T02:30:00,2024-01-31,7.5,plan-b,1e3\n")
	f.Add("id,plan_id,changed_at\n\"s\n1\",basic,2024-01-01\ns,eur,2024-02-29T23:59:59.999999999Z\n")
	f.Fuzz(func(t *testing.T, in string) {
		rf := changePlans(t)
		var lines []int
		ended := false
		for ch, err := range ReadChanges(strings.NewReader(in), ReadOptions{File: "f", Zones: rf.Zones()}) {
			if ended {
				t.Fatalf("yielded after a fatal error")
			}
			var re *RowError
			switch {
			case err == nil:
				lines = append(lines, ch.Subscription.Line)
				r, err := rf.Refund(ch)
				if err != nil {
					if !errors.As(err, &re) {
						t.Fatalf("refund: not a row error: %v", err)
					}
					continue
				}
				if r.Unused.Sign() < 0 || r.Unused.GreaterThan(r.Paid.Round(int32(Digits(r.Currency)))) {
					t.Fatalf("unused %s of paid %s", r.Unused, r.Paid)
				}
				if r.Remaining.Sign() < 0 || !r.Net.Equal(r.Remaining.Sub(r.Unused)) || len(r.Key) != KeyLength || r.Explanation == "" {
					t.Fatalf("refund %+v", r)
				}
				if !r.At.Before(r.PeriodEnd) || r.At.Before(r.PeriodStart) {
					t.Fatalf("%v not in its period %v – %v", r.At, r.PeriodStart, r.PeriodEnd)
				}
			case errors.As(err, &re):
				lines = append(lines, re.Line)
			default:
				ended = true
			}
		}
		for i := 1; i < len(lines); i++ {
			if lines[i] <= lines[i-1] {
				t.Fatalf("rows at lines %v: not each once in order", lines)
			}
		}
	})
}
