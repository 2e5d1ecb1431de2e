package openslo_test

import (
	"fmt"

	"github.com/outagekit/postmortem/source/openslo"
)

func ExampleLoad() {
	doc := []byte(`apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
spec:
  indicator:
    spec:
      ratioMetric:
        rawType: failure
        raw: {metricSource: {type: Prometheus, spec: {query: 'slo:sli_error:ratio_rate5m'}}}
  timeWindow:
    - duration: 1M
      calendar: {startTime: "2025-01-01 00:00:00", timeZone: Europe/Berlin}
  budgetingMethod: RatioTimeslices
  objectives:
    - target: 0.9995
      timeSliceWindow: 5m
`)
	slo, err := openslo.Load("slo.yaml", doc, openslo.Opts{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := slo.Policy
	fmt.Println(p.ID, p.Objective, p.Window.Kind, p.Window.Zone, p.Indicator, p.Requests.Interval, slo.Ratio.RawType)
	// Output:
	// api-availability 99.95 month Europe/Berlin requests 5m0s failure
}
