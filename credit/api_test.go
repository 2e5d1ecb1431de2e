package credit

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestRunSourceError checks that an error of the input that is not a row
// problem (a dropped connection, an I/O error) ends Run with that error,
// after the lines of the subscriptions before it, while a *RowError is
// yielded and the run goes on.
func TestRunSourceError(t *testing.T) {
	c := seedCalculator(t)
	ny := mustZone(t, "America/New_York")
	since := date(2014, time.January, 1, ny)
	dropped := errors.New("conn closed")
	input := func(yield func(Subscription, error) bool) {
		_ = yield(Subscription{ID: "a", Plan: "email-starter", Quantity: 1, From: since}, nil) &&
			yield(Subscription{}, &RowError{Line: 3, Field: "quantity", Value: "x", Err: errors.New("bad")}) &&
			yield(Subscription{ID: "b", Plan: "email-starter", Quantity: 1, From: since}, nil) &&
			yield(Subscription{}, dropped) &&
			yield(Subscription{ID: "c", Plan: "email-starter", Quantity: 1, From: since}, nil)
	}
	var got []string
	var sum Summary
	var end error
	for l, err := range c.Run(context.Background(), input) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			sum.Reject(re)
			got = append(got, "row: "+re.Error())
		case err != nil:
			if end != nil {
				t.Fatalf("Run yielded %v after the error that ended it, %v", err, end)
			}
			end = err
			got = append(got, "end: "+err.Error())
		default:
			sum.Add(&l)
			got = append(got, l.Subscription+" "+l.Amount.String())
		}
	}
	want := []string{"a 0.3", `row: line 3: quantity "x": bad`, "b 0.3", "end: conn closed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("run (-want +got):\n%s", diff)
	}
	if !errors.Is(end, dropped) {
		t.Errorf("run ended with %v, want the source's error", end)
	}
	if sum.Rejected != 1 || sum.Read != 3 {
		t.Errorf("summary read %d, rejected %d; want 3 read (a, the bad row, b) and 1 rejected", sum.Read, sum.Rejected)
	}
}

// TestReadSubscriptionsIOError checks that a reader failing mid-file ends
// a Run over ReadSubscriptions with the read error, not a rejected row.
func TestReadSubscriptionsIOError(t *testing.T) {
	c := seedCalculator(t)
	gone := errors.New("disk gone")
	r := io.MultiReader(strings.NewReader("id,plan_id,active_from\ns1,email-starter,2014-01-01\n"), errReader{gone})
	var lines, rejects int
	var end error
	for _, err := range c.Run(context.Background(), ReadSubscriptions(r, ReadOptions{File: "s.csv", Zones: c.Zones()})) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			rejects++
		case err != nil:
			end = err
		default:
			lines++
		}
	}
	if lines != 1 || rejects != 0 || !errors.Is(end, gone) {
		t.Errorf("lines %d, rejects %d, end %v; want 1 line, no reject and the read error", lines, rejects, end)
	}
}

// errReader fails every read with its error.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// TestQuantitySameInGoAndCSV checks that a quantity means the same to
// Credit as to ReadSubscriptions: 0, negative and absurd quantities are
// refused by both with the same reason, and an empty cell is one seat,
// the Go value 1.
func TestQuantitySameInGoAndCSV(t *testing.T) {
	c := seedCalculator(t)
	for _, tt := range []struct {
		name, cell string
		q          int64
		reason     string // empty: accepted
	}{
		{"zero", "0", 0, "must be at least 1"},
		{"negative", "-2", -2, "must not be negative"},
		{"absurd", "1000000001", 1_000_000_001, "is absurdly large (at most 1000000000)"},
		{"one", "1", 1, ""},
		{"empty cell is one seat", "", 1, ""},
		{"three", "3", 3, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			csv := "id,plan_id,quantity,active_from\ns1,email-starter," + tt.cell + ",2014-01-01\n"
			var fromCSV Subscription
			var csvErr error
			for sub, err := range ReadSubscriptions(strings.NewReader(csv), ReadOptions{Zones: c.Zones()}) {
				fromCSV, csvErr = sub, err
			}
			_, goErr := c.Credit(Subscription{ID: "s1", Plan: "email-starter", Quantity: tt.q, From: date(2014, time.January, 1, mustZone(t, "America/New_York"))})
			reason := func(err error) string {
				var re *RowError
				if !errors.As(err, &re) {
					return ""
				}
				return re.Field + ": " + re.Err.Error()
			}
			want := ""
			if tt.reason != "" {
				want = "quantity: " + tt.reason
			}
			if got := reason(csvErr); got != want {
				t.Errorf("CSV %q: %q, want %q", tt.cell, got, want)
			}
			if got := reason(goErr); got != want {
				t.Errorf("Go %d: %q, want %q", tt.q, got, want)
			}
			if tt.reason == "" && fromCSV.Quantity != tt.q {
				t.Errorf("CSV %q read as quantity %d, want %d", tt.cell, fromCSV.Quantity, tt.q)
			}
		})
	}
}

// TestDateAsReadSubscriptions checks that Calculator.Date gives a civil
// date the instant ReadSubscriptions gives the same date written in a
// file, in the plan's billing zone: midnight there, not in UTC, and the
// same refusal where the zone skips midnight.
func TestDateAsReadSubscriptions(t *testing.T) {
	pol, inc := seedInputs(t)
	var plans []Plan
	zones := []string{"America/New_York", "UTC", "Pacific/Kiritimati", "America/Asuncion", "America/Havana", "Australia/Lord_Howe"}
	for _, z := range zones {
		plans = append(plans, Plan{ID: "p-" + z, Price: dec("10"), Currency: currency.USD, Zone: mustZone(t, z), Rule: Rule{Kind: Prorated}})
	}
	plans = append(plans, Plan{ID: "policy-zone", Price: dec("10"), Currency: currency.USD, Rule: Rule{Kind: Prorated}})
	c, err := NewCalculator(Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc}})
	if err != nil {
		t.Fatal(err)
	}
	dates := []rca.Date{{Year: 2014, Month: 4, Day: 16}, {Year: 2017, Month: 10, Day: 1}, {Year: 2012, Month: 4, Day: 1}, {Year: 2024, Month: 2, Day: 29}, {Year: 2014, Month: 11, Day: 2}, {Year: 1995, Month: 1, Day: 1}}
	for _, p := range plans {
		for _, d := range dates {
			csv := "id,plan_id,active_from\ns," + p.ID + "," + d.String() + "\n"
			var want time.Time
			var wantErr string
			for sub, err := range ReadSubscriptions(strings.NewReader(csv), ReadOptions{Zones: c.Zones()}) {
				want = sub.From
				var re *RowError
				if errors.As(err, &re) {
					wantErr = re.Err.Error()
				}
			}
			got, err := c.Date(p.ID, d)
			switch {
			case wantErr != "" && (err == nil || !strings.HasSuffix(err.Error(), wantErr)):
				t.Errorf("%s %s: Date = %v, %v; the reader refuses it: %s", p.ID, d, got, err, wantErr)
			case wantErr == "" && (err != nil || !got.Equal(want) || got.Location() != want.Location()):
				t.Errorf("%s %s: Date = %v, %v; the reader reads %v", p.ID, d, got, err, want)
			}
		}
	}
	// The policy's zone is New York: not midnight UTC.
	got, err := c.Date("policy-zone", rca.Date{Year: 2014, Month: 4, Day: 16})
	if want := time.Date(2014, 4, 16, 4, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Errorf("Date(policy-zone, 2014-04-16) = %v, %v; want %v (midnight in New York)", got, err, want)
	}
	if _, err := c.Date("gold", rca.Date{Year: 2014, Month: 4, Day: 16}); !errors.Is(err, ErrUnknownPlan) {
		t.Errorf("Date of an unknown plan: %v, want ErrUnknownPlan", err)
	}
}
