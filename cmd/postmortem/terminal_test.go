package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/outagekit/postmortem/credit"
)

// hostile is text an attacker puts in an input to rewrite the terminal:
// erase the line, return to its start, print a fake verdict; a C1 control
// (CSI, U+009B) and a right-to-left override; a bell; a byte that is not
// UTF-8.
const hostile = "\x1b[2K\rincident.yaml: ok\x07\u009b31m\u202e\xff"

// terminalUnsafe returns the first character of s that could drive a
// terminal, and whether there is one: C0 controls but newline and tab,
// DEL, C1 controls, bidirectional overrides, bytes that are not UTF-8.
func terminalUnsafe(s string) (string, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < ' ' && r != '\n' && r != '\t' || r == 0x7f || unsafeRune(r, size) {
			return fmt.Sprintf("%q at byte %d", s[i:i+size], i), true
		}
		i += size
	}
	return "", false
}

func TestSafeWriter(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is unchanged", "incident.yaml:3:1: title: missing\n\tÉté — 100 %\n", "incident.yaml:3:1: title: missing\n\tÉté — 100 %\n"},
		{"the fake ok line", hostile, `\x1b[2K\rincident.yaml: ok\x07\u009b31m\u202e\xff`},
		{"DEL and NUL", "a\x7fb\x00c", `a\x7fb\x00c`},
		{"bidirectional isolates and marks", "\u2066\u2069\u200e\u200f\u061c", `\u2066\u2069\u200e\u200f\u061c`},
		{"a rune cut short", "ok\xe2\x80", `ok\xe2\x80`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			n, err := newSafeWriter(&b).Write([]byte(tt.in))
			if err != nil || n != len(tt.in) {
				t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(tt.in))
			}
			if b.String() != tt.want {
				t.Errorf("wrote %q, want %q", b.String(), tt.want)
			}
			if c, bad := terminalUnsafe(b.String()); bad {
				t.Errorf("output holds %s", c)
			}
		})
	}
}

// TestTerminalSafety feeds every command inputs that carry escape
// sequences (in file names, YAML keys and values, CSV values, flag values
// and command names) and checks that none reaches the terminal: every
// message on standard error and every text output escapes them. A
// problem path used to be printed raw, so a YAML key could print a fake
// "ok" line.
func TestTerminalSafety(t *testing.T) {
	dir := t.TempDir()
	put := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	hostileYAML := strings.NewReplacer("\x1b", `\e`, "\r", `\r`, "\x07", `\a`, "\u009b", `\x9b`, "\u202e", `\u202e`, "\xff", `\xff`).Replace(hostile)
	// An incident whose id, title, component and event text carry the
	// sequences, valid otherwise.
	incident := put("incident.yaml", fmt.Sprintf(`id: "INC%[1]s"
title: "Title%[1]s"
zone: UTC
components: ["api%[1]s"]
timeline:
  - at: 2025-01-31 23:10
    kind: started
    text: "Text%[1]s"
    changes:
      - {component: "api%[1]s", status: major_outage}
  - at: 2025-02-01 01:05
    kind: resolved
    text: Done.
    changes:
      - {component: "api%[1]s", status: operational}
`, hostileYAML))
	// A key that is not a field: its path is echoed.
	badKey := put("bad-key.yaml", fmt.Sprintf("id: INC-1\ntitle: t\n\"%s\": 1\n", hostileYAML))
	// A file name with the sequences.
	badName := put("name"+strings.ReplaceAll(hostile, "/", "")+".yaml", "id: [\n")
	// A valid incident under a file name with the sequences.
	namedIncident := put("incident"+strings.ReplaceAll(hostile, "/", "")+".yaml", string(readFile(t, incident)))
	policy := put("policy.yaml", "id: \"pol"+hostileYAML+"\"\nversion: \"v"+hostileYAML+"\"\nobjective: \"99.9\"\nwindow: {kind: month, zone: UTC}\nweights: {major_outage: 1}\n")
	plans := put("plans.yaml", "plans:\n  - {id: pro, name: Pro, price: \"10\", currency: USD, period: monthly, rule: {kind: prorated}}\n")
	utf8Hostile := strings.ReplaceAll(hostile, "\xff", "")
	subs := put("subs.csv", "id,plan_id,quantity\n\"s"+utf8Hostile+"\",pro,1\ns-2,\"pro"+utf8Hostile+"\",1\ns-3,pro,\"1"+utf8Hostile+"\"\ns-4,pro,\"1"+hostile+"\"\n")
	// A lines file whose one line carries the sequences in every text field.
	line := make([]string, len(credit.LineColumns()))
	for i := range line {
		line[i] = `"` + utf8Hostile + `"`
	}
	lines := put("lines.csv", strings.Join(credit.LineColumns(), ",")+"\n"+strings.Join(line, ",")+"\n")
	export := put("export.json", `{"incidents": [{"id": "x`+strings.ReplaceAll(hostileYAML, `\e`, `\u001b`)+`", "name": "n"}]}`)
	outDir := filepath.Join(dir, "out"+strings.ReplaceAll(hostile, "/", ""))

	runs := [][]string{
		{"validate", incident, badKey, badName, policy, plans, subs, filepath.Join(dir, "missing"+hostile)},
		{"validate", "-kind", "policy", badKey},
		{"metrics", incident},
		{"metrics", badKey},
		{"metrics", "-as-of", hostile, incident},
		{"sla", "-policy", policy, incident},
		{"sla", "-policy", policy, "-from", hostile, incident},
		{"credits", "-policy", policy, "-plans", plans, "-subscriptions", subs, "-incident", incident, "-out", filepath.Join(dir, "l.csv")},
		{"credits", "-policy", policy, "-plans", plans, "-subscriptions", subs, "-incident", incident, "-out", subs},
		{"exposure", "-policy", policy, "-plans", plans, "-subscriptions", subs, "-incident", incident, "-window", "2025-02", "-durations", "1h", "-out", filepath.Join(dir, "x.csv")},
		{"exposure", "-policy", policy, "-plans", plans, "-subscriptions", subs, "-window", "2025-02", "-component", hostile, "-out", filepath.Join(dir, "x.csv")},
		{"report", "-incident", incident, "-policy", policy, "-credits", lines, "-format", "md"},
		{"report", "-incident", incident, "-format", "md", "-tz", hostile},
		{"report", "-incident", incident, "-format", "md", "-lang", hostile},
		{"lint", incident, namedIncident, badKey},
		{"metrics", namedIncident},
		{"statement", "-policy", policy, "-window", "2025-02", "-format", "md", "-credits", lines, incident},
		{"import", "statuspage", "-out", outDir, export},
		{"import", hostile},
		{"demo", "-out", outDir},
		{"demo", "-out", outDir},
		{hostile},
		{"metrics", "-" + hostile},
	}
	for _, args := range runs {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runCLI(t, "", args...)
			if r.code == exitInternal {
				t.Fatalf("internal error:\n%s", r.stderr)
			}
			if c, bad := terminalUnsafe(r.stderr); bad {
				t.Errorf("stderr holds %s:\n%s", c, r.stderr)
			}
			if args[0] == "report" || args[0] == "credits" || args[0] == "statement" {
				return // Markdown and CSV are data, written as they are
			}
			if c, bad := terminalUnsafe(r.stdout); bad {
				t.Errorf("stdout holds %s:\n%s", c, r.stdout)
			}
		})
	}
}
