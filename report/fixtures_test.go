package report

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// The shared fixtures, written by the rca and sla packages' owners.
const (
	seedIncident = "../testdata/incidents/seed-constant-contact-2014.yaml"
	richIncident = "../testdata/incidents/rich-two-day.yaml"
	seedPolicy   = "../testdata/policies/seed-monthly-new-york.yaml"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// seedDoc is the report of the seed story: the Constant Contact incident
// measured under the seed policy (April 2014 in New York), with the credit
// of one $15/month subscriber.
func seedDoc(t testing.TB, lang language.Tag, public bool) *Document {
	t.Helper()
	inc, err := rca.LoadFile(seedIncident)
	if err != nil {
		t.Fatalf("load seed incident: %v", err)
	}
	pol, err := sla.LoadFile(seedPolicy)
	if err != nil {
		t.Fatalf("load seed policy: %v", err)
	}
	asOf := time.Date(2014, 5, 5, 16, 0, 0, 0, time.UTC)
	d := New(inc, Options{Lang: lang, Public: public, AsOf: asOf})
	res, err := sla.Measure(pol, []*rca.Incident{inc}, sla.Options{})
	if err != nil {
		t.Fatalf("measure seed: %v", err)
	}
	d.Policy, d.Results = pol, res
	ny := pol.Window.Zone
	d.Credits = credits(t, credit.Config{
		Plans: []credit.Plan{{ID: "email-starter", Name: "Email Starter", Price: dec("15.00"), Currency: currency.USD,
			Rule: credit.Rule{Kind: credit.Prorated}}},
		Policies:  []*sla.Policy{pol},
		Incidents: []*rca.Incident{inc},
		From:      time.Date(2014, time.April, 1, 0, 0, 0, 0, ny),
		To:        time.Date(2014, time.May, 1, 0, 0, 0, 0, ny),
	}, []credit.Subscription{{ID: "sub-0001", Customer: "lantern-three", Plan: "email-starter", Quantity: 1,
		From: time.Date(2013, time.November, 1, 0, 0, 0, 0, ny)}})
	return d
}

// credits runs the credit calculator over subs and returns the summary of
// the lines.
func credits(t testing.TB, cfg credit.Config, subs []credit.Subscription) *credit.Summary {
	t.Helper()
	calc, err := credit.NewCalculator(cfg)
	if err != nil {
		t.Fatalf("credit calculator: %v", err)
	}
	var sum credit.Summary
	for _, s := range subs {
		lines, err := calc.Credit(s)
		if err != nil {
			t.Fatalf("credit %s: %v", s.ID, err)
		}
		for i := range lines {
			sum.Add(&lines[i])
		}
	}
	return &sum
}

// richDoc is the report of the rich two-day fixture as of a week after it,
// in the incident's zone (Europe/Berlin, which changes to summer time
// during the incident), with credits in three currencies.
func richDoc(t testing.TB, lang language.Tag, public bool) *Document {
	t.Helper()
	inc, err := rca.LoadFile(richIncident)
	if err != nil {
		t.Fatalf("load rich incident: %v", err)
	}
	pol := &sla.Policy{
		ID: "checkout-99.95", Name: "Checkout availability", Version: "3",
		Objective:  dec("99.95"),
		Window:     sla.Window{Kind: sla.Month, Zone: inc.Zone},
		Weights:    map[rca.Level]decimal.Decimal{rca.PartialOutage: dec("0.3")},
		Components: []string{"checkout", "api"},
	}
	asOf := time.Date(2025, 4, 5, 8, 0, 0, 0, time.UTC)
	d := New(inc, Options{Lang: lang, Public: public, AsOf: asOf})
	res, err := sla.Measure(pol, []*rca.Incident{inc}, sla.Options{})
	if err != nil {
		t.Fatalf("measure rich: %v", err)
	}
	d.Policy, d.Results = pol, res

	// Three plans in three currencies; a dozen subscribers, one of whom
	// joined after the incident (no credit).
	pct := func(s string) *decimal.Decimal { v := dec(s); return &v }
	plans := []credit.Plan{
		{ID: "business", Name: "Business", Price: dec("299.00"), Currency: currency.USD, Rule: credit.Rule{
			Kind: credit.Tiered, Tiers: sla.Tiers{
				{AtLeast: pct("99.9"), Below: pct("99.95"), Credit: dec("10")},
				{AtLeast: pct("99.0"), Below: pct("99.9"), Credit: dec("25")},
				{Below: pct("99.0"), Credit: dec("50")},
			}}},
		{ID: "starter-eu", Name: "Starter (EU)", Price: dec("29.00"), Currency: currency.EUR, Rule: credit.Rule{
			Kind: credit.Stepped, StepPercent: dec("5"), Step: 30 * time.Minute, CapPercent: dec("50")}},
		{ID: "enterprise-jp", Name: "Enterprise (Japan)", Price: dec("120000"), Currency: currency.JPY, Rule: credit.Rule{
			Kind: credit.Prorated, Multiplier: dec("10")}},
	}
	since := time.Date(2024, time.January, 15, 0, 0, 0, 0, inc.Zone)
	var subs []credit.Subscription
	for i, p := range []string{"business", "business", "business", "business", "business",
		"starter-eu", "starter-eu", "starter-eu", "starter-eu", "enterprise-jp", "enterprise-jp", "enterprise-jp"} {
		s := credit.Subscription{ID: fmt.Sprintf("sub-%04d", i+1), Customer: fmt.Sprintf("merchant-%02d", i+1),
			Plan: p, Quantity: int64(1 + i%3), From: since}
		if i == 4 {
			s.From = time.Date(2025, time.March, 30, 12, 0, 0, 0, inc.Zone) // joined after the incident
		}
		subs = append(subs, s)
	}
	d.Credits = credits(t, credit.Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc}}, subs)
	return d
}

// syntheticDoc is an incident of n timeline events over two days, five
// components and long texts: the load for benchmarks and pagination tests.
func syntheticDoc(n int) *Document {
	zone, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2025, 3, 29, 8, 0, 0, 0, time.UTC)
	span := 48 * time.Hour
	comps := []string{"api", "checkout", "dashboard", "webhooks", "search"}
	inc := &rca.Incident{
		ID: "SYN-" + fmt.Sprint(n), Title: fmt.Sprintf("Synthetic incident with %d events", n),
		Summary: "A long incident used to measure how rendering grows with the timeline.",
		Zone:    zone, Status: rca.StatusResolved, Severity: "SEV2",
		Authors: []string{"Bench Mark"}, Components: comps,
	}
	kinds := []rca.EventKind{rca.Note, rca.PublicUpdate, rca.Note, rca.Note}
	for i := range n {
		at := start.Add(time.Duration(int64(span) * int64(i) / int64(max(n, 1))))
		inc.Timeline = append(inc.Timeline, rca.Event{
			At: at, Kind: kinds[i%len(kinds)], Source: "monitoring", Internal: i%7 == 3,
			Text: fmt.Sprintf("Event %d: %s reports elevated error rates on shard %d; the on-call engineer "+
				"checks the dashboards, restarts a worker and watches the queue drain.", i, comps[i%len(comps)], i%31),
		})
	}
	for i, c := range comps {
		s := start.Add(time.Duration(i) * 3 * time.Hour)
		inc.Impacts = append(inc.Impacts,
			rca.Impact{Component: c, Level: rca.MajorOutage, Start: s, End: s.Add(2 * time.Hour)},
			rca.Impact{Component: c, Level: rca.PartialOutage, Start: s.Add(2 * time.Hour), End: s.Add(9 * time.Hour)},
			rca.Impact{Component: c, Level: rca.DegradedPerformance, Start: s.Add(9 * time.Hour), End: s.Add(20 * time.Hour)},
		)
	}
	for i := range 12 {
		inc.ActionItems = append(inc.ActionItems, rca.ActionItem{
			Title: fmt.Sprintf("Follow-up %d", i), Type: rca.Prevent, Owner: "Team", Priority: "P2",
			Due: rca.Date{Year: 2025, Month: 4, Day: 1 + i}, Status: rca.ActionStatus(i % 4),
		})
	}
	return New(inc, Options{AsOf: start.Add(96 * time.Hour)})
}

// seedStatement is the seed's April 2014 statement with the credit of its
// $15/month subscriber.
func seedStatement(t testing.TB, lang language.Tag) *Statement {
	t.Helper()
	d := seedDoc(t, lang, true)
	s, err := NewStatement(d.Policy, []*rca.Incident{d.Incident}, d.Results[0].Start, Options{Lang: lang, Public: true,
		Generated: time.Date(2014, 5, 2, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	s.Credits = d.Credits
	return s
}
