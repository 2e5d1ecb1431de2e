package problem_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/zerotest"
	"github.com/outagekit/postmortem/problem"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments ((&problem.Error{}).Error(), …): none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", problem.Problem{}, problem.Error{})
}
