package postmortem_test

import (
	"fmt"
	"io/fs"
	"log"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/rca"
)

// ExampleDemo is the README's example of the root package: the demo's
// embedded seed incident, loaded and measured.
func ExampleDemo() {
	data, err := fs.ReadFile(postmortem.Demo(), postmortem.DemoIncident)
	if err != nil {
		log.Fatal(err)
	}
	seed, err := rca.Load(postmortem.DemoIncident, data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(seed.Metrics(rca.MetricsOpts{}).Outage) // 14h28m0s
	// Output:
	// 14h28m0s
}
