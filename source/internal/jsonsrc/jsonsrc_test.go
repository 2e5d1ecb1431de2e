package jsonsrc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readDoc reads a document of the shape {"name": string, "items": [{"n":
// number, "ok": bool}]} and returns what it read and the problems.
func readDoc(data string) (got []string, problems []string) {
	r := NewReader("x.json", []byte(data))
	r.Object(func(key string) {
		switch key {
		case "name":
			if s, ok := r.String(); ok {
				got = append(got, "name="+s)
			}
		case "items":
			r.Array(func(i int) {
				r.Object(func(k string) {
					switch k {
					case "n":
						if n, ok := r.Number(); ok {
							got = append(got, "n="+n.String())
						}
					case "ok":
						if b, ok := r.Bool(); ok && b {
							got = append(got, "ok")
						}
					}
				})
			})
		}
	})
	r.Finish()
	for _, p := range r.Problems() {
		problems = append(problems, p.String())
	}
	return got, problems
}

func TestReader(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		got      []string
		problems []string
	}{
		{name: "good", data: `{"name": "a", "items": [{"n": 1.50, "ok": true}, {"n": -2}], "other": {"deep": [1, {"x": null}]}}`,
			got: []string{"name=a", "n=1.50", "ok", "n=-2"}},
		{name: "nulls read as empty", data: `{"name": null, "items": null}`, got: []string{"name="}},
		{name: "wrong kinds are skipped, reading goes on",
			data: "{\"name\": 5,\n \"items\": [{\"n\": \"1\"}, {\"n\": 2, \"ok\": \"yes\"}, 7]}",
			got:  []string{"n=2"},
			problems: []string{
				"x.json:1:10: name: want a string, not a number",
				`x.json:2:18: items[0].n: want a number, not a string`,
				`x.json:2:39: items[1].ok: want true or false, not a string`,
				`x.json:2:47: items[2]: want an object, not a number`,
			}},
		{name: "columns count characters", data: `{"name": "héé", "items": {}}`, got: []string{"name=héé"},
			problems: []string{"x.json:1:26: items: want a list, not an object"}},
		{name: "key given twice", data: `{"name": "a", "name": "b"}`, got: []string{"name=a", "name=b"},
			problems: []string{"x.json:1:15: name: given twice in the same object"}},
		{name: "syntax error ends the reading", data: "{\"name\": \"a\",\n \"items\": [1,]}", got: []string{"name=a"},
			problems: []string{
				"x.json:2:12: items[0]: want an object, not a number",
				"x.json:2:14: invalid JSON: invalid character ']' looking for beginning of value",
			}},
		{name: "truncated", data: `{"name": "a", "items": [`, got: []string{"name=a"},
			problems: []string{"x.json:1:25: invalid JSON: unexpected end of the input"}},
		{name: "empty", data: ``, problems: []string{"x.json:1:1: invalid JSON: unexpected end of the input"}},
		{name: "data after the value", data: `{} {}`, problems: []string{"x.json:1:4: invalid JSON: data after the top-level value"}},
		{name: "byte order mark", data: "\xef\xbb\xbf{\"name\": 1}", problems: []string{"x.json:1:10: name: want a string, not a number"}},
		{name: "not an object", data: `[1]`, problems: []string{"x.json:1:1: the top level must be an object, not a list"}},
		// items[0] opens 101 lists under two levels: the 101st level (column
		// 123) is refused where it opens, while items[0] is being skipped,
		// and the reading ends there.
		{name: "nested deeper than 100 levels", data: `{"name": "a", "items": [` + strings.Repeat("[", 101) + strings.Repeat("]", 101) + `]}`, got: []string{"name=a"},
			problems: []string{"x.json:1:123: items[0]: nested more than 100 levels deep"}},
		{name: "nested 100 levels", data: `{"name": "a", "other": ` + strings.Repeat("[", 99) + strings.Repeat("]", 99) + `}`, got: []string{"name=a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := readDoc(tt.data)
			if diff := cmp.Diff(tt.got, got); diff != "" {
				t.Errorf("read (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestManyKeys checks duplicate keys in an object too large for the list
// check.
func TestManyKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, `"k%d": 1, `, i)
	}
	b.WriteString(`"k0": 2}`)
	r := NewReader("x.json", []byte(b.String()))
	r.Object(func(string) {})
	r.Finish()
	if ps := r.Problems(); len(ps) != 1 || ps[0].Path != "k0" {
		t.Errorf("problems = %v, want k0 given twice", ps)
	}
}

// FuzzReader checks that reading any input never panics, fails exactly on
// the inputs encoding/json rejects, and locates every problem.
func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"name": "a", "items": [{"n": 1, "ok": true}]}`, `{"items": [1,]}`, `[`, `{"a":{"b":[[[]]]}}`, "\xff", `{"name": "\u00e9"} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader("f.json", data)
		r.Skip()
		r.Finish()
		valid := json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if r.Failed() == valid {
			t.Fatalf("failed = %v, json.Valid = %v", r.Failed(), valid)
		}
		readDoc(string(data))
		for _, p := range r.Problems() {
			if p.Line < 1 || p.Column < 1 || p.File != "f.json" {
				t.Fatalf("problem not located: %+v", p)
			}
		}
	})
}
