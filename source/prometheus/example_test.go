package prometheus_test

import (
	"fmt"

	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/prometheus"
)

// An error ratio evaluated every five minutes: each sample is the step
// that ends at it, kept as an exact fraction; NaN (no requests) is a step
// without requests.
func ExampleRequests() {
	result := []byte(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},
	  "values":[[1740787500,"0"],[1740787800,"0.0025"],[1740788100,"NaN"]]}]}}`)
	reqs, err := prometheus.Requests(prometheus.Opts{}, prometheus.Series{Role: prometheus.BadRatio, File: source.File{Name: "ratio.json", Data: result}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range reqs {
		fmt.Println(r.Start.Format("15:04"), r.Failed, "of", r.Total)
	}
	// Output:
	// 00:00 0 of 1
	// 00:05 1 of 400
	// 00:10 0 of 0
}
