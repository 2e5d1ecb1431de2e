package postmortem_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"log"
	"time"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

// Example runs the whole pipeline on the seed outage: the incident file, the
// SLA policy it was measured by, the credit of the $15/month subscriber who
// asked for a pro-rated refund of April, and the first lines of the report.
func Example() {
	demo := postmortem.Demo()
	read := func(name string) []byte {
		data, err := fs.ReadFile(demo, name)
		if err != nil {
			log.Fatal(err)
		}
		return data
	}

	// 1. The incident, as engineers wrote it (local times in America/New_York).
	inc, err := rca.Load(postmortem.DemoIncident, read(postmortem.DemoIncident))
	if err != nil {
		log.Fatal(err) // a *rca.ValidationError: every problem, with file, line and field
	}
	m := inc.Metrics(rca.MetricsOpts{})
	fmt.Println("outage:", m.Outage, "from", m.Start.In(inc.Location()).Format("2006-01-02 15:04 MST"))

	// 2. The SLA: monthly windows in New York, partial restoration counts as down.
	policy, err := sla.Load(postmortem.DemoPolicy, read(postmortem.DemoPolicy))
	if err != nil {
		log.Fatal(err)
	}
	ny := policy.Window.Zone
	april, may := time.Date(2014, 4, 1, 0, 0, 0, 0, ny), time.Date(2014, 5, 1, 0, 0, 0, 0, ny)
	results, err := sla.Measure(policy, []*rca.Incident{inc}, sla.Options{From: april, To: may})
	if err != nil {
		log.Fatal(err)
	}
	r := results[0]
	fmt.Printf("April: %v down of %v, availability %s%%, objective met: %v\n",
		r.Downtime, r.Measured, r.AvailabilityAt(6), r.Met)

	// 3. The credit of a $15/month subscriber active all April.
	plans, err := credit.LoadPlans(postmortem.DemoPlans, read(postmortem.DemoPlans))
	if err != nil {
		log.Fatal(err)
	}
	calc, err := credit.NewCalculator(credit.Config{
		Plans: plans, Policies: []*sla.Policy{policy}, Incidents: []*rca.Incident{inc},
		From: april, To: may,
	})
	if err != nil {
		log.Fatal(err)
	}
	lines, err := calc.Credit(credit.Subscription{
		ID: "lantern-three", Customer: "lantern-three", Plan: "email-starter", Quantity: 1,
		From: time.Date(2014, 1, 1, 0, 0, 0, 0, ny), AnchorDay: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("credit:", credit.FormatAmount(lines[0].Amount, lines[0].Currency), lines[0].Currency)
	fmt.Println(lines[0].Explanation)

	// 4. The report, here in Markdown (report.WritePDF writes the PDF).
	doc := report.New(inc, report.Options{AsOf: may, Public: true})
	doc.Policy, doc.Results = policy, results
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, doc); err != nil {
		log.Fatal(err)
	}
	first, _ := bufio.NewReader(&md).ReadString('\n')
	fmt.Print(first)

	// Output:
	// outage: 14h28m0s from 2014-04-18 10:32 EDT
	// April: 14h28m0s down of 720h0m0s, availability 97.990741%, objective met: false
	// credit: 0.30 USD
	// 15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)
	// # Constant Contact outage after a power disruption at the primary site
}
