package credit

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// FuzzExposureMatchesCredits prices random outages on the random plans,
// policies, incidents and subscriptions of fuzzCase (every rule kind and
// modifier, currencies of 0, 2 and 3 places, whole minutes, downtime
// periods, both denominators, mid-window starts and ends) and checks every
// point, and the base, against the credit lines of the window with the
// incidents and that point's outage: the same totals per currency and per
// plan, byte for byte; with a ledger of what was issued (kept or reversed
// over-credits), settled. Every case has a subscriber who joined during
// the window, and place/9 odd makes a cap in days one day. Its seeds
// include termSeeds (those with a cap in days, once more with one day),
// so plain go test checks issue 12's terms, which an exposure prices
// subscription by subscription or with cohorts of the whole window
// (planState.ownPath): routing a PeriodCap, LostTime, PerInterval or
// CapDays plan to the cohorts fails a seed. A run that keeps one cohort
// at a time (flushing at every new one) must give the same curve.
func FuzzExposureMatchesCredits(f *testing.F) {
	f.Add([]byte{}, uint32(3600), uint32(52080), uint8(0))
	f.Add([]byte{0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 3, 10, 20, 30, 40, 50, 60, 70, 80, 2, 2, 1, 0, 0, 7, 3, 200, 100, 1, 2, 3, 4, 5, 6}, uint32(90), uint32(100000), uint8(1))
	f.Add([]byte{1, 1, 2, 3, 0, 1, 1, 2, 1, 0, 1, 2, 99, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3}, uint32(1800), uint32(7), uint8(2))
	f.Add([]byte{3, 2, 1, 0, 2, 1, 0, 1, 1, 1, 2, 0, 7, 7, 7, 1, 0, 0, 3, 2, 1, 2, 0, 1, 0, 2, 2, 0, 1, 1, 0}, uint32(40000), uint32(400000), uint8(0))
	f.Add([]byte{}, uint32(0x1f4a3), uint32(52080), uint8(4))
	f.Add([]byte{0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 3, 10, 20, 30, 40, 50, 60, 70, 80, 2, 2, 1, 0, 0, 7, 3, 200, 100, 1, 2, 3, 4, 5, 6}, uint32(0x9c40), uint32(100000), uint8(6))
	for k, data := range termSeeds() {
		f.Add(data, uint32(1800+k*7919), uint32(36000+k*104729), uint8(k%9))
		if cfg, _ := fuzzCase(data); cfg.Plans[0].Rule.CapDays > 0 {
			f.Add(data, uint32(1800+k*7919), uint32(36000+k*104729), uint8(9+k%3)) // capped at one day
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, d1, d2 uint32, place uint8) {
		cfg, subs := fuzzCase(data)
		if r := &cfg.Plans[0].Rule; place/9%2 == 1 && r.CapDays > 0 {
			r.CapDays = 1 // a cap in days that binds at hours of outage
		}
		cfg, opts := fuzzExposure(cfg, d1, d2, place)
		window := opts.Window
		x, err := NewExposure(cfg, opts)
		if errors.Is(err, errNoImpactToContinue) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// A subscriber who joined during the window, an hour before the
		// outages reach it (or an hour into it), on the first one's
		// terms: active during part of the window, it may see all its
		// downtime (when none came before it joined), as one
		// of the whole window does, but its active time (the hours its
		// charge pays for, the days it is capped at) and its charge are
		// its own. Pricing it with the cohorts of the whole window, or
		// pricing a plan whose terms give each subscription its own
		// credit (planState.ownPath) by cohorts, changes its credit.
		if len(subs) > 0 {
			win := x.proto.Windows[0]
			from := win.Start.Add(time.Hour)
			if late := x.hull[0].lo.Add(-time.Hour); late.After(from) {
				from = late // an hour before the outages reach the window
			}
			joined := subs[0]
			joined.ID, joined.From, joined.Until = "joined", from, time.Time{}
			joined.Quantity = max(joined.Quantity, 1)
			subs = append(subs, joined)
		}
		if mode := place / 3 % 3; mode > 0 {
			// A ledger of what was issued for the window priced to the
			// first two subscriptions (a reversal included), settled
			// with Keep or Reverse.
			l := new(Ledger)
			win := x.proto.Windows[0]
			cur := cfg.Plans[0].Currency
			for k := range min(2, len(subs)) {
				units := int64((d1>>(4*k))%5000) - 1000
				if err := l.Add(Issued{Subscription: subs[k].ID, Policy: win.Policy, WindowStart: win.Start, WindowEnd: win.End,
					Currency: cur, Amount: decimal.New(units, -int32(Digits(cur))), Key: "k" + itoa(k)}); err != nil {
					t.Fatal(err)
				}
			}
			cfg.Ledger, cfg.OverCredit = l, OverCredit(mode-1)
			if x, err = NewExposure(cfg, opts); err != nil {
				t.Fatal(err)
			}
		}
		c, err := x.Run(context.Background(), SubscriptionsOf(subs), nil)
		if err != nil {
			t.Fatal(err)
		}
		// A run that keeps one cohort at a time (and so prices every
		// cohort as soon as another one is met) gives the same curve.
		x.maxCohorts = 1
		flushed, err := x.Run(context.Background(), SubscriptionsOf(subs), nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(marshalCurve(t, c), marshalCurve(t, flushed)); diff != "" {
			t.Fatalf("one cohort at a time (-kept +flushed):\n%s", diff)
		}
		// run credits the subscriptions in a window holding incs; those
		// the Calculator refuses (a quantity of 0) the curve must have
		// refused too.
		run := func(incs []*rca.Incident) []string {
			w := cfg
			w.Incidents, w.From, w.To = incs, window, window.Add(time.Nanosecond)
			calc, err := NewCalculator(w)
			if err != nil {
				t.Fatal(err)
			}
			var s Summary
			var refused int64
			for _, sub := range subs {
				lines, err := calc.Credit(sub)
				if err != nil {
					refused++
					continue
				}
				for i := range lines {
					s.Add(&lines[i])
				}
			}
			if refused != c.Rejected {
				t.Fatalf("the Calculator refused %d subscriptions, the curve %d", refused, c.Rejected)
			}
			var out []string
			for _, p := range s.Plans {
				out = append(out, p.Plan+" "+p.Currency.String()+" "+FormatAmount(p.Amount, p.Currency))
			}
			return out
		}
		var base []string
		for _, p := range c.Base.Plans {
			base = append(base, p.Plan+" "+p.Currency.String()+" "+FormatAmount(p.Amount, p.Currency))
		}
		if diff := cmp.Diff(run(cfg.Incidents), base); diff != "" {
			t.Fatalf("base (-credit run +curve):\n%s", diff)
		}
		id := OutageID(cfg.Incidents)
		for _, pt := range c.Points {
			incs := cfg.Incidents
			if pt.Duration > 0 {
				incs = append(slices.Clip(incs), Outage(id, c.Components, c.Level, pt.Placement.Start, pt.Placement.End))
			}
			var got []string
			for _, cost := range pt.Plans {
				got = append(got, cost.Plan+" "+cost.Currency.String()+" "+FormatAmount(cost.Total, cost.Currency))
			}
			if diff := cmp.Diff(run(incs), got); diff != "" {
				t.Fatalf("%v from %s (%v): (-credit run +curve):\n%s", pt.Duration, pt.Placement.Start, pt.Placement.Rule, diff)
			}
		}
	})
}

// fuzzExposure returns the Config and options FuzzExposureMatchesCredits
// prices cfg with: the window of the first impact, the lengths 0, d1 and
// d2 seconds (up to 400 hours), placed as place says (at a given instant,
// up to two hours before that impact).
func fuzzExposure(cfg Config, d1, d2 uint32, place uint8) (Config, ExposureOptions) {
	window := cfg.From
	for _, inc := range cfg.Incidents {
		if len(inc.Impacts) > 0 {
			window = inc.Impacts[0].Start
			break
		}
	}
	cfg.From, cfg.To = time.Time{}, time.Time{}
	ds := []time.Duration{0, time.Duration(d1%(400*3600)) * time.Second, time.Duration(d2%(400*3600)) * time.Second}
	slices.Sort(ds)
	ds = slices.Compact(ds)
	return cfg, ExposureOptions{Window: window, Durations: ds, Place: Place(place % 3), At: window.Add(-time.Duration(d1%7200) * time.Second)}
}

// termSeeds returns inputs of fuzzCase that, between them, give each of
// issue 12's contract terms (a LostTime or PerInterval rule, a cap in
// days, a period cap, fraction places, each proration convention, equal
// months), and each term read from the active time alone under actual
// time: for each, the first of a fixed pseudo-random sequence of inputs
// that gives it, with the incident's downtime in the window.
func termSeeds() [][]byte {
	r := rand.New(rand.NewPCG(12, 16))
	seen := map[string]bool{}
	var seeds [][]byte
	for range 20000 {
		data := make([]byte, 128) // long enough that the terms, read last, are not all zeros
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		cfg, _ := fuzzCase(data)
		p := cfg.Plans[0]
		terms := []string{"kind " + p.Rule.Kind.String(), "proration " + p.Proration.String()}
		if p.Rule.CapDays > 0 {
			terms = append(terms, "cap days")
		}
		if p.Rule.PeriodCap != nil {
			terms = append(terms, "period cap "+p.Rule.Kind.String())
		}
		if p.FractionPlaces > 0 {
			terms = append(terms, "fraction places")
		}
		if p.EqualMonths {
			terms = append(terms, "equal months")
		}
		if conventionsOf(&p) == nil && p.Rule.PeriodCap == nil {
			// A term read from the active time alone, without conventions
			// (which keep part-window subscribers out of cohorts): the
			// subscriber who joined during the window checks that the
			// plan is priced subscription by subscription.
			switch {
			case p.Rule.Kind == LostTime && p.Rule.CapDays == 0, p.Rule.Kind == PerInterval && p.Rule.CapDays == 0:
				terms = append(terms, "actual time, kind "+p.Rule.Kind.String())
			case p.Rule.CapDays > 0 && p.Rule.Kind != LostTime && p.Rule.Kind != PerInterval:
				terms = append(terms, "actual time, cap days "+itoa(p.Rule.CapDays)+", kind "+p.Rule.Kind.String())
			}
		}
		for _, k := range terms {
			if !seen[k] {
				seen[k] = true
				seeds = append(seeds, data)
				break
			}
		}
	}
	return seeds
}

// marshalCurve returns c as its JSON, to compare curves.
func marshalCurve(t *testing.T, c *Curve) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
