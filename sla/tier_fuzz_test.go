package sla_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
)

// tierValues are the bounds and objectives FuzzTiers builds schedules from:
// few enough that bands touch, overlap and leave gaps often.
var tierValues = []string{"0", "90", "95", "95.5", "99", "99.9", "99.95", "100"}

// FuzzTiers checks Tiers.Check against Tiers.Find on random schedules: a
// schedule Check accepts (no allow_gaps) holds every availability below
// the objective in exactly one tier; each gap Check reports is one Find
// finds no tier for; and a schedule with an availability below the
// objective in no tier, or in two, is never accepted.
func FuzzTiers(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{5, 3, 1, 4, 2, 0, 3, 1, 3, 0, 0, 0, 2})          // ≥ 99 and < 99.9; < 99
	f.Add([]byte{5, 3, 2, 3, 3, 5, 1, 0, 3, 1, 0, 0, 1})          // > 99 and ≤ 99.9; < 99: 99 in no tier
	f.Add([]byte{6, 4, 1, 4, 2, 6, 1, 3, 4, 3, 3, 1, 4, 1, 2, 2}) // touching and overlapping bands
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytesReader(data)
		objective := dec(tierValues[1+r.next(len(tierValues)-1)])
		var ts sla.Tiers
		for n := r.next(5); n > 0; n-- {
			var tier sla.Tier
			if lo := r.next(3); lo > 0 {
				v := dec(tierValues[r.next(len(tierValues))])
				if lo == 1 {
					tier.AtLeast = &v
				} else {
					tier.Above = &v
				}
			}
			if hi := r.next(3); hi > 0 {
				v := dec(tierValues[r.next(len(tierValues))])
				if hi == 1 {
					tier.Below = &v
				} else {
					tier.AtMost = &v
				}
			}
			tier.Credit = decimal.NewFromInt(int64(r.next(101)))
			ts = append(ts, tier)
		}
		var msgs []string
		if verr, ok := ts.Validate(objective, false).(*problem.Error); ok {
			for _, p := range verr.Problems {
				msgs = append(msgs, p.Msg)
			}
		}
		// Every gap reported is one.
		for _, m := range msgs {
			rest, ok := strings.CutPrefix(m, "no tier holds availability ")
			if !ok {
				continue
			}
			at, _, _ := strings.Cut(rest, ",")
			a, err := decimal.NewFromString(strings.TrimPrefix(at, "just above "))
			if err != nil {
				t.Fatalf("gap %q: %v", m, err)
			}
			if strings.HasPrefix(at, "just above ") {
				a = a.Add(decimal.New(1, -12))
			}
			if i := ts.Find(resultAt(a.String())); i >= 0 {
				t.Fatalf("Check says %q, Find puts %s in tier %d of %v", m, a, i, ts)
			}
		}
		// Sample availabilities: every value, just below and above it.
		var samples []decimal.Decimal
		for _, s := range tierValues {
			v := dec(s)
			samples = append(samples, v, v.Sub(decimal.New(1, -12)), v.Add(decimal.New(1, -12)))
		}
		for _, a := range samples {
			if a.Sign() < 0 || a.GreaterThan(decimal.NewFromInt(100)) {
				continue
			}
			held := 0
			for _, tier := range ts {
				if tier.Contains(resultAt(a.String())) {
					held++
				}
			}
			if len(msgs) > 0 {
				continue
			}
			if held > 1 {
				t.Fatalf("Check accepts %v, yet %s is in %d tiers", ts, a, held)
			}
			if held == 0 && len(ts) > 0 && a.LessThan(objective) {
				t.Fatalf("Check accepts %v, yet %s (below the objective %s) is in no tier", ts, a, objective)
			}
		}
	})
}
