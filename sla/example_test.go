package sla_test

import (
	"fmt"
	"os"
	"time"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// The seed's policy, as a file: monthly windows in New York time, partial
// restoration counting as down.
const seedPolicy = `
id: seed-monthly-new-york
version: "2014-04"
objective: "99.9"
window:
  kind: month
  zone: America/New_York
weights:
  partial_outage: 1
`

// seedImpacts is the Constant Contact outage of 2014-04-18: everything down
// from 10:32 ET, partial service from 23:15 ET, all back at 01:00 ET.
func seedImpacts() *rca.Incident {
	ny, _ := time.LoadLocation("America/New_York")
	return &rca.Incident{ID: "constant-contact-2014-04-18", Impacts: []rca.Impact{
		{Component: "app", Level: rca.MajorOutage, Start: time.Date(2014, 4, 18, 10, 32, 0, 0, ny), End: time.Date(2014, 4, 18, 23, 15, 0, 0, ny)},
		{Component: "app", Level: rca.PartialOutage, Start: time.Date(2014, 4, 18, 23, 15, 0, 0, ny), End: time.Date(2014, 4, 19, 1, 0, 0, 0, ny)},
	}}
}

func ExampleMeasure() {
	p, err := sla.Load("seed-monthly-new-york.yaml", []byte(seedPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := sla.Measure(p, []*rca.Incident{seedImpacts()}, sla.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%s: %s down of %s, availability %s%%, objective met: %t\n",
			r.Start.Format("January 2006"), r.Downtime, r.Length, r.AvailabilityAt(6).StringFixed(6), r.Met)
		fmt.Printf("error budget: %s s allowed, %s s consumed (%s%%)\n", r.Budget.Allowed, r.Budget.Consumed, r.Budget.Burn)
	}
	// Output:
	// April 2014: 14h28m0s down of 720h0m0s, availability 97.990741%, objective met: false
	// error budget: 2592 s allowed, 52080 s consumed (2009.2593%)
}

func ExampleMeter_Active() {
	p, _ := sla.Load("seed-monthly-new-york.yaml", []byte(seedPolicy))
	p.Denominator = sla.ActiveTime
	m, err := sla.NewMeter(p, []*rca.Incident{seedImpacts()}, sla.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A subscriber who signed up during the outage, at 20:00 ET.
	ny, _ := time.LoadLocation("America/New_York")
	r := m.Active(0, time.Date(2014, 4, 18, 20, 0, 0, 0, ny), time.Time{})
	fmt.Printf("%s down of %s measured: %s%%\n", r.Downtime, r.Measured, r.AvailabilityAt(6).StringFixed(6))
	// Output:
	// 5h0m0s down of 292h0m0s measured: 98.287671%
}

func ExampleExplain() {
	p, _ := sla.Load("seed-monthly-new-york.yaml", []byte(seedPolicy))
	results, _ := sla.Measure(p, []*rca.Incident{seedImpacts()}, sla.Options{})
	if err := sla.Explain(os.Stdout, p, &results[0]); err != nil {
		fmt.Println(err)
	}
	// Output:
	// window: 2014-04-01 00:00:00 EDT – 2014-05-01 00:00:00 EDT (720h0m0s = 2592000 s)
	// rules: exact time; weights major_outage 1, partial_outage 1, degraded_performance 0, under_maintenance 0; down when any component is down
	// counted downtime: 2 span(s)
	//   2014-04-18 10:32:00 EDT – 2014-04-18 23:15:00 EDT  12h43m0s × 1 = 45780 s  (app major_outage, incident constant-contact-2014-04-18)
	//   2014-04-18 23:15:00 EDT – 2014-04-19 01:00:00 EDT  1h45m0s × 1 = 6300 s  (app partial_outage, incident constant-contact-2014-04-18)
	// downtime: 14h28m0s = 52080 s
	// weighted downtime: 45780 + 6300 = 52080 s
	// excluded: 0 s (never downtime)
	// measured: 2592000 s (the window)
	// availability: 100 × (2592000 − 52080) ÷ 2592000 = 97.9907407407%
	// objective: 99.9%: not met
	// error budget: allowed 2592000 × (100 − 99.9) ÷ 100 = 2592 s; consumed 52080 s (2009.2593%); remaining -49488 s
}

func ExampleTiers_Find() {
	lo, hi, below := dec("99.0"), dec("99.9"), dec("99.0")
	tiers := sla.Tiers{
		{Above: &lo, AtMost: &hi, Credit: dec("10")},
		{Below: &below, Credit: dec("25")},
	}
	for _, a := range []string{"99.5", "99.0", "98.2"} {
		r := resultAt(a)
		if i := tiers.Find(r); i >= 0 {
			fmt.Printf("%s%%: %s → %s%% credit\n", a, tiers[i], tiers[i].Credit)
		} else {
			fmt.Printf("%s%%: no tier\n", a)
		}
	}
	// Output:
	// 99.5%: > 99 and ≤ 99.9 → 10% credit
	// 99.0%: no tier
	// 98.2%: < 99 → 25% credit
}
