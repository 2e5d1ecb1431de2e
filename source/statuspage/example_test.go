package statuspage_test

import (
	"fmt"
	"time"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/statuspage"
)

// An export of one incident whose updates repeat the component's status,
// as real exports do: the repeated status changes nothing, and each update
// is one communication.
func ExampleImport() {
	export := []byte(`{"page": {"name": "Acme"}, "incidents": [{
	  "id": "p1", "name": "API errors", "status": "resolved", "impact": "major",
	  "started_at": "2024-05-06T13:58:00.000Z", "resolved_at": "2024-05-06T15:00:00.250Z",
	  "incident_updates": [
	    {"status": "resolved", "body": "Fixed.", "created_at": "2024-05-06T15:00:00.250Z",
	     "affected_components": [{"code": "c1", "name": "API", "old_status": "major_outage", "new_status": "operational"}]},
	    {"status": "investigating", "body": "Still <b>looking</b> &amp; sorry.", "created_at": "2024-05-06T14:30:00.000Z",
	     "affected_components": [{"code": "c1", "name": "API", "old_status": "major_outage", "new_status": "major_outage"}]},
	    {"status": "investigating", "body": "Looking into API errors.", "created_at": "2024-05-06T14:02:11.500Z",
	     "affected_components": [{"code": "c1", "name": "API", "old_status": "operational", "new_status": "major_outage"}]}
	  ]}]}`)
	res, err := statuspage.Import(statuspage.Opts{}, source.File{Name: "incidents.json", Data: export})
	if err != nil {
		fmt.Println(err)
		return
	}
	inc := res.Incidents[0]
	for _, imp := range inc.EffectiveImpacts() {
		fmt.Println(imp.Component, imp.Level, imp.Start.Format(time.RFC3339Nano), imp.End.Format(time.RFC3339Nano))
	}
	for _, c := range inc.Communications {
		fmt.Println(c.At.Format("15:04:05.000"), c.Text)
	}
	m := inc.Metrics(rca.MetricsOpts{})
	fmt.Println("outage", m.Outage, "longest silence", m.LongestSilence.D)
	// Output:
	// API major_outage 2024-05-06T13:58:00Z 2024-05-06T15:00:00.25Z
	// 14:02:11.500 Looking into API errors.
	// 14:30:00.000 Still looking & sorry.
	// 15:00:00.250 Fixed.
	// outage 1h2m0.25s longest silence 30m0.25s
}
