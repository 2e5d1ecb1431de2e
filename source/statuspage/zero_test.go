package statuspage_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/source/statuspage"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments: none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", statuspage.ImpactStart(0), statuspage.Opts{}, statuspage.Result{})
}
