package credit_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// A billing database stores when a subscription started as a SQL DATE,
// which a driver returns as midnight UTC. Date reads it as a
// subscriptions file does: midnight in the plan's billing zone.
func ExampleCalculator_Date() {
	policy, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	calc, err := credit.NewCalculator(credit.Config{
		Plans: []credit.Plan{{
			ID: "email-starter", Price: decimal.RequireFromString("15.00"), Currency: currency.USD,
			Rule: credit.Rule{Kind: credit.Prorated},
		}},
		Policies: []*sla.Policy{policy},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	activeFrom := time.Date(2014, time.April, 16, 0, 0, 0, 0, time.UTC) // as scanned from a DATE column
	from, err := calc.Date("email-starter", rca.DateOf(activeFrom))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(from)
	fmt.Println(from.UTC())
	// Output:
	// 2014-04-16 00:00:00 -0400 EDT
	// 2014-04-16 04:00:00 +0000 UTC
}
