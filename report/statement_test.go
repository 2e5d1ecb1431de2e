package report_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

// TestStatementRefusesRequestBased: a statement measures incidents, so
// under a request-based policy (every OpenSLO SLO) it said "Availability
// 100.000000%, met" for the walk-through's 1h55m outage. NewStatement
// refuses the policy, naming it.
func TestStatementRefusesRequestBased(t *testing.T) {
	p, err := sla.LoadFile("../testdata/policies/request-based.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := rca.LoadFile("../testdata/walkthrough/incident.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := report.NewStatement(p, []*rca.Incident{inc}, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), report.Options{})
	var nr *sla.NoRequestsError
	if st != nil || !errors.As(err, &nr) || nr.Policy != "request-based" {
		t.Fatalf("NewStatement = %v, %v; want no statement and an error wrapping *sla.NoRequestsError for policy request-based", st, err)
	}
	if !strings.HasPrefix(err.Error(), `policy "request-based" is request based: `) || !strings.HasSuffix(err.Error(), "; a statement measures incidents only") {
		t.Errorf("message %q, want it to name the policy and say a statement measures incidents only", err)
	}
}
