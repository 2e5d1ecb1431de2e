package credit

import (
	"context"
	"errors"
	"iter"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// seedInputs loads the seed incident and policy from testdata.
func seedInputs(t testing.TB) (*sla.Policy, *rca.Incident) {
	t.Helper()
	pol, err := sla.LoadFile(filepath.Join("..", "testdata", "policies", "seed-monthly-new-york.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	inc, err := rca.LoadFile(filepath.Join("..", "testdata", "incidents", "seed-constant-contact-2014.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return pol, inc
}

// seedPlans is a small catalogue measured by the seed policy.
func seedPlans() []Plan {
	return []Plan{
		{ID: "email-starter", Price: dec("15.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}},
		{ID: "email-jp", Price: dec("980"), Currency: currency.JPY, Rule: Rule{Kind: Prorated}},
		{ID: "email-kw", Price: dec("12.500"), Currency: currency.MustParseISO("KWD"), Rule: Rule{Kind: Prorated}},
		{ID: "email-ch", Price: dec("49.00"), Currency: currency.CHF, Rule: Rule{Kind: Prorated, Rounding: Cash}},
		{ID: "email-annual", Price: dec("150.00"), Currency: currency.USD, Period: Annual, Rule: Rule{Kind: Prorated}},
		{ID: "email-pro", Price: dec("45.00"), Currency: currency.USD, Rule: Rule{Kind: Tiered, Tiers: sla.Tiers{
			{AtLeast: ptr("99.0"), Below: ptr("99.9"), Credit: dec("10")},
			{AtLeast: ptr("95.0"), Below: ptr("99.0"), Credit: dec("25")},
			{Below: ptr("95.0"), Credit: dec("100")},
		}}},
		{ID: "email-stepped", Price: dec("100.00"), Currency: currency.USD, Rule: Rule{Kind: Stepped, StepPercent: dec("5"), Step: 30 * time.Minute, CapPercent: dec("50")}},
	}
}

func seedCalculator(t testing.TB) *Calculator {
	t.Helper()
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	c, err := NewCalculator(Config{
		Plans: seedPlans(), Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
		From: date(2014, time.April, 1, ny), To: date(2014, time.May, 1, ny),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreditSeed(t *testing.T) {
	c := seedCalculator(t)
	ny := mustZone(t, "America/New_York")
	since := date(2014, time.January, 1, ny)
	tests := []struct {
		name        string
		sub         Subscription
		want        string
		charge      string
		downtime    time.Duration
		explanation string
	}{
		{"15 usd whole april", Subscription{ID: "s1", Plan: "email-starter", Quantity: 1, From: since}, "0.30", "15.000000", seedDowntime,
			"15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)"},
		{"980 jpy", Subscription{ID: "s2", Plan: "email-jp", Quantity: 1, From: since}, "20", "980.000000", seedDowntime, ""},
		{"12.500 kwd", Subscription{ID: "s3", Plan: "email-kw", Quantity: 1, From: since}, "0.251", "12.500000", seedDowntime, ""},
		{"49 chf cash", Subscription{ID: "s4", Plan: "email-ch", Quantity: 1, From: since}, "1.00", "49.000000", seedDowntime, ""},
		{"seats multiply", Subscription{ID: "s5", Plan: "email-starter", From: since, Quantity: 3}, "0.90", "45.000000", seedDowntime, ""},
		{"charged replaces list price", Subscription{ID: "s6", Plan: "email-starter", From: since, Quantity: 3, Charged: ptr("30.00")}, "0.60", "30.000000", seedDowntime, ""},
		{"annual plan takes april's share", Subscription{ID: "s7", Plan: "email-annual", Quantity: 1, From: since}, "0.25", "12.328767", seedDowntime,
			"150.00 USD × 52080 s ÷ 31536000 s = 0.247717… → 0.25 USD (half-up)"},
		{"tiered 97.99 percent", Subscription{ID: "s8", Plan: "email-pro", Quantity: 1, From: since}, "11.25", "45.000000", seedDowntime,
			"availability 97.990741% in tier ≥ 95 and < 99: 25%: 45.00 USD × 25% = 11.25 → 11.25 USD (half-up)"},
		{"stepped capped at 50", Subscription{ID: "s9", Plan: "email-stepped", Quantity: 1, From: since}, "50.00", "100.000000", seedDowntime, ""},
		{"started after the outage", Subscription{ID: "s10", Plan: "email-starter", Quantity: 1, From: date(2014, time.April, 20, ny)}, "0.00", "5.500000", 0,
			"no counted downtime while active: no credit"},
		{
			// Joined at 00:00 ET on the 19th, during partial restoration:
			// only the hour until 01:00 ET counts. The charge for April is
			// 12 days of a period anchored on the 19th (Apr 19 – May 19):
			// 15 × 12/30 = 6.00; the credit is the price of the hour lost
			// at the rate paid: 15.00 per 30 days, × 3600 ÷ 2592000 =
			// 0.02083… → 0.02.
			"started mid-outage", Subscription{ID: "s11", Plan: "email-starter", Quantity: 1, From: time.Date(2014, time.April, 19, 0, 0, 0, 0, ny)},
			"0.02", "6.000000", time.Hour, "15.00 USD × 3600 s ÷ 2592000 s = 0.020833… → 0.02 USD (half-up)",
		},
		{"cancelled before the outage", Subscription{ID: "s12", Plan: "email-starter", Quantity: 1, From: since, Until: date(2014, time.April, 10, ny)}, "0.00", "4.500000", 0, ""},
		{"not active", Subscription{ID: "s13", Plan: "email-starter", Quantity: 1, From: date(2014, time.May, 3, ny)}, "0.00", "0", 0,
			"not active during the window: no credit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := c.Credit(tt.sub)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 1 {
				t.Fatalf("got %d lines, want 1 (April)", len(lines))
			}
			l := lines[0]
			if got := l.Amount.StringFixed(int32(Digits(l.Currency))); got != tt.want {
				t.Errorf("amount = %s, want %s (%s)", got, tt.want, l.Explanation)
			}
			if got := l.Charge.StringFixed(6); got != dec(tt.charge).StringFixed(6) {
				t.Errorf("charge = %s, want %s", got, tt.charge)
			}
			if l.Downtime != tt.downtime {
				t.Errorf("downtime = %v, want %v", l.Downtime, tt.downtime)
			}
			if tt.explanation != "" && l.Explanation != tt.explanation {
				t.Errorf("explanation:\n got %s\nwant %s", l.Explanation, tt.explanation)
			}
			if !l.WindowStart.Equal(date(2014, time.April, 1, ny)) || !l.WindowEnd.Equal(date(2014, time.May, 1, ny)) {
				t.Errorf("window = [%v, %v), want April 2014 in New York", l.WindowStart, l.WindowEnd)
			}
			if want := date(2014, time.May, 31, ny); !l.ClaimDeadline.Equal(want) {
				t.Errorf("claim deadline = %v, want %v", l.ClaimDeadline, want)
			}
			if len(l.Key) != KeyLength {
				t.Errorf("key %q has %d digits, want %d", l.Key, len(l.Key), KeyLength)
			}
		})
	}
}

func TestCreditSeedLine(t *testing.T) {
	c := seedCalculator(t)
	ny := mustZone(t, "America/New_York")
	lines, err := c.Credit(Subscription{ID: "sub-0001", Customer: "lantern-three", Plan: "email-starter", Quantity: 1, From: date(2014, time.January, 1, ny)})
	if err != nil {
		t.Fatal(err)
	}
	want := Line{
		Subscription: "sub-0001", Customer: "lantern-three", Plan: "email-starter",
		Policy: "seed-monthly-new-york", PolicyVersion: "2014-04",
		WindowStart: date(2014, time.April, 1, ny), WindowEnd: date(2014, time.May, 1, ny),
		Currency: currency.USD, Charge: dec("15"), Downtime: seedDowntime, Weighted: dec("52080"),
		Measured: april, Availability: dec("97.9907407407"), Rule: Prorated, Raw: dec("0.301389"),
		Multiplier: dec("1"), Due: dec("0.30"), IssuedBefore: dec("0"), Amount: dec("0.30"), OverCredited: dec("0"),
		ClaimDeadline: date(2014, time.May, 31, ny),
		Incidents:     []string{"constant-contact-2014-04-18"},
		Explanation:   "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)",
		// Computed outside Go (Python hashlib) from the documented
		// encoding: the length-prefixed fields "postmortem/credit-key/v2",
		// the policy, "2014-04-01T04:00:00Z", "2014-05-01T04:00:00Z",
		// "USD", "sub-0001", "0.30", "0.00", "0.30", "0".
		Key: "2630db7fec74e2afbe12deadbd70e209",
	}
	if diff := cmp.Diff([]Line{want}, lines, decimalEqual); diff != "" {
		t.Errorf("line (-want +got):\n%s", diff)
	}
}

// decimalEqual compares decimals by value, so 15 equals 15.000000.
var decimalEqual = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b currency.Unit) bool { return a == b }),
	cmpopts.IgnoreUnexported(Summary{}),
}

func TestCreditErrors(t *testing.T) {
	c := seedCalculator(t)
	tests := []struct {
		name  string
		sub   Subscription
		field string
	}{
		{"unknown plan", Subscription{ID: "x", Plan: "gold", Quantity: 1}, "plan_id"},
		{"missing id", Subscription{Plan: "email-starter"}, "id"},
		{"negative quantity", Subscription{ID: "x", Plan: "email-starter", Quantity: -1}, "quantity"},
		{"until before from", Subscription{ID: "x", Plan: "email-starter", Quantity: 1, From: date(2014, 4, 2, time.UTC), Until: date(2014, 4, 1, time.UTC)}, "active_until"},
		{"anchor day 32", Subscription{ID: "x", Plan: "email-starter", Quantity: 1, AnchorDay: 32}, "anchor_day"},
		{"negative charged", Subscription{ID: "x", Plan: "email-starter", Quantity: 1, Charged: ptr("-1")}, "charged"},
		{"id not UTF-8", Subscription{ID: "bad-\xff", Plan: "email-starter", Quantity: 1}, "id"},
		{"id with a space", Subscription{ID: "x ", Plan: "email-starter", Quantity: 1}, "id"},
		{"customer with a line break", Subscription{ID: "x", Customer: "Acme\nInc", Plan: "email-starter", Quantity: 1}, "customer_id"},
		{"plan not UTF-8", Subscription{ID: "x", Plan: "email-starter\xff", Quantity: 1}, "plan_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.sub.Line = 7
			_, err := c.Credit(tt.sub)
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RowError", err)
			}
			if re.Field != tt.field || re.Line != 7 {
				t.Errorf("error at line %d field %q, want line 7 field %q: %v", re.Line, re.Field, tt.field, err)
			}
		})
	}
}

func TestNewCalculatorProblems(t *testing.T) {
	pol, inc := seedInputs(t)
	other := *pol
	other.ID = "other"
	tests := []struct {
		name     string
		plans    []Plan
		policies []*sla.Policy
		want     []string // problem paths
	}{
		{"unknown policy", []Plan{{ID: "a", Currency: currency.USD, Policy: "nope", Rule: Rule{Kind: Prorated}}}, []*sla.Policy{pol}, []string{"plans[0].policy"}},
		{"ambiguous policy", []Plan{{ID: "a", Currency: currency.USD, Rule: Rule{Kind: Prorated}}}, []*sla.Policy{pol, &other}, []string{"plans[0].policy"}},
		{"tiered without tiers", []Plan{{ID: "a", Currency: currency.USD, Rule: Rule{Kind: Tiered}}}, []*sla.Policy{pol}, []string{"plans[0].rule.tiers"}},
		{"tiers with a gap below the objective", []Plan{{ID: "a", Currency: currency.USD, Rule: Rule{Kind: Tiered, Tiers: sla.Tiers{{Below: ptr("95"), Credit: dec("10")}}}}}, []*sla.Policy{pol}, []string{"plans[0].rule.tiers"}},
		{"duplicate plan and bad price", []Plan{
			{ID: "a", Currency: currency.USD, Rule: Rule{Kind: Prorated}},
			{ID: "a", Currency: currency.USD, Price: dec("-1"), Rule: Rule{Kind: Prorated}},
		}, []*sla.Policy{pol}, []string{"plans[1].price", "plans[1].id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCalculator(Config{Plans: tt.plans, Policies: tt.policies, Incidents: []*rca.Incident{inc}})
			if diff := cmp.Diff(tt.want, problemPaths(t, err)); diff != "" {
				t.Errorf("problem paths (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

func problemPaths(t *testing.T, err error) []string {
	t.Helper()
	var verr *rca.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want a *rca.ValidationError", err)
	}
	var paths []string
	for _, p := range verr.Problems {
		paths = append(paths, p.Path)
	}
	return paths
}

func TestRun(t *testing.T) {
	c := seedCalculator(t)
	ny := mustZone(t, "America/New_York")
	since := date(2014, time.January, 1, ny)
	bad := &RowError{Line: 3, Field: "quantity", Value: "-1", Err: errors.New("must not be negative")}
	input := func(yield func(Subscription, error) bool) {
		_ = yield(Subscription{ID: "a", Plan: "email-starter", Quantity: 1, From: since}, nil) &&
			yield(Subscription{}, bad) &&
			yield(Subscription{ID: "b", Plan: "gold", Quantity: 1}, nil) &&
			yield(Subscription{ID: "c", Plan: "email-jp", Quantity: 1, From: since}, nil) &&
			yield(Subscription{ID: "d", Plan: "email-starter", Quantity: 1, From: date(2014, time.April, 25, ny)}, nil)
	}
	var s Summary
	var got []string
	for l, err := range c.Run(context.Background(), input) {
		var re *RowError
		if errors.As(err, &re) {
			s.Reject(re)
			got = append(got, "error: "+err.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		s.Add(&l)
		got = append(got, l.Subscription+" "+l.Amount.String()+" "+l.Currency.String())
	}
	want := []string{
		"a 0.3 USD",
		"error: line 3: quantity \"-1\": must not be negative",
		"error: plan_id \"gold\": unknown plan",
		"c 20 JPY",
		"d 0 USD",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("run (-want +got):\n%s", diff)
	}
	wantSummary := Summary{
		Read: 5, Credited: 2, Zero: 1, Rejected: 2, Lines: 3,
		Totals: []Total{{Currency: currency.JPY, Amount: dec("20"), Due: dec("20"), Lines: 1, Issued: 1}, {Currency: currency.USD, Amount: dec("0.30"), Due: dec("0.30"), Lines: 2, Issued: 1, Zero: 1}},
		Plans: []PlanTotal{
			{Plan: "email-jp", Currency: currency.JPY, Rule: Prorated, Subscriptions: 1, Amount: dec("20"), Due: dec("20"), Lines: 1},
			{Plan: "email-starter", Currency: currency.USD, Rule: Prorated, Subscriptions: 1, Amount: dec("0.30"), Due: dec("0.30"), Lines: 2},
		},
	}
	if diff := cmp.Diff(wantSummary, s, decimalEqual); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
}

func TestRunCancel(t *testing.T) {
	c := seedCalculator(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	endless := func(yield func(Subscription, error) bool) {
		for i := 0; ; i++ {
			if !yield(Subscription{ID: "s" + itoa(i), Plan: "email-starter", Quantity: 1}, nil) {
				return
			}
		}
	}
	var n int
	var last error
	for _, err := range c.Run(ctx, iter.Seq2[Subscription, error](endless)) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 10 {
			cancel()
		}
	}
	var ie *InterruptedError
	if !errors.As(last, &ie) || !errors.Is(last, context.Canceled) {
		t.Fatalf("last error = %v, want an *InterruptedError wrapping context.Canceled", last)
	}
	if ie.Subscriptions != 10 || ie.Last != "s9" {
		t.Errorf("interrupted after %d subscriptions (last %q), want 10 (last \"s9\")", ie.Subscriptions, ie.Last)
	}
}

// TestConcurrentCredit: a Calculator is safe for concurrent use and gives
// every goroutine the lines a sequential run gives.
func TestConcurrentCredit(t *testing.T) {
	c := demoCalculator(t)
	var subs []Subscription
	for sub, err := range ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{Zones: c.Zones()}) {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	want := make([][]Line, len(subs))
	for i, sub := range subs {
		lines, err := c.Credit(sub)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = lines
	}
	const goroutines = 4
	errs := make(chan string, goroutines)
	for g := range goroutines {
		go func() {
			msg := ""
			for k := range 20 {
				i := (g + k) % len(subs)
				got, err := c.Credit(subs[i])
				if err != nil {
					msg = err.Error()
					break
				}
				if diff := cmp.Diff(want[i], got, decimalEqual); diff != "" {
					msg = subs[i].ID + ":\n" + diff
					break
				}
			}
			errs <- msg
		}()
	}
	for range goroutines {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}
