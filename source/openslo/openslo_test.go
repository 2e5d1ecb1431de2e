package openslo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

const fixtures = "../../testdata/openslo"

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// traffic is a day of hourly request counts with some failures, and a
// burst of them, from start.
func traffic(start time.Time) []sla.RequestCount {
	var out []sla.RequestCount
	for h := range 24 {
		c := sla.RequestCount{Start: start.Add(time.Duration(h) * time.Hour), Total: 1000 + int64(h)*10, Failed: int64(h % 4)}
		if h == 13 {
			c.Failed = 700
		}
		out = append(out, c)
	}
	return out
}

// TestMeasuresLikeThePolicyFile checks that each OpenSLO objective with an
// equivalent measures exactly as the policy file written for it: the same
// windows, availability, budget and figures.
func TestMeasuresLikeThePolicyFile(t *testing.T) {
	tests := []struct {
		name, slo, policy string
		opts              Opts
		ratio             Ratio
		reqs              []sla.RequestCount
	}{
		{"rolling 30 days", "ratio-timeslices-rolling.yaml", "../../testdata/policies/request-based.yaml", Opts{},
			Ratio{Counter: true, Good: true, Total: true}, traffic(time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC))},
		{"calendar months in New York", "ratio-timeslices-calendar.yaml", filepath.Join(fixtures, "calendar-month-policy.yaml"), Opts{Objective: "SLA"},
			Ratio{Raw: true, RawType: "failure"}, traffic(time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC))}, // across the DST change
	}
	ignore := cmpopts.IgnoreFields(sla.Result{}, "PolicyID", "PolicyVersion")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slo, err := Load(tt.slo, read(t, filepath.Join(fixtures, tt.slo)), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.ratio, slo.Ratio); diff != "" {
				t.Errorf("ratio (-want +got):\n%s", diff)
			}
			policy, err := sla.LoadFile(tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			opts := sla.Options{Requests: tt.reqs}
			want, err := sla.Measure(policy, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sla.Measure(slo.Policy, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("the policy file measures no window")
			}
			if diff := cmp.Diff(want, got, ignore); diff != "" {
				t.Errorf("results (-policy file +OpenSLO):\n%s", diff)
			}
		})
	}
}

func TestPolicy(t *testing.T) {
	slo, err := Load("x.yaml", read(t, filepath.Join(fixtures, "ratio-timeslices-calendar.yaml")), Opts{Objective: "Internal"})
	if err != nil {
		t.Fatal(err)
	}
	p := slo.Policy
	if p.ID != "checkout-monthly" || p.Name != "Checkout, monthly" || !p.Objective.Equal(decimal.RequireFromString("99.95")) ||
		p.Window.Kind != sla.Month || p.Window.Zone.String() != "America/New_York" || p.Indicator != sla.RequestBased || p.Requests.Interval != time.Hour {
		t.Errorf("policy = %+v", p)
	}
}

func TestIs(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{"apiVersion: openslo/v1\nkind: SLO\n", true},
		{"apiVersion: openslo/v1alpha\n", true},
		{"# a comment\n---\napiVersion: openslo/v1\n", true},
		{"id: api\nobjective: \"99.9\"\n", false},
		{"apiVersion: v1\nkind: Pod\n", false},
		{"[1, 2]", false},
		{"{", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Is([]byte(tt.data)); got != tt.want {
			t.Errorf("Is(%q) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestNoEquivalent(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		opts Opts
		want []string
	}{
		{name: "occurrences", file: "occurrences.yaml",
			want: []string{"x.yaml:29:20: spec.budgetingMethod: Occurrences (good events ÷ all events over the whole window) has no equivalent: the sla package's request-based availability is the mean of the intervals' error rates, which is RatioTimeslices",
				"x.yaml:31:7: spec.objectives[0].timeSliceWindow: missing: RatioTimeslices needs the slices' length, the policy's request interval"}},
		{name: "timeslices of a threshold", file: "timeslices-threshold.yaml",
			want: []string{
				"x.yaml:14:9: spec.indicator.spec.thresholdMetric: a threshold metric (a raw value compared with op and value) has no equivalent: the sla package measures requests; give a ratioMetric",
				`x.yaml:21:20: spec.timeWindow[0].calendar.startTime: "2024-01-01 12:00:00" has no equivalent: the sla package's month windows start at midnight on the first day of a month`,
				"x.yaml:23:20: spec.budgetingMethod: Timeslices (the share of time slices whose ratio meets timeSliceTarget) has no equivalent: the sla package's request-based availability is the mean of the intervals' error rates, which is RatioTimeslices",
			}},
		{name: "two objectives, none named", file: "ratio-timeslices-calendar.yaml",
			want: []string{`x.yaml:37:5: spec.objectives: 2 objectives (["Internal" "SLA"]): name the one to read`}},
		{name: "no such objective", file: "ratio-timeslices-calendar.yaml", opts: Opts{Objective: "sla"},
			want: []string{`x.yaml:37:5: spec.objectives: no objective named "sla" (the SLO has ["Internal" "SLA"])`}},
		{name: "many objectives: ten names listed", data: `apiVersion: openslo/v1
kind: SLO
metadata: {name: a}
spec:
  indicator: {spec: {ratioMetric: {raw: {}, rawType: failure}}}
  timeWindow: [{duration: 30d, isRolling: true}]
  budgetingMethod: RatioTimeslices
  objectives:
` + strings.Repeat("    - {displayName: o, target: 0.99, timeSliceWindow: 5m}\n", 12),
			want: []string{`x.yaml:9:5: spec.objectives: 12 objectives (["o" "o" "o" "o" "o" "o" "o" "o" "o" "o"] … and 2 more): name the one to read`}},
		{name: "windows", data: `apiVersion: openslo/v1
kind: SLO
metadata: {name: a}
spec:
  indicator: {spec: {ratioMetric: {raw: {}, rawType: failure}}}
  timeWindow: [{duration: 1M, isRolling: true}]
  budgetingMethod: RatioTimeslices
  objectives: [{target: 1, timeSliceWindow: 1M}]
`, want: []string{
			`x.yaml:6:27: spec.timeWindow[0].duration: "1M" has no equivalent: the sla package's rolling windows are 1 to 36500 whole days`,
			`x.yaml:8:25: spec.objectives[0].target: 1 is not a target in (0, 1)`,
			`x.yaml:8:45: spec.objectives[0].timeSliceWindow: "1M" has no equivalent: the sla package's request intervals have a fixed length`,
		}},
		{name: "calendar", data: `apiVersion: openslo/v1
kind: SLO
metadata: {name: a}
spec:
  indicatorRef: nowhere
  timeWindow: [{duration: 2M, calendar: {timeZone: Mars/Olympus}}]
  budgetingMethod: RatioTimeslices
  objectives: [{targetPercent: 99.9, timeSliceWindow: 5m, typo: 1}]
`, want: []string{
			`x.yaml:5:17: spec.indicatorRef: no SLI named "nowhere" in the file: give its document too (kind: SLI)`,
			`x.yaml:6:27: spec.timeWindow[0].duration: "2M" has no equivalent: the sla package's calendar windows are one month (1M), quarter (1Q) or year (1Y)`,
			`x.yaml:8:59: spec.objectives[0].typo: unknown field (want one of displayName, op, value, target, targetPercent, timeSliceTarget, timeSliceWindow, indicator, indicatorRef, compositeWeight)`,
		}},
		{name: "ratio metric", data: `apiVersion: openslo/v1
kind: SLO
metadata: {name: a}
spec:
  indicator: {spec: {ratioMetric: {good: {}, bad: {}, total: {}}}}
  timeWindow: [{duration: 4w, isRolling: true}]
  budgetingMethod: RatioTimeslices
  objectives: [{target: 0.99, timeSliceWindow: 10}]
`, want: []string{`x.yaml:5:35: spec.indicator.spec.ratioMetric: both good and bad: give one of them, with total`}},
		{name: "not v1", data: "apiVersion: openslo/v1alpha\nkind: SLO\n", want: []string{`x.yaml:1:13: apiVersion: "openslo/v1alpha": want "openslo/v1" (OpenSLO v1)`}},
		{name: "no SLO", data: "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: s}\n", want: []string{"x.yaml:1:1: kind: no document of kind SLO in the file"}},
		{name: "bad YAML", data: "apiVersion: openslo/v1\nkind: [\n", want: []string{"x.yaml:2: invalid YAML: did not find expected node content"}},
		{name: "empty", data: "", want: []string{"x.yaml:1: empty document: want an OpenSLO SLO"}},
		// Refused before it is parsed, as policy files are: 2^19 values
		// would make a tree of hundreds of megabytes.
		{name: "more values than a document may have", data: "apiVersion: openslo/v1\nkind: SLO\nspec: [" + strings.Repeat("a,", 1<<19) + "a]\n",
			want: []string{"x.yaml:3: the document has too many values to parse: more than 1048576 values, separators and lines (the limit, reached on line 3); these files count tens of thousands"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				data = read(t, filepath.Join(fixtures, tt.file))
			}
			_, err := Load("x.yaml", data, tt.opts)
			if diff := cmp.Diff(tt.want, problem.Strings(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	golden.AddFiles(f, filepath.Join(fixtures, "*.yaml"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		slo, err := Load("f.yaml", data, Opts{Objective: "SLA"})
		if err == nil {
			if verr := slo.Policy.Validate(); verr != nil {
				t.Fatalf("an invalid policy: %v", verr)
			}
			return
		}
		var verr *rca.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("error is %T, not *rca.ValidationError: %v", err, err)
		}
		if ps := fileformat.Unlocated(err, "f.yaml"); ps != nil {
			t.Fatalf("problems not located by file, line and field: %+v", ps)
		}
	})
}
