package credit

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/synth"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// demoCalculator builds a calculator of the demo plans and the seed, for
// April 2014.
func demoCalculator(t testing.TB) *Calculator {
	t.Helper()
	c, err := NewCalculator(demoConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demoConfig returns the Config of demoCalculator.
func demoConfig(t testing.TB) Config {
	t.Helper()
	plans, err := LoadPlansFile(filepath.Join("..", "testdata", "plans", "demo-plans.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	return Config{
		Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
		From: date(2014, time.April, 1, ny), To: date(2014, time.May, 1, ny),
	}
}

func openTestdata(t *testing.T, parts ...string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(append([]string{"..", "testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestDemo runs the demo subscriptions through the demo plans and compares
// the lines file with its golden copy; reading the file back gives the same
// lines and the same summary.
func TestDemo(t *testing.T) {
	c := demoCalculator(t)
	subs := ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{File: "demo.csv", Zones: c.Zones()})
	var buf bytes.Buffer
	w := NewLineWriter(&buf)
	var sum Summary
	var lines []Line
	for l, err := range c.Run(context.Background(), subs) {
		if err != nil {
			t.Fatalf("demo row refused: %v", err)
		}
		sum.Add(&l)
		lines = append(lines, l)
		if err := w.Write(&l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/demo-lines.csv", buf.Bytes())

	byID := map[string]Line{}
	for _, l := range lines {
		byID[l.Subscription] = l
	}
	for id, want := range map[string]string{
		"sub-0001": "0.30",  // the seed's $15/month subscriber
		"sub-0002": "0.90",  // three seats billed from the 15th: 45.00 × 52080 s ÷ the 30 days of Apr 15 – May 15
		"sub-0008": "20",    // ¥980
		"sub-0009": "1.00",  // CHF 49, cash rounding
		"sub-0010": "0.251", // KWD 12.500
		"sub-0013": "0.00",  // not active in April
	} {
		l := byID[id]
		if got := l.Amount.StringFixed(int32(Digits(l.Currency))); got != want {
			t.Errorf("%s amount = %s %s, want %s (%s)", id, got, l.Currency, want, l.Explanation)
		}
	}

	var back []Line
	for l, err := range ReadLines(bytes.NewReader(buf.Bytes()), "lines.csv") {
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, l)
	}
	if diff := cmp.Diff(lines, back, decimalEqual); diff != "" {
		t.Errorf("lines read back (-written +read):\n%s", diff)
	}
	rebuilt, err := ReadSummary(bytes.NewReader(buf.Bytes()), "lines.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sum, *rebuilt, decimalEqual); diff != "" {
		t.Errorf("summary rebuilt from the file (-run +file):\n%s", diff)
	}
	if sum.Read != 13 || sum.Rejected != 0 || sum.Credited+sum.Zero != 13 {
		t.Errorf("summary counts %+v, want 13 read, none rejected", sum)
	}
}

func TestReadSubscriptionsBad(t *testing.T) {
	c := demoCalculator(t)
	type row struct {
		Line  int
		ID    string
		Field string
		Also  []string
	}
	var got []row
	for sub, err := range ReadSubscriptions(openTestdata(t, "subscriptions", "bad.csv"), ReadOptions{File: "bad.csv", Zones: c.Zones()}) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			if re.File != "bad.csv" {
				t.Errorf("line %d: file %q, want bad.csv", re.Line, re.File)
			}
			r := row{Line: re.Line, Field: re.Field}
			for _, f := range re.Also {
				r.Also = append(r.Also, f.Field)
			}
			got = append(got, r)
		case err != nil:
			t.Fatalf("iteration ended: %v", err)
		default:
			got = append(got, row{Line: sub.Line, ID: sub.ID})
		}
	}
	want := []row{
		{Line: 2, Field: "plan_id"},
		{Line: 3, Field: "charged"},
		{Line: 4, Field: "active_from"},
		{Line: 5, Field: "quantity"},
		{Line: 6, ID: "ok-0001"},
		{Line: 7, Field: "id"},
		{Line: 8, Field: "active_until"},
		{Line: 9},
		{Line: 10, Field: "anchor_day", Also: []string{"charged"}},
		{Line: 11, Field: "quantity"},
		{Line: 12, ID: "ok-0002"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestReadSubscriptionsMessages(t *testing.T) {
	zones := map[string]*time.Location{"email-starter": time.UTC}
	tests := []struct {
		name string
		csv  string
		want string
	}{
		{"decimal comma", "id,plan_id,charged\na,email-starter,\"1,5\"\n",
			`s.csv:2: charged "1,5": not a decimal number: use "." as the decimal separator and no thousands separator`},
		{"absurd amount", "id,plan_id,charged\na,email-starter,1000000000000\n",
			`s.csv:2: charged "1000000000000": is absurdly large (must be below 10^12)`},
		{"exponent", "id,plan_id,charged\na,email-starter,1e3\n",
			`s.csv:2: charged "1e3": not a decimal number: exponents are not accepted`},
		{"the credited column of earlier versions", "id,plan_id,credited\na,email-starter,1.00\n",
			`s.csv:1: credited: column 3, credited, is no longer read: one value for every window of a subscription cannot say what each window was credited; give what was issued as a ledger (credits -issued, credit.Ledger), which is settled per window`},
		{"impossible date", "id,plan_id,active_from\na,email-starter,2014-02-30\n",
			`s.csv:2: active_from "2014-02-30": February 2014 has 28 days`},
		{"unknown plan", "id,plan_id\na,gold\n", `s.csv:2: plan_id "gold": unknown plan`},
		{"duplicate id", "id,plan_id\na,email-starter\na,email-starter\n", `s.csv:3: id "a": duplicate id (first on line 2)`},
		{"negative quantity", "id,plan_id,quantity\na,email-starter,-3\n", `s.csv:2: quantity "-3": must not be negative`},
		{"zero quantity", "id,plan_id,quantity\na,email-starter,0\n", `s.csv:2: quantity "0": must be at least 1`},
		{"until before from", "id,plan_id,active_from,active_until\na,email-starter,2014-04-10,2014-04-01\n",
			`s.csv:2: active_until "2014-04-01": must be after active_from "2014-04-10"`},
		{"too many fields", "id,plan_id\na,email-starter,x\n", `s.csv:2: has 3 fields, the header has 2 columns`},
		{"too few fields", "id,customer_id,plan_id\na,email-starter\n", `s.csv:2: has 2 fields, the header has 3 columns`},
		{"one field", "id,plan_id\na\n", `s.csv:2: has 1 field, the header has 2 columns`},
		{"non-UTF-8 id", "id,plan_id\nbad-\xff,email-starter\n", `s.csv:2: id "bad-\xff": not valid UTF-8`},
		{"non-UTF-8 customer", "id,customer_id,plan_id\na,acme-\xc3,email-starter\n", `s.csv:2: customer_id "acme-\xc3": not valid UTF-8`},
		{"non-UTF-8 plan", "id,plan_id\na,email-\xffstarter\n", `s.csv:2: plan_id "email-\xffstarter": not valid UTF-8`},
		{"non-UTF-8 date", "id,plan_id,active_from\na,email-starter,2014-01-01\xa0\n", `s.csv:2: active_from "2014-01-01\xa0": not valid UTF-8`},
		{"quantity with a line break", "id,plan_id,quantity\na,email-starter,\"1\n\"\n", `s.csv:2: quantity "1\n": contains a line break`},
		{"quantity with a space", "id,plan_id,quantity\na,email-starter, 1\n", `s.csv:2: quantity " 1": begins with white space`},
		{"date with a space", "id,plan_id,active_until\na,email-starter,2014-05-01 \n", `s.csv:2: active_until "2014-05-01 ": ends with white space`},
		{"anchor day with a tab", "id,plan_id,anchor_day\na,email-starter,\t1\n", `s.csv:2: anchor_day "\t1": begins with white space`},
		{"charged with a no-break space", "id,plan_id,charged\na,email-starter,15.00\u00a0\n", `s.csv:2: charged "15.00\u00a0": ends with white space`},
		{"charged with a line break", "id,plan_id,charged\na,email-starter,\"1.00\r\n\"\n", `s.csv:2: charged "1.00\n": contains a line break`},
		{"blank quantity", "id,plan_id,quantity\na,email-starter,  \n", `s.csv:2: quantity "  ": is only white space (leave it empty)`},
		{"id with a space", "id,plan_id\n a,email-starter\n", `s.csv:2: id " a": begins with white space`},
		{"id with a line break", "id,plan_id\n\"a\nb\",email-starter\n", `s.csv:2: id "a\nb": contains a line break`},
		{"customer with a line break", "id,customer_id,plan_id\na,\"Acme\n\",email-starter\n", `s.csv:2: customer_id "Acme\n": contains a line break`},
		{"customer with a tab", "id,customer_id,plan_id\na,Acme\tInc,email-starter\n", `s.csv:2: customer_id "Acme\tInc": contains the control character U+0009`},
		{"plan with a space", "id,plan_id\na,email-starter \n", `s.csv:2: plan_id "email-starter ": ends with white space`},
		{"bad text and a bad value", "id,plan_id,quantity,charged\na\xff,email-starter,2 ,1e3\n",
			`s.csv:2: id "a\xff": not valid UTF-8; quantity "2 ": ends with white space; charged "1e3": not a decimal number: exponents are not accepted`},
		{"two problems", "id,plan_id,quantity\n,gold,x\n", `s.csv:2: id "": missing; plan_id "gold": unknown plan; quantity "x": want a whole number of seats`},
		{"missing header", "", `s.csv:1: missing header line (want id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged)`},
		{"missing column", "id,customer_id\na,b\n", `s.csv:1: plan_id: missing required column "plan_id"`},
		{"unknown column", "id,plan_id,plan\na,b,c\n", `s.csv:1: plan: unknown column "plan" (want some of id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var msgs []string
			for _, err := range ReadSubscriptions(strings.NewReader(tt.csv), ReadOptions{File: "s.csv", Zones: zones}) {
				if err != nil {
					msgs = append(msgs, err.Error())
				}
			}
			if len(msgs) == 0 || msgs[len(msgs)-1] != tt.want {
				t.Errorf("errors = %q, want last %q", msgs, tt.want)
			}
		})
	}
}

func TestReadSubscriptionsTimes(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	csv := "id,plan_id,active_from,active_until\n" +
		"a,p,2014-04-16,2014-04-17T09:30:00Z\n" +
		"b,p,2014-04-16 09:30,\n"
	var got []Subscription
	for sub, err := range ReadSubscriptions(strings.NewReader(csv), ReadOptions{Zones: map[string]*time.Location{"p": ny}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, sub)
	}
	want := []Subscription{
		{ID: "a", Plan: "p", Quantity: 1, From: date(2014, time.April, 16, ny), Until: time.Date(2014, time.April, 17, 9, 30, 0, 0, time.UTC), Line: 2},
		{ID: "b", Plan: "p", Quantity: 1, From: time.Date(2014, time.April, 16, 9, 30, 0, 0, ny), Line: 3},
	}
	if diff := cmp.Diff(want, got, decimalEqual); diff != "" {
		t.Errorf("subscriptions (-want +got):\n%s", diff)
	}
}

func TestSubscriptionWriterRoundTrip(t *testing.T) {
	var subs []Subscription
	for sub, err := range ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	var buf bytes.Buffer
	w := NewSubscriptionWriter(&buf)
	for i := range subs {
		if err := w.Write(&subs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	var back []Subscription
	for sub, err := range ReadSubscriptions(&buf, ReadOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, sub)
	}
	if diff := cmp.Diff(subs, back, decimalEqual); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestLoadPlansProblems(t *testing.T) {
	const file = `plans:
  - id: a
    price: "1,5"
    currency: USD
    rule: {kind: prorated}
  - id: a
    price: "1e30"
    currency: XYZ
    rule: {}
  - id: c
    price: "-3"
    currency: USD
    rule:
      kind: prorated
      step: 30m
      amount: "5"
      cap_percent: "150"
`
	_, err := LoadPlans("plans.yaml", []byte(file))
	var verr *rca.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want a *rca.ValidationError", err)
	}
	type loc struct {
		Line int
		Path string
	}
	var got []loc
	for _, p := range verr.Problems {
		if p.File != "plans.yaml" {
			t.Errorf("problem %v: file %q", p, p.File)
		}
		got = append(got, loc{p.Line, p.Path})
	}
	want := []loc{
		{3, "plans[0].price"},
		{6, "plans[1].id"},
		{7, "plans[1].price"},
		{8, "plans[1].currency"},
		{9, "plans[1].rule.kind"},
		{11, "plans[2].price"},
		{15, "plans[2].rule.step"},
		{16, "plans[2].rule.amount"},
		{17, "plans[2].rule.cap_percent"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
}

// TestColumnsAreCopies: a caller that changes the column lists it was
// given changes nothing the package writes or reads.
func TestColumnsAreCopies(t *testing.T) {
	LineColumns()[0] = "changed"
	SubscriptionColumns()[0] = "changed"
	var out bytes.Buffer
	w := NewLineWriter(&out)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "subscription_id,") || LineColumns()[0] != "subscription_id" || SubscriptionColumns()[0] != "id" {
		t.Errorf("header %q, columns %q and %q after a caller changed its copies", got, LineColumns()[0], SubscriptionColumns()[0])
	}
}

// TestLoadPlansRounding: every rounding mode is read by its name in a
// plans file, and an unknown name is a problem at its line and column that
// lists the names.
func TestLoadPlansRounding(t *testing.T) {
	var file strings.Builder
	file.WriteString("plans:\n")
	names := []string{"half_up", "half_even", "cash", "down", "up", "ceiling", "floor"}
	for i, name := range names {
		fmt.Fprintf(&file, "  - {id: p%d, price: \"15\", currency: USD, rule: {kind: prorated, rounding: %s}}\n", i, name)
	}
	plans, err := LoadPlans("plans.yaml", []byte(file.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range plans {
		if want := []Rounding{HalfUp, HalfEven, Cash, Down, Up, Ceiling, Floor}[i]; p.Rule.Rounding != want || p.Rule.Rounding.String() != names[i] {
			t.Errorf("rounding: %s read as %v (%d), want %d", names[i], p.Rule.Rounding, p.Rule.Rounding, want)
		}
	}
	_, err = LoadPlans("plans.yaml", []byte("plans:\n  - {id: a, price: \"15\", currency: USD, rule: {kind: prorated, rounding: floo}}\n"))
	want := `plans.yaml:2:74: plans[0].rule.rounding: unknown value "floo" (want one of "half_up", "half_even", "cash", "down", "up", "ceiling", "floor")`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if err := (&Plan{ID: "a", Currency: currency.USD, Rule: Rule{Kind: Prorated, Rounding: Floor + 1}}).Validate(); err == nil || !strings.Contains(err.Error(), "rule.rounding") {
		t.Errorf("a rounding past Floor: err = %v, want a problem at rule.rounding", err)
	}
}

// TestLoadPlansQuotesAsWritten checks that problems found after decoding
// quote the value as the file writes it, not the number it was read as.
func TestLoadPlansQuotesAsWritten(t *testing.T) {
	const rule = `rule: {kind: prorated}`
	tests := []struct {
		name, file, data, want string
	}{
		{"exponent", "p.yaml", "plans:\n  - {id: a, price: 1e30, currency: USD, " + rule + "}\n",
			`p.yaml:2:13: plans[0].price: price "1e30" is absurdly large (must be below 10^12)`},
		{"negative exponent", "p.yaml", "plans:\n  - {id: a, price: \"1e-30\", currency: USD, " + rule + "}\n",
			`p.yaml:2:13: plans[0].price: price "1e-30" has more than 6 decimal places`},
		{"trailing zeros", "p.yaml", "plans:\n  - {id: a, price: \"-15.00\", currency: USD, " + rule + "}\n",
			`p.yaml:2:13: plans[0].price: price "-15.00" must not be negative`},
		{"plus sign and capital E", "p.yaml", "plans:\n  - {id: a, price: +1.5E12, currency: USD, " + rule + "}\n",
			`p.yaml:2:13: plans[0].price: price "+1.5E12" is absurdly large (must be below 10^12)`},
		{"JSON number", "p.json", `{"plans": [{"id": "a", "price": 1E30, "currency": "USD", "rule": {"kind": "prorated"}}]}`,
			`p.json:1:24: plans[0].price: price "1E30" is absurdly large (must be below 10^12)`},
		{"multiplier", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: prorated, multiplier: 10.0000001}\n",
			`p.yaml:5:28: plans[0].rule.multiplier: multiplier "10.0000001" must be in [0, 1000] with at most 6 decimal places (0 means 1)`},
		{"cap percent", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: prorated, cap_percent: 150.00}\n",
			`p.yaml:5:28: plans[0].rule.cap_percent: cap_percent "150.00" must be in (0, 100] with at most 6 decimal places (0 means 100)`},
		{"cap percent's places", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: prorated, cap_percent: 50.0000001}\n",
			`p.yaml:5:28: plans[0].rule.cap_percent: cap_percent "50.0000001" must be in (0, 100] with at most 6 decimal places (0 means 100)`},
		{"minimum", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: prorated, minimum: -1.00}\n",
			`p.yaml:5:28: plans[0].rule.minimum: minimum "-1.00" must not be negative`},
		{"step", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: stepped, step_percent: 5.0, step: 0m}\n",
			`p.yaml:5:46: plans[0].rule.step: step "0m" must be from 1s to 8784h ("30m")`},
		{"step percent", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: USD\n    rule: {kind: stepped, step_percent: 150.0, step: 30m}\n",
			`p.yaml:5:27: plans[0].rule.step_percent: step_percent "150.0" must be in (0, 100]`},
		{"fixed amount", "p.yaml", "plans:\n  - id: a\n    price: \"15\"\n    currency: JPY\n    rule: {kind: fixed, amount: 5.50}\n",
			`p.yaml:5:25: plans[0].rule.amount: amount "5.50" has more decimal places than JPY has (0)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPlans(tt.file, []byte(tt.data))
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
	// Plans built in Go have no text: their values are quoted as decimals.
	err := ValidatePlans([]Plan{{ID: "a", Price: dec("-15.00"), Currency: currency.USD, Rule: Rule{Kind: Prorated}}})
	if want := `plans[0].price: price "-15" must not be negative`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestLoadDemoPlans(t *testing.T) {
	plans, err := LoadPlansFile(filepath.Join("..", "testdata", "plans", "demo-plans.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plans {
		got = append(got, p.ID+" "+p.Price.String()+" "+p.Currency.String()+" "+p.Period.String()+" "+p.Rule.Kind.String())
	}
	want := []string{
		"email-starter 15 USD monthly prorated",
		"email-starter-annual 150 USD annual prorated",
		"email-pro 45 USD monthly tiered",
		"email-eu 14 EUR monthly stepped",
		"email-jp 980 JPY monthly prorated",
		"email-ch 49 CHF monthly prorated",
		"email-kw 12.5 KWD monthly prorated",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plans (-want +got):\n%s", diff)
	}
}

func cmpDiff(a, b any) string { return cmp.Diff(a, b, decimalEqual) }

func TestReadLinesBad(t *testing.T) {
	header := strings.Join(LineColumns(), ",") + "\n"
	good := "s1,c,p,pol,v1,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,15.000000,52080,52080,2592000,97.9907407407,prorated,,0.301389,1,false,false,half_up," +
		"0.30,0.00,0,0.30,0.00,2014-05-31T00:00:00-04:00,i1;i2,k,e\n"
	tests := []struct {
		name  string
		row   string
		field string
	}{
		{"bad currency", strings.Replace(good, ",USD,", ",XYZ,", 1), "currency"},
		{"bad amount", strings.Replace(good, ",0.30,", ",0,30,", 1), ""},
		{"negative over-credit", strings.Replace(good, ",0.30,0.00,2014-05-31", ",0.30,-0.10,2014-05-31", 1), "over_credited"},
		{"entries not a count", strings.Replace(good, ",0.00,0,", ",0.00,x,", 1), "issued_entries"},
		{"bad time", strings.Replace(good, "2014-04-01T00:00:00-04:00", "April 1", 1), "window_start"},
		{"bad rule", strings.Replace(good, ",prorated,", ",generous,", 1), "rule"},
		{"bad bool", strings.Replace(good, ",false,false,", ",no,false,", 1), "capped"},
		{"fractional nanoseconds", strings.Replace(good, ",52080,52080,", ",0.0000000001,52080,", 1), "downtime_seconds"},
		{"missing subscription", strings.Replace(good, "s1,", ",", 1), "subscription_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []*RowError
			var lines []Line
			for l, err := range ReadLines(strings.NewReader(header+good+tt.row+good), "lines.csv") {
				var re *RowError
				switch {
				case errors.As(err, &re):
					errs = append(errs, re)
				case err != nil:
					t.Fatal(err)
				default:
					lines = append(lines, l)
				}
			}
			if len(lines) != 2 || len(errs) != 1 {
				t.Fatalf("%d lines and %d errors, want 2 and 1", len(lines), len(errs))
			}
			if errs[0].Line != 3 || errs[0].Field != tt.field {
				t.Errorf("error at line %d field %q, want line 3 field %q: %v", errs[0].Line, errs[0].Field, tt.field, errs[0])
			}
			if got := lines[0].Incidents; !cmp.Equal(got, []string{"i1", "i2"}) {
				t.Errorf("incidents = %q", got)
			}
		})
	}
	var msgs []string
	for _, err := range ReadLines(strings.NewReader(header+good+"s2,c,p\n"+strings.Replace(good, ",0.30,", ",0,30,", 1)), "lines.csv") {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	want := []string{
		"lines.csv:3: has 3 fields, the header has 29 columns",
		"lines.csv:4: has 30 fields, the header has 29 columns",
	}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("wrong numbers of fields (-want +got):\n%s", diff)
	}
	sum, err := ReadSummary(strings.NewReader(header+good+strings.Replace(good, ",USD,", ",XYZ,", 1)), "lines.csv")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 2 || sum.Rejected != 1 || sum.Credited != 1 {
		t.Errorf("summary counts %+v, want 2 read, 1 credited, 1 rejected", sum)
	}
	if _, err := ReadSummary(strings.NewReader("subscription_id\n"), "lines.csv"); err == nil {
		t.Error("a header missing columns was accepted")
	}
}

func TestLineWriterSkipZero(t *testing.T) {
	c := demoCalculator(t)
	var all, credited bytes.Buffer
	wAll, wSkip := NewLineWriter(&all), NewLineWriter(&credited)
	wSkip.SkipZero = true
	var sum Summary
	for l, err := range c.Run(context.Background(), ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{Zones: c.Zones()})) {
		if err != nil {
			t.Fatal(err)
		}
		sum.Add(&l)
		if err := wAll.Write(&l); err != nil {
			t.Fatal(err)
		}
		if err := wSkip.Write(&l); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(wAll.Flush(), wSkip.Flush()); err != nil {
		t.Fatal(err)
	}
	fromSkipped, err := ReadSummary(&credited, "credited.csv")
	if err != nil {
		t.Fatal(err)
	}
	if fromSkipped.Lines != sum.Credited || fromSkipped.Zero != 0 {
		t.Errorf("skip-zero file has %d lines (%d zero subscriptions), want %d credited ones", fromSkipped.Lines, fromSkipped.Zero, sum.Credited)
	}
	for _, tot := range sum.Totals {
		if !fromSkipped.Total(tot.Currency).Equal(tot.Amount) {
			t.Errorf("%s: skip-zero total %s, want %s", tot.Currency, fromSkipped.Total(tot.Currency), tot.Amount)
		}
	}
	var empty bytes.Buffer
	if err := NewLineWriter(&empty).Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := empty.String(), strings.Join(LineColumns(), ",")+"\n"; got != want {
		t.Errorf("empty file = %q, want the header %q", got, want)
	}
}

func TestLoadPlansJSON(t *testing.T) {
	const file = `{"plans": [
  {"id": "email-starter", "price": "15.00", "currency": "USD", "period": "monthly",
   "rule": {"kind": "stepped", "step_percent": "5", "step": "30m", "cap_percent": 50,
            "claim_deadline": {"billing_cycles": 2}}}
]}`
	plans, err := LoadPlans("plans.json", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []Plan{{
		ID: "email-starter", Price: dec("15.00"), Currency: currency.USD, Period: Monthly,
		Rule: Rule{Kind: Stepped, StepPercent: dec("5"), Step: 30 * time.Minute, CapPercent: dec("50"), ClaimDeadline: &sla.Deadline{BillingCycles: 2}},
	}}
	if diff := cmp.Diff(want, plans, decimalEqual); diff != "" {
		t.Errorf("plans (-want +got):\n%s", diff)
	}
	if _, err := LoadPlans("plans.json", []byte(`{"plans": [{"id": "x", "price": 1e30, "currency": "USD", "rule": {"kind": "fixed"}}]}`)); err == nil {
		t.Error("an absurd price and a fixed rule without an amount were accepted")
	} else if !strings.Contains(err.Error(), "plans[0].price") || !strings.Contains(err.Error(), "plans[0].rule.amount") {
		t.Errorf("err = %v, want problems at plans[0].price and plans[0].rule.amount", err)
	}
}

// TestReadSubscriptionsKeepCharges checks that the charges of the
// subscriptions ReadSubscriptions yields stay theirs after the reading goes
// on (they are taken from blocks shared by many rows).
func TestReadSubscriptionsKeepCharges(t *testing.T) {
	cat := synth.Catalogue{Seed: 5}
	data := cat.CSV(3 * batchRows)
	var subs []Subscription
	for sub, err := range ReadSubscriptions(bytes.NewReader(data), ReadOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	charged := 0
	for i, rec := range recs[1:] {
		got := "<nil>"
		if c := subs[i].Charged; c != nil {
			got = c.String()
			charged++
		}
		want := "<nil>"
		if rec[7] != "" {
			want = dec(rec[7]).String()
		}
		if got != want {
			t.Fatalf("row %d: charged %s, want %s", i+1, got, want)
		}
	}
	if charged < batchRows/2 {
		t.Fatalf("%d rows with a charge: too few to test", charged)
	}
}
