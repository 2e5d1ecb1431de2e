package credit

import (
	"fmt"
	"strconv"
	"strings"
)

// RowError is a subscription (or a row of a lines file) refused with a
// reason: the run goes on without it, and the summary counts it as
// rejected. File and Line locate the row (both zero for a Subscription
// built in Go without a Line); Field names the column of the problem (as in
// the CSV header: "plan_id", "quantity"), empty when the row as a whole is
// wrong (a wrong number of fields); Value is the text found there; Err is
// the reason.
//
// A row with several problems is one RowError: the first problem, in column
// order, in Field, Value and Err, and the others in Also.
//
// A RowError is safe for concurrent use as long as no goroutine modifies it
// (its Also is shared, not copied).
type RowError struct {
	File  string
	Line  int
	Field string
	Value string
	Err   error
	Also  []FieldError
}

// FieldError is one more problem of a row; see RowError.
//
// FieldError is a plain value: safe for concurrent use.
type FieldError struct {
	Field string
	Value string
	Err   error
}

// Error returns "file:line: field "value": reason", with the row's other
// problems after semicolons.
func (e *RowError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
		if e.Line > 0 {
			b.WriteString(strconv.Itoa(e.Line))
			b.WriteByte(':')
		}
		b.WriteByte(' ')
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	writeField(&b, e.Field, e.Value, e.Err)
	for _, f := range e.Also {
		b.WriteString("; ")
		writeField(&b, f.Field, f.Value, f.Err)
	}
	return b.String()
}

func writeField(b *strings.Builder, field, value string, err error) {
	if field != "" {
		b.WriteString(field)
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(value))
		b.WriteString(": ")
	}
	if err == nil {
		b.WriteString("rejected") // a RowError built without a reason
		return
	}
	b.WriteString(err.Error())
}

// Unwrap returns the reason of the first problem.
func (e *RowError) Unwrap() error { return e.Err }

// rowProblems collects the problems of one row, in column order.
type rowProblems struct {
	err *RowError
}

// add records a problem with field.
func (p *rowProblems) add(field, value string, err error) {
	if p.err == nil {
		p.err = &RowError{Field: field, Value: value, Err: err}
		return
	}
	p.err.Also = append(p.err.Also, FieldError{field, value, err})
}

// has reports whether a problem was recorded with field.
func (p *rowProblems) has(field string) bool {
	if p.err == nil {
		return false
	}
	if p.err.Field == field {
		return true
	}
	for _, f := range p.err.Also {
		if f.Field == field {
			return true
		}
	}
	return false
}

// addf records a problem with a formatted reason.
func (p *rowProblems) addf(field, value, format string, args ...any) {
	p.add(field, value, fmt.Errorf(format, args...))
}

// fieldCountError is the reason of a row with fields fields in a file
// whose header has columns columns: the row as a whole is wrong, so it
// names no column.
func fieldCountError(fields, columns int) error {
	unit := "fields"
	if fields == 1 {
		unit = "field"
	}
	return fmt.Errorf("has %d %s, the header has %d columns", fields, unit, columns)
}

// InterruptedError is returned by Calculator.Run when its context is done
// before the input is exhausted. It says how far the run got; errors.Is
// finds the context's error.
//
// An InterruptedError is safe for concurrent use as long as no goroutine
// modifies it.
type InterruptedError struct {
	// Subscriptions counts the subscriptions read, credited or rejected,
	// before the stop; their lines were all yielded.
	Subscriptions int64
	// Last is the ID of the last subscription whose lines were yielded.
	Last string
	Err  error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("credit run interrupted after %d subscriptions (last %q): %v", e.Subscriptions, e.Last, e.Err)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// LedgerError is an entry of the ledger that contradicts the subscription
// it is for: in another currency than the subscription's plan. What was
// issued for the subscription cannot be known, so the run ends with it
// (it is not a rejected row): fix the ledger or the plan and run again.
//
// A LedgerError is safe for concurrent use as long as no goroutine
// modifies it.
type LedgerError struct {
	// File and Line locate the entry (Line is its order among the entries
	// added when File is empty).
	File  string
	Line  int
	Field string
	Value string
	Err   error
}

// Error returns "file:line: field "value": reason", or "ledger[i]: …" for
// an entry without a file.
func (e *LedgerError) Error() string {
	var b strings.Builder
	if e.File != "" {
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	} else {
		fmt.Fprintf(&b, "ledger[%d]: ", e.Line-1)
	}
	writeField(&b, e.Field, e.Value, e.Err)
	return b.String()
}

func (e *LedgerError) Unwrap() error { return e.Err }
