package rca_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

const exampleFile = `
id: INC-42
title: Checkout down after a database failover
zone: America/New_York
status: resolved
components: [checkout, api]
timeline:
  - at: 2024-05-06 10:00
    kind: started
    changes:
      - {component: checkout, status: major_outage}
      - {component: api, status: degraded_performance, affected: 2%}
  - at: 2024-05-06 10:07
    kind: detected
    source: monitoring
  - at: 2024-05-06 10:40
    kind: mitigated
    changes:
      - {component: checkout, status: partial_outage}
  - at: 2024-05-06 11:30
    kind: resolved
    changes:
      - {component: checkout, status: operational}
      - {component: api, status: operational}
communications:
  - {at: 2024-05-06 10:20, channel: status_page, text: We are investigating failed checkouts.}
action_items:
  - {title: Test failover monthly, type: prevent, due: 2024-05-31}
readiness:
  plan: Database failover runbook
  last_reviewed: 2024-02-29
  failover_tested: true
`

func ExampleLoad() {
	inc, err := rca.Load("inc-42.yaml", []byte(exampleFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inc.ID, "in", inc.Location())
	for _, imp := range inc.EffectiveImpacts() {
		line := fmt.Sprintf("%-8s %-20s %s → %s", imp.Component, imp.Level,
			imp.Start.Format("15:04 MST"), imp.End.Format("15:04 MST"))
		if !imp.Affected.IsAll() {
			line += " for " + imp.Affected.String()
		}
		fmt.Println(line)
	}
	// Output:
	// INC-42 in America/New_York
	// api      degraded_performance 10:00 EDT → 11:30 EDT for 2%
	// checkout major_outage         10:00 EDT → 10:40 EDT
	// checkout partial_outage       10:40 EDT → 11:30 EDT
}

func ExampleLoad_problems() {
	_, err := rca.Load("broken.yaml", []byte(`id: INC-43
titel: Typo
impacts:
  - component: api
    level: major_outage
    start: 2024-05-06T10:00:00Z
    end: 2024-05-06T09:00:00Z
`))
	var verr *rca.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// broken.yaml:1:1: title: missing
	// broken.yaml:2:1: titel: unknown field (did you mean "title"?)
	// broken.yaml:7:5: impacts[0].end: before start
}

func ExampleIncident_Validate() {
	start := time.Date(2024, 5, 6, 14, 0, 0, 0, time.UTC)
	inc := &rca.Incident{
		ID:    "INC-44",
		Title: "Out of order",
		Timeline: []rca.Event{
			{At: start, Kind: rca.Started},
			{At: start.Add(-time.Minute), Kind: rca.Detected},
		},
		Impacts:     []rca.Impact{{Component: "api", Level: rca.Operational, Start: start}},
		ActionItems: []rca.ActionItem{{Title: "Fix", Type: rca.Prevent}},
	}
	fmt.Println(inc.Validate())
	// Output:
	// 4 problems:
	//   timeline[1].at: out of order: before timeline[0]
	//   timeline[1].at: before the incident started
	//   impacts[0].level: operational is not an impact
	//   action_items[0].due: missing
}

func ExampleIncident_Metrics() {
	inc, err := rca.Load("inc-42.yaml", []byte(exampleFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	m := inc.Metrics(rca.MetricsOpts{AsOf: time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)})
	fmt.Println("outage:", m.Outage, "from", m.Start.Format(time.RFC3339))
	fmt.Println("time to detect:", m.TimeToDetect.D, "to mitigate:", m.TimeToMitigate.D, "to resolve:", m.TimeToResolve.D)
	for _, c := range m.Components {
		fmt.Printf("%s: down %v, major %v, partial %v, degraded %v\n", c.Component, c.Down,
			c.ByLevel[rca.MajorOutage], c.ByLevel[rca.PartialOutage], c.ByLevel[rca.DegradedPerformance])
	}
	fmt.Println("longest silence:", m.LongestSilence.D, "until", m.LongestSilence.To.Format("15:04 MST"))
	fmt.Println("RCA due:", m.RCADue.Format("2006-01-02 15:04 MST"), "overdue:", m.RCAOverdue)
	fmt.Println("overdue action items:", m.OverdueActions)
	for _, f := range m.Readiness {
		fmt.Println("readiness:", f.Code, "-", f.Msg)
	}
	// Output:
	// outage: 1h30m0s from 2024-05-06T10:00:00-04:00
	// time to detect: 7m0s to mitigate: 40m0s to resolve: 1h30m0s
	// api: down 1h30m0s, major 0s, partial 0s, degraded 1h30m0s
	// checkout: down 1h30m0s, major 40m0s, partial 50m0s, degraded 0s
	// longest silence: 1h10m0s until 11:30 EDT
	// RCA due: 2024-06-05 11:30 EDT overdue: true
	// overdue action items: [0]
	// readiness: review_overdue - the plan was last reviewed on 2024-02-29; it was due again by 2024-05-29
	// readiness: never_drilled - the plan was never drilled
}

func ExampleParseShare() {
	for _, s := range []string{"300 of 1000", "2%", "0.3"} {
		sh, err := rca.ParseShare(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		num, den := sh.Ratio()
		fmt.Printf("%s = %s/%s; 60 min → %s user-minutes per user\n", sh, num, den,
			sh.Weigh(decimal.NewFromInt(60), 2))
	}
	_, err := rca.ParseShare("120%")
	fmt.Println(err)
	// Output:
	// 300 of 1000 = 300/1000; 60 min → 18 user-minutes per user
	// 2% = 2/100; 60 min → 1.2 user-minutes per user
	// 0.3 = 0.3/1; 60 min → 18 user-minutes per user
	// "120%": share must be at most all (got 120 of 100)
}

func ExampleReadiness_Findings() {
	r := rca.Readiness{Plan: "DR plan", LastReviewed: rca.Date{Year: 2013, Month: time.November, Day: 30}}
	asOf := time.Date(2014, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, f := range r.Findings(asOf, time.UTC, rca.ReadinessOpts{}) {
		fmt.Println(f.Code, "-", f.Msg)
	}
	// Output:
	// review_overdue - the plan was last reviewed on 2013-11-30; it was due again by 2014-02-28
	// never_drilled - the plan was never drilled
	// failover_untested - failover is not recorded as tested
}
