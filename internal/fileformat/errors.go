package fileformat

import (
	"errors"
	"fmt"

	"github.com/outagekit/postmortem/internal/problem"
)

// ParseError is the error ParseTime and ParseDuration return: the input
// that could not be read and why.
//
// ParseError is a plain value: safe for concurrent use.
type ParseError struct {
	Kind   string // what was being read: "time" or "duration"
	Input  string // the text as given
	Reason string // why it was rejected; lowercase
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Input, e.Reason)
}

// wholeDocument are the starts of the messages of the problems Decode
// reports without a field path.
var wholeDocument = []string{
	"file is ", "the document has more than", "a line longer than", "lines end in a bare carriage return", "invalid UTF-8", "control character", "invalid YAML", "invalid JSON",
	"nested more than", "empty document", "several YAML documents", "the top level must be",
	"empty field name", "want a field name",
}

// WholeDocument reports whether msg is the message of a kind of problem
// Decode may report without a field path, or the CSV readers at a line:
// about a document it could not read at all (too large or too many
// values, a CSV line without end or with bare carriage returns, not UTF-8 where no field can be named, a control
// character, not YAML or JSON, nested too deep, empty, several documents,
// not a mapping), or about a key that names no field (at the top level).
// Every other problem names its field; tests of the loaders hold them to
// that with this function.
func WholeDocument(msg string) bool {
	for _, prefix := range wholeDocument {
		if len(msg) >= len(prefix) && msg[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

// Unlocated returns the problems of err, a *problem.Error from a loader of
// file, that do not name the file, a line and (unless WholeDocument says
// the problem has none) a field: every loader of the module promises there
// are none, and its tests check that promise with this function. An err
// that is not a *problem.Error, or one without problems, is returned as a
// problem of its own.
func Unlocated(err error, file string) []problem.Problem {
	var perr *problem.Error
	if !errors.As(err, &perr) || len(perr.Problems) == 0 {
		return []problem.Problem{{Msg: fmt.Sprintf("not a *problem.Error with problems: %T %v", err, err)}}
	}
	var out []problem.Problem
	for _, p := range perr.Problems {
		if p.File != file || p.Line <= 0 || p.Msg == "" || p.Path == "" && !WholeDocument(p.Msg) {
			out = append(out, p)
		}
	}
	return out
}
