package sla_test

import (
	"fmt"
	"log"
	"os"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Example_walkthrough is the README's sla example, on the walk-through's
// files (testdata/walkthrough: the README's incident.yaml and policy.yaml).
func Example_walkthrough() {
	inc, err := rca.LoadFile("../testdata/walkthrough/incident.yaml")
	if err != nil {
		log.Fatal(err)
	}
	policy, err := sla.LoadFile("../testdata/walkthrough/policy.yaml")
	if err != nil {
		log.Fatal(err)
	}
	results, err := sla.Measure(policy, []*rca.Incident{inc}, sla.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Println(r.Start.Format("2006-01"), r.Downtime, r.AvailabilityAt(6).StringFixed(6), r.Met)
	}
	// 2025-01 50m0s 99.887993 false
	// 2025-02 1h5m0s 99.838790 false

	if err := sla.Explain(os.Stdout, policy, &results[0]); err != nil { // the arithmetic
		log.Fatal(err)
	}
	// Output:
	// 2025-01 50m0s 99.887993 false
	// 2025-02 1h5m0s 99.838790 false
	// window: 2025-01-01 00:00:00 UTC – 2025-02-01 00:00:00 UTC (744h0m0s = 2678400 s)
	// rules: exact time; weights major_outage 1, partial_outage 1, degraded_performance 0, under_maintenance 0; down when any component is down
	// counted downtime: 1 span(s)
	//   2025-01-31 23:10:00 UTC – 2025-02-01 00:00:00 UTC  50m0s × 1 = 3000 s  (api major_outage, incident INC-2025-0131)
	// downtime: 50m0s = 3000 s
	// weighted downtime: 3000 = 3000 s
	// excluded: 0 s (never downtime)
	// measured: 2678400 s (the window)
	// availability: 100 × (2678400 − 3000) ÷ 2678400 = 99.8879928315%
	// objective: 99.9%: not met
	// error budget: allowed 2678400 × (100 − 99.9) ÷ 100 = 2678.4 s; consumed 3000 s (112.0072%); remaining -321.6 s
}
