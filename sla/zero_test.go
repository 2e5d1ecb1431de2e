package sla_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/sla"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments ((&sla.Meter{}).Results(), …): none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".",
		sla.Meter{}, sla.Policy{}, sla.Window{}, sla.WindowKind(0), sla.Indicator(0), sla.DownWhen(0),
		sla.Granularity(0), sla.Denominator(0), sla.MaintenanceRule{}, sla.Exclusion{}, sla.RequestRule{},
		sla.Deadline{}, sla.Options{}, sla.RequestCount{}, sla.Result{}, sla.RequestStats{}, sla.Budget{},
		sla.Span{}, sla.Tier{}, sla.Tiers{},
		sla.IntervalRule{}, sla.IntervalCount(0), sla.AllowancePeriod(0), sla.DownInterval{},
		sla.NoRequestsError{})
}
