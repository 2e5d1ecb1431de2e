package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
)

// TestREADMETranscripts runs the README's walk-through as a new user
// would, on its files (testdata/walkthrough, which the root package's
// TestREADMEWalkthroughFiles holds equal to the README's, and the fixtures
// of readmeFiles), in one folder:
// every "$ postmortem …" command of the README, in order, must print what
// the README shows ("..." stands for any number of lines), the excerpt of
// credits.csv must be the columns of the file the credits command wrote,
// and the demo must print what the README shows.
func TestREADMETranscripts(t *testing.T) {
	readme := string(readFile(t, "../../README.md"))
	dir := t.TempDir()
	for name, fixture := range readmeFiles {
		if err := os.WriteFile(filepath.Join(dir, name), readFile(t, filepath.Join("../../testdata", fixture)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	commands, excerpts, demo := 0, 0, 0
	for _, block := range fencedBlocks(readme) {
		first, _, _ := strings.Cut(block, "\n")
		switch {
		case strings.HasPrefix(first, "$ postmortem "):
			for _, c := range transcriptCommands(block) {
				commands++
				r := runCLI(t, "", c.args...)
				if r.code == exitUsage || r.code == exitInternal { // lint exits 1 with open items
					t.Errorf("$ postmortem %s: exit status %d:\n%s", strings.Join(c.args, " "), r.code, r.stderr)
				}
				if !matchTranscript(c.output, r.stdout+r.stderr) {
					t.Errorf("$ postmortem %s printed:\n%s\nthe README shows:\n%s", strings.Join(c.args, " "), r.stdout+r.stderr, strings.Join(c.output, "\n"))
				}
			}
		case strings.HasPrefix(first, "subscription_id,"):
			excerpts++
			checkExcerpt(t, block, "credits.csv")
		case strings.HasPrefix(first, "postmortem demo: "):
			demo++
			t.Run("demo", func(t *testing.T) {
				t.Chdir(t.TempDir())
				r := runCLI(t, "", "demo")
				r.wantCode(t, exitOK)
				if diff := cmp.Diff(block, r.stdout); diff != "" {
					t.Errorf("the demo printed something else than the README shows (-README +demo):\n%s", diff)
				}
			})
		}
	}
	if commands < 6 || excerpts != 1 || demo != 1 {
		t.Errorf("checked %d commands, %d excerpts, %d demo outputs: the README's walk-through changed shape", commands, excerpts, demo)
	}
}

// readmeFiles are the files the README's transcripts name, by the
// fixture of testdata/ each one is: the walk-through's, and the exports of
// "From other tools". A transcript that names a file not listed here fails
// with "no such file": add it.
var readmeFiles = map[string]string{
	"incident.yaml":     "walkthrough/incident.yaml",
	"policy.yaml":       "walkthrough/policy.yaml",
	"plans.yaml":        "walkthrough/plans.yaml",
	"subscriptions.csv": "walkthrough/subscriptions.csv",
	"changes.csv":       "walkthrough/changes.csv",
	"page-1.json":       "statuspage/page-1.json",
	"page-2.json":       "statuspage/page-2.json",
	"incident.json":     "pagerduty/incident.json",
	"log_entries.json":  "pagerduty/log_entries.json",
	"slo.yaml":          "openslo/ratio-timeslices-rolling.yaml",
	"total.json":        "prometheus/total-counter.json", // counters: the SLO's SLI says so
	"bad.json":          "prometheus/bad-counter.json",
}

// fencedBlocks returns the text of the README's fenced blocks that have no
// language (transcripts and outputs).
func fencedBlocks(readme string) []string {
	var blocks []string
	var cur []string
	in := false
	for line := range strings.Lines(readme) {
		switch {
		case !in && line == "```\n":
			in, cur = true, nil
		case in && line == "```\n":
			blocks = append(blocks, strings.Join(cur, ""))
			in = false
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// transcriptCommand is one "$ postmortem" command of a README transcript
// and the lines it shows after it.
type transcriptCommand struct {
	args   []string
	output []string
}

// transcriptCommands splits a transcript into its commands; a line ending
// with a backslash goes on on the next one.
func transcriptCommands(block string) []transcriptCommand {
	var cmds []transcriptCommand
	cont := false
	for _, line := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		switch {
		case cont:
			c := &cmds[len(cmds)-1]
			cont = strings.HasSuffix(line, "\\")
			c.args = append(c.args, strings.Fields(strings.TrimSuffix(line, "\\"))...)
		case strings.HasPrefix(line, "$ postmortem "):
			cont = strings.HasSuffix(line, "\\")
			cmds = append(cmds, transcriptCommand{args: strings.Fields(strings.TrimSuffix(strings.TrimPrefix(line, "$ postmortem "), "\\"))})
		default:
			c := &cmds[len(cmds)-1]
			c.output = append(c.output, line)
		}
	}
	return cmds
}

// matchTranscript reports whether got holds the lines want, where a line
// "..." stands for any number of lines; the no-break spaces of localized
// amounts ("USD 18.89") are read as the spaces they show as.
func matchTranscript(want []string, got string) bool {
	got = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(got)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if got == "" {
		lines = nil
	}
	var match func(w, g []string) bool
	match = func(w, g []string) bool {
		switch {
		case len(w) == 0:
			return len(g) == 0
		case w[0] == "...":
			for i := 0; i <= len(g); i++ {
				if match(w[1:], g[i:]) {
					return true
				}
			}
			return false
		}
		return len(g) > 0 && g[0] == w[0] && match(w[1:], g[1:])
	}
	return match(want, lines)
}

// checkExcerpt checks that a README excerpt of a lines file (some of its
// columns) is those columns of the file.
func checkExcerpt(t *testing.T, excerpt, file string) {
	t.Helper()
	want, err := csv.NewReader(strings.NewReader(excerpt)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, file))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, rec := range recs {
		var row []string
		for _, col := range want[0] {
			i := slices.Index(credit.LineColumns(), col)
			if i < 0 {
				t.Fatalf("the README's excerpt of %s has a column %q it does not have", file, col)
			}
			row = append(row, rec[i])
		}
		got = append(got, row)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the README's excerpt of %s (-README +file):\n%s", file, diff)
	}
}
