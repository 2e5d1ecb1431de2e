package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
)

// TestRerunIdentical runs every command that writes output twice on the
// same inputs: the bytes are identical (a billing system can diff two runs,
// and a re-run never yields new idempotency keys).
func TestRerunIdentical(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"sla json", []string{"sla", "-policy", seedPolicy, "-format", "json", seedIncident}},
		{"metrics json", []string{"metrics", "-format", "json", seedIncident}},
		{"report md", []string{"report", "-incident", richIncident, "-format", "md", "-policy", seedPolicy}},
		{"report pdf", []string{"report", "-incident", seedIncident, "-format", "pdf", "-policy", seedPolicy}},
		{"credits", creditsArgs(demoSubs)},
		{"exposure csv", exposureArgs("-incident", seedIncident, "-durations", "0..24h/1h")},
		{"exposure svg", exposureArgs("-incident", seedIncident, "-durations", "0..24h/1h", "-out", "/dev/null", "-svg", "-")},
		{"import", []string{"import", "statuspage", spExport}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := runCLI(t, "", tt.args...)
			first.wantCode(t, exitOK)
			second := runCLI(t, "", tt.args...)
			second.wantCode(t, exitOK)
			if first.stdout == "" || first.stdout != second.stdout {
				t.Errorf("two runs differ (or wrote nothing): %d and %d bytes", len(first.stdout), len(second.stdout))
			}
		})
	}
}

// TestIdempotencyKeysIgnoreOrder credits the demo subscriptions in their
// order and reversed: every subscription and window gets the same key and
// amount either way, and no key is given twice.
func TestIdempotencyKeysIgnoreOrder(t *testing.T) {
	rows := strings.SplitAfter(strings.TrimSuffix(string(readFile(t, demoSubs)), "\n"), "\n")
	header, body := rows[0], slices.Clone(rows[1:])
	slices.Reverse(body)
	for i := range body {
		body[i] = strings.TrimSuffix(body[i], "\n") + "\n"
	}
	reversed := writeFile(t, "reversed.csv", header+strings.Join(body, ""))

	keys := func(subs string) map[string]string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "lines.csv")
		runCLI(t, "", creditsArgs(subs, "-out", out)...).wantCode(t, exitOK)
		m := map[string]string{}
		for l, err := range credit.ReadLines(bytes.NewReader(readFile(t, out)), out) {
			if err != nil {
				t.Fatal(err)
			}
			id := l.Subscription + " " + l.WindowStart.String()
			if _, dup := m[id]; dup {
				t.Fatalf("two lines for %s", id)
			}
			m[id] = l.Key + " " + l.Amount.String()
		}
		return m
	}
	inOrder, backwards := keys(demoSubs), keys(reversed)
	if len(inOrder) == 0 {
		t.Fatal("no lines")
	}
	if diff := cmp.Diff(inOrder, backwards); diff != "" {
		t.Errorf("keys and amounts depend on the order of the rows (-in order +reversed):\n%s", diff)
	}
	seen := map[string]bool{}
	for _, v := range inOrder {
		key, _, _ := strings.Cut(v, " ")
		if seen[key] {
			t.Errorf("key %s given to two lines", key)
		}
		seen[key] = true
	}
}
