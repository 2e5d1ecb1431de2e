package source_test

import (
	"fmt"
	"log"
	"os"

	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/openslo"
	"github.com/outagekit/postmortem/source/pagerduty"
	"github.com/outagekit/postmortem/source/prometheus"
	"github.com/outagekit/postmortem/source/statuspage"
)

// read returns the contents of a fixture of testdata/.
func read(name string) []byte {
	data, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		log.Fatal(err)
	}
	return data
}

// Example_walkthrough is the README's example of the source packages, on
// their fixtures (testdata/statuspage, pagerduty, openslo, prometheus).
func Example_walkthrough() {
	data, inc, log := read("statuspage/page-1.json"), read("pagerduty/incident.json"), read("pagerduty/log_entries.json")
	sloData, ratio := read("openslo/ratio-timeslices-rolling.yaml"), read("prometheus/bad-ratio.json")

	res, err := statuspage.Import(statuspage.Opts{}, source.File{Name: "incidents.json", Data: data})
	if err != nil {
		fmt.Println(err)
		return
	}
	incs, err := pagerduty.Import(pagerduty.Opts{}, source.File{Name: "incident.json", Data: inc}, source.File{Name: "log_entries.json", Data: log})
	if err != nil {
		fmt.Println(err)
		return
	}
	slo, err := openslo.Load("slo.yaml", sloData, openslo.Opts{})
	if err != nil {
		fmt.Println(err)
		return
	}
	reqs, err := prometheus.Requests(prometheus.Opts{Interval: slo.Policy.Requests.Interval},
		prometheus.Series{Role: prometheus.BadRatio, File: source.File{Name: "ratio.json", Data: ratio}})
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := sla.Measure(slo.Policy, nil, sla.Options{Requests: reqs})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.Incidents), "Statuspage incidents;", incs[0].ID, "from PagerDuty")
	fmt.Println(slo.Policy.ID, len(reqs), "intervals,", len(results), "window:", results[0].AvailabilityAt(6).StringFixed(6)+"%")
	// Output:
	// 2 Statuspage incidents; PT4KHLK from PagerDuty
	// api-availability 12 intervals, 1 window: 99.987859%
}
