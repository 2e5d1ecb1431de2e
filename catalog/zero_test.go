package catalog_test

import (
	"testing"

	"github.com/outagekit/postmortem/catalog"
	"github.com/outagekit/postmortem/internal/zerotest"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments: none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", catalog.Entry{}, catalog.UnknownError{})
}
