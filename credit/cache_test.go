package credit

import (
	"testing"
	"time"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// The caches of a Calculator only save time: every figure they hold is
// one the calculator would compute without them. These tests hold them
// to both halves of that: what they hold is right, and they are used (a
// cache that is never hit costs a batch its speed without changing a
// byte, so no test of the lines would notice).

// twoMonths returns a calculator of the demo's plans over April and May
// 2014, the annual plan with a claim deadline of one billing cycle.
func twoMonths(t *testing.T) *Calculator {
	t.Helper()
	plans := demoPlans(t)
	for i := range plans {
		if plans[i].ID == "email-starter-annual" {
			plans[i].Rule.ClaimDeadline = &sla.Deadline{BillingCycles: 1}
		}
	}
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	c, err := NewCalculator(Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
		From: date(2014, time.April, 1, ny), To: date(2014, time.June, 1, ny)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCycleDeadlinesCache: the claim deadlines cached per billing period
// list (a deadline of N billing cycles) are those claimDeadline computes
// for a subscription billed by that list, for every anchor day and phase
// of the demo's monthly and annual plans.
func TestCycleDeadlinesCache(t *testing.T) {
	c := twoMonths(t)
	for _, id := range []string{"email-pro", "email-starter-annual"} {
		st := c.plans[id]
		if st.cycleDeadlines == nil {
			t.Fatalf("%s: no cycle deadlines cached", id)
		}
		months := st.plan.Period.Months()
		for anchor := 1; anchor <= 31; anchor++ {
			for phase := range months {
				sub := Subscription{ID: "s", Plan: id, Quantity: 1, AnchorDay: anchor,
					From: time.Date(2013, time.January+time.Month(phase), 1, 12, 0, 0, 0, st.zone)}
				b := billingOf(&st.plan, &sub, st.zone, st.periods, st.conv)
				if b.list != (anchor-1)*months+phase {
					t.Fatalf("%s anchor %d phase %d: billed by list %d, want %d", id, anchor, phase, b.list, (anchor-1)*months+phase)
				}
				uncached := billingOf(&st.plan, &sub, st.zone, nil, st.conv)
				for i, win := range st.windows {
					want := claimDeadline(st.deadline, win.End, st.wzone, uncached)
					if got := st.claimDeadline(i, b); !got.Equal(want) {
						t.Errorf("%s anchor %d phase %d window %d: cached deadline %v, computed %v", id, anchor, phase, i, got, want)
					}
					text, ok := st.csvDeadline(i, b)
					if !ok || string(text) != want.Format(timeLayout) {
						t.Errorf("%s anchor %d phase %d window %d: cached field %q (%v), want %q", id, anchor, phase, i, text, ok, want.Format(timeLayout))
					}
				}
			}
		}
	}
}

// TestPeriodCacheCovers: every subscription of a plan, whatever its anchor
// day and start, is billed from the plan's cached periods, and their
// bounds cover the windows.
func TestPeriodCacheCovers(t *testing.T) {
	c := twoMonths(t)
	for id, st := range c.plans {
		ws, we := st.windows[0].Start.UnixNano(), st.windows[len(st.windows)-1].End.UnixNano()
		for anchor := 0; anchor <= 31; anchor++ {
			for month := range 12 {
				sub := Subscription{ID: "s", Plan: id, Quantity: 1, AnchorDay: anchor,
					From: time.Date(2013, time.January+time.Month(month), 1+anchor%28, 0, 0, 0, 0, st.zone)}
				b := billingOf(&st.plan, &sub, st.zone, st.periods, st.conv)
				if b.list < 0 || len(b.bounds) < 2 || b.bounds[0] > ws || b.bounds[len(b.bounds)-1] < we {
					t.Fatalf("%s anchor %d from %v: list %d, bounds %d, not covering the windows", id, anchor, sub.From, b.list, len(b.bounds))
				}
			}
		}
	}
}

// TestBatchCacheServes: RunCSV computes the figures of subscriptions
// active during a whole window (or not at all) on the same plan, billing
// periods and charge once, and serves the others from its cache; a
// subscription active during part of the window is computed.
func TestBatchCacheServes(t *testing.T) {
	c := demoCalculator(t)
	b := &lineComputer{c: c, inactive: c.newInactiveTable()}
	var fa fastArith
	for id, st := range c.plans {
		figures := func(sub Subscription) *figEntry {
			sc := c.subContext(st, &sub, &fa)
			return b.figures(st, &sc, 0)
		}
		before := st.windows[0].Start.AddDate(-1, 0, 0)
		after := st.windows[0].End.AddDate(0, 1, 0)
		for _, group := range [][]Subscription{
			{ // active throughout, billed alike (the same anchor, and for an annual plan the same month)
				{ID: "a", Plan: id, Quantity: 1, From: before, AnchorDay: 5},
				{ID: "b", Plan: id, Quantity: 1, From: before.AddDate(0, 0, 3), AnchorDay: 5},
				{ID: "c", Plan: id, Quantity: 1, From: before.AddDate(0, 0, 10), AnchorDay: 5, Until: after},
			},
			{ // not active at all: before or after the window
				{ID: "d", Plan: id, Quantity: 1, From: after, AnchorDay: 5},
				{ID: "e", Plan: id, Quantity: 1, From: after.AddDate(0, 0, 9), AnchorDay: 5},
				{ID: "f", Plan: id, Quantity: 1, From: after.AddDate(-2, 0, 0), Until: st.windows[0].Start, AnchorDay: 5},
			},
		} {
			first := figures(group[0])
			if first == &b.scratch {
				t.Fatalf("%s: %s computed into the scratch entry, not cached", id, group[0].ID)
			}
			for _, sub := range group[1:] {
				if e := figures(sub); e != first {
					t.Errorf("%s: %s computed again, not served from the cache", id, sub.ID)
				}
			}
		}
		mid := Subscription{ID: "m", Plan: id, Quantity: 1, From: st.windows[0].Start.Add(time.Hour)}
		if e := figures(mid); e != &b.scratch {
			t.Errorf("%s: a subscription active during part of the window was served from the cache", id)
		}
	}
}

// TestFigCacheStopsLooking: a full cache that serves fewer than one lookup
// in eight stops looking; one that serves more goes on.
func TestFigCacheStopsLooking(t *testing.T) {
	for _, tt := range []struct {
		name    string
		hitEach int // one lookup in hitEach finds its figures
		wantOff bool
	}{
		{"rarely served", 10, true},
		{"often served", 4, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var fc figCache
			e := &figEntry{}
			for n := range maxCache {
				if !fc.room() {
					t.Fatalf("full after %d entries", n)
				}
				fc.put(figKey{perN: uint64(n)}, e)
			}
			if fc.room() {
				t.Fatal("room after maxCache entries")
			}
			for n := range cacheProbe {
				k := figKey{perN: maxCache + uint64(n)} // never kept
				if n%tt.hitEach == 0 {
					k.perN = uint64(n % maxCache)
				}
				if got := fc.get(k); (got != nil) != (n%tt.hitEach == 0) {
					t.Fatalf("lookup %d: got %v", n, got)
				}
			}
			if fc.off != tt.wantOff {
				t.Errorf("off = %v after a run of lookups served one in %d, want %v", fc.off, tt.hitEach, tt.wantOff)
			}
			if got := fc.get(figKey{perN: 0}); (got == nil) != tt.wantOff {
				t.Errorf("an entry kept: got %v with off = %v", got, fc.off)
			}
		})
	}
}
