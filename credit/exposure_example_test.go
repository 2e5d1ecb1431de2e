package credit_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// The seed's subscribers in April 2014, priced for outages of 1 hour and of
// 14h28m starting when the Constant Contact outage did: at 14h28m the
// totals are those of the demo's credit run for that outage.
func ExampleNewExposure() {
	policy, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	plans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("../testdata/subscriptions/demo.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	ny := policy.Window.Zone
	cfg := credit.Config{Plans: plans, Policies: []*sla.Policy{policy}}
	x, err := credit.NewExposure(cfg, credit.ExposureOptions{
		Window:    time.Date(2014, time.April, 1, 0, 0, 0, 0, ny),
		Durations: []time.Duration{time.Hour, 14*time.Hour + 28*time.Minute},
		Place:     credit.PlaceAt,
		At:        time.Date(2014, time.April, 18, 10, 32, 0, 0, ny),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	subs := credit.ReadSubscriptions(f, credit.ReadOptions{File: "demo.csv", Zones: x.Zones()})
	curve, err := x.Run(context.Background(), subs, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pt := range curve.Points {
		fmt.Printf("%v from %s: %d subscriptions credited\n", pt.Duration, pt.Placement.Start.In(ny).Format("2006-01-02 15:04 MST"), pt.Credited)
		for _, c := range pt.Currencies {
			fmt.Printf("  %s %s\n", c.Currency, credit.FormatAmount(c.Amount, c.Currency))
		}
	}
	// Output:
	// 1h0m0s from 2014-04-18 10:32 EDT: 9 subscriptions credited
	//   CHF 0.05
	//   EUR 2.80
	//   JPY 1
	//   KWD 0.000
	//   USD 27.11
	// 14h28m0s from 2014-04-18 10:32 EDT: 11 subscriptions credited
	//   CHF 1.00
	//   EUR 13.98
	//   JPY 20
	//   KWD 0.251
	//   USD 69.17
}

// On the walk-through's files: what one more hour of the incident, from
// where its impact ended, would have added to February's credits, and
// what they would have totalled.
func ExampleExposure_Run() {
	inc, err := rca.LoadFile("../testdata/walkthrough/incident.yaml")
	if err != nil {
		log.Fatal(err)
	}
	policy, err := sla.LoadFile("../testdata/walkthrough/policy.yaml")
	if err != nil {
		log.Fatal(err)
	}
	plans, err := credit.LoadPlansFile("../testdata/walkthrough/plans.yaml")
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Open("../testdata/walkthrough/subscriptions.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	feb := time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC)
	x, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{policy}, Incidents: []*rca.Incident{inc}},
		credit.ExposureOptions{Window: feb, Durations: []time.Duration{time.Hour}, Place: credit.PlaceAfter})
	if err != nil {
		log.Fatal(err)
	}
	curve, err := x.Run(ctx, credit.ReadSubscriptions(f, credit.ReadOptions{File: "subscriptions.csv", Zones: x.Zones()}), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(curve.Points[0].Placement.Start.Format(time.RFC3339), curve.Points[0].Placement.Rule)
	for _, c := range curve.Points[0].Currencies {
		fmt.Println(c.Currency, c.Amount.StringFixed(2), c.Total.StringFixed(2))
	}
	// Output:
	// 2025-02-01T01:05:00Z after
	// EUR 0.14 0.29
	// USD 4.90 23.79
}
