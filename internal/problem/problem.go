// Package problem holds the error type every input check of the module
// returns: a list of problems, each located by file, line, column and field
// path, so that a user can fix all of them in one pass.
//
// The public packages re-export these types under their own names
// (rca.Problem, rca.ValidationError, …) as aliases: they are one type, and
// errors.As with any of the names finds it.
package problem

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with an input.
//
// File, Line and Column are zero when unknown (a Go value was checked, not a
// file). Path names the field as written in the file format, with zero-based
// indexes: "timeline[3].at". Msg is lowercase and has no trailing period.
//
// Problem is a plain value: safe for concurrent use.
type Problem struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Path   string `json:"path,omitempty"`
	Msg    string `json:"message"`
}

// String formats p as "file:line:column: path: message", leaving out the
// parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Line))
			if p.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(p.Column))
			}
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is the error returned when an input has one or more problems. It
// holds every problem found, not only the first, in the order of their
// position in the input (file, line, column), then of discovery.
//
// An Error is safe for concurrent use as long as no goroutine modifies its
// Problems.
type Error struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	switch len(e.Problems) {
	case 0:
		return "no problems"
	case 1:
		return e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

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
// is "timeline[3].at"; Join("", "id") is "id".
func Join(path, name string) string {
	if path == "" {
		return name
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
