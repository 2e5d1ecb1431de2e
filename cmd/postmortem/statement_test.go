package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/pdftext"
)

// demoLines is the credits golden of the demo run: the seed's 13 lines,
// all of April 2014 in New York.
const demoLines = "testdata/credits/demo-lines.csv"

func statementArgs(more ...string) []string {
	return append([]string{"statement", "-policy", seedPolicy, "-incident", seedIncident, "-generated", "2014-05-02"}, more...)
}

// TestStatementGolden renders the seed's April 2014 statement (the
// figures of DESIGN.md: 97.990741%, 14h28m, objective 99.9% breached; the
// demo's credit totals), in English and German, and a month without
// incidents.
func TestStatementGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"april en", statementArgs("-window", "2014-04", "-credits", demoLines, "-format", "md"), "statement/seed-2014-04-en.md"},
		{"april de public", statementArgs("-window", "2014-04-20", "-credits", demoLines, "-format", "md", "-lang", "de", "-public"), "statement/seed-2014-04-de-public.md"},
		{"may: no incident", statementArgs("-window", "2014-05", "-format", "md"), "statement/seed-2014-05-en.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, exitOK)
			golden.Check(t, "testdata/"+tt.golden, []byte(r.stdout))
		})
	}
}

// TestStatementFigures checks the figures a customer reads, independently
// of the goldens: the seed's availability and downtime, the breach, the
// incident, the demo's USD total.
func TestStatementFigures(t *testing.T) {
	r := runCLI(t, "", statementArgs("-window", "2014-04", "-credits", demoLines, "-format", "md")...)
	r.wantCode(t, exitOK)
	for _, want := range []string{
		"| 2014-04 | 99.9% | 97.990741% | 14h28m |",
		"| constant-contact-2014-04-18 | Constant Contact outage after a power disruption at the primary site |",
		"| USD | 9 | USD\u00a069.17 |",
		"**breached**",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("statement lacks %q", want)
		}
	}
}

// TestStatementPDF renders the PDF twice: same bytes, and its text layer
// holds the key figures.
func TestStatementPDF(t *testing.T) {
	var outs [][]byte
	for range 2 {
		out := filepath.Join(t.TempDir(), "statement.pdf")
		runCLI(t, "", statementArgs("-window", "2014-04", "-credits", demoLines, "-format", "pdf", "-out", out)...).wantCode(t, exitOK)
		outs = append(outs, readFile(t, out))
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs wrote different PDF bytes")
	}
	pages, err := pdftext.Read(outs[0])
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range pages {
		all.WriteString(p.Text() + "\n")
	}
	// The incident's id breaks at a hyphen in its narrow column.
	for _, want := range []string{"SLA statement 2014-04", "97.990741%", "14h28m", "USD\u00a069.17", "constant-contact-", "2014-04-18"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// TestStatementCredits checks what happens to lines the statement does not
// total: other windows are counted on stderr; a bad row is printed with its
// line and the exit status is 1, the statement written from the rest.
func TestStatementCredits(t *testing.T) {
	lines := string(readFile(t, demoLines))
	header, rows, _ := strings.Cut(lines, "\n")
	may := strings.ReplaceAll(strings.SplitN(rows, "\n", 2)[0], "2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00", "2014-05-01T00:00:00-04:00,2014-06-01T00:00:00-04:00")
	mixed := writeFile(t, "mixed.csv", header+"\n"+rows+may+"\n"+strings.Replace(strings.SplitN(rows, "\n", 2)[0], ",0.30,0.00,0,0.30,", ",0.30,0.00,0,0.3x,", 1)+"\n")
	out := filepath.Join(t.TempDir(), "s.md")
	r := runCLI(t, "", statementArgs("-window", "2014-04", "-credits", mixed, "-format", "md", "-out", out)...)
	r.wantCode(t, exitInvalid)
	for _, want := range []string{"1 line of other windows", "mixed.csv:16", "amount", "1 row of"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	md := string(readFile(t, out))
	if !strings.Contains(md, "| USD | 9 | USD\u00a069.17 |") || !strings.Contains(md, "**Rows rejected:** **1**") {
		t.Errorf("statement does not total the good April lines and count the bad one:\n%s", md)
	}
}

func TestStatementErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no window", []string{"statement", "-policy", seedPolicy, "-format", "md", seedIncident}, exitUsage, "-window is required"},
		{"no policy", []string{"statement", "-window", "2014-04", "-format", "md", seedIncident}, exitUsage, "-policy is required"},
		{"no format", []string{"statement", "-policy", seedPolicy, "-window", "2014-04", seedIncident}, exitUsage, "-format is required"},
		{"bad month", statementArgs("-window", "2014-13", "-format", "md"), exitUsage, "-window \"2014-13\""},
		{"bad window", statementArgs("-window", "April", "-format", "md"), exitUsage, "-window \"April\""},
		{"bad lang", statementArgs("-window", "2014-04", "-format", "md", "-lang", "xx"), exitUsage, "-lang"},
		{"missing credits", statementArgs("-window", "2014-04", "-format", "md", "-credits", "nope.csv"), exitInvalid, "nope.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
		})
	}
}

// TestStatementRollingPolicy renders the statements of the seed's policy
// made rolling (30 days): each names a calendar month and measures exactly
// that month in New York, with the policy's objective and weights: April
// holds the outage (97.990741%, 14h28m, as the monthly policy), May none
// (the 30 days before 1 May would hold all of it), and each says the
// policy's own window is rolling.
func TestStatementRollingPolicy(t *testing.T) {
	monthly := string(readFile(t, seedPolicy))
	rolling := strings.Replace(monthly, "  kind: month\n", "  kind: rolling\n  days: 30\n", 1)
	if rolling == monthly {
		t.Fatal("the seed policy's window is no longer written as expected")
	}
	policy := writeFile(t, "rolling.yaml", rolling)
	tests := []struct {
		name, window string
		want         []string
	}{
		{"april", "2014-04", []string{
			"**Window:** 2014-04-01 00:00 EDT (UTC−04:00) – 2014-05-01 00:00 EDT (UTC−04:00)",
			"| 2014-04 | 99.9% | 97.990741% | 14h28m |",
			"| constant-contact-2014-04-18 |",
			"**Period measured:** the calendar month; the policy's own window is 30 days rolling",
		}},
		{"may", "2014-05-31 23:59", []string{
			"**Window:** 2014-05-01 00:00 EDT (UTC−04:00) – 2014-06-01 00:00 EDT (UTC−04:00)",
			"| 2014-05 | 99.9% | 100.000000% | 0s |",
			"No incident in this window.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", "statement", "-policy", policy, "-incident", seedIncident, "-generated", "2014-06-02", "-window", tt.window, "-format", "md")
			r.wantCode(t, exitOK)
			for _, want := range tt.want {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("statement lacks %q:\n%s", want, r.stdout)
				}
			}
		})
	}
}
