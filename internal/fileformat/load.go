package fileformat

import (
	"errors"

	"github.com/outagekit/postmortem/internal/problem"
)

// Load decodes data into v as Decode does, then validates what was decoded,
// and returns every problem of both kinds together as a *problem.Error
// sorted by position (the first problem.MaxProblems of them, and the count
// of the others), or nil.
//
// validate records problems in the list it is given; the list locates them
// in the document (its Locator is doc), so they get the line of their
// field, and doc gives validate the values as written (Doc.Text) to quote.
// validate is not called when the document could not be read at all (not
// YAML or JSON, not UTF-8, not a mapping, too large): every field would be
// "missing". A validation problem at a field that failed to decode (at
// it, inside it or enclosing it, see Doc.Failed) is dropped: that field
// was left zero, and its decoding problem already says what is wrong.
// Load's cost is linear in the size of the document and the number of
// problems.
//
// A non-nil error that is not a *problem.Error is a programming error (v is
// not a pointer to a struct of supported types).
func Load(name string, data []byte, v any, opts Options, validate func(l *problem.List, doc *Doc)) error {
	doc, err := Decode(name, data, v, opts)
	if doc == nil || err != nil && doc.root == nil {
		return err
	}
	out := problem.List{File: name, Locator: doc, Drop: doc.Failed}
	if err != nil {
		var perr *problem.Error
		if !errors.As(err, &perr) {
			return err
		}
		out.AddAll(perr)
	}
	validate(&out, doc)
	return out.Err()
}
