package credit

import (
	"errors"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"
)

// Scope is what the lines of a lines file must belong to, for a program
// that sums them for one incident and policy (a report's credit summary):
// a line computed under another policy or version, for another incident,
// edited, or given twice would make its totals wrong without a sign.
//
// The zero Scope checks only what every lines file must hold (see Lines).
// A Scope is a plain value: safe for concurrent use.
type Scope struct {
	// Policy and Version are the SLA policy and its version the lines must
	// have been computed under (the policy and policy_version columns),
	// and each line's idempotency key must then be the one Key gives for
	// its fields (a line edited after it was written has another). Empty
	// Policy: neither is checked.
	Policy, Version string
	// Incidents are the incidents the lines may name. A line naming none
	// (its subscriber was not active during any) belongs; one naming
	// another incident does not. Empty: not checked.
	Incidents []string
}

// Lines reads a lines CSV file like ReadLines and yields its lines in
// order; a line that does not belong is yielded as a *RowError naming its
// line, the field and why, and the iteration goes on. A line does not
// belong when:
//
//   - ReadLines refuses it (its fields do not parse);
//   - it was computed under another policy or version than the Scope's,
//     or its key is not the one Key gives for its fields (see
//     Scope.Policy);
//   - it names an incident that is not one of the Scope's;
//   - an earlier line is for the same subscription and window (the file
//     holds two runs, or one appended to another);
//   - its currency differs from the one an earlier line gave its plan (a
//     plan has one currency), or its amount has more decimal places than
//     its currency has.
//
// A file whose last line does not end with a newline (every file
// LineWriter and RunCSV write does) was cut short: Lines yields an error
// for it at the end. A bad header or an error reading r ends the
// iteration, as in ReadLines.
//
// Lines remembers a hash of the subscription and window of each line (the
// duplicate check): a few bytes per line, in a table of fixed size beyond
// 65,536 lines, as for the ids of a subscriptions file.
func (s Scope) Lines(r io.Reader, file string) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		tail := &lastByte{r: r}
		var seen idSet
		defer seen.release()
		planCurrency := map[string]planFirst{}
		lastLine, stopped := 0, false
		readLines(tail, file, func(line int, l Line, err error) bool {
			lastLine = max(lastLine, line)
			if err == nil {
				err = s.check(line, &l, file, &seen, planCurrency)
			} else if line == 0 {
				stopped = true // an error that ends the reading
			}
			if !yield(l, err) {
				stopped = true
			}
			return !stopped
		})
		if !stopped && tail.n > 0 && tail.last != '\n' {
			yield(Line{}, &RowError{File: file, Line: lastLine,
				Err: errors.New("the file does not end with a newline after its last line: it looks cut short (truncated)")})
		}
	}
}

// planFirst is the currency the first line of a plan gave it, and where.
type planFirst struct {
	currency currency.Unit
	line     int
}

// check returns a *RowError when l does not belong to s.
func (s Scope) check(line int, l *Line, file string, seen *idSet, plans map[string]planFirst) error {
	var p rowProblems
	if s.Policy != "" && (l.Policy != s.Policy || l.PolicyVersion != s.Version) {
		p.addf(colPolicy, l.Policy, "the line was computed under policy %q version %q, not %q version %q", l.Policy, l.PolicyVersion, s.Policy, s.Version)
	}
	if len(s.Incidents) > 0 {
		for _, id := range l.Incidents {
			if !slices.Contains(s.Incidents, id) {
				p.addf(colIncidents, strings.Join(l.Incidents, ";"), "names incident %q, which is not one of %q", id, s.Incidents)
				break
			}
		}
	}
	if first, ok := plans[l.Plan]; !ok {
		plans[l.Plan] = planFirst{l.Currency, line}
	} else if first.currency != l.Currency {
		p.addf(colCurrency, l.Currency.String(), "plan %q is in %s on line %d: a plan has one currency", l.Plan, first.currency, first.line)
	}
	if places := int32(Digits(l.Currency)); !l.Amount.Equal(l.Amount.Truncate(places)) {
		p.addf(colAmount, l.Amount.String(), "more decimal places than %s has (%d)", l.Currency, places)
	}
	h := fnv1a(l.Subscription)
	h = fnv1a64(h, strconv.FormatInt(l.WindowStart.UnixNano(), 10))
	if dup, first := seen.add(h, line); dup {
		where := "an earlier line"
		if first > 0 {
			where = "line " + strconv.Itoa(first)
		}
		p.addf(colSubscription, l.Subscription, "%s is for the same subscription and the window from %s: a window is credited once per file (two runs in one file?)", where, l.WindowStart.Format(time.RFC3339))
	}
	if want := Key(l); s.Policy != "" && l.Key != want {
		p.addf(colKey, l.Key, "not the key of this line (%s): the line was edited", want)
	}
	if p.err == nil {
		return nil
	}
	p.err.File, p.err.Line = file, line
	return p.err
}

// fnv1a64 continues the FNV-1a hash h over a zero byte and s.
func fnv1a64(h uint64, s string) uint64 {
	h *= 1099511628211 // the zero byte
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// lastByte reads r, remembering the last byte read and how many.
type lastByte struct {
	r    io.Reader
	n    int64
	last byte
}

func (t *lastByte) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.n += int64(n)
		t.last = p[n-1]
	}
	return n, err
}

// The columns of a lines file Scope names in its problems.
const (
	colSubscription = "subscription_id"
	colCurrency     = "currency"
	colAmount       = "amount"
	colIncidents    = "incidents"
	colKey          = "idempotency_key"
)
