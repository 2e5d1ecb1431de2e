package credit_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Example_walkthrough is the README's credit example, on the
// walk-through's files (testdata/walkthrough: the README's incident.yaml,
// policy.yaml, plans.yaml and subscriptions.csv).
func Example_walkthrough() {
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
	calc, err := credit.NewCalculator(credit.Config{
		Plans: plans, Policies: []*sla.Policy{policy}, Incidents: []*rca.Incident{inc},
	})
	if err != nil {
		log.Fatal(err)
	}
	lines, err := calc.Credit(credit.Subscription{ID: "s-1", Plan: "pro", Quantity: 1, From: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range lines {
		fmt.Println(l.WindowStart.Format("2006-01"), l.Amount.StringFixed(2), l.Currency)
	}
	// 2025-01 4.90 USD
	// 2025-02 4.90 USD

	ctx := context.Background()
	f, err := os.Open("../testdata/walkthrough/subscriptions.csv")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var sum credit.Summary
	subs := credit.ReadSubscriptions(f, credit.ReadOptions{File: "subscriptions.csv", Zones: calc.Zones()})
	for l, err := range calc.Run(ctx, subs) { // input order; stops with *credit.InterruptedError when ctx is done
		var re *credit.RowError
		if errors.As(err, &re) {
			sum.Reject(re) // a bad row: line, field, value, reason; the run goes on
			continue
		}
		if err != nil {
			log.Fatal(err) // not a row: the input broke off (I/O error, dropped connection); the run is over
		}
		sum.Add(&l) // and credit.NewLineWriter(out).Write(&l)
	}
	fmt.Println(sum.Read, sum.Credited, sum.Total(currency.USD))
	// Output:
	// 2025-01 4.90 USD
	// 2025-02 4.90 USD
	// 4 3 31.85
}
