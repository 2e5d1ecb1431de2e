package main

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidateCSV checks that validate reads subscriptions and credit
// lines CSV files by their header (it said "the top level must be a
// mapping", a YAML message, for a subscriptions file), with the plans and
// policies of the same run when given.
func TestValidateCSV(t *testing.T) {
	const ledgerGood = "../../testdata/bad/ledgers/good.csv"
	badLines := writeFile(t, "lines.csv", strings.Replace(string(readFile(t, "testdata/credits/demo-lines.csv")), ",USD,", ",XYZ,", 1))
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout []string
		stderr []string
	}{
		{"subscriptions alone", []string{demoSubs}, "", exitOK,
			[]string{demoSubs + ": ok: subscriptions file, 13 subscriptions (plan ids not checked, dates read in UTC: give the plans and policy files too)"}, nil},
		{"subscriptions with their plans and policy", []string{demoSubs, demoPlans, seedPolicy}, "", exitOK,
			[]string{demoSubs + ": ok: subscriptions file, 13 subscriptions", demoPlans + ": ok: 7 plans", seedPolicy + `: ok: policy "seed-monthly-new-york" version "2014-04"`}, nil},
		{"subscriptions on standard input", []string{"-kind", "auto", "-"}, string(readFile(t, demoSubs)), exitOK,
			[]string{"<stdin>: ok: subscriptions file, 13 subscriptions (plan ids not checked, dates read in UTC: give the plans and policy files too)"}, nil},
		{"an unknown plan is found with the plans", []string{demoPlans, seedPolicy, "-"}, "id,plan_id\ns-1,gold\n", exitInvalid,
			nil, []string{`<stdin>:2: plan_id "gold": unknown plan`, "<stdin>: 1 row of 1 row refused"}},
		{"credit lines", []string{"testdata/credits/demo-lines.csv"}, "", exitOK,
			[]string{"testdata/credits/demo-lines.csv: ok: lines file, 13 credit lines"}, nil},
		{"a bad credit line", []string{badLines}, "", exitInvalid,
			nil, []string{badLines + `:2: currency "XYZ": unknown currency`}},
		{"a ledger alone", []string{ledgerGood}, "", exitOK,
			[]string{ledgerGood + ": ok: ledger file, 4 entries of 3 subscriptions (windows and currencies not checked: give the plans and policy files too)"}, nil},
		{"a ledger with its plans and policy", []string{ledgerGood, demoPlans, seedPolicy}, "", exitOK,
			[]string{ledgerGood + ": ok: ledger file, 4 entries of 3 subscriptions", demoPlans + ": ok: 7 plans", seedPolicy + `: ok: policy "seed-monthly-new-york" version "2014-04"`}, nil},
		{"a ledger whose windows are not the policy's", []string{"../../testdata/bad/ledgers/windows.csv", demoPlans, seedPolicy}, "", exitInvalid,
			nil, []string{`../../testdata/bad/ledgers/windows.csv:2: window_start: 2014-04-01T00:00:00Z – 2014-05-01T00:00:00Z is not a window of policy "seed-monthly-new-york"`}},
		{"a ledger with a key naming two credits", []string{"-kind", "ledger", "../../testdata/bad/ledgers/keys.csv"}, "", exitInvalid,
			nil, []string{`../../testdata/bad/ledgers/keys.csv:5: idempotency_key: "k1": also names a different credit`}},
		{"a CSV file of another kind", []string{"-"}, "a,b\n1,2\n", exitInvalid,
			nil, []string{"<stdin>: a CSV file whose header names neither plan_id"}},
		{"-kind subscriptions", []string{"-kind", "subscriptions", "-"}, "id,plan\ns-1,x\n", exitInvalid,
			nil, []string{"<stdin>:1: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, append([]string{"validate"}, tt.args...)...)
			r.wantCode(t, tt.code)
			if got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); tt.stdout != nil {
				if diff := cmp.Diff(tt.stdout, got); diff != "" {
					t.Errorf("stdout (-want +got):\n%s", diff)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// TestValidateRowsAsCredits checks that validate refuses the rows of a
// subscriptions file that credits rejects, each at the same line and
// column.
func TestValidateRowsAsCredits(t *testing.T) {
	rejects := writeFile(t, "rejects.csv", "")
	runCLI(t, "", creditsArgs(badSubs, "-out", writeFile(t, "lines.csv", ""), "-rejects", rejects)...).wantCode(t, exitInvalid)
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, rejects))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, rec := range recs[1:] {
		want = append(want, rec[1]+" "+rec[2]) // line and column
	}
	r := runCLI(t, "", "validate", seedPolicy, demoPlans, badSubs)
	r.wantCode(t, exitInvalid)
	var got []string
	row := regexp.MustCompile(`^` + regexp.QuoteMeta(badSubs) + `:(\d+): (?:([a-z_]+) ")?`)
	for line := range strings.Lines(r.stderr) {
		// A row with several problems is one message, "; "-separated.
		for i, part := range strings.Split(strings.TrimSuffix(line, "\n"), "; ") {
			if i == 0 {
				m := row.FindStringSubmatch(part)
				if m == nil {
					break
				}
				got = append(got, m[1]+" "+m[2])
				continue
			}
			field, _, _ := strings.Cut(part, " ")
			got = append(got, strings.Fields(got[len(got)-1])[0]+" "+field)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows refused (-credits +validate):\n%s", diff)
	}
}

// TestValidateWrittenOnly checks that validate names each file postmortem
// writes and no command reads (the command's own output: the golden files
// its tests keep equal to it, or a run here) for what it is, rather than
// checking it as the kind it resembles: a run summary used to be checked
// as plans (it has a "plans" list), a refunds file as credit lines, an
// exposure CSV as subscriptions, metrics JSON as a PagerDuty export.
func TestValidateWrittenOnly(t *testing.T) {
	dir := t.TempDir()
	exposureCSV, exposureJSON := filepath.Join(dir, "exposure.csv"), filepath.Join(dir, "exposure.json")
	runCLI(t, "", "exposure", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", demoSubs, "-window", "2014-04",
		"-durations", "0,1h", "-out", exposureCSV, "-summary", exposureJSON).wantCode(t, exitOK)
	tests := []struct{ file, want string }{
		{"testdata/credits/demo-summary.json", "a run summary (postmortem credits -summary)"},
		{"testdata/demo/summary.json", "the demo's summary (postmortem demo)"},
		{"testdata/demo/sla.json", "SLA results (postmortem sla -format json)"},
		{"testdata/sla/seed.json", "SLA results (postmortem sla -format json)"},
		{"testdata/metrics/seed.json", "incident metrics (postmortem metrics -format json)"},
		{"testdata/refunds/out.csv", "a refunds file (postmortem refunds -out)"},
		{exposureCSV, "an exposure CSV (postmortem exposure -out)"},
		{exposureJSON, "an exposure summary (postmortem exposure -summary)"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			r := runCLI(t, "", "validate", tt.file)
			r.wantCode(t, exitInvalid)
			want := tt.file + ": " + tt.want + ", which postmortem writes and no command reads"
			if first, _, _ := strings.Cut(r.stderr, "\n"); !strings.HasPrefix(first, want) {
				t.Errorf("stderr begins %q, want %q", first, want)
			}
			if n := strings.Count(r.stderr, "\n"); n != 2 {
				t.Errorf("stderr has %d lines, want the file's and the count:\n%s", n, r.stderr)
			}
		})
	}
}
