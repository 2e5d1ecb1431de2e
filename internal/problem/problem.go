// Package problem collects the problems of an input check (List), locates
// them in their file (Locator) and names their fields (Join, Index,
// Parent). The error it builds is the public package problem's *Error
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

// Problem, Error and MaxProblems are those of the public package problem:
// the checks build them here, users inspect them there.
type (
	Problem = problem.Problem
	Error   = problem.Error
)

// MaxProblems is the most problems an Error lists (problem.MaxProblems).
const MaxProblems = problem.MaxProblems

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
// A List keeps at most 2 × MaxProblems problems in memory however many are
// added: past that it keeps the first MaxProblems by position and counts
// the rest, and a problem that could only come after them is counted
// without being stored (nor its path computed, see AddAt). Adding n
// problems costs O(n log MaxProblems) time.
//
// A List is not safe for concurrent use.
type List struct {
	File    string  // file every problem is in; may be empty
	Locator Locator // positions for paths; may be nil
	// Drop, when set, leaves out the problems Add and Addf would record at
	// the paths it reports (fileformat.Load drops the problems validation
	// finds in fields that failed to decode). AddProblem and AddAt do not
	// consult it.
	Drop func(path string) bool

	items   []Problem
	omitted int
	full    bool    // items was trimmed: last is the latest position kept
	last    Problem // the position of the last problem kept after a trim
}

// Add records a problem at path. When a Locator is set, the problem gets the
// position of the nearest enclosing path the Locator knows.
func (l *List) Add(path, msg string) {
	if p, ok := l.at(path); ok {
		p.Msg = msg
		l.AddProblem(p)
	}
}

// Addf records a problem at path with a formatted message. The message is
// formatted only when the problem is listed.
func (l *List) Addf(path, format string, args ...any) {
	if p, ok := l.at(path); ok {
		p.Msg = fmt.Sprintf(format, args...)
		l.AddProblem(p)
	}
}

// at returns a problem at path, located, and whether to record it: not
// when Drop drops it, nor when it can only be omitted (it is then
// counted).
func (l *List) at(path string) (Problem, bool) {
	if l.Drop != nil && l.Drop(path) {
		return Problem{}, false
	}
	p := Problem{File: l.File, Path: path}
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
	if l.after(&p) {
		l.omitted++
		return Problem{}, false
	}
	return p, true
}

// AddAt records a problem of l.File at a known position. path.String is
// called only when the problem is stored: a problem that comes after
// MaxProblems others is counted without computing its path (which may be
// long in a deep document). A nil path is the document itself, "".
func (l *List) AddAt(line, column int, path fmt.Stringer, msg string) {
	p := Problem{File: l.File, Line: line, Column: column, Msg: msg}
	if l.after(&p) {
		l.omitted++
		return
	}
	if path != nil {
		p.Path = path.String()
	}
	l.AddProblem(p)
}

// Keeps reports whether a problem of l.File at line and column would be
// listed if it were added now, rather than only counted: a caller can skip
// work on the message of a problem that will not be listed.
func (l *List) Keeps(line, column int) bool {
	return !l.after(&Problem{File: l.File, Line: line, Column: column})
}

// AddProblem records p as it is.
func (l *List) AddProblem(p Problem) {
	if l.after(&p) {
		l.omitted++
		return
	}
	l.items = append(l.items, p)
	if len(l.items) >= 2*MaxProblems {
		sortProblems(l.items)
		l.omitted += len(l.items) - MaxProblems
		clear(l.items[MaxProblems:])
		l.items = l.items[:MaxProblems]
		l.full, l.last = true, l.items[MaxProblems-1]
	}
}

// AddUnder records the problems of err, a *Error whose paths are relative
// to path (see Join), at their paths under path, located as Add locates
// them, and counts the problems it omitted; any other error is recorded as
// one problem at path.
func (l *List) AddUnder(path string, err error) {
	var e *Error
	switch {
	case err == nil:
	case errors.As(err, &e):
		for _, p := range e.Problems {
			l.Add(Join(path, p.Path), p.Msg)
		}
		l.omitted += e.Omitted
	default:
		l.Add(path, err.Error())
	}
}

// AddAll records the problems of e, and counts the problems e omitted.
func (l *List) AddAll(e *Error) {
	for _, p := range e.Problems {
		l.AddProblem(p)
	}
	l.omitted += e.Omitted
}

// after reports whether p would sort after every problem kept once the
// list is full: then it can only be omitted.
func (l *List) after(p *Problem) bool {
	return l.full && less(&l.last, p)
}

// Len reports how many problems were recorded, kept or omitted.
func (l *List) Len() int { return len(l.items) + l.omitted }

// Err returns nil when no problem was recorded, and an *Error otherwise:
// the first MaxProblems problems sorted by position (problems without a
// line keep their order, after those with one), and the count of the
// others.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	items := append([]Problem(nil), l.items...)
	sortProblems(items)
	omitted := l.omitted
	if len(items) > MaxProblems {
		omitted += len(items) - MaxProblems
		items = items[:MaxProblems:MaxProblems]
	}
	return &Error{Problems: items, Omitted: omitted}
}

// sortProblems sorts problems by position, stably.
func sortProblems(items []Problem) {
	sort.SliceStable(items, func(i, j int) bool { return less(&items[i], &items[j]) })
}

// less orders problems by file, then line (problems without one last),
// then column.
func less(a, b *Problem) bool {
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
