package credit

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// settlementInputs are the scenario of testdata/settlement: a monthly UTC
// policy, prorated plans (monthly and annual) and subscribers active all
// along, from April 16, and until May 10.
func settlementInputs(t testing.TB) (*sla.Policy, []Plan, []Subscription) {
	t.Helper()
	dir := filepath.Join("..", "testdata", "settlement")
	pol, err := sla.LoadFile(filepath.Join(dir, "policy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	plans, err := LoadPlansFile(filepath.Join(dir, "plans.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	utc := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	subs := []Subscription{
		{ID: "s-100", Plan: "pro-100", Quantity: 1, From: utc(time.January, 1)},
		{ID: "s-30-seats", Plan: "basic-30", Quantity: 3, From: utc(time.January, 1)},
		{ID: "s-30-half", Plan: "basic-30", Quantity: 1, From: utc(time.April, 16)},
		{ID: "s-30-gone", Plan: "basic-30", Quantity: 1, From: utc(time.January, 20), Until: utc(time.May, 10)},
		{ID: "s-annual", Plan: "yearly-1200", Quantity: 2, From: utc(time.February, 3)},
	}
	return pol, plans, subs
}

// drawIncidents draws the incidents known at one step of a month's life:
// up to three of four incident IDs, each with a span between March and
// May 2025. An ID met at an earlier step with another span is a
// correction; one met earlier and absent now is withdrawn.
func drawIncidents(t *rapid.T, step int) []*rca.Incident {
	var incs []*rca.Incident
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"i1", "i2", "i3", "i4"}), 0, 3, rapid.ID).Draw(t, fmt.Sprint("ids", step)) {
		start := time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC).
			Add(time.Duration(rapid.IntRange(0, 91*24*60).Draw(t, fmt.Sprint("start", step, id))) * time.Minute)
		end := start.Add(time.Duration(rapid.IntRange(1, 12*60).Draw(t, fmt.Sprint("minutes", step, id))) * time.Minute)
		level := rapid.SampledFrom([]string{"major_outage", "partial_outage"}).Draw(t, fmt.Sprint("level", step, id))
		const layout = "2006-01-02 15:04"
		doc := fmt.Sprintf("id: %s\ntitle: outage %s\nstatus: resolved\nzone: UTC\ncomponents: [api]\n"+
			"timeline:\n  - {at: %q, kind: started, text: down}\n  - {at: %q, kind: resolved, text: up}\n"+
			"impacts:\n  - {component: api, level: %s, start: %q, end: %q}\n",
			id, id, start.Format(layout), end.Format(layout), level, start.Format(layout), end.Format(layout))
		inc, err := rca.Load(id+".yaml", []byte(doc))
		if err != nil {
			t.Fatalf("drawn incident: %v\n%s", err, doc)
		}
		incs = append(incs, inc)
	}
	return incs
}

// billingTable is a billing system's table of credits: one row per idempotency
// key, inserted ON CONFLICT DO NOTHING.
type billingTable struct {
	rows  []Issued
	byKey map[string]decimal.Decimal
}

// insert adds the issued lines of a run, skipping a key already present
// (which must name the same amount), and returns how many it inserted.
func (b *billingTable) insert(t *rapid.T, lines []Line) int {
	n := 0
	for _, l := range lines {
		if l.Amount.IsZero() {
			continue
		}
		if prev, ok := b.byKey[l.Key]; ok {
			if !prev.Equal(l.Amount) {
				t.Fatalf("key %s names %s and %s", l.Key, prev, l.Amount)
			}
			continue
		}
		b.byKey[l.Key] = l.Amount
		b.rows = append(b.rows, Issued{Subscription: l.Subscription, Policy: l.Policy, Plan: l.Plan,
			WindowStart: l.WindowStart, WindowEnd: l.WindowEnd, Currency: l.Currency, Amount: l.Amount, Key: l.Key})
		n++
	}
	return n
}

// sums returns what the table holds per subscription and window.
func (b *billingTable) sums() map[string]decimal.Decimal {
	m := map[string]decimal.Decimal{}
	for _, r := range b.rows {
		k := r.Subscription + " " + r.WindowStart.Format(time.RFC3339)
		m[k] = m[k].Add(r.Amount)
	}
	return m
}

// TestPropertySettlement runs a billing loop over a drawn sequence of
// incident sets (new incidents, corrections, withdrawals), settling every
// step against what the earlier steps issued. After each step the credits
// issued for every window add up to its due now (Reverse), or to the
// highest due it has had (Keep: never more, and never less than the due
// now, the excess reported as over-credited); re-running a step inserts
// nothing and gives the same lines; every line is due − issued_before.
func TestPropertySettlement(t *testing.T) {
	pol, plans, subs := settlementInputs(t)
	from := time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		mode := rapid.SampledFrom([]OverCredit{Keep, Reverse}).Draw(t, "mode")
		table := &billingTable{byKey: map[string]decimal.Decimal{}}
		highest := map[string]decimal.Decimal{}
		run := func(incs []*rca.Incident) []Line {
			l := new(Ledger)
			for _, r := range table.rows {
				if err := l.Add(r); err != nil {
					t.Fatalf("ledger: %v", err)
				}
			}
			c, err := NewCalculator(Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: incs,
				From: from, To: to, Ledger: l, OverCredit: mode})
			if err != nil {
				t.Fatal(err)
			}
			var lines []Line
			for _, s := range subs {
				if lines, err = c.AppendCredit(lines, &s); err != nil {
					t.Fatal(err)
				}
			}
			return lines
		}
		steps := rapid.IntRange(1, 5).Draw(t, "steps")
		for step := range steps {
			incs := drawIncidents(t, step)
			lines := run(incs)
			before := table.sums()
			for _, l := range lines {
				k := l.Subscription + " " + l.WindowStart.Format(time.RFC3339)
				if !l.IssuedBefore.Equal(before[k]) {
					t.Fatalf("step %d %s: issued_before %s, the table holds %s", step, k, l.IssuedBefore, before[k])
				}
				diff := l.Due.Sub(l.IssuedBefore)
				want, over := diff, decimal.Zero
				if mode == Keep && diff.IsNegative() {
					want, over = decimal.Zero, diff.Neg()
				}
				if !l.Amount.Equal(want) || !l.OverCredited.Equal(over) {
					t.Fatalf("step %d %s (%v): due %s − issued %s gave amount %s, over-credited %s; want %s, %s",
						step, k, mode, l.Due, l.IssuedBefore, l.Amount, l.OverCredited, want, over)
				}
				if l.Due.GreaterThan(highest[k]) {
					highest[k] = l.Due
				}
			}
			table.insert(t, lines)
			after := table.sums()
			for _, l := range lines {
				k := l.Subscription + " " + l.WindowStart.Format(time.RFC3339)
				got := after[k]
				switch {
				case mode == Reverse && !got.Equal(l.Due):
					t.Fatalf("step %d %s: issued %s in all, due %s", step, k, got, l.Due)
				case mode == Keep && !got.Equal(highest[k]):
					t.Fatalf("step %d %s: issued %s in all, the highest due was %s (due now %s)", step, k, got, highest[k], l.Due)
				}
			}

			// A re-run of the step inserts nothing and says the same.
			again := run(incs)
			if n := table.insert(t, again); n != 0 {
				t.Fatalf("step %d re-run inserted %d credits", step, n)
			}
			for i, l := range again {
				if !l.Amount.IsZero() {
					t.Fatalf("step %d re-run: %s %s issues %s", step, l.Subscription, l.WindowStart, l.Amount)
				}
				if !l.Due.Equal(lines[i].Due) || l.Subscription != lines[i].Subscription {
					t.Fatalf("step %d re-run: %s due %s, first run %s due %s", step, l.Subscription, l.Due, lines[i].Subscription, lines[i].Due)
				}
			}
		}
	})
}
