package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
)

// TestCreditsShards checks -shard i/n: for several n, the n shard runs'
// lines (without their headers) are exactly the lines of the single run,
// their rejects are its rejects, and their summaries merge
// (credit.Summary.Merge) into its summary; each line is in the shard its
// subscription ID hashes to (credit.Shard).
func TestCreditsShards(t *testing.T) {
	// Generated rows, a duplicate id, bad rows and a row that is not CSV.
	data := string(batchInput(5000)) +
		"dup-1,c,email-starter,,2014-01-01,,,\ndup-1,c,email-pro,,,,,\n" +
		"bad-1,c,email-gold,,,,,\nbad-2,c,email-starter,-1,,,,\nbad-3,\"x\"y,email-starter,,,,,\nshort,email-starter\n"
	dir := t.TempDir()
	in := writeFile(t, "subs.csv", data)
	run := func(name string, extra ...string) (lines, rejects []string, sum credit.Summary) {
		out, rej, js := filepath.Join(dir, name+".csv"), filepath.Join(dir, name+"-rejects.csv"), filepath.Join(dir, name+".json")
		r := runCLI(t, "", creditsArgs(in, append([]string{"-out", out, "-rejects", rej, "-summary", js, "-allow-rejects"}, extra...)...)...)
		r.wantCode(t, exitOK)
		body := func(file string) []string {
			text := strings.TrimSuffix(string(readFile(t, file)), "\n")
			rows := strings.Split(text, "\n")
			return rows[1:] // without the header
		}
		if err := json.Unmarshal(readFile(t, js), &sum); err != nil {
			t.Fatal(err)
		}
		return body(out), body(rej), sum
	}
	wantLines, wantRejects, wantSum := run("single")
	if len(wantRejects) != 5 || wantSum.Rejected != 5 {
		t.Fatalf("the single run rejected %d rows (%d in the summary), want 5", len(wantRejects), wantSum.Rejected)
	}
	slices.Sort(wantLines)
	slices.Sort(wantRejects)
	wantJSON, _ := json.Marshal(wantSum)
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			var lines, rejects []string
			var merged credit.Summary
			for i := range n {
				l, r, s := run(fmt.Sprintf("shard-%d-of-%d", i, n), "-shard", fmt.Sprintf("%d/%d", i, n))
				for _, line := range l {
					id := strings.SplitN(line, ",", 2)[0]
					if !(credit.Shard{Index: i, Count: n}).Contains(id) {
						t.Errorf("shard %d/%d has a line of %q, which hashes to another shard", i, n, id)
					}
				}
				lines = append(lines, l...)
				rejects = append(rejects, r...)
				merged.Merge(&s)
			}
			slices.Sort(lines)
			slices.Sort(rejects)
			if !slices.Equal(lines, wantLines) {
				t.Errorf("the shards wrote %d lines, the single run %d; they differ", len(lines), len(wantLines))
			}
			if diff := cmp.Diff(wantRejects, rejects); diff != "" {
				t.Errorf("rejects (-single +shards):\n%s", diff)
			}
			gotJSON, _ := json.Marshal(merged)
			if !bytes.Equal(wantJSON, gotJSON) {
				t.Errorf("merged summary\n%s\nsingle run\n%s", gotJSON, wantJSON)
			}
		})
	}
}

func TestCreditsShardFlag(t *testing.T) {
	for _, bad := range []string{"3/3", "1", "a/b", "-1/2", "0/0"} {
		t.Run(bad, func(t *testing.T) {
			r := runCLI(t, "", creditsArgs(demoSubs, "-shard", bad)...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, "-shard") {
				t.Errorf("stderr does not name -shard:\n%s", r.stderr)
			}
		})
	}
}
