package pagerduty_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/source/pagerduty"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments: none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", pagerduty.Opts{})
}
