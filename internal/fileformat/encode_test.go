package fileformat

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/golden"
)

type tier struct {
	AtLeast *decimal.Decimal `yaml:"at_least"`
	Below   *decimal.Decimal `yaml:"below"`
	Credit  decimal.Decimal  `yaml:"credit"`
}

type plan struct {
	ID       string                    `yaml:"id"`
	Price    decimal.Decimal           `yaml:"price"`
	Currency currency.Unit             `yaml:"currency"`
	Zone     *time.Location            `yaml:"zone"`
	Step     time.Duration             `yaml:"step"`
	Tiers    []tier                    `yaml:"tiers"`
	Weights  map[level]decimal.Decimal `yaml:"weights"`
	Seats    uint16                    `yaml:"seats"`
	Active   bool                      `yaml:"active"`
	Since    time.Time                 `yaml:"since"`
	Reviewed day                       `yaml:"reviewed"`
}

// sample is a value using every kind the schema allows, for round trips
// and the golden files.
func sample(t testing.TB) testIncident {
	ny := mustZone(t, "America/New_York")
	return testIncident{
		Common: Common{Version: "2"},
		ID:     "cc-2014-04-18",
		Zone:   ny,
		Timeline: []event{
			{At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny), Kind: 3, Text: "Power lost: a car hit a pole.\nRedundant power failed."},
			{At: time.Date(2014, 4, 19, 3, 15, 0, 123e6, time.UTC), Kind: 2, Text: "partial restoration"},
			{At: time.Date(2014, 4, 19, 1, 0, 0, 0, ny), Text: ""},
			{},
		},
		Impacts: []impact{{Component: "email", Level: 3, Start: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), End: time.Date(2014, 4, 19, 5, 0, 0, 0, time.UTC)}},
		Weights: map[level]decimal.Decimal{3: decimal.NewFromInt(1), 2: decimal.RequireFromString("0.30"), 0: {}},
		Counts:  map[int]string{10: "ten", -1: "minus one", 2: "true"},
		Tags:    map[string]string{"team": "sre", "": "empty key", "yes": "no", "1.5": "null"},
		Detail:  &detail{Owner: "ops: on call", Due: day{2014, 5, 19}},
		Budget:  14*time.Hour + 28*time.Minute,
	}
}

func samplePlan() plan {
	d := decimal.RequireFromString
	p := func(s string) *decimal.Decimal { x := d(s); return &x }
	return plan{
		ID:       "basic",
		Price:    d("15.00"),
		Currency: currency.USD,
		Step:     30 * time.Minute,
		Tiers: []tier{
			{AtLeast: p("99.0"), Below: p("99.99"), Credit: d("10")},
			{AtLeast: p("0"), Below: p("99.0"), Credit: d("25")},
		},
		Weights:  map[level]decimal.Decimal{2: d("1e-30"), 3: d("1e30")},
		Seats:    65535,
		Active:   true,
		Since:    time.Date(2025, 1, 31, 0, 0, 0, 0, time.FixedZone("", 5*3600+45*60)),
		Reviewed: day{2024, 2, 29},
	}
}

func TestEncodeGolden(t *testing.T) {
	tests := []struct {
		name string
		v    any
		f    Format
	}{
		{"incident.yaml", sample(t), YAML},
		{"incident.json", sample(t), JSON},
		{"plan.yaml", samplePlan(), YAML},
		{"plan.json", samplePlan(), JSON},
		{"empty.yaml", testIncident{}, YAML},
		{"empty.json", &testIncident{}, JSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Encode(&b, tt.v, tt.f); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tt.name), b.Bytes())
		})
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   any
		out  func() any // a new zero value of the same type
	}{
		{"incident", sample(t), func() any { return &testIncident{} }},
		{"plan", samplePlan(), func() any { return &plan{} }},
		{"empty", testIncident{}, func() any { return &testIncident{} }},
		{"scalars", scalars{S: "x", B: true, I: -1, I8: -128, I64: 1 << 62, U8: 255, U: 1, Dec: decimal.RequireFromString("-0.000001"),
			T: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), D: 1, Cur: currency.JPY, L: 1, Day: day{1, 1, 1}}, func() any { return &scalars{} }},
	}
	for _, tt := range tests {
		for _, f := range []Format{YAML, JSON} {
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				var b bytes.Buffer
				if err := Encode(&b, tt.in, f); err != nil {
					t.Fatal(err)
				}
				out := tt.out()
				if _, err := Decode("x."+f.String(), b.Bytes(), out, Options{ZoneField: "zone"}); err != nil {
					t.Fatalf("%v\n%s", err, b.String())
				}
				if diff := cmp.Diff(tt.in, reflectElem(out), valueOpts); diff != "" {
					t.Errorf("round trip (-in +out):\n%s\nfile:\n%s", diff, b.String())
				}
			})
		}
	}
}

func reflectElem(p any) any {
	switch v := p.(type) {
	case *testIncident:
		return *v
	case *plan:
		return *v
	case *scalars:
		return *v
	}
	return p
}

func TestEncodeErrors(t *testing.T) {
	type bad struct {
		D time.Duration `yaml:"d"`
		T time.Time     `yaml:"t"`
		S string        `yaml:"s"`
	}
	type onlyFloat struct {
		F float32 `yaml:"f"`
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"negative duration", bad{D: -time.Second}, "fileformat: d: negative duration -1s cannot be written"},
		{"year 10000", bad{T: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "fileformat: t: time 10000-01-01 00:00:00 +0000 UTC is outside years 0000 to 9999"},
		{"invalid UTF-8", bad{S: "caf\xe9"}, "fileformat: s: string is not valid UTF-8"},
		{"not a struct", 42, "fileformat: Encode needs a struct or a pointer to one, not int"},
		{"unsupported type", onlyFloat{}, "fileformat: fileformat.onlyFloat.f: type float32 is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Encode(&b, tt.v, YAML)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %q on error", b.String())
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{"a.json": JSON, "A.JSON": JSON, "a.yaml": YAML, "a.yml": YAML, "a": YAML, "dir.json/a.txt": YAML} {
		if got := FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %v, want %v", name, got, want)
		}
	}
	if !strings.Contains(JSON.String()+YAML.String(), "jsonyaml") {
		t.Errorf("Format.String = %q, %q", JSON, YAML)
	}
}
