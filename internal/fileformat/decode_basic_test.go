package fileformat

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
)

type level uint8

var levelNames = []string{"operational", "partial_outage", "major_outage"}

func (l level) MarshalText() ([]byte, error) { return []byte(levelNames[l]), nil }
func (l *level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = level(i)
			return nil
		}
	}
	return errors.New("unknown level " + `"` + string(b) + `"`)
}

type event struct {
	At   time.Time `yaml:"at"`
	Text string    `yaml:"text"`
}

type impact struct {
	Component string    `yaml:"component"`
	Level     level     `yaml:"level"`
	Start     time.Time `yaml:"start"`
}

type incident struct {
	ID       string                    `yaml:"id"`
	Zone     *time.Location            `yaml:"zone"`
	Timeline []event                   `yaml:"timeline"`
	Impacts  []impact                  `yaml:"impacts"`
	Weights  map[level]decimal.Decimal `yaml:"weights"`
	Budget   time.Duration             `yaml:"budget"`
}

func TestDecodeBasic(t *testing.T) {
	src := "id: cc-2014\ntimeline:\n  - at: 2014-04-18T10:32\n    text: power\nzone: America/New_York\nimpacts:\n  - component: web\n    levle: major_outage\nweights:\n  partial_outage: 0.3\nbudget: 14h28m\n"
	var inc incident
	doc, err := Decode("inc.yaml", []byte(src), &inc, Options{ZoneField: "zone"})
	want := []problem.Problem{{File: "inc.yaml", Line: 8, Column: 5, Path: "impacts[0].levle", Msg: `unknown field (did you mean "level"?)`}}
	var perr *problem.Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want *problem.Error", err)
	}
	if diff := cmp.Diff(want, perr.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got, want := inc.Timeline[0].At.UTC(), time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("at = %v, want %v", got, want)
	}
	if got := inc.Weights[1].String(); got != "0.3" {
		t.Errorf("weight = %s", got)
	}
	if inc.Budget != 14*time.Hour+28*time.Minute {
		t.Errorf("budget = %v", inc.Budget)
	}
	if l, c := doc.Locate("timeline[0].at"); l != 3 || c != 5 {
		t.Errorf("Locate = %d:%d", l, c)
	}
}

func TestDecodeJSONBasic(t *testing.T) {
	src := `{"id": "x", "timeline": [{"at": "2014-04-18T14:32:00Z", "text": "a"}], "weights": {"partial_outage": 0.30}, "id": "y"}`
	var inc incident
	_, err := Decode("inc.json", []byte(src), &inc, Options{})
	want := []problem.Problem{{File: "inc.json", Line: 1, Column: 109, Path: "id", Msg: "duplicate key: already written at line 1"}}
	var perr *problem.Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want *problem.Error", err)
	}
	if diff := cmp.Diff(want, perr.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if inc.ID != "x" || inc.Weights[1].String() != "0.3" || len(inc.Timeline) != 1 {
		t.Errorf("got %+v", inc)
	}
}

func TestRoundTripBasic(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	in := incident{
		ID:       "cc",
		Zone:     ny,
		Timeline: []event{{At: time.Date(2014, 4, 18, 10, 32, 0, 5e6, ny), Text: "power\nout"}, {}},
		Impacts:  []impact{{Component: "web", Level: 2}},
		Weights:  map[level]decimal.Decimal{1: decimal.RequireFromString("0.30"), 0: decimal.Zero},
		Budget:   time.Hour + 30*time.Second,
	}
	for _, f := range []Format{YAML, JSON} {
		var b bytes.Buffer
		if err := Encode(&b, in, f); err != nil {
			t.Fatal(err)
		}
		var out incident
		if _, err := Decode("x."+f.String(), b.Bytes(), &out, Options{ZoneField: "zone"}); err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if diff := cmp.Diff(in, out, cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })); diff != "" {
			t.Errorf("%v round trip (-in +out):\n%s\n%s", f, diff, b.String())
		}
		t.Logf("%s", b.String())
	}
}
