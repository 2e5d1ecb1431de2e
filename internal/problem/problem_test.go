package problem

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// locator knows a fixed set of paths.
type locator map[string][2]int

func (l locator) Locate(path string) (int, int) { p := l[path]; return p[0], p[1] }

func TestListSortsAndLocates(t *testing.T) {
	l := List{File: "a.yaml", Locator: locator{"": {1, 1}, "timeline": {5, 1}, "timeline[1]": {8, 5}, "timeline[1].at": {8, 7}, "id": {2, 1}}}
	if l.Err() != nil || l.Len() != 0 {
		t.Fatal("an empty List has an error")
	}
	l.Add("timeline[1].at", "before the start")   // known path
	l.Add("timeline[1].kind", "missing")          // unknown: its element's position
	l.Addf("timeline[7]", "event %d of %d", 8, 2) // unknown element: the list's position
	l.Add("id", "empty")
	l.Add("", "no impacts")      // the document
	l.Add("ghost.field", "gone") // nothing known on the way up but the document
	l.AddProblem(Problem{File: "b.yaml", Line: 1, Msg: "other file"})
	l.AddProblem(Problem{File: "a.yaml", Msg: "no line, added early"})
	l.AddProblem(Problem{File: "a.yaml", Line: 8, Column: 2, Msg: "same line, earlier column"})
	want := []Problem{
		{File: "a.yaml", Line: 1, Column: 1, Msg: "no impacts"},
		{File: "a.yaml", Line: 1, Column: 1, Path: "ghost.field", Msg: "gone"},
		{File: "a.yaml", Line: 2, Column: 1, Path: "id", Msg: "empty"},
		{File: "a.yaml", Line: 5, Column: 1, Path: "timeline[7]", Msg: "event 8 of 2"},
		{File: "a.yaml", Line: 8, Column: 2, Msg: "same line, earlier column"},
		{File: "a.yaml", Line: 8, Column: 5, Path: "timeline[1].kind", Msg: "missing"},
		{File: "a.yaml", Line: 8, Column: 7, Path: "timeline[1].at", Msg: "before the start"},
		{File: "a.yaml", Msg: "no line, added early"},
		{File: "b.yaml", Line: 1, Msg: "other file"},
	}
	err := l.Err()
	var perr *Error
	if !errors.As(fmt.Errorf("loading: %w", err), &perr) {
		t.Fatalf("Err() = %v, not an *Error through wrapping", err)
	}
	if diff := cmp.Diff(want, perr.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if l.Len() != len(want) {
		t.Errorf("Len() = %d, want %d", l.Len(), len(want))
	}
	// Err returns a copy: adding more does not change an earlier error.
	l.Add("id", "again")
	if len(perr.Problems) != len(want) {
		t.Error("a later Add changed an earlier error")
	}
}

func TestListWithoutLocator(t *testing.T) {
	var l List
	l.Add("b", "second")
	l.Add("a", "first")
	want := []Problem{{Path: "b", Msg: "second"}, {Path: "a", Msg: "first"}}
	if diff := cmp.Diff(want, l.Err().(*Error).Problems); diff != "" {
		t.Errorf("problems without lines keep their order (-want +got):\n%s", diff)
	}
}

func TestPaths(t *testing.T) {
	tests := []struct {
		path, parent string
	}{
		{"timeline[3].at", "timeline[3]"},
		{"timeline[3]", "timeline"},
		{"timeline", ""},
		{"", ""},
		{"weights.partial_outage", "weights"},
		{"a.b[2][3]", "a.b[2]"},
		{"a[1].b[2].c", "a[1].b[2]"},
	}
	for _, tt := range tests {
		if got := Parent(tt.path); got != tt.parent {
			t.Errorf("Parent(%q) = %q, want %q", tt.path, got, tt.parent)
		}
	}
	for _, tt := range []struct{ got, want string }{
		{Join("timeline[3]", "at"), "timeline[3].at"},
		{Join("", "id"), "id"},
		{Index("impacts", 1), "impacts[1]"},
		{Index(Join("a", "b"), 0), "a.b[0]"},
		{Index("", 2), "[2]"},
		{Join("rule.tiers", "[2].below"), "rule.tiers[2].below"},
		{Join("rule.tiers", ""), "rule.tiers"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestAddUnder: the problems of an error with relative paths land under
// the path, located like any other; another error is one problem there.
func TestAddUnder(t *testing.T) {
	l := List{File: "plans.yaml", Locator: locator{"plans[0].rule.tiers": {7, 5}, "plans[0].rule.tiers[1].below": {9, 14}}}
	rel := &Error{Problems: []Problem{{Path: "[1].below", Msg: "not a percentage"}, {Msg: "a gap"}}}
	l.AddUnder("plans[0].rule.tiers", rel)
	l.AddUnder("plans[1]", errors.New("measuring failed"))
	l.AddUnder("plans[2]", nil)
	want := []Problem{
		{File: "plans.yaml", Line: 7, Column: 5, Path: "plans[0].rule.tiers", Msg: "a gap"},
		{File: "plans.yaml", Line: 9, Column: 14, Path: "plans[0].rule.tiers[1].below", Msg: "not a percentage"},
		{File: "plans.yaml", Path: "plans[1]", Msg: "measuring failed"},
	}
	if diff := cmp.Diff(want, l.Err().(*Error).Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func ExampleList() {
	var l List
	l.File = "incident.yaml"
	l.Add("timeline[3].at", "before the incident started")
	l.Addf("impacts[1]", "ends %s before it starts", "5m")
	fmt.Println(l.Err())
	// Output:
	// 2 problems:
	//   incident.yaml: timeline[3].at: before the incident started
	//   incident.yaml: impacts[1]: ends 5m before it starts
}

// countingPath is a path that counts how often its text is asked for.
type countingPath struct {
	text  string
	calls *int
}

func (p countingPath) String() string { *p.calls++; return p.text }

// TestListCap checks that a List lists the first MaxProblems problems by
// position and counts the rest, whatever order they come in, in bounded
// memory, without computing the paths of problems it cannot keep.
func TestListCap(t *testing.T) {
	const n = 10 * MaxProblems
	var l List
	l.File = "a.yaml"
	calls := 0
	for i := n; i >= 1; i-- { // the last lines first: every one is kept for a while
		l.AddAt(i, 1, countingPath{fmt.Sprintf("items[%d]", i-1), &calls}, "bad")
		if len(l.items) >= 2*MaxProblems {
			t.Fatalf("the list holds %d problems", len(l.items))
		}
	}
	for i := 1; i <= n; i++ { // then the first lines again: all after the first 100 are counted only
		before := calls
		l.AddAt(n+i, 1, countingPath{"late", &calls}, "late")
		if i > 1 && calls != before {
			t.Fatalf("the path of a problem after the first %d was computed", MaxProblems)
		}
	}
	if l.Len() != 2*n {
		t.Errorf("Len = %d, want %d", l.Len(), 2*n)
	}
	var e *Error
	if !errors.As(l.Err(), &e) {
		t.Fatal("no *Error")
	}
	if len(e.Problems) != MaxProblems || e.Omitted != 2*n-MaxProblems || e.Len() != 2*n {
		t.Fatalf("%d problems listed, %d omitted; want %d and %d", len(e.Problems), e.Omitted, MaxProblems, 2*n-MaxProblems)
	}
	for i, p := range e.Problems {
		if want := (Problem{File: "a.yaml", Line: i + 1, Column: 1, Path: fmt.Sprintf("items[%d]", i), Msg: "bad"}); p != want {
			t.Fatalf("problem %d = %+v, want %+v", i, p, want)
		}
	}
	msg := e.Error()
	if want := fmt.Sprintf("%d problems:\n  a.yaml:1:1: items[0]: bad\n", 2*n); !strings.HasPrefix(msg, want) {
		t.Errorf("Error() starts %q, want %q", msg[:min(len(msg), 60)], want)
	}
	if want := fmt.Sprintf("\n  … and %d more problems (only the first %d are listed)", 2*n-MaxProblems, MaxProblems); !strings.HasSuffix(msg, want) {
		t.Errorf("Error() ends %q, want %q", msg[max(0, len(msg)-80):], want)
	}

	// Merged into another list, the omitted problems stay counted.
	var m List
	m.Add("id", "missing")
	m.AddAll(e)
	if err := m.Err().(*Error); err.Len() != 2*n+1 || len(err.Problems) != MaxProblems {
		t.Errorf("merged: %d listed, %d in all; want %d and %d", len(err.Problems), err.Len(), MaxProblems, 2*n+1)
	}
}

func TestListDrop(t *testing.T) {
	l := List{Drop: func(path string) bool { return strings.HasPrefix(path, "timeline") }}
	l.Add("timeline[1].at", "dropped")
	l.Addf("timeline", "dropped %d", 2)
	l.Add("id", "kept")
	l.AddProblem(Problem{Path: "timeline[2]", Msg: "added as it is"})
	want := []Problem{{Path: "id", Msg: "kept"}, {Path: "timeline[2]", Msg: "added as it is"}}
	if diff := cmp.Diff(want, l.Err().(*Error).Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestStrings(t *testing.T) {
	var l List
	l.AddProblem(Problem{File: "f.json", Line: 2, Column: 3, Path: "a.b", Msg: "bad"})
	l.AddProblem(Problem{File: "f.json", Line: 1, Msg: "worse"})
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"problems, by position", l.Err(), []string{"f.json:1: worse", "f.json:2:3: a.b: bad"}},
		{"another error", fmt.Errorf("boom"), []string{"boom"}},
		{"wrapped", fmt.Errorf("reading: %w", l.Err()), []string{"f.json:1: worse", "f.json:2:3: a.b: bad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Strings(tt.err); !slices.Equal(got, tt.want) {
				t.Errorf("Strings = %q, want %q", got, tt.want)
			}
		})
	}
}
