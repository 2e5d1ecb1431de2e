package catalog_test

import (
	"fmt"
	"time"

	"github.com/outagekit/postmortem/catalog"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// What Amazon owes for a one-hour regional outage of EC2 in April 2025:
// 60 of the month's 43,200 minutes is 99.861111%, in the 10% tier.
func ExamplePolicy() {
	p, err := catalog.Policy("aws-ec2-region")
	if err != nil {
		fmt.Println(err)
		return
	}
	start := time.Date(2025, 4, 15, 10, 0, 0, 0, time.UTC)
	outage := &rca.Incident{ID: "use1-az2-power", Impacts: []rca.Impact{
		{Component: "ec2", Level: rca.MajorOutage, Start: start, End: start.Add(time.Hour)},
	}}
	results, err := sla.Measure(p, []*rca.Incident{outage}, sla.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := &results[0]
	fmt.Println(p.Name, "version", p.Version)
	fmt.Println(r.Start.Format("2006-01"), r.AvailabilityAt(6), "met:", r.Met)
	if i := p.Tiers.Find(r); i >= 0 {
		fmt.Printf("credit: %s%% of the month's charges\n", p.Tiers[i].Credit)
	}
	// Output:
	// Amazon EC2, Region-Level SLA version 2022-05-25
	// 2025-04 99.861111 met: false
	// credit: 10% of the month's charges
}

func ExampleNames() {
	for _, name := range catalog.Names()[:3] {
		fmt.Println(name)
	}
	// Output:
	// atlassian-cloud-premium
	// aws-ec2-instance
	// aws-ec2-region
}
