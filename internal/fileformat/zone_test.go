package fileformat

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/problem"
)

// policyDoc has its zone in a nested field, as sla.Policy has.
type policyDoc struct {
	ID     string `yaml:"id"`
	Window struct {
		Kind string         `yaml:"kind"`
		Zone *time.Location `yaml:"zone"`
	} `yaml:"window"`
	Exclusions []struct {
		Start time.Time `yaml:"start"`
		End   time.Time `yaml:"end"`
	} `yaml:"exclusions"`
}

func TestDecodeNestedZoneField(t *testing.T) {
	tests := []struct {
		name      string
		file, src string
		zoneField string
		want      []string // start and end of the first exclusion, RFC 3339
	}{
		{"local times in the nested zone", "p.yaml",
			"window:\n  zone: America/New_York\nexclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18T11:00}\n", "window.zone",
			[]string{"2014-04-18T10:32:00-04:00", "2014-04-18T11:00:00-04:00"}},
		{"times written before the zone", "p.yaml",
			"exclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18}\nwindow:\n  kind: month\n  zone: America/New_York\n", "window.zone",
			[]string{"2014-04-18T10:32:00-04:00", "2014-04-18T00:00:00-04:00"}},
		{"offsets are kept", "p.yaml",
			"window: {zone: America/New_York}\nexclusions:\n  - {start: 2014-04-18T10:32:00Z, end: 2014-04-18T11:00:00-04:00}\n", "window.zone",
			[]string{"2014-04-18T10:32:00Z", "2014-04-18T11:00:00-04:00"}},
		{"JSON", "p.json",
			`{"exclusions": [{"start": "2014-04-18 10:32", "end": "2014-04-18 11:00"}], "window": {"zone": "America/New_York"}}`, "window.zone",
			[]string{"2014-04-18T10:32:00-04:00", "2014-04-18T11:00:00-04:00"}},
		{"zone through an alias", "p.yaml",
			"id: &z America/New_York\nwindow: {zone: *z}\nexclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18 11:00}\n", "window.zone",
			[]string{"2014-04-18T10:32:00-04:00", "2014-04-18T11:00:00-04:00"}},
		{"no window: UTC", "p.yaml",
			"exclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18 11:00}\n", "window.zone",
			[]string{"2014-04-18T10:32:00Z", "2014-04-18T11:00:00Z"}},
		{"window not a mapping: UTC", "p.yaml",
			"window: monthly\nexclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18 11:00}\n", "window.zone",
			[]string{"2014-04-18T10:32:00Z", "2014-04-18T11:00:00Z"}},
		{"the top-level name does not match a nested field", "p.yaml",
			"window: {zone: America/New_York}\nexclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18 11:00}\n", "zone",
			[]string{"2014-04-18T10:32:00Z", "2014-04-18T11:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p policyDoc
			_, err := Decode(tt.file, []byte(tt.src), &p, Options{ZoneField: tt.zoneField})
			if strings.HasPrefix(tt.name, "window not a mapping") {
				if len(problemsOf(t, err)) != 1 {
					t.Fatalf("want one problem (window), got %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			got := []string{p.Exclusions[0].Start.Format(time.RFC3339), p.Exclusions[0].End.Format(time.RFC3339)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("exclusion (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeRequireZone(t *testing.T) {
	type P = problem.Problem
	const noZone = `"%s" has no offset and the file names no zone: add zone: <IANA name> or write an offset`
	msg := func(s string) string { return strings.Replace(noZone, "%s", s, 1) }
	tests := []struct {
		name      string
		file, src string
		opts      Options
		want      []P
	}{
		{
			name: "each local time is a problem at its line",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src: "id: x\ntimeline:\n  - at: 2014-04-18 10:32\n  - at: 2014-04-18T14:32:00Z\n  - at: 2014-04-18\n" +
				"impacts:\n  - {component: web, start: 2014-04-18T10:32, end: 2014-04-19T01:00-04:00}\n",
			want: []P{
				{File: "i.yaml", Line: 3, Column: 9, Path: "timeline[0].at", Msg: msg("2014-04-18 10:32")},
				{File: "i.yaml", Line: 5, Column: 9, Path: "timeline[2].at", Msg: msg("2014-04-18")},
				{File: "i.yaml", Line: 7, Column: 29, Path: "impacts[0].start", Msg: msg("2014-04-18T10:32")},
			},
		},
		{
			name: "JSON",
			file: "i.json",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "{\n  \"timeline\": [\n    {\"at\": \"2014-04-18 10:32\"}\n  ]\n}\n",
			want: []P{{File: "i.json", Line: 3, Column: 12, Path: "timeline[0].at", Msg: msg("2014-04-18 10:32")}},
		},
		{
			name: "a zone named after the times",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "timeline:\n  - at: 2014-04-18 10:32\nzone: America/New_York\n",
		},
		{
			name: "offsets only",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "timeline:\n  - at: 2014-04-18T10:32:00-04:00\n  - at: 2014-04-18T14:32Z\n",
		},
		{
			name: "an empty zone names none",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "zone: \"\"\ntimeline:\n  - at: 2014-04-18 10:32\n",
			want: []P{{File: "i.yaml", Line: 3, Column: 9, Path: "timeline[0].at", Msg: msg("2014-04-18 10:32")}},
		},
		{
			name: "a null zone names none",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "zone: null\ntimeline:\n  - at: 2014-04-18 10:32\n",
			want: []P{{File: "i.yaml", Line: 3, Column: 9, Path: "timeline[0].at", Msg: msg("2014-04-18 10:32")}},
		},
		{
			name: "an unknown zone is its own problem, once",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "zone: Mars/Olympus\ntimeline:\n  - at: 2014-04-18 10:32\n",
			want: []P{{File: "i.yaml", Line: 1, Column: 7, Path: "zone", Msg: `unknown time zone "Mars/Olympus" (want an IANA name such as "America/New_York")`}},
		},
		{
			name: "a bad time is reported as such",
			file: "i.yaml",
			opts: Options{ZoneField: "zone", RequireZone: true},
			src:  "timeline:\n  - at: 2014-02-30 10:32\n",
			want: []P{{File: "i.yaml", Line: 2, Column: 9, Path: "timeline[0].at", Msg: `invalid time "2014-02-30 10:32": February 2014 has 28 days`}},
		},
		{
			name: "a nested zone field is suggested by its path",
			file: "p.yaml",
			opts: Options{ZoneField: "window.zone", RequireZone: true},
			src:  "exclusions:\n  - {start: 2014-04-18 10:32, end: 2014-04-18T11:00Z}\n",
			want: []P{{File: "p.yaml", Line: 2, Column: 13, Path: "exclusions[0].start",
				Msg: `"2014-04-18 10:32" has no offset and the file names no zone: add window.zone: <IANA name> or write an offset`}},
		},
		{
			name: "without a zone field every local time needs an offset",
			file: "i.yaml",
			opts: Options{RequireZone: true},
			src:  "timeline:\n  - at: 2014-04-18 10:32\n",
			want: []P{{File: "i.yaml", Line: 2, Column: 9, Path: "timeline[0].at", Msg: `"2014-04-18 10:32" has no offset: write it with one ("Z" or "-04:00")`}},
		},
		{
			name: "without RequireZone local times are in Zone",
			file: "i.yaml",
			opts: Options{ZoneField: "zone"},
			src:  "timeline:\n  - at: 2014-04-18 10:32\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any = &testIncident{}
			if strings.HasPrefix(tt.opts.ZoneField, "window") {
				v = &policyDoc{}
			}
			_, err := Decode(tt.file, []byte(tt.src), v, tt.opts)
			if diff := cmp.Diff(tt.want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeRequireZoneLeavesZero: a local time without a zone is a
// problem like any bad value: its field stays zero, the rest is decoded.
func TestDecodeRequireZoneLeavesZero(t *testing.T) {
	var inc testIncident
	_, err := Decode("i.yaml", []byte("id: x\ntimeline:\n  - {at: 2014-04-18 10:32, text: power lost}\n  - {at: 2014-04-18T15:00Z}\n"), &inc, Options{ZoneField: "zone", RequireZone: true})
	if len(problemsOf(t, err)) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	want := []event{{Text: "power lost"}, {At: time.Date(2014, 4, 18, 15, 0, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, inc.Timeline); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
}

// change and status are like rca.Change: a zero status (operational) is a
// state worth writing.
type change struct {
	Component string `yaml:"component"`
	Status    level  `yaml:"status,keepzero"`
	Level     level  `yaml:"level"`
	Due       day    `yaml:"due,keepzero"` // zero text: still left out
	Count     int    `yaml:"count,keepzero"`
}

type changes struct {
	Changes []change `yaml:"changes"`
}

func TestEncodeKeepZero(t *testing.T) {
	v := changes{Changes: []change{
		{Component: "web", Status: 3, Level: 3, Due: day{2014, 5, 1}, Count: 2},
		{Component: "web"},
	}}
	tests := []struct {
		f    Format
		want string
	}{
		{YAML, `changes:
  - component: web
    status: major_outage
    level: major_outage
    due: "2014-05-01"
    count: 2
  - component: web
    status: operational
    count: 0
`},
		{JSON, `{
  "changes": [
    {
      "component": "web",
      "status": "major_outage",
      "level": "major_outage",
      "due": "2014-05-01",
      "count": 2
    },
    {
      "component": "web",
      "status": "operational",
      "count": 0
    }
  ]
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.f.String(), func(t *testing.T) {
			var b bytes.Buffer
			if err := Encode(&b, v, tt.f); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Encode (-want +got):\n%s", diff)
			}
			var back changes
			if _, err := Decode("c."+tt.f.String(), b.Bytes(), &back, Options{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(v, back); diff != "" {
				t.Errorf("round trip (-in +out):\n%s", diff)
			}
		})
	}
}

func TestKeepZeroOnlyOnSingleValues(t *testing.T) {
	type bad struct {
		List []string `yaml:"list,keepzero"`
	}
	want := "fileformat: fileformat.bad.list: keepzero applies to single values, not to type []string"
	if err := Encode(&bytes.Buffer{}, bad{}, YAML); err == nil || err.Error() != want {
		t.Errorf("Encode: error %v, want %s", err, want)
	}
	if _, err := Decode("b.yaml", []byte("list: [a]\n"), &bad{}, Options{}); err == nil || err.Error() != want {
		t.Errorf("Decode: error %v, want %s", err, want)
	}
}
