package fileformat

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
)

type event struct {
	At   time.Time `yaml:"at"`
	Kind level     `yaml:"kind"`
	Text string    `yaml:"text"`
}

type impact struct {
	Component string    `yaml:"component"`
	Level     level     `yaml:"level"`
	Start     time.Time `yaml:"start"`
	End       time.Time `yaml:"end"`
}

type detail struct {
	Owner string `yaml:"owner"`
	Due   day    `yaml:"due"`
}

// Common is embedded in testIncident to check that its fields are promoted.
type Common struct {
	Version string `yaml:"version"`
}

type testIncident struct {
	Common
	ID       string                    `yaml:"id"`
	Zone     *time.Location            `yaml:"zone"`
	Timeline []event                   `yaml:"timeline"`
	Impacts  []impact                  `yaml:"impacts"`
	Weights  map[level]decimal.Decimal `yaml:"weights"`
	Counts   map[int]string            `yaml:"counts"`
	Tags     map[string]string         `yaml:"tags"`
	Detail   *detail                   `yaml:"detail"`
	Budget   time.Duration             `yaml:"budget"`
	Hidden   string                    `yaml:"-"`
	Untagged string
}

func TestDecodeProblems(t *testing.T) {
	type P = problem.Problem
	tests := []struct {
		name string
		file string
		src  string
		want []P
	}{
		{
			name: "unknown field with a suggestion",
			file: "a.yaml",
			src:  "impacts:\n  - component: web\n  - component: db\n    levle: major_outage\n",
			want: []P{{File: "a.yaml", Line: 4, Column: 5, Path: "impacts[1].levle", Msg: `unknown field (did you mean "level"?)`}},
		},
		{
			name: "unknown field without a suggestion",
			file: "a.yaml",
			src:  "id: x\nseverity: high\n",
			want: []P{{File: "a.yaml", Line: 2, Column: 1, Path: "severity", Msg: "unknown field"}},
		},
		{
			name: "suggestion ignores case and underscores",
			file: "a.yaml",
			src:  "Time_Line: []\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 1, Path: "Time_Line", Msg: `unknown field (did you mean "timeline"?)`}},
		},
		{
			name: "untagged and dash-tagged fields are not in the schema",
			file: "a.yaml",
			src:  "Untagged: x\nHidden: y\n",
			want: []P{
				{File: "a.yaml", Line: 1, Column: 1, Path: "Untagged", Msg: "unknown field"},
				{File: "a.yaml", Line: 2, Column: 1, Path: "Hidden", Msg: "unknown field"},
			},
		},
		{
			name: "duplicate key in YAML",
			file: "a.yaml",
			src:  "id: a\nbudget: 1h\nid: b\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 1, Path: "id", Msg: "duplicate key: already written at line 1"}},
		},
		{
			name: "duplicate key in JSON",
			file: "a.json",
			src:  "{\n  \"id\": \"a\",\n  \"detail\": {\"owner\": \"x\", \"owner\": \"y\"}\n}\n",
			want: []P{{File: "a.json", Line: 3, Column: 28, Path: "detail.owner", Msg: "duplicate key: already written at line 3"}},
		},
		{
			name: "map keys that decode to the same value",
			file: "a.yaml",
			src:  "counts:\n  1: a\n  01: b\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 3, Path: "counts.01", Msg: `duplicate key: "1" at line 2 is the same`}},
		},
		{
			name: "map key that does not decode",
			file: "a.yaml",
			src:  "weights:\n  partial_outage: 0.3\n  down: 1\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 3, Path: "weights.down", Msg: `unknown level "down"`}},
		},
		{
			name: "map value that does not decode",
			file: "a.yaml",
			src:  "weights:\n  partial_outage: 30%\n",
			want: []P{{File: "a.yaml", Line: 2, Column: 19, Path: "weights.partial_outage", Msg: `want a decimal number, got "30%" (write the percentage without "%")`}},
		},
		{
			name: "wrong kinds of values",
			file: "a.yaml",
			src:  "timeline: now\nimpacts: [web]\nweights: [1]\ndetail: x\nid: {a: b}\n",
			want: []P{
				{File: "a.yaml", Line: 1, Column: 11, Path: "timeline", Msg: `want a list, got "now"`},
				{File: "a.yaml", Line: 2, Column: 11, Path: "impacts[0]", Msg: `want a mapping, got "web"`},
				{File: "a.yaml", Line: 3, Column: 10, Path: "weights", Msg: "want a mapping, got a list"},
				{File: "a.yaml", Line: 4, Column: 9, Path: "detail", Msg: `want a mapping, got "x"`},
				{File: "a.yaml", Line: 5, Column: 5, Path: "id", Msg: "want a string, got a mapping"},
			},
		},
		{
			name: "every problem is reported, in file order",
			file: "a.yaml",
			src: "timeline:\n  - at: 2014-04-18 10:32\n    kind: stated\n  - at: yesterday\n" +
				"impacts:\n  - component: web\n    start: 2014-02-30\nbudget: 3 hours\nid: ok\n",
			want: []P{
				{File: "a.yaml", Line: 3, Column: 11, Path: "timeline[0].kind", Msg: `unknown level "stated"`},
				{File: "a.yaml", Line: 4, Column: 9, Path: "timeline[1].at", Msg: `invalid time "yesterday": want RFC 3339 ("2006-01-02T15:04:05Z07:00"), a local time ("2006-01-02 15:04") or a date ("2006-01-02")`},
				{File: "a.yaml", Line: 7, Column: 12, Path: "impacts[0].start", Msg: `invalid time "2014-02-30": February 2014 has 28 days`},
				{File: "a.yaml", Line: 8, Column: 9, Path: "budget", Msg: `invalid duration "3 hours": unknown unit " hours" (want "ns", "us", "ms", "s", "m", "h" or "d")`},
			},
		},
		{
			name: "invalid UTF-8",
			file: "a.yaml",
			src:  "id: a\ndetail:\n  owner: caf\xe9\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 13, Path: "detail.owner", Msg: "invalid UTF-8 (byte 0xe9): the file must be UTF-8 text"}},
		},
		{
			name: "invalid UTF-8 on several lines, in a key and in a list",
			file: "a.yaml",
			src:  "id: \xff\xfe\ndetail:\n  own\xe9r: x\ntimeline:\n  - at: 2014-04-18\n  - kind: caf\xe9 # \xe9\n",
			want: []P{
				{File: "a.yaml", Line: 1, Column: 5, Path: "id", Msg: "invalid UTF-8 (byte 0xff): the file must be UTF-8 text"},
				{File: "a.yaml", Line: 3, Column: 6, Path: "detail.own\uFFFDr", Msg: "invalid UTF-8 (byte 0xe9): the file must be UTF-8 text"},
				{File: "a.yaml", Line: 6, Column: 14, Path: "timeline[1].kind", Msg: "invalid UTF-8 (byte 0xe9): the file must be UTF-8 text"},
			},
		},
		{
			name: "empty field names",
			file: "a.yaml",
			src:  "?\ndetail:\n  \"\": x\n",
			want: []P{
				{File: "a.yaml", Line: 1, Column: 2, Msg: "empty field name"},
				{File: "a.yaml", Line: 3, Column: 3, Path: "detail", Msg: "empty field name"},
			},
		},
		{
			name: "the zero instant is not a way to leave a time out",
			file: "a.yaml",
			src:  "timeline:\n  - at: 0001-01-01T00:00:00Z\n  - at: 0001-01-01 00:00\n  - at: 0001-01-01T00:00:00.000000001Z\n",
			want: []P{
				{File: "a.yaml", Line: 2, Column: 9, Path: "timeline[0].at", Msg: `invalid time "0001-01-01T00:00:00Z": this is the zero instant (0001-01-01T00:00:00Z), which means no time: leave the value out instead`},
				{File: "a.yaml", Line: 3, Column: 9, Path: "timeline[1].at", Msg: `invalid time "0001-01-01 00:00": this is the zero instant (0001-01-01T00:00:00Z), which means no time: leave the value out instead`},
			},
		},
		{
			name: "invalid UTF-8 in JSON",
			file: "a.json",
			src:  "{\"id\": \"a\",\n \"timeline\": [{\"at\": \"2014\xa0\"}]}\n",
			want: []P{{File: "a.json", Line: 2, Column: 27, Path: "timeline[0].at", Msg: "invalid UTF-8 (byte 0xa0): the file must be UTF-8 text"}},
		},
		{
			name: "invalid UTF-8 in a document that does not parse",
			file: "a.yaml",
			src:  "id: [\xff\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 6, Msg: "invalid UTF-8 (byte 0xff): the file must be UTF-8 text"}},
		},
		{
			name: "control character",
			file: "a.yaml",
			src:  "id: a\x07b\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 6, Msg: "control character U+0007 is not allowed"}},
		},
		{
			name: "empty file",
			file: "a.yaml",
			src:  "",
			want: []P{{File: "a.yaml", Line: 1, Msg: "empty document"}},
		},
		{
			name: "only comments",
			file: "a.yaml",
			src:  "# nothing yet\n",
			want: []P{{File: "a.yaml", Line: 1, Msg: "empty document"}},
		},
		{
			name: "only a document marker",
			file: "a.yaml",
			src:  "---\n",
			want: []P{{File: "a.yaml", Line: 1, Msg: "empty document"}},
		},
		{
			name: "empty JSON file",
			file: "a.json",
			src:  " \n",
			want: []P{{File: "a.json", Line: 1, Msg: "empty document"}},
		},
		{
			name: "several YAML documents",
			file: "a.yaml",
			src:  "id: a\n---\nid: b\n",
			want: []P{{File: "a.yaml", Line: 2, Msg: "several YAML documents in one file: write one"}},
		},
		{
			name: "top level is a list",
			file: "a.yaml",
			src:  "- id: a\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 1, Msg: "the top level must be a mapping of field names to values, not a list"}},
		},
		{
			name: "top level is a scalar",
			file: "a.yaml",
			src:  "hello\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 1, Msg: `the top level must be a mapping of field names to values, not "hello"`}},
		},
		{
			name: "YAML syntax error",
			file: "a.yaml",
			src:  "id: a\n detail: b\n",
			want: []P{{File: "a.yaml", Line: 2, Msg: "invalid YAML: mapping values are not allowed in this context"}},
		},
		{
			name: "YAML syntax error on the first line",
			file: "a.yaml",
			src:  "id: \"a\\q\"\n",
			want: []P{{File: "a.yaml", Line: 1, Msg: "invalid YAML: found unknown escape character"}},
		},
		{
			name: "YAML unknown anchor",
			file: "a.yaml",
			src:  "id: a\ntags: *t\n",
			want: []P{{File: "a.yaml", Line: 2, Column: 7, Msg: `invalid YAML: unknown anchor "t" referenced`}},
		},
		{
			name: "JSON syntax error",
			file: "a.json",
			src:  "{\n  \"id\": \"a\",\n  \"budget\" \"1h\"\n}\n",
			want: []P{{File: "a.json", Line: 3, Column: 12, Msg: "invalid JSON: invalid character '\"' after object key"}},
		},
		{
			name: "JSON cut short",
			file: "a.json",
			src:  "{\"id\": \"a\",\n",
			want: []P{{File: "a.json", Line: 2, Column: 1, Msg: "invalid JSON: unexpected end of file"}},
		},
		{
			name: "JSON with data after the value",
			file: "a.json",
			src:  "{\"id\": \"a\"}\n{\"id\": \"b\"}\n",
			want: []P{{File: "a.json", Line: 2, Column: 1, Msg: "invalid JSON: more data after the top-level value"}},
		},
		{
			name: "JSON top level is an array",
			file: "a.json",
			src:  "[1]",
			want: []P{{File: "a.json", Line: 1, Column: 1, Msg: "the top level must be a mapping of field names to values, not a list"}},
		},
		{
			name: "merge keys are refused",
			file: "a.yaml",
			src:  "detail: &d {owner: x}\ntags:\n  <<: {a: b}\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 3, Path: "tags.<<", Msg: "merge keys (<<) are not supported: write the fields out"}},
		},
		{
			name: "key that is not a scalar",
			file: "a.yaml",
			src:  "? [a, b]\n: c\n",
			want: []P{{File: "a.yaml", Line: 1, Column: 3, Msg: "want a field name, got a list"}},
		},
		{
			name: "map key null",
			file: "a.yaml",
			src:  "tags:\n  ~: a\n",
			want: []P{{File: "a.yaml", Line: 2, Column: 3, Path: "tags.~", Msg: "want a key, got null"}},
		},
		{
			name: "zone field that names no zone",
			file: "a.yaml",
			src:  "timeline:\n  - at: 2014-04-18 10:32\nzone: Eastern\n",
			want: []P{{File: "a.yaml", Line: 3, Column: 7, Path: "zone", Msg: `unknown time zone "Eastern" (want an IANA name such as "America/New_York")`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v testIncident
			doc, err := Decode(tt.file, []byte(tt.src), &v, Options{ZoneField: "zone"})
			if doc == nil {
				t.Fatalf("Decode returned a nil Doc (err %v)", err)
			}
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			// A problem without a path is one WholeDocument names.
			for _, p := range problemsOf(t, err) {
				if p.Path == "" && !WholeDocument(p.Msg) {
					t.Errorf("no path, yet WholeDocument(%q) is false", p.Msg)
				}
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	seed := []event{
		{At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny), Kind: 3, Text: "power lost"},
		{At: time.Date(2014, 4, 19, 1, 0, 0, 0, ny), Kind: 0, Text: "all systems verified"},
	}
	tests := []struct {
		name string
		file string
		src  string
		opts Options
		want testIncident
	}{
		{
			name: "zone written after the times applies to them",
			file: "a.yaml",
			src:  "timeline:\n  - at: 2014-04-18 10:32\n    kind: major_outage\n    text: power lost\n  - {at: \"2014-04-19T01:00\", text: all systems verified}\nzone: America/New_York\n",
			opts: Options{ZoneField: "zone"},
			want: testIncident{Zone: ny, Timeline: seed},
		},
		{
			name: "zone from the options",
			file: "a.yaml",
			src:  "timeline:\n  - at: 2014-04-18 10:32\n    kind: major_outage\n    text: power lost\n  - {at: 2014-04-19 01:00, text: all systems verified}\n",
			opts: Options{Zone: ny},
			want: testIncident{Timeline: seed},
		},
		{
			name: "zone field overrides the options",
			file: "a.yaml",
			src:  "zone: America/New_York\ntimeline:\n  - {at: 2014-04-18 10:32, kind: major_outage, text: power lost}\n  - {at: 2014-04-19T05:00:00Z, text: all systems verified}\n",
			opts: Options{Zone: mustZone(t, "Asia/Tokyo"), ZoneField: "zone"},
			want: testIncident{Zone: ny, Timeline: seed},
		},
		{
			name: "the same document in JSON",
			file: "a.json",
			src:  `{"timeline": [{"at": "2014-04-18 10:32", "kind": "major_outage", "text": "power lost"}, {"at": "2014-04-19T01:00:00-04:00", "text": "all systems verified"}], "zone": "America/New_York"}`,
			opts: Options{ZoneField: "zone"},
			want: testIncident{Zone: ny, Timeline: seed},
		},
		{
			name: "JSON detected by its first character",
			file: "incident",
			src:  " \n{\"id\": \"x\", \"weights\": {\"partial_outage\": 0.30}}",
			want: testIncident{ID: "x", Weights: map[level]decimal.Decimal{2: decimal.RequireFromString("0.3")}},
		},
		{
			name: "YAML flow mapping in a .yaml file is YAML",
			file: "a.yaml",
			src:  "{id: x, weights: {partial_outage: 0.30}}",
			want: testIncident{ID: "x", Weights: map[level]decimal.Decimal{2: decimal.RequireFromString("0.3")}},
		},
		{
			name: "byte order mark and CRLF",
			file: "a.yaml",
			src:  "\ufeffid: x\r\ndetail:\r\n  owner: ops\r\n  due: 2014-05-19\r\n",
			want: testIncident{ID: "x", Detail: &detail{Owner: "ops", Due: day{2014, 5, 19}}},
		},
		{
			name: "JSON with a byte order mark and CRLF",
			file: "a.json",
			src:  "\ufeff{\r\n  \"id\": \"x\",\r\n  \"budget\": \"90s\"\r\n}\r\n",
			want: testIncident{ID: "x", Budget: 90 * time.Second},
		},
		{
			name: "embedded struct fields are promoted",
			file: "a.yaml",
			src:  "version: \"3\"\nid: x\n",
			want: testIncident{Common: Common{Version: "3"}, ID: "x"},
		},
		{
			name: "nulls leave zero values",
			file: "a.yaml",
			src:  "id:\nzone: ~\ntimeline: null\ndetail:\nweights: {partial_outage: ~}\nbudget: null\n",
			opts: Options{ZoneField: "zone"},
			want: testIncident{Weights: map[level]decimal.Decimal{2: {}}},
		},
		{
			name: "empty list and mapping",
			file: "a.yaml",
			src:  "timeline: []\ntags: {}\n",
			want: testIncident{Timeline: []event{}, Tags: map[string]string{}},
		},
		{
			name: "aliases are followed",
			file: "a.yaml",
			src:  "tags: &t {team: sre}\ndetail:\n  owner: &o alice\nid: *o\n",
			want: testIncident{ID: "alice", Tags: map[string]string{"team": "sre"}, Detail: &detail{Owner: "alice"}},
		},
		{
			name: "multi-line strings",
			file: "a.yaml",
			src:  "id: |\n  line one\n  line two\n",
			want: testIncident{ID: "line one\nline two\n"},
		},
		{
			name: "JSON escapes",
			file: "a.json",
			src:  `{"id": "caf\u00e9 \"q\" \/ \n"}`,
			want: testIncident{ID: "café \"q\" / \n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got testIncident
			_, err := Decode(tt.file, []byte(tt.src), &got, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, valueOpts); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeKeepsWhatItCan checks that a document with problems still fills
// every field that decoded.
func TestDecodeKeepsWhatItCan(t *testing.T) {
	src := "id: x\nbudget: soon\ntimeline:\n  - {at: 2014-04-18T14:32:00Z, kind: bad, text: a}\n  - {at: never, text: b}\ndetail: {owner: ops, due: tomorrow}\n"
	var got testIncident
	_, err := Decode("a.yaml", []byte(src), &got, Options{})
	if n := len(problemsOf(t, err)); n != 4 {
		t.Errorf("got %d problems, want 4: %v", n, err)
	}
	want := testIncident{
		ID:       "x",
		Timeline: []event{{At: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), Text: "a"}, {Text: "b"}},
		Detail:   &detail{Owner: "ops"},
	}
	if diff := cmp.Diff(want, got, valueOpts); diff != "" {
		t.Errorf("value (-want +got):\n%s", diff)
	}
}

func TestDecodeLocate(t *testing.T) {
	src := "id: x\ntimeline:\n  - at: 2014-04-18T14:32:00Z\n    text: a\n  - at: 2014-04-18T15:00:00Z\nweights:\n  partial_outage: 0.3\nunknown: 1\n"
	jsrc := "{\n  \"id\": \"x\",\n  \"timeline\": [\n    {\"at\": \"2014-04-18T14:32:00Z\", \"text\": \"a\"},\n    {\"at\": \"2014-04-18T15:00:00Z\"}\n  ],\n  \"weights\": {\"partial_outage\": 0.3}\n}\n"
	type pos struct{ Line, Col int }
	tests := []struct {
		file, src, path string
		want            pos
	}{
		{"a.yaml", src, "", pos{1, 1}},
		{"a.yaml", src, "id", pos{1, 1}},
		{"a.yaml", src, "timeline", pos{2, 1}},
		{"a.yaml", src, "timeline[0]", pos{3, 5}},
		{"a.yaml", src, "timeline[0].text", pos{4, 5}},
		{"a.yaml", src, "timeline[1].at", pos{5, 5}},
		{"a.yaml", src, "weights.partial_outage", pos{7, 3}},
		{"a.yaml", src, "unknown", pos{8, 1}},
		{"a.yaml", src, "timeline[2]", pos{}},
		{"a.yaml", src, "nothing.here", pos{}},
		{"a.json", jsrc, "", pos{1, 1}},
		{"a.json", jsrc, "timeline[0]", pos{4, 5}},
		{"a.json", jsrc, "timeline[0].text", pos{4, 36}},
		{"a.json", jsrc, "timeline[1].at", pos{5, 6}},
		{"a.json", jsrc, "weights.partial_outage", pos{7, 15}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.path, func(t *testing.T) {
			var v testIncident
			doc, _ := Decode(tt.file, []byte(tt.src), &v, Options{})
			var got pos
			got.Line, got.Col = doc.Locate(tt.path)
			if got != tt.want {
				t.Errorf("Locate(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// TestDocLocatesValidationProblems shows the intended use of Doc: a
// validator that runs after Decode gives its problems lines through
// problem.List.
func TestDocLocatesValidationProblems(t *testing.T) {
	src := "id: x\ntimeline:\n  - at: 2014-04-18T14:32:00Z\n  - at: 2014-04-18T12:00:00Z\n    text: before the start\n"
	var v testIncident
	doc, err := Decode("a.yaml", []byte(src), &v, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := problem.List{File: "a.yaml", Locator: doc}
	l.Add("timeline[1].at", "before the incident started")
	l.Add("timeline[1].kind", "missing")
	l.Add("impacts", "no impact")
	want := []problem.Problem{
		// impacts is not in the file: the top-level mapping's position.
		{File: "a.yaml", Line: 1, Column: 1, Path: "impacts", Msg: "no impact"},
		{File: "a.yaml", Line: 4, Column: 5, Path: "timeline[1].at", Msg: "before the incident started"},
		// kind is not in the file: the position of its element.
		{File: "a.yaml", Line: 4, Column: 5, Path: "timeline[1].kind", Msg: "missing"},
	}
	if diff := cmp.Diff(want, problemsOf(t, l.Err())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestDecodeProgrammingErrors(t *testing.T) {
	type withFloat struct {
		X float64 `yaml:"x"`
	}
	type withAny struct {
		X []any `yaml:"x"`
	}
	type withDecimalKey struct {
		X map[decimal.Decimal]int `yaml:"x"`
	}
	type withBytes struct {
		X []byte `yaml:"x"`
	}
	var i int
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"not a pointer", testIncident{}, "fileformat: Decode needs a non-nil pointer to a struct, not fileformat.testIncident"},
		{"nil pointer", (*testIncident)(nil), "fileformat: Decode needs a non-nil pointer to a struct, not *fileformat.testIncident"},
		{"pointer to int", &i, "fileformat: Decode needs a non-nil pointer to a struct, not *int"},
		{"float field", &withFloat{}, "fileformat: fileformat.withFloat.x: type float64 is not supported"},
		{"interface elements", &withAny{}, "fileformat: fileformat.withAny.x[]: type interface {} is not supported"},
		{"decimal map keys", &withDecimalKey{}, "fileformat: fileformat.withDecimalKey.x: map key type decimal.Decimal is not supported (its == is not equality)"},
		{"byte slice", &withBytes{}, "fileformat: fileformat.withBytes.x: type []uint8 is not supported (byte slices have no text form)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode("a.yaml", []byte("x: 1\n"), tt.v, Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
			if doc != nil {
				t.Errorf("doc = %v, want nil", doc)
			}
		})
	}
}

func TestDecodeLimits(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		opts Options
		want []problem.Problem
	}{
		{
			name: "larger than MaxBytes",
			file: "a.yaml",
			src:  "id: " + strings.Repeat("x", 100) + "\n",
			opts: Options{MaxBytes: 64},
			want: []problem.Problem{{File: "a.yaml", Line: 1, Msg: "file is larger than the limit of 64 bytes (reached on line 1)"}},
		},
		{
			name: "larger than MaxBytes from a later line",
			file: "a.yaml",
			src:  "id: a\nowner: b\ntitle: " + strings.Repeat("x", 100) + "\n",
			opts: Options{MaxBytes: 64},
			want: []problem.Problem{{File: "a.yaml", Line: 3, Msg: "file is larger than the limit of 64 bytes (reached on line 3)"}},
		},
		{
			name: "invalid UTF-8 on many lines",
			file: "a.yaml",
			src:  strings.Repeat("- caf\xe9\n", 12),
			want: func() []problem.Problem {
				var ps []problem.Problem
				for i := range 10 {
					ps = append(ps, problem.Problem{File: "a.yaml", Line: i + 1, Column: 6, Path: fmt.Sprintf("[%d]", i),
						Msg: "invalid UTF-8 (byte 0xe9): the file must be UTF-8 text"})
				}
				return append(ps, problem.Problem{File: "a.yaml", Line: 12, Msg: "invalid UTF-8 on 2 more lines"})
			}(),
		},
		{
			name: "nested too deep in YAML",
			file: "a.yaml",
			src:  "tags: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n",
			want: []problem.Problem{{File: "a.yaml", Line: 1, Msg: "nested more than 100 levels deep"}},
		},
		{
			name: "nested too deep in JSON",
			file: "a.json",
			src:  `{"tags": ` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "}",
			want: []problem.Problem{{File: "a.json", Line: 1, Column: 109, Msg: "invalid JSON: nested more than 100 levels deep"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v testIncident
			_, err := Decode(tt.file, []byte(tt.src), &v, tt.opts)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeAliasBomb checks that a "billion laughs" document is refused
// quickly instead of expanding into a huge value.
func TestDecodeAliasBomb(t *testing.T) {
	type bomb struct {
		A []string                   `yaml:"a"`
		B [][]string                 `yaml:"b"`
		C [][][]string               `yaml:"c"`
		D [][][][]string             `yaml:"d"`
		E [][][][][]string           `yaml:"e"`
		F [][][][][][]string         `yaml:"f"`
		G [][][][][][][]string       `yaml:"g"`
		H [][][][][][][][]string     `yaml:"h"`
		I [][][][][][][][][]string   `yaml:"i"`
		L [][][][][][][][][][]string `yaml:"l"`
	}
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(name + ": &" + name + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	b.WriteString("l: [*i]\n")
	var v bomb
	_, err := Decode("bomb.yaml", []byte(b.String()), &v, Options{})
	ps := problemsOf(t, err)
	found := false
	for _, p := range ps {
		if strings.Contains(p.Msg, "expands to more than") {
			found = true
		}
	}
	if !found {
		t.Errorf("problems %v do not include the expansion limit", ps)
	}
}
