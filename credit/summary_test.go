package credit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"pgregory.net/rapid"

	"github.com/outagekit/postmortem/internal/golden"
)

func TestFormatAmount(t *testing.T) {
	kwd, iqd := currency.MustParseISO("KWD"), currency.MustParseISO("IQD")
	tests := []struct {
		name   string
		amount string
		cur    currency.Unit
		want   string
	}{
		{"USD keeps trailing zeros", "4.9", currency.USD, "4.90"},
		{"USD zero", "0", currency.USD, "0.00"},
		{"JPY has no places", "20", currency.JPY, "20"},
		{"KWD has three places", "0.251", kwd, "0.251"},
		{"IQD has three places in ISO 4217", "1.5", iqd, "1.500"},
		{"CHF cash amount", "1.05", currency.CHF, "1.05"},
		{"more places than the currency round half-up", "0.125", currency.USD, "0.13"},
		{"large amount in full", "123456789012.34", currency.EUR, "123456789012.34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatAmount(decimal.RequireFromString(tt.amount), tt.cur); got != tt.want {
				t.Errorf("FormatAmount(%s, %s) = %q, want %q", tt.amount, tt.cur, got, tt.want)
			}
		})
	}
}

// demoSummary runs the demo subscriptions and returns their summary.
func demoSummary(t *testing.T) Summary {
	t.Helper()
	c := demoCalculator(t)
	var s Summary
	for l, err := range c.Run(context.Background(), ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{Zones: c.Zones()})) {
		if err != nil {
			t.Fatal(err)
		}
		s.Add(&l)
	}
	return s
}

// TestSummaryJSON checks the stable keys and amounts of the demo run's
// summary against a golden file, and that it reads back.
func TestSummaryJSON(t *testing.T) {
	s := demoSummary(t)
	s.Reject(&RowError{Line: 2, Err: errors.New("a refused row")})
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/demo-summary.json", append(b, '\n'))

	var back Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back, decimalEqual); diff != "" {
		t.Errorf("summary read back (-written +read):\n%s", diff)
	}
	// Amounts keep the currency's places; JPY has none.
	for _, tot := range back.Totals {
		if got, want := -tot.Amount.Exponent(), int32(Digits(tot.Currency)); got != want {
			t.Errorf("%s total %s read back with %d places, want %d", tot.Currency, tot.Amount, got, want)
		}
	}
}

func TestSummaryJSONEmpty(t *testing.T) {
	b, err := json.Marshal(Summary{})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"subscriptions_read":0,"subscriptions_credited":0,"subscriptions_zero":0,"subscriptions_rejected":0,"lines":0,"totals":[],"plans":[],` +
		`"ledger_absent_subscriptions":0,"ledger_absent_entries":0,"ledger_other_entries":0}`
	if string(b) != want {
		t.Errorf("empty summary = %s, want %s", b, want)
	}
	var back Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Summary{}, back, decimalEqual); diff != "" {
		t.Errorf("empty summary read back (-want +got):\n%s", diff)
	}
}

func TestSummaryUnmarshalJSONErrors(t *testing.T) {
	const good = `{"subscriptions_read":3,"subscriptions_credited":1,"subscriptions_zero":1,"subscriptions_rejected":1,"lines":2,` +
		`"totals":[{"currency":"USD","amount":"0.30","due":"0.30","lines":2,"issued_lines":1,"zero_lines":1,"settled_lines":0,"over_credited_lines":0,"over_credit":"0.00"}],` +
		`"plans":[{"plan":"p","currency":"USD","rule":"prorated","subscriptions_credited":1,"lines":2,"amount":"0.30","due":"0.30"}]}`
	var s Summary
	if err := json.Unmarshal([]byte(good), &s); err != nil {
		t.Fatalf("good summary: %v", err)
	}
	tests := []struct {
		name string
		old  string
		new  string
		want string
	}{
		{"counts that do not add up", `"subscriptions_read":3`, `"subscriptions_read":4`,
			`credit: summary subscriptions_read: 4 is not subscriptions_credited + subscriptions_zero + subscriptions_rejected (3)`},
		{"negative count", `"lines":2,"totals"`, `"lines":-2,"totals"`, `credit: summary lines: -2 is negative`},
		{"unknown currency", `"currency":"USD","amount":"0.30",`, `"currency":"XXY","amount":"0.30",`,
			`credit: summary totals[0].currency: "XXY" is not an ISO 4217 currency code`},
		{"amount not a decimal", `"amount":"0.30","due"`, `"amount":"0,30","due"`,
			`credit: summary totals[0].amount: "0,30" is not a decimal number`},
		{"unknown rule", `"rule":"prorated"`, `"rule":"linear"`,
			`credit: summary plans[0].rule: unknown value "linear" (want one of "tiered", "prorated", "stepped", "fixed", "lost_time", "per_interval")`},
		{"negative plan lines", `"subscriptions_credited":1,"lines":2,"amount"`, `"subscriptions_credited":1,"lines":-1,"amount"`,
			`credit: summary plans[0].lines: -1 is negative`},
		{"currency listed twice", `"over_credit":"0.00"}]`, `"over_credit":"0.00"},{"currency":"USD","amount":"1.00","due":"1.00","lines":0,"over_credit":"0"}]`,
			`credit: summary totals: currency "USD" is listed twice`},
		{"issued and zero lines that do not add up", `"issued_lines":1,"zero_lines":1`, `"issued_lines":2,"zero_lines":1`,
			`credit: summary totals[0].lines: 2 is not issued_lines + zero_lines (3)`},
		{"plan due not a decimal", `"lines":2,"amount":"0.30","due":"0.30"}]}`, `"lines":2,"amount":"0.30","due":"x"}]}`,
			`credit: summary plans[0].due: "x" is not a decimal number`},
		{"plan listed twice", `"due":"0.30"}]}`, `"due":"0.30"},{"plan":"p","currency":"USD","rule":"fixed","amount":"0","due":"0"}]}`,
			`credit: summary plans: plan "p" in USD is listed twice`},
	}
	if err := json.Unmarshal([]byte(`{"lines":[]}`), &s); err == nil || !strings.HasPrefix(err.Error(), "credit: summary: json: ") {
		t.Errorf("a list for a count: error %v, want a JSON error", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(good, tt.old, tt.new, 1)
			if data == good {
				t.Fatalf("%q is not in the good summary", tt.old)
			}
			var got Summary
			err := json.Unmarshal([]byte(data), &got)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
			if diff := cmp.Diff(Summary{}, got, decimalEqual); diff != "" {
				t.Errorf("summary changed on error:\n%s", diff)
			}
		})
	}
}

// TestSummaryCounts checks Read = Credited + Zero + Rejected, and the
// counts and totals, on every path: lines added in subscription groups,
// rejected rows between them, shards merged, and the JSON round trip.
func TestSummaryCounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		type event struct {
			line   *Line
			reject bool
		}
		var events []event
		subs := rapid.IntRange(0, 12).Draw(t, "subscriptions")
		credited, zero, rejected, lines := int64(0), int64(0), int64(0), int64(0)
		totals := map[currency.Unit]decimal.Decimal{}
		for i := range subs {
			if rapid.Bool().Draw(t, "reject") {
				events = append(events, event{reject: true})
				rejected++
				continue
			}
			n := rapid.IntRange(1, 4).Draw(t, "lines")
			cur := rapid.SampledFrom(propertyCurrencies).Draw(t, "currency")
			plan := rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "plan")
			positive := false
			for range n {
				amount := drawAmount(t, "amount", 3, int32(Digits(cur)))
				if amount.Sign() > 0 {
					positive = true
				}
				totals[cur] = totals[cur].Add(amount)
				events = append(events, event{line: &Line{Subscription: fmt.Sprint("s", i), Plan: plan, Currency: cur, Rule: Prorated, Amount: amount}})
				lines++
			}
			if positive {
				credited++
			} else {
				zero++
			}
		}
		// Shards split between subscriptions (never inside one).
		var whole Summary
		shards := []*Summary{{}}
		for i, e := range events {
			sh := shards[len(shards)-1]
			if e.reject {
				whole.Reject(&RowError{})
				sh.Reject(&RowError{})
			} else {
				whole.Add(e.line)
				sh.Add(e.line)
			}
			last := i+1 == len(events) || events[i+1].reject || e.reject || events[i+1].line.Subscription != e.line.Subscription
			if last && rapid.Bool().Draw(t, "new shard") {
				shards = append(shards, &Summary{})
			}
		}
		var merged Summary
		for _, sh := range shards {
			merged.Merge(sh)
		}
		b, err := json.Marshal(whole)
		if err != nil {
			t.Fatal(err)
		}
		var back Summary
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		for name, s := range map[string]*Summary{"whole": &whole, "merged shards": &merged, "read back": &back} {
			if s.Read != s.Credited+s.Zero+s.Rejected {
				t.Fatalf("%s: read %d ≠ credited %d + zero %d + rejected %d", name, s.Read, s.Credited, s.Zero, s.Rejected)
			}
			got := []int64{s.Read, s.Credited, s.Zero, s.Rejected, s.Lines}
			if want := []int64{int64(subs), credited, zero, rejected, lines}; !cmp.Equal(want, got) {
				t.Fatalf("%s: counts %v, want %v", name, got, want)
			}
			if len(s.Totals) != len(totals) {
				t.Fatalf("%s: %d totals, want %d", name, len(s.Totals), len(totals))
			}
			for _, tot := range s.Totals {
				if !tot.Amount.Equal(totals[tot.Currency]) {
					t.Fatalf("%s: %s total %s, lines sum to %s", name, tot.Currency, tot.Amount, totals[tot.Currency])
				}
			}
		}
		if diff := cmp.Diff(whole, merged, decimalEqual); diff != "" {
			t.Fatalf("merged shards differ from the whole (-whole +merged):\n%s", diff)
		}
		if diff := cmp.Diff(whole, back, decimalEqual); diff != "" {
			t.Fatalf("read back differs (-whole +read):\n%s", diff)
		}
	})
}

// TestSummaryMergeContinues: a line added after a merge continues the
// merged summary's last subscription instead of counting it again.
func TestSummaryMergeContinues(t *testing.T) {
	usd := func(sub, amount string) *Line {
		return &Line{Subscription: sub, Plan: "p", Currency: currency.USD, Rule: Fixed, Amount: decimal.RequireFromString(amount)}
	}
	var a, b Summary
	a.Add(usd("s1", "1.00"))
	b.Add(usd("s2", "0.00"))
	a.Merge(&b)
	a.Add(usd("s2", "2.00"))
	if a.Read != 2 || a.Credited != 2 || a.Zero != 0 || a.Lines != 3 {
		t.Errorf("counts read %d, credited %d, zero %d, lines %d; want 2, 2, 0, 3", a.Read, a.Credited, a.Zero, a.Lines)
	}
}
