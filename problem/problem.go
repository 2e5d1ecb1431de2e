// Package problem holds the error every input check of the module returns:
// a list of problems, each located by file, line, column and field path, so
// that a user can fix all of them in one pass.
//
// Loading or validating an incident (rca), a policy (sla) or plans (credit),
// and building a credit.Calculator, return a *[Error] when the input has
// problems; inspect it with errors.As, whichever package returned it:
//
//	var perr *problem.Error
//	if errors.As(err, &perr) {
//		for _, p := range perr.Problems {
//			fmt.Println(p) // plans.yaml:12:7: plans[1].rule.tiers[0].below: "101" is not a percentage in [0, 100]
//		}
//	}
//
// rca.ValidationError and rca.Problem are other names of the same types.
package problem

import (
	"fmt"
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

// MaxProblems is the most problems an Error lists. A hostile or badly
// broken input can have millions; the first ones are enough to fix it
// (and to see the pattern), and the rest are counted (Error.Omitted).
const MaxProblems = 100

// Error is the error returned when an input has one or more problems. It
// lists the problems found, not only the first, in the order of their
// position in the input (file, line, column), then of discovery: every
// problem, up to MaxProblems; past that, the first MaxProblems by position,
// and Omitted counts the others.
//
// An Error is safe for concurrent use as long as no goroutine modifies its
// Problems.
type Error struct {
	Problems []Problem
	// Omitted is how many more problems were found than Problems lists.
	Omitted int
}

// Len returns the number of problems found: those listed and those
// omitted.
func (e *Error) Len() int { return len(e.Problems) + e.Omitted }

// Error lists the problems, one per line, and says how many were not
// listed.
func (e *Error) Error() string {
	switch {
	case e.Len() == 0:
		return "no problems"
	case e.Len() == 1 && len(e.Problems) == 1:
		return e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems:", e.Len())
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		b.WriteString("\n  ")
		b.WriteString(e.OmittedLine())
	}
	return b.String()
}

// OmittedLine says how many problems Problems leaves out ("… and 4 more
// problems (only the first 100 are listed)"), or "" when none.
func (e *Error) OmittedLine() string {
	switch e.Omitted {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("… and 1 more problem (only the first %d are listed)", len(e.Problems))
	}
	return fmt.Sprintf("… and %d more problems (only the first %d are listed)", e.Omitted, len(e.Problems))
}
