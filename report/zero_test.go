package report_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/report"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments: none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", report.Document{}, report.Options{}, report.PageSize(0),
		report.ComponentResult{}, report.Statement{}, report.StatementIncident{}, report.ExposureChart{}, report.Mark{})
}
