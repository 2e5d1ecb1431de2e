package problem_test

import (
	"errors"
	"fmt"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/problem"
)

// A billing system loads its plans and handles every problem of the file
// at once, without importing the incident package.
func ExampleError() {
	_, err := credit.LoadPlans("plans.yaml", []byte(`plans:
  - id: pro
    price: "1,5"
    currency: USD
    rule:
      kind: tiered
      tiers:
        - {below: "101", credit: "10"}
`))
	var perr *problem.Error
	if errors.As(err, &perr) {
		for _, p := range perr.Problems {
			fmt.Printf("line %d: %s: %s\n", p.Line, p.Path, p.Msg)
		}
	}
	// Output:
	// line 3: plans[0].price: want a decimal number, got "1,5" (write the decimal point as "." and no thousands separators)
	// line 8: plans[0].rule.tiers[0].below: "101" is not a percentage in [0, 100]
}
