package pagerduty_test

import (
	"fmt"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/pagerduty"
)

// An incident and its log entries, as GET /incidents/{id} and
// GET /incidents/{id}/log_entries give them: the time to acknowledge is
// PagerDuty's own.
func ExampleImport() {
	incident := []byte(`{"incident": {"id": "PT4KHLK", "title": "The server is on fire.", "status": "resolved",
	  "urgency": "high", "priority": {"summary": "P2"}, "created_at": "2015-10-06T21:30:42Z",
	  "service": {"id": "PIJ90N7", "type": "service_reference", "summary": "My Mail Service"}}}`)
	logEntries := []byte(`{"log_entries": [
	  {"id": "L3", "type": "resolve_log_entry", "summary": "Resolved by Earline", "created_at": "2015-10-06T22:12:05Z", "incident": {"id": "PT4KHLK"}},
	  {"id": "L2", "type": "acknowledge_log_entry", "summary": "Acknowledged by Earline", "created_at": "2015-10-06T21:39:23Z", "incident": {"id": "PT4KHLK"}},
	  {"id": "L1", "type": "trigger_log_entry", "summary": "Triggered through the API", "created_at": "2015-10-06T21:30:42Z",
	   "agent": {"type": "service_reference", "summary": "My Mail Service"}, "incident": {"id": "PT4KHLK"}}]}`)
	incs, err := pagerduty.Import(pagerduty.Opts{},
		source.File{Name: "incident.json", Data: incident}, source.File{Name: "log_entries.json", Data: logEntries})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := incs[0].Metrics(rca.MetricsOpts{})
	fmt.Println(incs[0].Severity, incs[0].Components, m.TimeToAcknowledge.D, m.TimeToResolve.D)
	// Output:
	// P2 [My Mail Service] 8m41s 41m23s
}
