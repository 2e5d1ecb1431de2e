package fileformat

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
)

// TestLoad checks how Load merges decoding and validation problems: a
// validation problem gets its field's line, a field that failed to decode
// is not reported again, and a document that could not be read is not
// validated at all (every field would be "missing").
func TestLoad(t *testing.T) {
	type P = problem.Problem
	// validate asks for an id and a budget, as a package's checks would.
	validate := func(v *testIncident) func(*problem.List, *Doc) {
		return func(l *problem.List, _ *Doc) {
			if v.ID == "" {
				l.Add("id", "missing")
			}
			if v.Budget == 0 {
				l.Add("budget", "missing")
			}
		}
	}
	tests := []struct {
		name string
		src  string
		want []P
	}{
		{"valid", "id: a\nbudget: 1h\n", nil},
		{"validation problems are located", "zone: UTC\nbudget: 0s\n", []P{
			{File: "a.yaml", Line: 1, Column: 1, Path: "id", Msg: "missing"},
			{File: "a.yaml", Line: 2, Column: 1, Path: "budget", Msg: "missing"},
		}},
		{"a field that failed to decode is reported once", "id: a\nbudget: soon\n", []P{
			{File: "a.yaml", Line: 2, Column: 9, Path: "budget", Msg: `invalid duration "soon": want a number before each unit, as in "90s", "14h28m" or "30d"`},
		}},
		{"not YAML: not validated", "id: [a\n", []P{
			{File: "a.yaml", Line: 1, Msg: "invalid YAML: did not find expected ',' or ']'"},
		}},
		{"not UTF-8: not validated", "id: caf\xe9\n", []P{
			{File: "a.yaml", Line: 1, Column: 8, Path: "id", Msg: "invalid UTF-8 (byte 0xe9): the file must be UTF-8 text"},
		}},
		{"not a mapping: not validated", "- a\n", []P{
			{File: "a.yaml", Line: 1, Column: 1, Msg: "the top level must be a mapping of field names to values, not a list"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v testIncident
			err := Load("a.yaml", []byte(tt.src), &v, Options{}, validate(&v))
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnlocated(t *testing.T) {
	type P = problem.Problem
	located := P{File: "a.yaml", Line: 3, Column: 5, Path: "impacts[0].end", Msg: "before start"}
	whole := P{File: "a.yaml", Line: 1, Msg: "empty document"}
	tests := []struct {
		name string
		err  error
		want []P
	}{
		{"located and whole-document problems", &problem.Error{Problems: []P{located, whole}}, nil},
		{"another file", &problem.Error{Problems: []P{{File: "b.yaml", Line: 3, Path: "id", Msg: "missing"}}}, []P{{File: "b.yaml", Line: 3, Path: "id", Msg: "missing"}}},
		{"no line", &problem.Error{Problems: []P{{File: "a.yaml", Path: "id", Msg: "missing"}}}, []P{{File: "a.yaml", Path: "id", Msg: "missing"}}},
		{"no field", &problem.Error{Problems: []P{{File: "a.yaml", Line: 2, Msg: "before start"}}}, []P{{File: "a.yaml", Line: 2, Msg: "before start"}}},
		{"no problems", &problem.Error{}, []P{{Msg: "not a *problem.Error with problems: *problem.Error no problems"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Unlocated(tt.err, "a.yaml")); diff != "" {
				t.Errorf("Unlocated (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDocText checks that a Doc gives scalars as written, for problems
// that quote the user's words (1e30, not the decimal it decodes to).
func TestDocText(t *testing.T) {
	type doc struct {
		Price decimal.Decimal `yaml:"price"`
		Tags  []string        `yaml:"tags"`
		Wait  time.Duration   `yaml:"wait"`
	}
	for _, src := range []string{
		"price: 1e30\ntags: [a, \"b c\"]\nwait: 1d\n",
		`{"price": 1e30, "tags": ["a", "b c"], "wait": "1d"}`,
	} {
		var v doc
		d, err := Decode("t", []byte(src), &v, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]string{"price": "1e30", "tags[1]": "b c", "wait": "1d"} {
			if got, ok := d.Text(path); !ok || got != want {
				t.Errorf("%s: Text(%q) = %q, %v; want %q", src, path, got, ok, want)
			}
		}
		if got, ok := d.Text("tags"); ok {
			t.Errorf("%s: Text of a list = %q, want none", src, got)
		}
	}
	var none *Doc
	if _, ok := none.Text("price"); ok {
		t.Error("a nil Doc has text")
	}
}
