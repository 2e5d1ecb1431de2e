package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/golden"
)

// creditsArgs are the flags of a credits run on the demo inputs.
func creditsArgs(subs string, more ...string) []string {
	return append([]string{"credits", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", subs, "-incident", seedIncident}, more...)
}

func TestCreditsDemo(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "lines.csv")
	summary := filepath.Join(dir, "summary.json")
	r := runCLI(t, "", creditsArgs(demoSubs, "-out", out, "-summary", summary)...)
	r.wantCode(t, exitOK)
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing with -out", r.stdout)
	}
	golden.Check(t, "testdata/credits/demo-lines.csv", readFile(t, out))
	golden.Check(t, "testdata/credits/demo-summary.json", readFile(t, summary))
	golden.Check(t, "testdata/credits/demo-stderr.txt", []byte(r.stderr))

	// The seed's case: the $15/month subscriber active through April 2014.
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, out))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	found := false
	for _, rec := range recs[1:] {
		if rec[col["subscription_id"]] == "sub-0001" {
			found = true
			if got := []string{rec[col["plan_id"]], rec[col["currency"]], rec[col["amount"]], rec[col["downtime_seconds"]]}; !cmp.Equal(got, []string{"email-starter", "USD", "0.30", "52080"}) {
				t.Errorf("sub-0001: plan, currency, amount, downtime = %q, want email-starter USD 0.30 52080", got)
			}
		}
	}
	if !found {
		t.Error("no line for sub-0001")
	}

	// The summary written is the one rebuilt from the lines file.
	rebuilt, err := credit.ReadSummary(bytes.NewReader(readFile(t, out)), out)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	writeJSON(&b, rebuilt)
	if diff := cmp.Diff(string(readFile(t, summary)), b.String()); diff != "" {
		t.Errorf("summary differs from the one rebuilt from the lines (-written +rebuilt):\n%s", diff)
	}
}

func TestCreditsStdinStdout(t *testing.T) {
	r := runCLI(t, string(readFile(t, demoSubs)), creditsArgs("-")...)
	r.wantCode(t, exitOK)
	golden.Check(t, "testdata/credits/demo-lines.csv", []byte(r.stdout))
}

func TestCreditsRejects(t *testing.T) {
	tests := []struct {
		name  string
		extra []string
		code  int
	}{
		{"rejects fail the run", nil, exitInvalid},
		{"allow rejects", []string{"-allow-rejects"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "lines.csv")
			rejects := filepath.Join(dir, "rejects.csv")
			r := runCLI(t, "", creditsArgs(badSubs, append([]string{"-out", out, "-rejects", rejects}, tt.extra...)...)...)
			r.wantCode(t, tt.code)
			golden.Check(t, "testdata/credits/bad-rejects.csv", readFile(t, rejects))
			stderr := r.stderr
			if tt.code == exitOK {
				golden.Check(t, "testdata/credits/bad-stderr-allowed.txt", []byte(stderr))
			} else {
				golden.Check(t, "testdata/credits/bad-stderr.txt", []byte(stderr))
			}
			// The good rows still produce their lines.
			lines := readFile(t, out)
			for _, id := range []string{"ok-0001", "ok-0002"} {
				if !bytes.Contains(lines, []byte("\n"+id+",")) {
					t.Errorf("no line for the good row %s", id)
				}
			}
		})
	}
}

func TestCreditsErrors(t *testing.T) {
	badPlansFile := writeFile(t, "plans.yaml", badPlans)
	badHeader := writeFile(t, "subs.csv", "identifier,plan\nx,email-starter\n")
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"no policy", []string{"credits", "-plans", demoPlans, "-subscriptions", demoSubs, "-incident", seedIncident}, exitUsage, []string{"-policy is required"}},
		{"no plans", []string{"credits", "-policy", seedPolicy, "-subscriptions", demoSubs, "-incident", seedIncident}, exitUsage, []string{"-plans is required"}},
		{"no subscriptions", []string{"credits", "-policy", seedPolicy, "-plans", demoPlans, "-incident", seedIncident}, exitUsage, []string{"-subscriptions is required"}},
		{"no incident", []string{"credits", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", demoSubs}, exitUsage, []string{"-incident is required"}},
		{"two outputs on stdout", creditsArgs(demoSubs, "-summary", "-"), exitUsage, []string{"both write to standard output: only one output can"}},
		{"summary and rejects on stdout", creditsArgs(demoSubs, "-out", filepath.Join(t.TempDir(), "lines.csv"), "-summary", "-", "-rejects", "-"), exitUsage, []string{"both write to standard output: only one output can"}},
		{"stdin twice", creditsArgs("-", "-incident", "-"), exitUsage, []string{"given twice"}},
		{"invalid plans", []string{"credits", "-policy", seedPolicy, "-plans", badPlansFile, "-subscriptions", demoSubs, "-incident", seedIncident}, exitInvalid, []string{badPlansFile + ":3:", "plans[0].price"}},
		{"bad header", creditsArgs(badHeader), exitInvalid, []string{badHeader}},
		{"missing subscriptions file", creditsArgs("nope.csv"), exitInvalid, []string{"open nope.csv"}},
		{"bad from", creditsArgs(demoSubs, "-from", "soon"), exitUsage, []string{`-from "soon"`}},
		{"from before the measurable years", creditsArgs(demoSubs, "-from", "1600-01-01T00:00:00Z"), exitUsage, []string{`-from "1600-01-01T00:00:00Z": outside the years 1678–2262`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, tt.code)
			for _, w := range tt.wantErr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// generatedSubs returns a subscriptions CSV of n rows on the demo plans.
func generatedSubs(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,customer_id,plan_id,quantity,active_from\n")
	plans := []string{"email-starter", "email-pro", "email-eu", "email-jp", "email-starter-annual"}
	for i := range n {
		fmt.Fprintf(&b, "gen-%07d,cust-%d,%s,%d,2014-0%d-0%d\n", i, i%977, plans[i%len(plans)], 1+i%3, 1+i%4, 1+i%9)
	}
	return b.Bytes()
}

// cancelReader cancels its context once it has been read from.
type cancelReader struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.cancel()
	return n, err
}

// TestCreditsInterrupted checks that a cancelled run (Ctrl-C) stops, says
// how far it got, exits 130 and leaves no output file.
func TestCreditsInterrupted(t *testing.T) {
	for _, before := range []bool{true, false} {
		t.Run(fmt.Sprintf("cancelled before start %v", before), func(t *testing.T) {
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdin io.Reader = bytes.NewReader(generatedSubs(50000))
			if before {
				cancel()
			} else {
				stdin = &cancelReader{stdin, cancel}
			}
			args := creditsArgs("-", "-out", filepath.Join(dir, "lines.csv"), "-rejects", filepath.Join(dir, "rejects.csv"), "-summary", filepath.Join(dir, "summary.json"))
			r := runCLIContext(t, ctx, stdin, args...)
			r.wantCode(t, exitInterrupted)
			if !strings.Contains(r.stderr, "postmortem credits: interrupted after ") || !strings.Contains(r.stderr, "no output file was written") {
				t.Errorf("stderr = %q, want how far it got", r.stderr)
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("files left after an interrupted run: %q", names)
			}
		})
	}
}

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	if isTerminal(&out) {
		t.Fatal("a buffer is not a terminal")
	}
	if newProgress(&out, 100) != nil {
		t.Error("newProgress drew a bar on a buffer")
	}
	data := bytes.Repeat([]byte("x"), 1<<20)
	bar := newBar(&out, int64(len(data)))
	n, err := io.Copy(io.Discard, bar.Reader(bytes.NewReader(data)))
	bar.Finish()
	if err != nil || n != int64(len(data)) {
		t.Fatalf("read %d bytes, %v", n, err)
	}
	if !strings.Contains(out.String(), "credits") {
		t.Errorf("bar output %q lacks its description", out.String())
	}
}

func BenchmarkCredits(b *testing.B) {
	data := generatedSubs(20000)
	out := filepath.Join(b.TempDir(), "lines.csv")
	args := creditsArgs("-", "-out", out)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		if code := runContext(context.Background(), args, bytes.NewReader(data), &stdout, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/20000, "ns/subscription")
}

// TestCreditsPlanProblemsLocated checks that the problems the calculator
// finds with the plans once it meets the policies (a policy no -policy
// file gives, tiers with a gap below the policy's objective) name the
// plans file and the line and column of the field, once each.
func TestCreditsPlanProblemsLocated(t *testing.T) {
	// The line of every "policy:" of the demo plans, as the file writes it.
	var policyLines []string
	for i, line := range strings.Split(string(readFile(t, demoPlans)), "\n") {
		if strings.HasPrefix(line, "    policy: ") {
			policyLines = append(policyLines, fmt.Sprintf("%s:%d:5: plans[%d].policy: unknown policy \"seed-monthly-new-york\"", demoPlans, i+1, len(policyLines)))
		}
	}
	gapped := writeFile(t, "plans.yaml", `plans:
  - id: a
    price: "15"
    currency: USD
    policy: seed-monthly-new-york
    rule:
      kind: tiered
      tiers:
        - {at_least: "99.0", below: "99.5", credit: "10"}
        - {below: "99.0", credit: "25"}
  - id: b
    price: "15"
    currency: USD
    rule: {kind: prorated}
`)
	twoPolicies := []string{"-policy", seedPolicy, "-policy", "../../testdata/policies/quarterly.yaml"}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown policy", []string{"-policy", "../../testdata/policies/quarterly.yaml", "-plans", demoPlans}, policyLines},
		{"gap below the objective and no policy named", append(twoPolicies, "-plans", gapped), []string{
			gapped + `:8:7: plans[0].rule.tiers: no tier holds availability 99.5, below the objective 99.9 (set allow_gaps if the schedule means it)`,
			gapped + `:11:5: plans[1].policy: missing policy: 2 policies given, say which one measures the plan`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"credits"}, tt.args...), "-subscriptions", demoSubs, "-incident", seedIncident)
			r := runCLI(t, "", args...)
			r.wantCode(t, exitInvalid)
			got := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			want := append(tt.want, fmt.Sprintf("postmortem credits: %s", plural(len(tt.want), "problem")))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCreditsFormulas checks that ids a spreadsheet would run as formulas
// reach neither credits.csv nor rejects.csv as formulas (each is guarded
// with a quote), while the lines file reads back the exact ids.
func TestCreditsFormulas(t *testing.T) {
	dir := t.TempDir()
	subs := writeFile(t, "subs.csv", "id,customer_id,plan_id,quantity\n"+
		"\"=HYPERLINK(\"\"http://evil.example\"\")\",@cmd,email-starter,1\n"+
		"+1+1,-2+3,email-starter,=SUM(A1)\n"+
		"s-3,c,=gold,1\n")
	out, rejects := filepath.Join(dir, "lines.csv"), filepath.Join(dir, "rejects.csv")
	r := runCLI(t, "", creditsArgs(subs, "-out", out, "-rejects", rejects, "-allow-rejects")...)
	r.wantCode(t, exitOK)
	for _, file := range []string{out, rejects} {
		recs, err := csv.NewReader(bytes.NewReader(readFile(t, file))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			for _, f := range rec {
				if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
					t.Errorf("%s: field %q starts as a formula", filepath.Base(file), f)
				}
			}
		}
	}
	if want := "'=HYPERLINK(\"\"http://evil.example\"\")"; !strings.Contains(string(readFile(t, out)), want) {
		t.Errorf("lines.csv lacks the guarded id %s", want)
	}
	for _, want := range []string{"'=SUM(A1)", "'=gold"} {
		if !strings.Contains(string(readFile(t, rejects)), want) {
			t.Errorf("rejects.csv lacks the guarded value %s:\n%s", want, readFile(t, rejects))
		}
	}
	for l, err := range credit.ReadLines(bytes.NewReader(readFile(t, out)), out) {
		if err != nil {
			t.Fatal(err)
		}
		if l.Subscription != `=HYPERLINK("http://evil.example")` || l.Customer != "@cmd" {
			t.Errorf("read back %q, %q; want the exact ids", l.Subscription, l.Customer)
		}
	}
}
