package rca_test

import (
	"fmt"
	"log"
	"time"

	"github.com/outagekit/postmortem/rca"
)

// Example_walkthrough is the README's rca example, on the walk-through's
// incident file (testdata/walkthrough, the README's incident.yaml).
func Example_walkthrough() {
	inc, err := rca.LoadFile("../testdata/walkthrough/incident.yaml") // every problem in one *rca.ValidationError
	if err != nil {
		log.Fatal(err)
	}
	m := inc.Metrics(rca.MetricsOpts{})
	fmt.Println(m.Outage, m.TimeToDetect.D, m.RCADue.Format(time.DateOnly))
	// Output:
	// 1h55m0s 4m0s 2025-03-03
}
