package main

import (
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
)

// TestLintGolden runs the checklist over the fixtures. The seed incident,
// as of June 2014, has no detected event, its RCA was due on 2014-05-19
// and its status is only resolved, and none of its five action items has an
// owner: seven items, each at its field (its 23:15 ET announcement is a
// public update while impact lasted). The rich incident passes.
func TestLintGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		{"seed as of June", []string{"-as-of", "2014-06-01", seedIncident}, exitInvalid, "lint/seed-2014-06-01.txt"},
		{"rich passes", []string{richIncident}, exitOK, "lint/rich.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"lint"}, tt.args...)...)
			r.wantCode(t, tt.code)
			golden.Check(t, "testdata/"+tt.golden, []byte(r.stdout+"--- stderr\n"+r.stderr))
		})
	}
}

func TestLintSeedFindings(t *testing.T) {
	r := runCLI(t, "", "lint", "-as-of", "2014-06-01", seedIncident)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d findings, want 7 (RCA overdue, no detection, five owners missing):\n%s", len(lines), r.stdout)
	}
	for _, want := range []string{"timeline: no detected event", "status: the root-cause analysis was due 2014-05-19",
		"action_items[0].owner", "action_items[4].owner"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint output lacks %q", want)
		}
	}
}

func TestLintErrors(t *testing.T) {
	bad := writeFile(t, "bad.yaml", badIncident)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", nil, exitUsage, "no incident file given"},
		{"bad rca-days", []string{"-rca-days", "0", seedIncident}, exitUsage, "-rca-days 0"},
		{"invalid incident", []string{bad, richIncident}, exitInvalid, "1 of 2 files invalid"},
		{"missing file", []string{"nope.yaml"}, exitInvalid, "nope.yaml"},
		{"bad as-of", []string{"-as-of", "soon", seedIncident}, exitUsage, "-as-of \"soon\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"lint"}, tt.args...)...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
		})
	}
}
