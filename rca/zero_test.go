package rca_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/rca"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments ((rca.Date{}).In(nil), …): none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".",
		rca.Date{}, rca.Level(0), rca.EventKind(0), rca.Status(0), rca.Channel(0), rca.ActionType(0),
		rca.ActionStatus(0), rca.DetectionMethod(0), rca.Incident{}, rca.Event{}, rca.Change{}, rca.Impact{},
		rca.Share{}, rca.Analysis{}, rca.Detection{}, rca.Lessons{}, rca.ActionItem{}, rca.Communication{},
		rca.Readiness{}, rca.MetricsOpts{}, rca.Milestone{}, rca.Elapsed{}, rca.Silence{}, rca.ComponentOutage{},
		rca.Metrics{}, rca.ReadinessOpts{}, rca.FindingCode(""), rca.Finding{},
		rca.Gap{}, rca.GapCode(""), rca.Publish{}, rca.Format(0))
}
