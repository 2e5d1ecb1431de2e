package credit

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScopeLines feeds Scope.Lines the demo's lines file, as RunCSV wrote
// it, and copies of it changed the ways a report's totals would go wrong
// without a sign: each change must be refused on its line, with the field
// and the reason, and the other lines kept.
func TestScopeLines(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	demo := string(data)
	seed := Scope{Policy: "seed-monthly-new-york", Version: "2014-04", Incidents: []string{"constant-contact-2014-04-18"}}
	tests := []struct {
		name  string
		scope Scope
		file  string
		// want lists the refused rows as "line field: reason fragment".
		want []string
		kept int
	}{
		{"the demo file belongs", seed, demo, nil, 13},
		{"the zero scope checks the file alone", Scope{}, demo, nil, 13},
		{"another version of the policy", Scope{Policy: seed.Policy, Version: "2014-05"}, demo, every(2, 15, "policy: the line was computed under policy"), 0},
		{"another policy", Scope{Policy: "other", Version: "2014-04"}, demo, every(2, 15, "policy: the line was computed under policy"), 0},
		{"another incident's report", Scope{Incidents: []string{"INC-2"}}, demo,
			except(every(2, 15, `incidents: names incident "constant-contact-2014-04-18", which is not one of ["INC-2"]`), 5, 14), 2},
		{"a window edited", seed, strings.Replace(demo, "sub-0005,beacon-legal,email-pro,seed-monthly-new-york,2014-04,2014-04-01T00:00:00-04:00", "sub-0005,beacon-legal,email-pro,seed-monthly-new-york,2014-04,2014-03-01T00:00:00-05:00", 1),
			[]string{"6 idempotency_key: not the key of this line"}, 12},
		{"one line's currency changed", seed, replaceLine(demo, 3, ",USD,", ",EUR,"),
			[]string{`3 currency: plan "email-starter" is in USD on line 2`}, 12},
		{"a currency with fewer places", seed, replaceLine(demo, 7, ",USD,", ",JPY,"),
			[]string{"7 amount: more decimal places than JPY has (0)"}, 12},
		{"an unknown currency", seed, replaceLine(demo, 3, ",USD,", ",XYZ,"),
			[]string{"3 currency: unknown currency"}, 12},
		{"two runs in one file", seed, demo + strings.SplitAfter(demo, "\n")[1],
			[]string{"15 subscription_id: line 2 is for the same subscription and the window from 2014-04-01T00:00:00-04:00"}, 13},
		{"cut in the last field", seed, demo[:len(demo)-10],
			[]string{"14 : the file does not end with a newline"}, 13},
		{"cut in the middle of a line", seed, demo[:strings.LastIndex(demo, ",USD,")],
			[]string{"14 : has 7 fields, the header has 29 columns", "14 : the file does not end with a newline"}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			kept := 0
			for _, err := range tt.scope.Lines(strings.NewReader(tt.file), "lines.csv") {
				var re *RowError
				switch {
				case errors.As(err, &re):
					if re.File != "lines.csv" {
						t.Errorf("%v: file %q", re, re.File)
					}
					got = append(got, fmt.Sprintf("%d %s: %v", re.Line, re.Field, re.Err))
				case err != nil:
					t.Fatalf("unexpected error: %v", err)
				default:
					kept++
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("refused:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], strings.SplitN(tt.want[i], ": ", 2)[0]+": ") || !strings.Contains(got[i], strings.SplitN(tt.want[i], ": ", 2)[1]) {
					t.Errorf("refused[%d] = %q, want %q", i, got[i], tt.want[i])
				}
			}
			if kept != tt.kept {
				t.Errorf("%d lines kept, want %d", kept, tt.kept)
			}
		})
	}
}

// every returns "N what" for each line N in [from, to).
func every(from, to int, what string) []string {
	var out []string
	for n := from; n < to; n++ {
		out = append(out, fmt.Sprintf("%d %s", n, what))
	}
	return out
}

// except removes the entries of the given lines from list.
func except(list []string, lines ...int) []string {
	var out []string
	for _, s := range list {
		keep := true
		for _, n := range lines {
			if strings.HasPrefix(s, fmt.Sprintf("%d ", n)) {
				keep = false
			}
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}

// replaceLine replaces the first old with new on line n (1-based) of s.
func replaceLine(s string, n int, old, new string) string {
	lines := strings.SplitAfter(s, "\n")
	lines[n-1] = strings.Replace(lines[n-1], old, new, 1)
	return strings.Join(lines, "")
}

// TestScopeSummary checks that the lines Scope keeps sum to the summary
// ReadSummary gives for the whole file when every line belongs.
func TestScopeSummary(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadSummary(bytes.NewReader(data), "lines.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got Summary
	for l, err := range (Scope{Policy: "seed-monthly-new-york", Version: "2014-04"}).Lines(bytes.NewReader(data), "lines.csv") {
		if err != nil {
			t.Fatal(err)
		}
		got.Add(&l)
	}
	if diff := cmp.Diff(want.Totals, got.Totals, cmp.Comparer(func(a, b Total) bool {
		return a.Currency == b.Currency && a.Amount.Equal(b.Amount) && a.Lines == b.Lines
	})); diff != "" {
		t.Errorf("totals (-ReadSummary +Scope):\n%s", diff)
	}
}
