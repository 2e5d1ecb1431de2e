package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fixtures of the SLO and traffic sources, from this package's directory.
const (
	promDir       = "../../testdata/prometheus/"
	sloDir        = "../../testdata/openslo/"
	requestPolicy = "../../testdata/policies/request-based.yaml"
)

// slaWindows runs sla -format json and returns its windows.
func slaWindows(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	r := runCLI(t, "", append([]string{"sla", "-format", "json"}, args...)...)
	r.wantCode(t, exitOK)
	var doc struct {
		Windows []map[string]any `json:"windows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Windows) == 0 {
		t.Fatal("no window measured")
	}
	return doc.Windows
}

// TestSLARequestsRatioText checks that the text explanation of a
// measurement from ratios says that its "failed of" figures are the
// ratios' terms, not requests (bad-ratio.json's 12 steps reduce to 10
// failed of 4044, where the traffic was 438 of 9840), and that one from
// counts says nothing of the kind.
func TestSLARequestsRatioText(t *testing.T) {
	const note = "so \"failed of\" below counts those terms, not requests"
	r := runCLI(t, "", "sla", "-policy", requestPolicy, "-requests", promDir+"bad-ratio.json")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "requests from the ratios of "+promDir+"bad-ratio.json: ") || !strings.Contains(r.stdout, note) ||
		!strings.Contains(r.stdout, "requests: 10 failed of 4044;") {
		t.Errorf("from ratios, the text does not say what its counts are:\n%s", r.stdout)
	}
	r = runCLI(t, "", "sla", "-policy", requestPolicy, "-requests", "total="+promDir+"total.json", "-requests", "bad="+promDir+"bad.json")
	r.wantCode(t, exitOK)
	if strings.Contains(r.stdout, note) || !strings.Contains(r.stdout, "requests: 438 failed of 9840;") {
		t.Errorf("from counts:\n%s", r.stdout)
	}
}

// TestSLARequests measures the same traffic given every way Prometheus
// gives it, under the policy file and under the OpenSLO SLO written as
// its equivalent: every window is the same.
func TestSLARequests(t *testing.T) {
	want := slaWindows(t, "-policy", requestPolicy, "-requests", "total="+promDir+"total.json", "-requests", "bad="+promDir+"bad.json")
	tests := []struct {
		name string
		args []string
	}{
		{"good and total", []string{"-policy", requestPolicy, "-requests", "good=" + promDir + "good.json", "-requests", "total=" + promDir + "total.json"}},
		{"counters", []string{"-policy", requestPolicy, "-requests-counter", "-requests", "total=" + promDir + "total-counter.json", "-requests", "bad=" + promDir + "bad-counter.json"}},
		{"ratio, the default role", []string{"-policy", requestPolicy, "-requests", promDir + "bad-ratio.json"}},
		// The SLO's SLI says counters: no -requests-counter needed.
		{"OpenSLO", []string{"-policy", sloDir + "ratio-timeslices-rolling.yaml", "-requests", "total=" + promDir + "total-counter.json", "-requests", "bad=" + promDir + "bad-counter.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slaWindows(t, tt.args...)
			for _, w := range append(got, want...) {
				delete(w, "requests") // a ratio keeps the error rates, not the numbers of requests
				delete(w, "policy_id")
				delete(w, "policy_version")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("windows (-counts +%s):\n%s", tt.name, diff)
			}
		})
	}
}

func TestSLAOpenSLO(t *testing.T) {
	r := runCLI(t, "", "sla", "-policy", sloDir+"ratio-timeslices-calendar.yaml", "-requests", promDir+"bad-ratio.json")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, `ratio-timeslices-calendar.yaml:37:5: spec.objectives: 2 objectives (["Internal" "SLA"]): name the one to read`) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	// Hourly intervals against 5-minute steps: a located problem.
	r = runCLI(t, "", "sla", "-policy", sloDir+"ratio-timeslices-calendar.yaml", "-objective", "SLA", "-requests", promDir+"bad-ratio.json")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, "bad-ratio.json:1:60: data.result: the samples are 5m0s apart, the policy's intervals 1h0m0s long") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	r = runCLI(t, "", "validate", sloDir+"occurrences.yaml", sloDir+"ratio-timeslices-rolling.yaml")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stdout, `ratio-timeslices-rolling.yaml: ok: OpenSLO SLO "api-availability" as a request-based policy`) ||
		!strings.Contains(r.stderr, "occurrences.yaml:29:20: spec.budgetingMethod: Occurrences") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

func TestSLARequestsErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"time-based policy", []string{"-policy", seedPolicy, "-requests", promDir + "bad-ratio.json"}, `-requests needs a request-based policy (indicator: requests); "seed-monthly-new-york" is time based`},
		{"one count", []string{"-policy", requestPolicy, "-requests", "total=" + promDir + "total.json"}, `-requests: prometheus: roles ["total"]: want one bad_ratio or good_ratio series, or total with good or bad`},
		{"SLI of two queries", []string{"-policy", sloDir + "ratio-timeslices-rolling.yaml", "-requests", promDir + "total.json"}, "the SLO's SLI is a ratio of two queries: give -requests total=FILE and -requests good=FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"sla"}, tt.args...)...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
		})
	}
}

// TestRequestBasedNeedsRequests: a request-based policy (an OpenSLO SLO,
// or a policy file with indicator: requests) measured from incidents
// alone read no request and said 100%, objective met, nothing owed,
// whatever the incidents' outage (the walk-through's is 1h55m). sla asks
// for -requests; credits, report and statement, which measure incidents,
// refuse the policy and say how to measure it.
func TestRequestBasedNeedsRequests(t *testing.T) {
	const incident = "../../testdata/walkthrough/incident.yaml"
	slo := sloDir + "ratio-timeslices-rolling.yaml"
	plans := writeFile(t, "plans.yaml", "plans:\n  - {id: p, price: \"10.00\", currency: USD, period: monthly, policy: api-availability, rule: {kind: prorated}}\n")
	subs := writeFile(t, "subs.csv", "id,plan_id,active_from\ns-1,p,2024-06-01\n")
	refused := func(cmd string) string {
		return `policy "api-availability" is request based: its availability comes from request counts, which ` + cmd + ` does not read, not from incidents`
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"sla without -requests", []string{"sla", "-policy", slo, "-incident", incident}, exitUsage,
			`policy "api-availability" is request based: give its request counts with -requests (incidents do not measure it)`},
		{"sla of a policy file without -requests", []string{"sla", "-policy", requestPolicy, "-incident", incident}, exitUsage,
			`policy "request-based" is request based: give its request counts with -requests`},
		{"credits", []string{"credits", "-policy", slo, "-plans", plans, "-subscriptions", subs, "-incident", incident, "-out", "-"}, exitInvalid, refused("credits")},
		{"report", []string{"report", "-policy", slo, "-incident", incident, "-format", "md"}, exitInvalid, refused("report")},
		{"statement", []string{"statement", "-policy", slo, "-incident", incident, "-window", "2025-02", "-format", "md"}, exitInvalid, refused("statement")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("stderr %q, stdout %q; want the refusal %q and no output", r.stderr, r.stdout, tt.want)
			}
		})
	}
}
