// Package problem collects the problems of an input check (List), locates
// them in their file (Locator) and names their fields (Join, Index, Parent,
// Related). The error it builds is the public package problem's *Error
// (Problem and Error here are aliases of those types), so no exported API
// of the module names this internal package.
package problem

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/outagekit/postmortem/problem"
)

// Problem and Error are the public types of package problem: the
// checks build them here, users inspect them there.
type (
	Problem = problem.Problem
	Error   = problem.Error
)

// Locator maps a field path to the position where the field is written.
// It returns zeros when it does not know the path.
//
// List calls Locate from the goroutine that adds problems; a Locator shared
// by several Lists in different goroutines must be safe for concurrent use
// (fileformat.Doc is).
type Locator interface {
	Locate(path string) (line, column int)
}

// List collects problems. Its zero value is ready to use and records
// problems without a file or position.
//
// A List is not safe for concurrent use.
type List struct {
	File    string  // file every problem is in; may be empty
	Locator Locator // positions for paths; may be nil
	items   []Problem
}

// Add records a problem at path. When a Locator is set, the problem gets the
// position of the nearest enclosing path the Locator knows.
func (l *List) Add(path, msg string) {
	p := Problem{File: l.File, Path: path, Msg: msg}
	if l.Locator != nil {
		for q := path; ; q = Parent(q) {
			if line, col := l.Locator.Locate(q); line > 0 {
				p.Line, p.Column = line, col
				break
			}
			if q == "" {
				break
			}
		}
	}
	l.items = append(l.items, p)
}

// Addf records a problem at path with a formatted message.
func (l *List) Addf(path, format string, args ...any) {
	l.Add(path, fmt.Sprintf(format, args...))
}

// AddUnder records the problems of err, a *Error whose paths are relative
// to path (see Join), at their paths under path, located as Add locates
// them; any other error is recorded as one problem at path.
func (l *List) AddUnder(path string, err error) {
	var e *Error
	switch {
	case err == nil:
	case errors.As(err, &e):
		for _, p := range e.Problems {
			l.Add(Join(path, p.Path), p.Msg)
		}
	default:
		l.Add(path, err.Error())
	}
}

// AddProblem records p as it is.
func (l *List) AddProblem(p Problem) { l.items = append(l.items, p) }

// Len reports how many problems were recorded.
func (l *List) Len() int { return len(l.items) }

// Err returns nil when no problem was recorded, and an *Error holding every
// problem otherwise, sorted by position (problems without a line keep their
// order, after those with one).
func (l *List) Err() error {
	if len(l.items) == 0 {
		return nil
	}
	items := append([]Problem(nil), l.items...)
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if (a.Line == 0) != (b.Line == 0) {
			return a.Line != 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return &Error{Problems: items}
}

// Join returns the path of field name inside path: Join("timeline[3]", "at")
// is "timeline[3].at"; Join("", "id") is "id". name may be a path relative
// to path: Join("rule.tiers", "[2].below") is "rule.tiers[2].below", and
// Join("tiers", "") is "tiers".
func Join(path, name string) string {
	switch {
	case path == "":
		return name
	case name == "":
		return path
	case name[0] == '[':
		return path + name
	}
	return path + "." + name
}

// Index returns the path of element i of the list at path: Index("impacts", 1)
// is "impacts[1]".
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// Parent returns the path enclosing path: "timeline[3].at" → "timeline[3]" →
// "timeline" → "".
func Parent(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}

// Related reports whether path is one of paths, lies inside one of them, or
// encloses one of them. The root path "" in paths relates to nothing, and
// path "" encloses nothing: a problem with the document as a whole says
// nothing about its fields.
func Related(path string, paths []string) bool {
	for _, q := range paths {
		if q == "" {
			continue
		}
		if path == q || within(path, q) || (path != "" && within(q, path)) {
			return true
		}
	}
	return false
}

// within reports whether path is a field or element inside parent.
func within(path, parent string) bool {
	return len(path) > len(parent) && strings.HasPrefix(path, parent) &&
		(path[len(parent)] == '.' || path[len(parent)] == '[')
}

// Strings returns the problems of err, an *Error, one string each as
// Problem.String writes it; the error's text as the only element for any
// other error; nil for nil. Tests compare problems with it.
func Strings(err error) []string {
	if err == nil {
		return nil
	}
	var perr *Error
	if !errors.As(err, &perr) {
		return []string{err.Error()}
	}
	out := make([]string, len(perr.Problems))
	for i, p := range perr.Problems {
		out[i] = p.String()
	}
	return out
}
