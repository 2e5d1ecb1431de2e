package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/pdftext"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

// demoFiles are the files the demo writes.
var demoFiles = []string{demoCredits, demoExposure, demoMarkdown, demoPDF, demoSLA, demoSummary}

// TestDemoGolden runs the demo and compares its outputs byte for byte with
// the goldens (the PDF by its properties: see TestDemoPDF).
func TestDemoGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "", "demo", "-out", dir)
	r.wantCode(t, exitOK)
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
	if diff := cmp.Diff(demoFiles, dirNames(t, dir)); diff != "" {
		t.Fatalf("files written (-want +got):\n%s", diff)
	}
	golden.Check(t, "testdata/demo/stdout.txt", []byte(strings.ReplaceAll(r.stdout, dir, "DIR")))
	for _, name := range []string{demoMarkdown, demoSLA, demoCredits, demoExposure, demoSummary} {
		golden.Check(t, "testdata/demo/"+name, readFile(t, filepath.Join(dir, name)))
	}

	// The figures the issue names.
	for _, want := range []string{"downtime      14h28m (52080 s)", "availability  97.990741% (objective 99.9%: not met)", "USD 69.17"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
		}
	}
	if lines := string(readFile(t, filepath.Join(dir, demoCredits))); !strings.Contains(lines, "\nsub-0001,lantern-three,email-starter,seed-monthly-new-york,2014-04,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,15.000000,52080,") ||
		!strings.Contains(lines, ",half_up,0.30,0.00,0,0.30,0.00,") {
		t.Error("credits.csv lacks the $15/month subscriber credited 0.30 USD for April 2014")
	}
	if s := string(readFile(t, filepath.Join(dir, demoSummary))); !strings.Contains(s, `"availability_percent": "97.990741"`) {
		t.Error("summary.json lacks April's availability 97.990741")
	}
}

// TestDemoPDF checks the PDF: the same bytes on every run; the bytes
// report.WritePDF gives for the seed incident, its policy's results and
// the summary of the credits.csv the demo wrote beside it; and its text
// holds the incident's title and the outage's duration.
func TestDemoPDF(t *testing.T) {
	var dirs []string
	for range 2 {
		dir := filepath.Join(t.TempDir(), "out")
		runCLI(t, "", "demo", "-out", dir).wantCode(t, exitOK)
		dirs = append(dirs, dir)
	}
	pdf := readFile(t, filepath.Join(dirs[0], demoPDF))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("report.pdf: %d bytes starting %q, want a PDF", len(pdf), pdf[:min(len(pdf), 8)])
	}
	if !bytes.Equal(pdf, readFile(t, filepath.Join(dirs[1], demoPDF))) {
		t.Error("two runs wrote different PDF bytes")
	}

	in, err := loadDemo(postmortem.Demo())
	if err != nil {
		t.Fatal(err)
	}
	sum, err := credit.ReadSummary(bytes.NewReader(readFile(t, filepath.Join(dirs[0], demoCredits))), demoCredits)
	if err != nil {
		t.Fatal(err)
	}
	doc := report.New(in.incident, report.Options{})
	doc.Policy, doc.Results, doc.Credits = in.policy, in.results, sum
	doc.FurtherHour = demoFurtherHour(t, in, sum)
	var want bytes.Buffer
	if err := report.WritePDF(&want, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pdf, want.Bytes()) {
		t.Errorf("report.pdf (%d bytes) is not the report of the seed, its SLA results and its credits (%d bytes)", len(pdf), want.Len())
	}
	pages, err := pdftext.Read(pdf)
	if err != nil {
		t.Fatalf("reading the PDF's text: %v", err)
	}
	var text strings.Builder
	for _, p := range pages {
		text.WriteString(p.Text() + "\n")
	}
	flat := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range []string{"Constant Contact outage after a power disruption at the primary site", "14h28m"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestDemoFolder(t *testing.T) {
	t.Run("default folder in the current directory", func(t *testing.T) {
		t.Chdir(t.TempDir())
		runCLI(t, "", "demo").wantCode(t, exitOK)
		if diff := cmp.Diff(demoFiles, dirNames(t, "postmortem-demo-constant-contact-2014-04-18")); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
	})
	t.Run("run twice in a row", func(t *testing.T) {
		t.Chdir(t.TempDir())
		first := runCLI(t, "", "demo")
		first.wantCode(t, exitOK)
		dir := "postmortem-demo-constant-contact-2014-04-18"
		before := snapshotDir(t, dir)
		second := runCLI(t, "", "demo")
		second.wantCode(t, exitOK)
		if second.stdout != first.stdout {
			t.Errorf("the second run printed something else (-first +second):\n%s", cmp.Diff(first.stdout, second.stdout))
		}
		if diff := cmp.Diff(before, snapshotDir(t, dir)); diff != "" {
			t.Errorf("the second run wrote other files (-first +second):\n%s", diff)
		}
	})
	for _, tt := range []struct {
		name  string
		files map[string]string
	}{
		{"a folder of other files is refused", map[string]string{"keep.txt": "mine"}},
		{"a demo's files and another one are refused", map[string]string{demoSummary: `{"incident": "constant-contact-2014-04-18", "files": {"credit_lines": "credits.csv"}}`, "keep.txt": "mine"}},
		{"a file named like the demo's, not written by it, is refused", map[string]string{demoMarkdown: "# my notes"}},
		{"another incident's summary is refused", map[string]string{demoSummary: `{"incident": "INC-1", "files": {"credit_lines": "credits.csv"}}`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshotDir(t, dir)
			r := runCLI(t, "", "demo", "-out", dir)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, "exists and holds files the demo did not write") {
				t.Errorf("stderr = %q", r.stderr)
			}
			if diff := cmp.Diff(before, snapshotDir(t, dir)); diff != "" {
				t.Errorf("folder changed (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("non-empty folder with -force", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, demoSLA), []byte("old"), 0o644)
		runCLI(t, "", "demo", "-force", "-out", dir).wantCode(t, exitOK)
		if diff := cmp.Diff(demoFiles, dirNames(t, dir)); diff != "" {
			t.Errorf("files (-want +got):\n%s", diff)
		}
		if bytes.Equal(readFile(t, filepath.Join(dir, demoSLA)), []byte("old")) {
			t.Error("sla.json was not replaced")
		}
	})
	t.Run("empty existing folder", func(t *testing.T) {
		runCLI(t, "", "demo", "-out", t.TempDir()).wantCode(t, exitOK)
	})
	t.Run("argument", func(t *testing.T) {
		runCLI(t, "", "demo", "extra").wantCode(t, exitUsage)
	})
	t.Run("out is a file", func(t *testing.T) {
		file := writeFile(t, "file", "x")
		r := runCLI(t, "", "demo", "-force", "-out", file)
		r.wantCode(t, exitInvalid)
	})
}

// demoFurtherHour is what one more hour of the seed's outage adds to the
// credits of the demo's lines (sum), from two credit runs: the lines of the
// incident with an outage of every component from 01:00 to 02:00 New York
// time on 2014-04-19, where it ended, less sum. Worked out by hand from the
// lines (a prorated line is what a period costs × the downtime ÷ the
// period's length; 52,080 s become 55,680 s): USD 0.02 + 0.07 + 0.02 +
// 0.01 + 0.01 (sub-0001: 15 × 55680 ÷ 2592000 = 0.32 − 0.30; sub-0002:
// 0.97 − 0.90; sub-0003, active from midnight: 15 × 7200 ÷ 2592000 = 0.04
// − 0.02; sub-0006: 150 × 55680 ÷ 31536000 = 0.26 − 0.25; sub-0011: 0.21 −
// 0.20; email-pro's tier holds), CHF 0.05 (1.05 − 1.00, cash), JPY 1 (21 −
// 20), KWD 0.018 (12.5 × 55680 ÷ 2592000 = 0.269 − 0.251), EUR 0.00
// (capped).
func demoFurtherHour(t *testing.T, in *demoInputs, sum *credit.Summary) []credit.Cost {
	t.Helper()
	ny := in.policy.Window.Zone
	more := credit.Outage("more", in.incident.AllComponents(), rca.MajorOutage,
		time.Date(2014, 4, 19, 1, 0, 0, 0, ny), time.Date(2014, 4, 19, 2, 0, 0, 0, ny))
	calc, err := credit.NewCalculator(credit.Config{Plans: in.plans, Policies: []*sla.Policy{in.policy},
		Incidents: []*rca.Incident{in.incident, more}})
	if err != nil {
		t.Fatal(err)
	}
	longer, err := calc.RunCSV(context.Background(), io.Discard, bytes.NewReader(in.subs), credit.BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []credit.Cost
	var got []string
	for _, tot := range longer.Totals {
		c := credit.Cost{Currency: tot.Currency, Amount: tot.Amount.Sub(sum.Total(tot.Currency))}
		out = append(out, c)
		got = append(got, c.Currency.String()+" "+credit.FormatAmount(c.Amount, c.Currency))
	}
	want := []string{"CHF 0.05", "EUR 0.00", "JPY 1", "KWD 0.018", "USD 0.13"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a further hour (-by hand +credit runs):\n%s", diff)
	}
	return out
}
