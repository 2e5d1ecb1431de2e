package credit

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/synth"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// catalogueCalculator returns a Calculator for the plans, policy and
// incidents of cat, crediting its windows.
func catalogueCalculator(tb testing.TB, cat *synth.Catalogue) *Calculator {
	tb.Helper()
	c, err := NewCalculator(catalogueConfig(tb, cat))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// catalogueConfig returns the Config of catalogueCalculator.
func catalogueConfig(tb testing.TB, cat *synth.Catalogue) Config {
	tb.Helper()
	plans, err := LoadPlans("plans.yaml", cat.PlansFile())
	if err != nil {
		tb.Fatal(err)
	}
	pol, err := sla.Load("policy.yaml", cat.PolicyFile())
	if err != nil {
		tb.Fatal(err)
	}
	var incs []*rca.Incident
	for _, f := range cat.IncidentFiles() {
		inc, err := rca.Load("incident.yaml", f)
		if err != nil {
			tb.Fatal(err)
		}
		incs = append(incs, inc)
	}
	return Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: incs, From: cat.From(), To: cat.To()}
}

// TestRunCSVCatalogues checks that RunCSV writes the lines, the summary and
// the rejects of the exact path on the shapes of the batch benchmarks:
// many plans, currencies and rule modifiers, several windows, instants to
// the microsecond, distinct seats and charges, starts and ends inside the
// windows; and that the fast path computes every window of them.
func TestRunCSVCatalogues(t *testing.T) {
	for _, s := range synth.Shapes() {
		t.Run(s.Name, func(t *testing.T) {
			fast, exact := fastAndExact(t, catalogueConfig(t, &s.Catalogue))
			data := s.CSV(1500)
			wantOut, wantSum, wantRejects := runLines(t, exact, data, BatchOptions{})
			gotOut, gotSum, gotRejects := runCSV(t, fast, data, BatchOptions{})
			if len(wantRejects) > 0 || len(gotRejects) > 0 {
				t.Fatalf("rows rejected: %q; %q", wantRejects, gotRejects)
			}
			if wantSum.Credited == 0 || wantSum.Zero == 0 {
				t.Errorf("%d credited, %d zero: want both", wantSum.Credited, wantSum.Zero)
			}
			sameRun(t, wantOut, gotOut, wantSum, gotSum)
			// Every window fits the 128-bit fractions: instants to the
			// microsecond, beyond_allowance, seats and discounts alike.
			w := new(work)
			var fa fastArith
			for sub, err := range ReadSubscriptions(bytes.NewReader(data), ReadOptions{Zones: fast.Zones()}) {
				if err != nil {
					t.Fatal(err)
				}
				st := fast.plans[sub.Plan]
				sc := fast.subContext(st, &sub, &fa)
				for i := range st.windows {
					if st.window(w, &sc, i, &w.f); !w.f.fast {
						t.Fatalf("%s (plan %s) window %d: computed with math/big, not on the fast path", sub.ID, sub.Plan, i)
					}
				}
			}
		})
	}
}

// TestRunCSVCataloguesLedger checks that RunCSV settles against a ledger
// as the exact path does, on a catalogue shape (its rows computed on
// several goroutines): a ledger holding, for every second credited window,
// twice its amount (over-credited), its amount (a re-run) or one minor
// unit less, under both over-credit modes.
func TestRunCSVCataloguesLedger(t *testing.T) {
	s := synth.Shapes()[0]
	data := s.CSV(1500)
	first, _, _ := runCSV(t, catalogueCalculator(t, &s.Catalogue), data, BatchOptions{})
	var ledger Ledger
	n := 0
	for l, err := range ReadLines(bytes.NewReader(first), "lines.csv") {
		if err != nil {
			t.Fatal(err)
		}
		if l.Amount.Sign() <= 0 {
			continue
		}
		n++
		amount := l.Amount
		switch n % 6 {
		case 1, 3, 5:
			continue
		case 0:
			amount = amount.Add(amount)
		case 4:
			amount = amount.Sub(decimal.New(1, amount.Exponent()))
		}
		if err := ledger.Add(Issued{Subscription: l.Subscription, Policy: l.Policy, Plan: l.Plan, WindowStart: l.WindowStart, WindowEnd: l.WindowEnd,
			Currency: l.Currency, Amount: amount, Key: l.Key}); err != nil {
			t.Fatal(err)
		}
	}
	if n < 60 {
		t.Fatalf("%d credited windows: too few to settle", n)
	}
	for _, over := range []OverCredit{Keep, Reverse} {
		t.Run(over.String(), func(t *testing.T) {
			cfg := catalogueConfig(t, &s.Catalogue)
			cfg.Ledger, cfg.OverCredit = &ledger, over
			fast, exact := fastAndExact(t, cfg)
			wantOut, wantSum, _ := runLines(t, exact, data, BatchOptions{})
			gotOut, gotSum, _ := runCSV(t, fast, data, BatchOptions{})
			if bytes.Equal(wantOut, first) {
				t.Fatal("the ledger changed no line")
			}
			sameRun(t, wantOut, gotOut, wantSum, gotSum)
		})
	}
}

// TestRunCSVLedgerError checks that a ledger entry in another currency
// than its subscription's plan ends RunCSV at that subscription's row with
// a *LedgerError naming the entry, after writing the lines of the rows
// before it, as one row at a time would: rows after it are computed on
// other goroutines but never written.
func TestRunCSVLedgerError(t *testing.T) {
	s := synth.Shapes()[0]
	data := s.CSV(3000)
	first, _, _ := runCSV(t, catalogueCalculator(t, &s.Catalogue), data, BatchOptions{})
	var bad Line
	var other currency.Unit
	n := 0
	for l, err := range ReadLines(bytes.NewReader(first), "lines.csv") {
		if err != nil {
			t.Fatal(err)
		}
		n++
		switch {
		case bad.Subscription == "" && n > 4000: // past the first batches of rows
			bad = l
		case bad.Subscription != "" && l.Currency != bad.Currency:
			other = l.Currency
		}
		if other != (currency.Unit{}) {
			break
		}
	}
	if other == (currency.Unit{}) {
		t.Fatal("no line in another currency after the one chosen")
	}
	var ledger Ledger
	if err := ledger.Add(Issued{Subscription: bad.Subscription, Policy: bad.Policy, WindowStart: bad.WindowStart, WindowEnd: bad.WindowEnd,
		Currency: other, Amount: decimal.New(1, 0), Key: "k1", File: "issued.csv", Line: 2}); err != nil {
		t.Fatal(err)
	}
	cfg := catalogueConfig(t, &s.Catalogue)
	cfg.Ledger = &ledger
	c, err := NewCalculator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err = c.RunCSV(context.Background(), &out, bytes.NewReader(data), BatchOptions{})
	var le *LedgerError
	if !errors.As(err, &le) || le.File != "issued.csv" || le.Line != 2 || le.Field != colCurrency {
		t.Fatalf("RunCSV: %v, want the *LedgerError of issued.csv:2, currency", err)
	}
	end := bytes.Index(first, []byte("\n"+bad.Subscription+","))
	if end < 0 {
		t.Fatalf("no line of %s in the first run", bad.Subscription)
	}
	if want := first[:end+1]; !bytes.Equal(out.Bytes(), want) {
		t.Errorf("RunCSV wrote %d bytes before the error, want the %d bytes of the lines before %s's", out.Len(), len(want), bad.Subscription)
	}
}

// fastAndExact returns two calculators of cfg: one as NewCalculator makes
// it, one that computes every window on the exact path.
func fastAndExact(t *testing.T, cfg Config) (fast, exact *Calculator) {
	t.Helper()
	fast, err := NewCalculator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if exact, err = NewCalculator(cfg); err != nil {
		t.Fatal(err)
	}
	exact.exactOnly = true
	return fast, exact
}

// sameRun fails t, naming the first line that differs, unless RunCSV's
// lines and summary (got) are the exact path's (want).
func sameRun(t *testing.T, wantOut, gotOut []byte, wantSum, gotSum *Summary) {
	t.Helper()
	wl, gl := bytes.Split(wantOut, []byte("\n")), bytes.Split(gotOut, []byte("\n"))
	for i := range min(len(wl), len(gl)) {
		if !bytes.Equal(wl[i], gl[i]) {
			t.Fatalf("line %d of %d differs:\nexact:  %s\nRunCSV: %s", i+1, len(wl), wl[i], gl[i])
		}
	}
	if len(wl) != len(gl) {
		t.Fatalf("RunCSV wrote %d lines, the exact path %d", len(gl), len(wl))
	}
	if diff := cmpDiff(wantSum, gotSum); diff != "" {
		t.Errorf("summary (-exact +RunCSV):\n%s", diff)
	}
}

// TestRunCSVCataloguesPeriodCap checks that RunCSV's computing goroutines
// carry a period cap from window to window of each subscription as the
// exact path does: every plan of a catalogue shape capped at 0.5% of a
// quarter's charge, across its three monthly windows of one quarter.
func TestRunCSVCataloguesPeriodCap(t *testing.T) {
	s := synth.Shapes()[0]
	data := s.CSV(1500)
	uncapped, _, _ := runCSV(t, catalogueCalculator(t, &s.Catalogue), data, BatchOptions{})
	cfg := catalogueConfig(t, &s.Catalogue)
	for i := range cfg.Plans {
		cfg.Plans[i].Rule.PeriodCap = &PeriodCap{Per: Quarterly, Percent: dec("0.5")}
	}
	fast, exact := fastAndExact(t, cfg)
	wantOut, wantSum, _ := runLines(t, exact, data, BatchOptions{})
	gotOut, gotSum, _ := runCSV(t, fast, data, BatchOptions{})
	if bytes.Equal(wantOut, uncapped) {
		t.Fatal("the period cap changed no line")
	}
	sameRun(t, wantOut, gotOut, wantSum, gotSum)
}
