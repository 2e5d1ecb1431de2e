package fileformat

import (
	"errors"

	"github.com/outagekit/postmortem/internal/problem"
)

// Load decodes data into v as Decode does, then validates what was decoded,
// and returns every problem of both kinds together as a *problem.Error
// sorted by position, or nil.
//
// validate records problems in the list it is given; the list locates them
// in the document (its Locator is doc), so they get the line of their
// field, and doc gives validate the values as written (Doc.Text) to quote. validate is not called when the document could not be
// read at all (not YAML or JSON, not UTF-8, not a mapping, too large):
// every field would be "missing".
// A validation problem related to a field that failed to decode (at it,
// inside it or enclosing it, see problem.Related) is dropped: that field
// was left zero, and its decoding problem already says what is wrong.
//
// A non-nil error that is not a *problem.Error is a programming error (v is
// not a pointer to a struct of supported types).
func Load(name string, data []byte, v any, opts Options, validate func(l *problem.List, doc *Doc)) error {
	doc, err := Decode(name, data, v, opts)
	if doc == nil || err != nil && doc.pos == nil {
		return err
	}
	out := problem.List{File: name}
	var failed []string
	if err != nil {
		var perr *problem.Error
		if !errors.As(err, &perr) {
			return err
		}
		for _, p := range perr.Problems {
			out.AddProblem(p)
			failed = append(failed, p.Path)
		}
	}
	checked := problem.List{File: name, Locator: doc}
	validate(&checked, doc)
	var verr *problem.Error
	if errors.As(checked.Err(), &verr) {
		for _, p := range verr.Problems {
			if !problem.Related(p.Path, failed) {
				out.AddProblem(p)
			}
		}
	}
	return out.Err()
}
