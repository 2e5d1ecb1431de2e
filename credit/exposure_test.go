package credit_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/synth"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// exposureInputs are the inputs of one exposure and of the credit runs it
// is checked against.
type exposureInputs struct {
	cfg  credit.Config
	subs []byte
	opts credit.ExposureOptions
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustPolicy(t testing.TB, path string) *sla.Policy {
	t.Helper()
	p, err := sla.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustIncident(t testing.TB, path string) *rca.Incident {
	t.Helper()
	inc, err := rca.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func mustPlans(t testing.TB, name, yaml string) []credit.Plan {
	t.Helper()
	plans, err := credit.LoadPlans(name, []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return plans
}

// curveOf runs an exposure.
func curveOf(t testing.TB, in exposureInputs) *credit.Curve {
	t.Helper()
	x, err := credit.NewExposure(in.cfg, in.opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x.Run(context.Background(), credit.ReadSubscriptions(bytes.NewReader(in.subs), credit.ReadOptions{File: "subs.csv", Zones: x.Zones()}), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// creditsRun is what "postmortem credits" computes for the incidents in the
// window holding at: Calculator.RunCSV over the subscriptions file.
func creditsRun(t testing.TB, cfg credit.Config, incidents []*rca.Incident, at time.Time, subs []byte) *credit.Summary {
	t.Helper()
	cfg.Incidents = incidents
	cfg.From, cfg.To = at, at.Add(time.Nanosecond)
	calc, err := credit.NewCalculator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := calc.RunCSV(context.Background(), io.Discard, bytes.NewReader(subs), credit.BatchOptions{File: "subs.csv"})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// costs writes a summary's totals per currency and per plan as the lines
// of a file write them (FormatAmount), for a byte-exact comparison.
func costs(s *credit.Summary) []string {
	var out []string
	for _, t := range s.Totals {
		out = append(out, t.Currency.String()+" "+credit.FormatAmount(t.Amount, t.Currency))
	}
	for _, p := range s.Plans {
		out = append(out, p.Plan+" "+p.Currency.String()+" "+credit.FormatAmount(p.Amount, p.Currency))
	}
	return out
}

// pointCosts writes a point's totals (what the window would credit with
// the outage) as costs writes a summary's.
func pointCosts(pt *credit.Point) []string {
	var out []string
	for _, c := range pt.Currencies {
		out = append(out, c.Currency.String()+" "+credit.FormatAmount(c.Total, c.Currency))
	}
	for _, c := range pt.Plans {
		out = append(out, c.Plan+" "+c.Currency.String()+" "+credit.FormatAmount(c.Total, c.Currency))
	}
	return out
}

// exposureCases are the scenarios the exactness tests run: every
// placement, incidents or none, several policies, counting rules that
// make placement matter, and a generated subscriber base.
func exposureCases(t testing.TB) []struct {
	name string
	in   exposureInputs
} {
	seed := mustPolicy(t, "../testdata/policies/seed-monthly-new-york.yaml")
	ny := seed.Window.Zone
	demoPlans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		t.Fatal(err)
	}
	demoSubs := mustRead(t, "../testdata/subscriptions/demo.csv")
	seedInc := mustIncident(t, "../testdata/incidents/seed-constant-contact-2014.yaml")

	walkPolicy := mustPolicy(t, "../testdata/walkthrough/policy.yaml")
	walkPlans, err := credit.LoadPlansFile("../testdata/walkthrough/plans.yaml")
	if err != nil {
		t.Fatal(err)
	}
	walkInc := mustIncident(t, "../testdata/walkthrough/incident.yaml")

	// Two policies with different windows (UTC and Berlin months), whole
	// minutes, a minimum downtime period and maintenance exclusions.
	period := mustPolicy(t, "../testdata/policies/downtime-period-10m.yaml")
	maint := mustPolicy(t, "../testdata/policies/maintenance-notice.yaml")
	twoPlans := mustPlans(t, "two.yaml", `plans:
  - {id: gold, price: "100.00", currency: USD, policy: downtime-period-10m, rule: {kind: tiered}}
  - {id: metered, price: "80.00", currency: EUR, policy: maintenance-notice, rule: {kind: stepped, step_percent: "2.5", step: 20m, cap_percent: "30"}}
  - {id: metered-yearly, price: "900.00", currency: EUR, period: annual, policy: maintenance-notice, rule: {kind: prorated, minimum: "0.50"}}
`)
	twoSubs := []byte("id,plan_id,quantity,active_from,active_until,anchor_day,charged\n" +
		"g1,gold,1,2024-01-01,,,\ng2,gold,4,2025-04-10,,,\ng3,gold,1,2024-06-05,2025-04-20,5,\n" +
		"m1,metered,2,2025-01-31,,31,\nm2,metered,1,2025-04-15T02:30:00Z,,,60.00\ny1,metered-yearly,1,2024-09-01,,,\n")
	blip := &rca.Incident{ID: "blip", Impacts: []rca.Impact{
		{Component: "api", Level: rca.MajorOutage, Start: time.Date(2025, 4, 14, 23, 56, 30, 0, time.UTC), End: time.Date(2025, 4, 15, 0, 1, 30, 0, time.UTC)},
	}}

	// A prorated plan capped at 5% of the charge, and subscribers billed
	// from the 1st who joined or left during April but were active during
	// all of the outages (from April 10): their charges differ, so the cap
	// binds each at its own length (the 50-hour outage's 100 × 180,000 s ÷
	// 2,592,000 s = 6.94 caps them all; 10 hours, 1.39, caps none).
	cappedPlans := mustPlans(t, "capped.yaml", `plans:
  - {id: capped, price: "100.00", currency: USD, rule: {kind: prorated, cap_percent: "5"}}
`)
	cappedSubs := []byte("id,plan_id,quantity,active_from,active_until,anchor_day\n" +
		"c1,capped,1,2025-01-01,,1\nc2,capped,1,2025-04-03,,1\nc3,capped,1,2025-04-05,2025-04-20,1\n" +
		"c4,capped,1,2025-04-08,2025-04-25,1\nc5,capped,1,2025-04-02,2025-04-28,1\nc6,capped,1,2025-03-20,2025-04-15,1\n" +
		"c7,capped,1,2025-04-09,2025-04-13,1\nc8,capped,1,2025-04-03,,1\n")

	// Issue 12's terms, in May 2025 (the second month of a quarter):
	// fraction places under proration conventions (an annual plan in
	// equal months of fixed days; a monthly one capped at 5%), hours lost
	// priced from the charge, a cap of one day of paid service, and a
	// quarterly cap of which the ledger holds April's credit for p1. Each
	// plan has subscribers active during all of May with the same charge
	// (a cohort, were the plan priced by cohorts) and subscribers who
	// joined or left during May, after or before the outages.
	termsPlans := mustPlans(t, "terms.yaml", `plans:
  - {id: frac, price: "1200.00", currency: USD, period: annual, proration: fixed_days, equal_months: true, fraction_places: 3, rule: {kind: prorated}}
  - {id: frac-monthly, price: "100.00", currency: USD, proration: cycle_days, fraction_places: 4, rule: {kind: prorated, cap_percent: "5"}}
  - {id: lost, price: "72.00", currency: EUR, rule: {kind: lost_time, partial_hours: up}}
  - {id: days, price: "300.00", currency: USD, rule: {kind: stepped, step_percent: "1", step: 1h, cap_days: 1}}
  - {id: pcap, price: "100.00", currency: USD, rule: {kind: prorated, period_cap: {per: quarterly, percent: "2"}}}
`)
	termsSubs := []byte("id,plan_id,quantity,active_from,active_until,anchor_day\n" +
		"f1,frac,1,2024-01-01,,1\nf2,frac,1,2024-01-01,,1\nf3,frac,1,2024-01-01,,1\nf4,frac,1,2025-05-03T07:00:00Z,,1\nf5,frac,1,2025-05-05,2025-05-28,1\n" +
		"m1,frac-monthly,1,2025-01-01,,1\nm2,frac-monthly,1,2025-01-01,,1\nm3,frac-monthly,1,2025-05-02T13:00:00Z,,1\nm4,frac-monthly,1,2025-05-04,2025-05-30,1\n" +
		"l1,lost,1,2025-01-01,,1\nl2,lost,1,2025-01-01,,1\nl3,lost,1,2025-05-06,,1\nl4,lost,1,2025-05-08,2025-05-25,1\n" +
		"d1,days,1,2025-01-01,,1\nd2,days,1,2025-01-01,,1\nd3,days,1,2025-05-07,,1\nd4,days,1,2025-05-09,2025-05-20,1\n" +
		"p1,pcap,1,2025-01-01,,1\np2,pcap,1,2025-01-01,,1\np3,pcap,1,2025-01-01,,1\np4,pcap,1,2025-04-15,,1\n")
	termsLedger := new(credit.Ledger)
	if err := termsLedger.Add(credit.Issued{Subscription: "p1", Policy: walkPolicy.ID, WindowStart: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
		WindowEnd: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Currency: currency.USD, Amount: decimal.RequireFromString("5.00"), Key: "april"}); err != nil {
		t.Fatal(err)
	}

	n := 2000
	if testing.Short() {
		n = 300
	}
	gen := synth.CSV(n, synth.Options{Seed: 16, Plans: []string{"email-starter", "email-starter-annual", "email-pro", "email-eu", "email-jp", "email-ch", "email-kw"},
		Start: time.Date(2014, 4, 1, 0, 0, 0, 0, ny), End: time.Date(2014, 5, 1, 0, 0, 0, 0, ny)})

	april := time.Date(2014, 4, 10, 0, 0, 0, 0, ny)
	// What a billing system already issued for April: sub-0001 exactly
	// its due with the incident (0.30), sub-0002 part of it (0.50 of
	// 0.90), sub-0005 more than it (20.00 of 11.25: over-credited), in
	// two entries, sub-0012 a reversed credit (net 0), and sub-0004, not
	// active during the outage, 1.00 by mistake.
	issued := func(over credit.OverCredit) credit.Config {
		l := new(credit.Ledger)
		from, to := time.Date(2014, 4, 1, 0, 0, 0, 0, ny), time.Date(2014, 5, 1, 0, 0, 0, 0, ny)
		for k, e := range []struct{ sub, amount string }{
			{"sub-0001", "0.30"}, {"sub-0002", "0.50"}, {"sub-0005", "15.00"}, {"sub-0005", "5.00"},
			{"sub-0012", "56.25"}, {"sub-0012", "-56.25"}, {"sub-0004", "1.00"},
		} {
			if err := l.Add(credit.Issued{Subscription: e.sub, Policy: seed.ID, WindowStart: from, WindowEnd: to,
				Currency: currency.USD, Amount: decimal.RequireFromString(e.amount), Key: "k" + strconv.Itoa(k)}); err != nil {
				t.Fatal(err)
			}
		}
		return credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}, Incidents: []*rca.Incident{seedInc}, Ledger: l, OverCredit: over}
	}
	return []struct {
		name string
		in   exposureInputs
	}{
		{"seed at the incident's start", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}}, demoSubs,
			credit.ExposureOptions{Window: april, Durations: durations(t, "0,15m,45m,7h15m,14h28m,36h,36h15m,72h"),
				Place: credit.PlaceAt, At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny)}}},
		{"seed on top of the incident, worst", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}, Incidents: []*rca.Incident{seedInc}}, demoSubs,
			credit.ExposureOptions{Window: april, Durations: durations(t, "0,1h,21h45m,300h")}}},
		{"seed, every component of the incident, partial outage, after", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}, Incidents: []*rca.Incident{seedInc}}, demoSubs,
			credit.ExposureOptions{Window: april, Durations: durations(t, "2h,11d"), Place: credit.PlaceAfter, Level: rca.PartialOutage}}},
		{"walk-through, February, after the incident", exposureInputs{credit.Config{Plans: walkPlans, Policies: []*sla.Policy{walkPolicy}, Incidents: []*rca.Incident{walkInc}},
			mustRead(t, "../testdata/walkthrough/subscriptions.csv"),
			credit.ExposureOptions{Window: time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC), Durations: durations(t, "30m,2h,40h"), Place: credit.PlaceAfter}}},
		{"two policies, whole minutes, downtime period, maintenance", exposureInputs{credit.Config{Plans: twoPlans, Policies: []*sla.Policy{period, maint}, Incidents: []*rca.Incident{blip}}, twoSubs,
			credit.ExposureOptions{Window: time.Date(2025, 4, 15, 12, 0, 0, 0, time.UTC), Durations: durations(t, "0,90s,5m,43m,1h,9h,50h"), Components: []string{"api"}}}},
		{"seed on top of the incident, settled against a ledger, kept", exposureInputs{issued(credit.Keep), demoSubs,
			credit.ExposureOptions{Window: april, Durations: durations(t, "0,30m,1h,21h45m,300h"), Place: credit.PlaceAfter}}},
		{"seed on top of the incident, settled against a ledger, reversed", exposureInputs{issued(credit.Reverse), demoSubs,
			credit.ExposureOptions{Window: april, Durations: durations(t, "0,1h,21h45m")}}},
		{"prorated, capped at 5% of charges that differ", exposureInputs{credit.Config{Plans: cappedPlans, Policies: []*sla.Policy{walkPolicy}}, cappedSubs,
			credit.ExposureOptions{Window: time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC), Durations: durations(t, "0,1h,10h,20h,30h,50h"),
				Place: credit.PlaceAt, At: time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)}}},
		{"contract terms: fraction places, conventions, lost time, cap in days, period cap", exposureInputs{credit.Config{Plans: termsPlans, Policies: []*sla.Policy{walkPolicy}, Ledger: termsLedger}, termsSubs,
			credit.ExposureOptions{Window: time.Date(2025, 5, 15, 0, 0, 0, 0, time.UTC), Durations: durations(t, "0,20m,1h,2h,10h,50h,200h"),
				Place: credit.PlaceAt, At: time.Date(2025, 5, 10, 0, 0, 0, 0, time.UTC)}}},
		{"generated base", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}, Incidents: []*rca.Incident{seedInc}}, gen,
			credit.ExposureOptions{Window: april, Durations: durations(t, "0,45m,7h15m,36h15m")}}},
		{"generated base, no incident yet", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}}, gen,
			credit.ExposureOptions{Window: april, Durations: durations(t, "1h,7h15m,36h15m,200h")}}},
		{"generated base, an outage mid-month", exposureInputs{credit.Config{Plans: demoPlans, Policies: []*sla.Policy{seed}}, gen,
			credit.ExposureOptions{Window: april, Durations: durations(t, "1h,30h"), Place: credit.PlaceAt, At: time.Date(2014, 4, 12, 9, 30, 0, 0, ny)}}},
	}
}

func durations(t testing.TB, spec string) []time.Duration {
	t.Helper()
	ds, err := credit.ParseDurations(spec)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestExposureMatchesCredits is the exactness test: every point of every
// curve totals, per currency and per plan, to the byte what the credit run
// of the window writes with the incidents and that point's outage (the
// incident credit.Outage returns for its placement), and the base to what
// it writes with the incidents alone.
func TestExposureMatchesCredits(t *testing.T) {
	for _, tt := range exposureCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			c := curveOf(t, tt.in)
			base := creditsRun(t, tt.in.cfg, tt.in.cfg.Incidents, tt.in.opts.Window, tt.in.subs)
			if diff := cmp.Diff(costs(base), costs(&c.Base)); diff != "" {
				t.Errorf("base differs from the credit run of the incidents alone (-run +curve):\n%s", diff)
			}
			if c.Read != base.Read || c.Rejected != base.Rejected {
				t.Errorf("read %d, rejected %d; the credit run read %d, rejected %d", c.Read, c.Rejected, base.Read, base.Rejected)
			}
			id := credit.OutageID(tt.in.cfg.Incidents)
			for k := range c.Points {
				pt := &c.Points[k]
				incs := tt.in.cfg.Incidents
				if pt.Duration > 0 {
					incs = append(incs[:len(incs):len(incs)], credit.Outage(id, c.Components, c.Level, pt.Placement.Start, pt.Placement.End))
				}
				run := creditsRun(t, tt.in.cfg, incs, tt.in.opts.Window, tt.in.subs)
				if diff := cmp.Diff(costs(run), pointCosts(pt)); diff != "" {
					t.Errorf("%v (from %s): the point differs from the credit run with its outage (-run +curve):\n%s",
						pt.Duration, pt.Placement.Start.Format(time.RFC3339), diff)
				}
			}
		})
	}
}

// TestExposureSeed: the Constant Contact base's credits for an outage of
// 14h28m from 2014-04-18 10:32 New York time are the demo's totals
// (README: CHF 1.00, EUR 13.98, JPY 20, KWD 0.251, USD 69.17), and the
// tiers of the email-pro plan (10% below 99.9%, 25% below 99%, 100% below
// 95% of a 30-day April) are reached at the first points past 43m12s,
// 7h12m and 36h; 36h itself is exactly 95%, in the 25% tier.
func TestExposureSeed(t *testing.T) {
	cases := exposureCases(t)
	c := curveOf(t, cases[0].in)
	var at1428 *credit.Point
	for k := range c.Points {
		if c.Points[k].Duration == 14*time.Hour+28*time.Minute {
			at1428 = &c.Points[k]
		}
	}
	var got []string
	for _, cost := range at1428.Currencies {
		got = append(got, cost.Currency.String()+" "+credit.FormatAmount(cost.Amount, cost.Currency))
	}
	want := []string{"CHF 1.00", "EUR 13.98", "JPY 20", "KWD 0.251", "USD 69.17"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("at 14h28m (-demo +curve):\n%s", diff)
	}
	if at1428.Credited != 11 {
		t.Errorf("at 14h28m %d subscriptions credited, want the demo's 11", at1428.Credited)
	}
	type crossing struct {
		Plan, Band string
		Capped     bool
		After, At  time.Duration
		Subs       int64
	}
	var crossings []crossing
	for _, cr := range c.Crossings {
		crossings = append(crossings, crossing{cr.Plan, cr.Band, cr.Capped, cr.After, cr.At, cr.Subscriptions})
	}
	wantCrossings := []crossing{
		// Sorted by the point they are reached at, then plan.
		{"email-pro", "≥ 99 and < 99.9: 10%", false, 15 * time.Minute, 45 * time.Minute, 2},
		// 5% per started half hour, capped at 50%: the cap lowers the
		// amount from 11 started half hours, past 5h.
		{"email-eu", "", true, 45 * time.Minute, 7*time.Hour + 15*time.Minute, 1},
		{"email-pro", "≥ 95 and < 99: 25%", false, 45 * time.Minute, 7*time.Hour + 15*time.Minute, 2},
		{"email-pro", "< 95: 100%", false, 36 * time.Hour, 36*time.Hour + 15*time.Minute, 2},
	}
	if diff := cmp.Diff(wantCrossings, crossings); diff != "" {
		t.Errorf("crossings (-want +got):\n%s", diff)
	}
}

// TestExposurePlacement: where the worst placement puts an outage, and
// why, in windows that make it matter. Every expected start is worked out
// by hand from the policy's counting rules.
func TestExposurePlacement(t *testing.T) {
	day := func(h, m, s int) time.Time { return time.Date(2025, 4, 15, h, m, s, 0, time.UTC) }
	apr1, may1 := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	policy := func(extra string) *sla.Policy {
		p, err := sla.Load("p.yaml", []byte("id: p\nversion: \"1\"\nobjective: \"99.9\"\nwindow: {kind: month}\n"+extra))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	outage := func(id string, from, to time.Time) *rca.Incident {
		return &rca.Incident{ID: id, Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: from, End: to}}}
	}
	plans := mustPlans(t, "plans.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, rule: {kind: prorated}}\n")
	tests := []struct {
		name      string
		policy    *sla.Policy
		incidents []*rca.Incident
		d         time.Duration
		start     time.Time
		rule      credit.PlacementRule
		weighted  string // the window's weighted downtime with the outage, seconds
	}{
		{"empty window: its start", policy(""), nil, time.Hour, apr1, credit.Worst, "3600"},
		{"longer than the window: all of it", policy(""), nil, 40 * 24 * time.Hour, apr1, credit.Worst, "2592000"},
		{"an exclusion at the start: after it", policy("exclusions: [{start: 2025-04-01T00:00:00Z, end: 2025-04-01T02:00:00Z}]"), nil,
			time.Hour, apr1.Add(2 * time.Hour), credit.Worst, "3600"},
		{"a maintenance announced too late is not excluded", policy("maintenance: {minimum_notice: 48h}\nexclusions: [{start: 2025-04-01T00:00:00Z, end: 2025-04-01T02:00:00Z, maintenance: true, announced: 2025-03-31T20:00:00Z}]"), nil,
			time.Hour, apr1, credit.Worst, "3600"},
		{"exclusions everywhere but a gap shorter than the outage: into the gap", policy("exclusions: [{start: 2025-04-01T00:00:00Z, end: 2025-04-20T00:00:00Z}, {start: 2025-04-20T00:30:00Z, end: 2025-05-01T00:00:00Z}]"), nil,
			time.Hour, time.Date(2025, 4, 19, 23, 30, 0, 0, time.UTC), credit.Worst, "1800"},
		{"whole minutes, 90 s: on a minute", policy("granularity: whole_minutes"), nil, 90 * time.Second, apr1, credit.Worst, "60"},
		{"the incidents' downtime: continued, not overlapped", policy(""), []*rca.Incident{outage("a", apr1, apr1.Add(10*time.Hour))},
			5 * time.Hour, apr1.Add(10 * time.Hour), credit.WorstContinues, "54000"},
		{"a blip too short to count: next to it, so it counts", policy("minimum_downtime_period: 10m"),
			[]*rca.Incident{outage("blip", day(10, 0, 0), day(10, 5, 0))}, 5 * time.Minute, day(10, 5, 0), credit.WorstContinues, "600"},
		{"whole minutes: continuing a run that ends mid-minute", policy("granularity: whole_minutes"),
			[]*rca.Incident{outage("a", day(9, 0, 0), day(10, 0, 30))}, time.Minute, day(10, 0, 30), credit.WorstContinues, "3660"},
		{"a blip at the window's end: just before it (continuing it would leave the window)", policy("minimum_downtime_period: 10m"),
			[]*rca.Incident{outage("blip", may1.Add(-3*time.Minute), may1)}, 8 * time.Minute, may1.Add(-11 * time.Minute), credit.Worst, "660"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{tt.policy}, Incidents: tt.incidents},
				credit.ExposureOptions{Window: apr1.Add(time.Hour), Durations: []time.Duration{tt.d}, Components: []string{"api"}})
			if err != nil {
				t.Fatal(err)
			}
			c, err := x.Run(context.Background(), credit.SubscriptionsOf(nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			p := c.Points[0]
			if !p.Placement.Start.Equal(tt.start) || p.Placement.Rule != tt.rule || p.Weighted[0].String() != tt.weighted {
				t.Errorf("placed at %s (%v) counting %s s; want %s (%v) counting %s s",
					p.Placement.Start.Format(time.RFC3339), p.Placement.Rule, p.Weighted[0], tt.start.Format(time.RFC3339), tt.rule, tt.weighted)
			}
		})
	}
}

// TestExposureErrors: bad options and inputs are refused with the reason.
func TestExposureErrors(t *testing.T) {
	seed := mustPolicy(t, "../testdata/policies/seed-monthly-new-york.yaml")
	reqs := mustPolicy(t, "../testdata/policies/request-based.yaml")
	comps := mustPolicy(t, "../testdata/policies/maintenance-notice.yaml")
	plans := mustPlans(t, "plans.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, rule: {kind: prorated}}\n")
	apr := time.Date(2014, 4, 10, 0, 0, 0, 0, time.UTC)
	one := []time.Duration{time.Hour}
	tests := []struct {
		name string
		cfg  credit.Config
		opts credit.ExposureOptions
		want string
	}{
		{"no window", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}}, credit.ExposureOptions{Durations: one}, "no window"},
		{"no durations", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}}, credit.ExposureOptions{Window: apr}, "no durations"},
		{"durations out of order", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}},
			credit.ExposureOptions{Window: apr, Durations: []time.Duration{2 * time.Hour, time.Hour}}, "durations[1]: 1h0m0s is not after 2h0m0s"},
		{"a negative duration", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}},
			credit.ExposureOptions{Window: apr, Durations: []time.Duration{-time.Hour}}, "durations[0]: -1h0m0s is negative"},
		{"at without an instant", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}},
			credit.ExposureOptions{Window: apr, Durations: one, Place: credit.PlaceAt}, "PlaceAt without At"},
		{"from and to set", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}, From: apr},
			credit.ExposureOptions{Window: apr, Durations: one}, "Config.From and To must be zero"},
		{"after without incidents", credit.Config{Plans: plans, Policies: []*sla.Policy{seed}},
			credit.ExposureOptions{Window: apr, Durations: one, Place: credit.PlaceAfter}, "nothing to place the outage after"},
		{"a component no policy covers", credit.Config{Plans: plans, Policies: []*sla.Policy{comps}},
			credit.ExposureOptions{Window: apr, Durations: one, Components: []string{"db"}}, `no policy covers ["db"]`},
		{"request-based", credit.Config{Plans: plans, Policies: []*sla.Policy{reqs}},
			credit.ExposureOptions{Window: apr, Durations: one}, "time-based policies only"},
		{"an unknown plan policy", credit.Config{Plans: mustPlans(t, "p.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, policy: nope, rule: {kind: prorated}}\n"), Policies: []*sla.Policy{seed}},
			credit.ExposureOptions{Window: apr, Durations: one}, `unknown policy "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := credit.NewExposure(tt.cfg, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error saying %q", err, tt.want)
			}
		})
	}
	_, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{reqs}}, credit.ExposureOptions{Window: apr, Durations: one})
	if !errors.Is(err, credit.ErrNotTimeBased) {
		t.Errorf("a request-based policy: %v, want ErrNotTimeBased", err)
	}
}

// TestExposureRejects: a bad row is counted and handed to the callback,
// the others are priced; an error that is not a row's ends the run.
func TestExposureRejects(t *testing.T) {
	seed := mustPolicy(t, "../testdata/policies/seed-monthly-new-york.yaml")
	plans := mustPlans(t, "plans.yaml", "plans:\n  - {id: p, price: \"15.00\", currency: USD, rule: {kind: prorated}}\n")
	x, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{seed}},
		credit.ExposureOptions{Window: time.Date(2014, 4, 10, 0, 0, 0, 0, time.UTC), Durations: []time.Duration{14*time.Hour + 28*time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	subs := "id,plan_id,quantity\ns1,p,1\ns2,nope,1\ns3,p,1,5\ns4,p,2\n"
	var rejected []string
	c, err := x.Run(context.Background(), credit.ReadSubscriptions(strings.NewReader(subs), credit.ReadOptions{File: "s.csv", Zones: x.Zones()}),
		func(re *credit.RowError) error { rejected = append(rejected, re.Error()); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`s.csv:3: plan_id "nope": unknown plan`, "s.csv:4: has 4 fields, the header has 3 columns"}
	if diff := cmp.Diff(want, rejected); diff != "" {
		t.Errorf("rejected (-want +got):\n%s", diff)
	}
	// 15 × 52080 ÷ 2592000 = 0.3013… → 0.30, and 30.00 × the same → 0.60.
	if c.Read != 4 || c.Rejected != 2 || credit.FormatAmount(c.Points[0].Currencies[0].Amount, c.Points[0].Currencies[0].Currency) != "0.90" {
		t.Errorf("read %d, rejected %d, priced %v; want 4, 2 and 0.90", c.Read, c.Rejected, c.Points[0].Currencies)
	}
	stop := errors.New("stop")
	_, err = x.Run(context.Background(), credit.ReadSubscriptions(strings.NewReader(subs), credit.ReadOptions{File: "s.csv", Zones: x.Zones()}),
		func(*credit.RowError) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("a reject callback's error: got %v", err)
	}
	_, err = x.Run(context.Background(), credit.ReadSubscriptions(strings.NewReader("nothing,here\n"), credit.ReadOptions{File: "s.csv", Zones: x.Zones()}), nil)
	var verr *rca.ValidationError
	if !errors.As(err, &verr) {
		t.Errorf("a bad header: got %v, want a *rca.ValidationError ending the run", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = x.Run(ctx, credit.ReadSubscriptions(strings.NewReader(subs), credit.ReadOptions{File: "s.csv", Zones: x.Zones()}), nil)
	var ierr *credit.InterruptedError
	if !errors.As(err, &ierr) {
		t.Errorf("a cancelled run: got %v, want an *InterruptedError", err)
	}
}

// TestParseDurations: lists and ranges, sorted and once each.
func TestParseDurations(t *testing.T) {
	tests := []struct {
		name, spec string
		want       []time.Duration
		err        string
	}{
		{"one", "14h28m", []time.Duration{14*time.Hour + 28*time.Minute}, ""},
		{"a range with its end", "0..1h/15m", []time.Duration{0, 15 * time.Minute, 30 * time.Minute, 45 * time.Minute, time.Hour}, ""},
		{"a range the step does not reach the end of", "0..50m/20m", []time.Duration{0, 20 * time.Minute, 40 * time.Minute}, ""},
		{"a list with a range, sorted, once each", "2h,0..2h/1h,30m", []time.Duration{0, 30 * time.Minute, time.Hour, 2 * time.Hour}, ""},
		{"days", "1d", []time.Duration{24 * time.Hour}, ""},
		{"empty", "", nil, "empty item"},
		{"an empty item", "1h,,2h", nil, "empty item"},
		{"negative", "-1h", nil, "negative"},
		{"no step", "0..1h", nil, "needs a step"},
		{"zero step", "0..1h/0", nil, "step must be positive"},
		{"backwards", "2h..1h/1m", nil, "ends before it starts"},
		{"too many", "0..10000m/1m", nil, "more than 10000"},
		{"too many together", "0..9000m/1m,10000m..19000m/1m", nil, "at most 10000"},
		{"not a duration", "an hour", nil, "duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := credit.ParseDurations(tt.spec)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, %v; want an error saying %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseDurations: any list either parses into increasing durations,
// at most MaxExposurePoints of them, that NewExposure accepts, or is
// refused; nothing panics.
func FuzzParseDurations(f *testing.F) {
	for _, s := range []string{"0..72h/15m", "14h28m", "0..1h/15m,14h28m", "1d..2d/1h", "0..0/1s", "9223372036s..9223372036s/1ns", "1h,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ds, err := credit.ParseDurations(spec)
		if err != nil {
			return
		}
		if len(ds) == 0 || len(ds) > credit.MaxExposurePoints {
			t.Fatalf("%q: %d durations", spec, len(ds))
		}
		for i, d := range ds {
			if d < 0 || i > 0 && d <= ds[i-1] {
				t.Fatalf("%q: %v not increasing", spec, ds)
			}
		}
	})
}

// TestExposureTooManyPlacements: a window holding thousands of impacts
// would take hours to search for the worst placement; NewExposure refuses
// at the first length, before measuring anything for it, and the same
// outage placed at an instant is priced.
func TestExposureTooManyPlacements(t *testing.T) {
	p := mustPolicy(t, "../testdata/walkthrough/policy.yaml")
	plans := mustPlans(t, "plans.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, rule: {kind: prorated}}\n")
	start := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "flapping"}
	for i := range 4000 {
		s := start.Add(time.Duration(i) * 10 * time.Minute)
		inc.Impacts = append(inc.Impacts, rca.Impact{Component: "api", Level: rca.MajorOutage, Start: s, End: s.Add(time.Minute)})
	}
	cfg := credit.Config{Plans: plans, Policies: []*sla.Policy{p}, Incidents: []*rca.Incident{inc}}
	_, err := credit.NewExposure(cfg, credit.ExposureOptions{Window: start, Durations: durations(t, "0..72h/15m")})
	var tm *credit.TooManyPlacementsError
	if !errors.As(err, &tm) || tm.Duration != 15*time.Minute {
		t.Fatalf("got %v, want a TooManyPlacementsError at the first length", err)
	}
	if _, err := credit.NewExposure(cfg, credit.ExposureOptions{Window: start, Durations: durations(t, "1h"), Place: credit.PlaceAt, At: start}); err != nil {
		t.Fatal(err)
	}
}
