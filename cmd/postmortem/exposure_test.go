package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/pdftext"
)

// exposureArgs runs exposure on the demo's subscribers in April 2014.
func exposureArgs(more ...string) []string {
	return append([]string{"exposure", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", demoSubs, "-window", "2014-04"}, more...)
}

// TestExposureSeedCheck: the Constant Contact base's credits for an outage
// of 14h28m from when the seed's started are, currency by currency, the
// totals of the demo's credit run (its summary.json, a golden of
// TestDemoGolden).
func TestExposureSeedCheck(t *testing.T) {
	dir := t.TempDir()
	summary := filepath.Join(dir, "exposure.json")
	r := runCLI(t, "", exposureArgs("-at", "2014-04-18 10:32", "-durations", "14h28m", "-out", filepath.Join(dir, "x.csv"), "-summary", summary)...)
	r.wantCode(t, exitOK)
	var curve struct {
		Points []struct {
			Currencies []struct{ Currency, Amount string } `json:"currencies"`
			Credited   int64                               `json:"subscriptions_credited"`
		} `json:"points"`
	}
	if err := json.Unmarshal(readFile(t, summary), &curve); err != nil {
		t.Fatal(err)
	}
	var demo struct{ Credits credit.Summary }
	if err := json.Unmarshal(readFile(t, "testdata/demo/summary.json"), &demo); err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, tot := range demo.Credits.Totals {
		want = append(want, tot.Currency.String()+" "+credit.FormatAmount(tot.Amount, tot.Currency))
	}
	for _, c := range curve.Points[0].Currencies {
		got = append(got, c.Currency+" "+c.Amount)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("14h28m on the curve (-demo +exposure):\n%s", diff)
	}
	if curve.Points[0].Credited != demo.Credits.Credited {
		t.Errorf("%d subscriptions credited, the demo %d", curve.Points[0].Credited, demo.Credits.Credited)
	}
}

// TestExposureOutputs: every output at once, all written, each what it
// says: the CSV one record per duration, plan and currency, the JSON the
// same points, the SVG and the PDF the chart.
func TestExposureOutputs(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	r := runCLI(t, "", exposureArgs("-incident", seedIncident, "-durations", "0..2h/1h", "-out", path("x.csv"),
		"-summary", path("x.json"), "-svg", path("x.svg"), "-pdf", path("x.pdf"), "-lang", "de")...)
	r.wantCode(t, exitOK)
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, path("x.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(credit.ExposureColumns(), recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if n := len(recs) - 1; n != 3*7 { // 3 durations × the 7 plans of the demo
		t.Errorf("%d records, want 21", n)
	}
	var curve struct {
		Points []json.RawMessage `json:"points"`
	}
	if err := json.Unmarshal(readFile(t, path("x.json")), &curve); err != nil || len(curve.Points) != 3 {
		t.Errorf("summary: %d points, %v", len(curve.Points), err)
	}
	svg := string(readFile(t, path("x.svg")))
	if !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, "Kostenrisiko") || !strings.Contains(svg, "constant-contact-2014-04-18") {
		t.Errorf("the SVG is not the German chart marking the incident:\n%.300s", svg)
	}
	pages, err := pdftext.Read(readFile(t, path("x.pdf")))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range pages {
		text.WriteString(p.Text() + " ")
	}
	flat := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range []string{"Kostenrisiko", "Gutschriften in USD", "constant-contact-2014-04-18"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}

// TestExposureUsage: what is refused before any subscription is read.
func TestExposureUsage(t *testing.T) {
	plansProrated := writeFile(t, "prorated.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, rule: {kind: prorated}}\n")
	ongoing := writeFile(t, "ongoing.yaml", "id: live\ntitle: Live\nstatus: investigating\nzone: UTC\ncomponents: [api]\n"+
		"impacts:\n  - {component: api, level: major_outage, start: 2025-04-10 10:00}\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no policy", []string{"exposure", "-plans", demoPlans, "-subscriptions", demoSubs, "-window", "2014-04"}, exitUsage, "-policy is required"},
		{"no window", []string{"exposure", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", demoSubs}, exitUsage, "-window is required"},
		{"a bad level", exposureArgs("-level", "operational"), exitUsage, `-level "operational"`},
		{"a bad instant", exposureArgs("-at", "tomorrow"), exitUsage, `-at "tomorrow"`},
		{"a bad window", exposureArgs("-window", "2014-13"), exitUsage, `-window "2014-13": not a month`},
		{"a bad language", exposureArgs("-lang", "xx"), exitUsage, `-lang "xx"`},
		{"a PDF to a standard output that is not a terminal", exposureArgs("-out", "/dev/null", "-pdf", "-"), exitOK, ""},
		{"an ongoing incident without -as-of", []string{"exposure", "-policy", "../../testdata/walkthrough/policy.yaml", "-plans", plansProrated,
			"-subscriptions", "../../testdata/walkthrough/subscriptions.csv", "-window", "2025-04", "-incident", ongoing}, exitUsage, `incident "live" is still going on: give -as-of`},
		{"a request-based policy", []string{"exposure", "-policy", "../../testdata/policies/request-based.yaml", "-plans", plansProrated,
			"-subscriptions", "../../testdata/walkthrough/subscriptions.csv", "-window", "2025-04"}, exitInvalid, "time-based policies only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want %q", r.stderr, tt.want)
			}
		})
	}
}

// TestExposureLive: during a live incident (-as-of, -at after) the next
// hour is priced from the instant the impact is measured to, on top of
// what the incident already costs.
func TestExposureLive(t *testing.T) {
	plans := writeFile(t, "prorated.yaml", "plans:\n  - {id: p, price: \"720.00\", currency: USD, rule: {kind: prorated}}\n")
	subs := writeFile(t, "subs.csv", "id,plan_id\ns1,p\n")
	ongoing := writeFile(t, "ongoing.yaml", "id: live\ntitle: Live\nstatus: investigating\nzone: UTC\ncomponents: [api]\n"+
		"impacts:\n  - {component: api, level: major_outage, start: 2025-04-10 10:00}\n")
	summary := filepath.Join(t.TempDir(), "x.json")
	r := runCLI(t, "", "exposure", "-policy", "../../testdata/walkthrough/policy.yaml", "-plans", plans, "-subscriptions", subs,
		"-incident", ongoing, "-as-of", "2025-04-10 13:00", "-at", "after", "-durations", "1h", "-out", "/dev/null", "-summary", summary)
	r.wantCode(t, exitOK)
	var curve struct {
		Base   credit.Summary `json:"base"`
		Points []struct {
			Start      string                                     `json:"outage_start"`
			Currencies []struct{ Currency, Amount, Total string } `json:"currencies"`
		} `json:"points"`
	}
	if err := json.Unmarshal(readFile(t, summary), &curve); err != nil {
		t.Fatal(err)
	}
	// 720.00 a 30-day month is 1.00 an hour: three hours so far, one more.
	got := []string{credit.FormatAmount(curve.Base.Totals[0].Amount, curve.Base.Totals[0].Currency), curve.Points[0].Start,
		curve.Points[0].Currencies[0].Amount, curve.Points[0].Currencies[0].Total}
	want := []string{"3.00", "2025-04-10T13:00:00Z", "1.00", "4.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("base, start, the next hour, total (-want +got):\n%s", diff)
	}
}

// TestExposureIssued: with -issued, a point is what the settlement of the
// window with the outage issues beyond the settlement without it. A plan
// of 1.00 an hour, an incident of three hours (due 3.00 each): s1 was
// issued 2.00 (1.00 left to issue), s2 5.00 (2.00 over its due). One more
// hour: s1 due 4.00, 2.00 more than issued, +1.00; s2 due 4.00, still
// below 5.00, nothing (kept), or with -over-credit reverse −1.00 instead
// of −2.00, +1.00. Three more hours: s1 +3.00; s2 due 6.00, 1.00 to
// issue, +1.00 (kept) or +3.00 (reversed). A ledger entry in a currency
// no plan bills in is a located problem and nothing is written.
func TestExposureIssued(t *testing.T) {
	plans := writeFile(t, "prorated.yaml", "plans:\n  - {id: p, price: \"720.00\", currency: USD, rule: {kind: prorated}}\n")
	subs := writeFile(t, "subs.csv", "id,plan_id\ns1,p\ns2,p\n")
	inc := writeFile(t, "inc.yaml", "id: three-hours\ntitle: Three hours\nstatus: resolved\nzone: UTC\ncomponents: [api]\n"+
		"impacts:\n  - {component: api, level: major_outage, start: 2025-04-10 10:00, end: 2025-04-10 13:00}\n")
	const header = "subscription_id,policy,window_start,window_end,currency,amount,idempotency_key\n"
	const april = "api-monthly,2025-04-01T00:00:00Z,2025-05-01T00:00:00Z"
	ledger := writeFile(t, "ledger.csv", header+"s1,"+april+",USD,2.00,k1\ns2,"+april+",USD,5.00,k2\n")
	run := func(more ...string) []string {
		t.Helper()
		summary := filepath.Join(t.TempDir(), "x.json")
		args := append([]string{"exposure", "-policy", "../../testdata/walkthrough/policy.yaml", "-plans", plans, "-subscriptions", subs,
			"-incident", inc, "-window", "2025-04", "-at", "after", "-durations", "1h,3h", "-issued", ledger, "-out", "/dev/null", "-summary", summary}, more...)
		runCLI(t, "", args...).wantCode(t, exitOK)
		var curve struct {
			Base   credit.Summary `json:"base"`
			Points []struct {
				Currencies []struct{ Amount, Total string } `json:"currencies"`
			} `json:"points"`
		}
		if err := json.Unmarshal(readFile(t, summary), &curve); err != nil {
			t.Fatal(err)
		}
		got := []string{credit.FormatAmount(curve.Base.Totals[0].Amount, curve.Base.Totals[0].Currency)}
		for _, pt := range curve.Points {
			got = append(got, pt.Currencies[0].Amount, pt.Currencies[0].Total)
		}
		return got
	}
	// base issued now; then per point: what it adds, the total issued now.
	if diff := cmp.Diff([]string{"1.00", "1.00", "2.00", "4.00", "5.00"}, run()); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"-1.00", "2.00", "1.00", "6.00", "5.00"}, run("-over-credit", "reverse")); diff != "" {
		t.Errorf("reversed (-want +got):\n%s", diff)
	}
	bad := writeFile(t, "bad.csv", header+"s1,"+april+",GBP,2.00,k1\n")
	out := filepath.Join(t.TempDir(), "x.csv")
	r := runCLI(t, "", "exposure", "-policy", "../../testdata/walkthrough/policy.yaml", "-plans", plans, "-subscriptions", subs,
		"-window", "2025-04", "-durations", "1h", "-issued", bad, "-out", out)
	r.wantCode(t, exitInvalid)
	if want := `bad.csv:2: currency: "GBP": no plan measured by policy "api-monthly" is billed in GBP`; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the CSV was written despite the ledger's problem")
	}
}

// TestExposureRejects: bad rows are listed with their line and left out,
// the good ones priced; the exit status says so unless -allow-rejects.
func TestExposureRejects(t *testing.T) {
	subs := writeFile(t, "subs.csv", "id,plan_id,quantity\ns1,email-starter,1\ns2,email-starter,1,5\ns3,nope,1\n")
	rejects := filepath.Join(t.TempDir(), "rejects.csv")
	args := []string{"exposure", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", subs, "-window", "2014-04",
		"-durations", "14h28m", "-out", "/dev/null", "-rejects", rejects}
	r := runCLI(t, "", args...)
	r.wantCode(t, exitInvalid)
	for _, want := range []string{"3 subscriptions read, 2 rejected", "+USD 0.30", "subs.csv:3: has 4 fields", `subs.csv:4: plan_id "nope": unknown plan`, "2 rows rejected"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := strings.Count(string(readFile(t, rejects)), "\n"); n != 3 {
		t.Errorf("rejects file: %d lines, want the header and 2", n)
	}
	runCLI(t, "", append(args, "-allow-rejects")...).wantCode(t, exitOK)
}

// TestReportFurtherHour: with the plans and subscriptions, the report's
// credits section says what one more hour would have cost (worked out by
// hand in demoFurtherHour), in the report's language; without both, or
// without the policy, it is a usage error.
func TestReportFurtherHour(t *testing.T) {
	args := []string{"report", "-incident", seedIncident, "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", demoSubs, "-format", "md"}
	r := runCLI(t, "", args...)
	r.wantCode(t, exitOK)
	if want := "One further hour of outage would have cost: CHF\u00a00.05, EUR\u00a00.00, JPY\u00a01, KWD\u00a00.018, USD\u00a00.13."; !strings.Contains(r.stdout, want) {
		t.Errorf("the report lacks %q", want)
	}
	r = runCLI(t, "", append(args, "-lang", "de")...)
	r.wantCode(t, exitOK)
	if want := "Eine weitere Stunde Ausfall hätte zusätzlich gekostet: 0,05\u00a0CHF, 0,00\u00a0EUR, 1\u00a0JPY, 0,018\u00a0KWD, 0,13\u00a0USD."; !strings.Contains(r.stdout, want) {
		t.Errorf("the German report lacks %q", want)
	}
	for _, bad := range [][]string{
		{"report", "-incident", seedIncident, "-policy", seedPolicy, "-plans", demoPlans, "-format", "md"},
		{"report", "-incident", seedIncident, "-plans", demoPlans, "-subscriptions", demoSubs, "-format", "md"},
	} {
		r := runCLI(t, "", bad...)
		r.wantCode(t, exitUsage)
		if !strings.Contains(r.stderr, "-plans and -subscriptions go together, with -policy") {
			t.Errorf("stderr = %q", r.stderr)
		}
	}
}
