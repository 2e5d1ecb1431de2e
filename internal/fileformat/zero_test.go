package fileformat_test

import (
	"testing"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/zerotest"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments ((*Doc)(nil) included, as Decode may return
// one): none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".", fileformat.Options{}, fileformat.ParseError{}, fileformat.Format(0), fileformat.Doc{}, fileformat.TimeReader{})
	var doc *fileformat.Doc
	doc.Locate("id")
	doc.Text("id")
	doc.Failed("id")
}
