package openslo_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/source/openslo"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments: none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", openslo.Opts{}, openslo.SLO{}, openslo.Ratio{})
}
