package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// copyInputs copies the shared fixtures into dir under short names, so
// that a run's inputs and outputs can be spelled in several ways there.
func copyInputs(t *testing.T, dir string) {
	t.Helper()
	for name, src := range map[string]string{
		"incident.yaml": seedIncident, "policy.yaml": seedPolicy, "plans.yaml": demoPlans,
		"subs.csv": demoSubs, "lines.csv": "testdata/credits/demo-lines.csv", "p1zfc9gk3b7m.json": spExport,
		"changes.csv": "../../testdata/walkthrough/changes.csv",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), readFile(t, src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshotDir maps every file under dir to its contents (links by their
// target).
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			m[rel] = "-> " + target
			return err
		}
		b, err := os.ReadFile(path)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestOutputCollisions runs every command that writes files with an output
// that is one of its inputs, or another of its outputs, spelled the same
// or differently (./x, a symbolic link, a hard link): each is a usage
// error (exit status 2) naming the flags, and no file changes. The
// commands used to replace the billing export, the incident or the policy
// and say "8 lines written".
func TestOutputCollisions(t *testing.T) {
	credits := func(more ...string) []string {
		return append([]string{"credits", "-policy", "policy.yaml", "-plans", "plans.yaml", "-subscriptions", "subs.csv", "-incident", "incident.yaml"}, more...)
	}
	report := func(more ...string) []string {
		return append([]string{"report", "-incident", "incident.yaml", "-policy", "policy.yaml", "-credits", "lines.csv", "-format", "md"}, more...)
	}
	tests := []struct {
		name string
		// setup makes links in the folder (the inputs are there).
		setup func(t *testing.T, dir string)
		args  []string
		want  string
	}{
		{"metrics -out the incident", nil, []string{"metrics", "-out", "incident.yaml", "incident.yaml"},
			`-out "incident.yaml" is the same file as the input "incident.yaml"`},
		{"metrics -out the incident through ./", nil, []string{"metrics", "-out", "./incident.yaml", "incident.yaml"},
			`-out "./incident.yaml" is the same file as the input "incident.yaml"`},
		{"sla -out the policy", nil, []string{"sla", "-policy", "policy.yaml", "-out", "policy.yaml", "incident.yaml"},
			`-out "policy.yaml" is the same file as the input "policy.yaml"`},
		{"sla -out a link to the incident", func(t *testing.T, dir string) { symlinkIn(t, dir, "incident.yaml", "link.yaml") },
			[]string{"sla", "-policy", "policy.yaml", "-out", "link.yaml", "incident.yaml"},
			`-out "link.yaml" is the same file as the input "incident.yaml"`},
		{"credits -out the subscriptions", nil, credits("-out", "subs.csv"),
			`-out "subs.csv" is the same file as the input "subs.csv"`},
		{"credits -out a hard link to the subscriptions", func(t *testing.T, dir string) {
			if err := os.Link(filepath.Join(dir, "subs.csv"), filepath.Join(dir, "export.csv")); err != nil {
				t.Fatal(err)
			}
		}, credits("-out", "export.csv"), `-out "export.csv" is the same file as the input "subs.csv"`},
		{"credits -summary the plans", nil, credits("-out", "new.csv", "-summary", "plans.yaml"),
			`-summary "plans.yaml" is the same file as the input "plans.yaml"`},
		{"credits -rejects the incident", nil, credits("-out", "new.csv", "-rejects", "incident.yaml"),
			`-rejects "incident.yaml" is the same file as the input "incident.yaml"`},
		{"credits -out and -summary one new file", nil, credits("-out", "x", "-summary", "x"),
			`-summary "x" is the same file as -out "x"`},
		{"credits -out and -rejects through ./", nil, credits("-out", "x", "-rejects", "./x"),
			`-rejects "./x" is the same file as -out "x"`},
		{"credits -rejects a dangling link to -out", func(t *testing.T, dir string) { symlinkIn(t, dir, "x", "link") },
			credits("-out", "x", "-rejects", "link"), `-rejects "link" is the same file as -out "x"`},
		{"credits two spellings of stdout", nil, credits("-out", "-", "-summary", "/dev/stdout"),
			`-summary "/dev/stdout" and -out "-" both write to standard output`},
		{"report -out the incident", nil, report("-out", "incident.yaml"),
			`-out "incident.yaml" is the same file as the input "incident.yaml"`},
		{"report -out the lines", nil, report("-out", "lines.csv"),
			`-out "lines.csv" is the same file as the input "lines.csv"`},
		{"report -out a link to the policy", func(t *testing.T, dir string) { symlinkIn(t, dir, "policy.yaml", "report.md") },
			report("-out", "report.md"), `-out "report.md" is the same file as the input "policy.yaml"`},
		{"statement -out the lines", nil, []string{"statement", "-policy", "policy.yaml", "-window", "2014-04", "-format", "md", "-credits", "lines.csv", "-out", "lines.csv", "incident.yaml"},
			`-out "lines.csv" is the same file as the input "lines.csv"`},
		{"exposure -svg the plans", nil, []string{"exposure", "-policy", "policy.yaml", "-plans", "plans.yaml", "-subscriptions", "subs.csv", "-window", "2014-04", "-out", "x.csv", "-svg", "plans.yaml"},
			`-svg "plans.yaml" is the same file as the input "plans.yaml"`},
		{"exposure -pdf and -summary one new file", nil, []string{"exposure", "-policy", "policy.yaml", "-plans", "plans.yaml", "-subscriptions", "subs.csv", "-window", "2014-04", "-out", "x.csv", "-summary", "y", "-pdf", "./y"},
			`-pdf "./y" is the same file as -summary "y"`},
		{"credits -out the ledger it settles against", nil, credits("-issued", "lines.csv", "-out", "lines.csv"),
			`-out "lines.csv" is the same file as the input "lines.csv"`},
		{"exposure -summary the ledger", nil, []string{"exposure", "-policy", "policy.yaml", "-plans", "plans.yaml", "-subscriptions", "subs.csv", "-window", "2014-04", "-issued", "lines.csv", "-out", "x.csv", "-summary", "lines.csv"},
			`-summary "lines.csv" is the same file as the input "lines.csv"`},
		{"report -out the subscriptions of the further hour", nil, report("-plans", "plans.yaml", "-subscriptions", "subs.csv", "-out", "subs.csv"),
			`-out "subs.csv" is the same file as the input "subs.csv"`},
		{"refunds -out the changes", nil, []string{"refunds", "-plans", "plans.yaml", "-changes", "changes.csv", "-out", "changes.csv"},
			`-out "changes.csv" is the same file as the input "changes.csv"`},
		{"refunds -out a link to the plans", func(t *testing.T, dir string) { symlinkIn(t, dir, "plans.yaml", "refunds.csv") },
			[]string{"refunds", "-plans", "plans.yaml", "-changes", "changes.csv", "-out", "refunds.csv"},
			`-out "refunds.csv" is the same file as the input "plans.yaml"`},
		{"import a file into its own folder", nil, []string{"import", "statuspage", "-format", "json", "-out", ".", "p1zfc9gk3b7m.json"},
			`-out "p1zfc9gk3b7m.json" is the same file as the input "p1zfc9gk3b7m.json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyInputs(t, dir)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			before := snapshotDir(t, dir)
			t.Chdir(dir)
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if diff := cmp.Diff(before, snapshotDir(t, dir)); diff != "" {
				t.Errorf("files changed (-before +after):\n%s", diff)
			}
		})
	}
}

func symlinkIn(t *testing.T, dir, target, name string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// TestOutputThroughLink checks that -out naming a symbolic link writes the
// link's target and keeps the link (it used to become a regular file).
func TestOutputThroughLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "published", "metrics.json")
	if err := os.Mkdir(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "metrics", "-format", "json", "-out", link, seedIncident).wantCode(t, exitOK)
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("-out link: %v, mode %v, want the link kept", err, fi.Mode())
	}
	if !bytes.Contains(readFile(t, target), []byte(`"incident": "constant-contact-2014-04-18"`)) {
		t.Errorf("the link's target does not hold the metrics:\n%s", readFile(t, target))
	}
}

// TestOutputDevStdout checks that /dev/stdout is standard output, as "-"
// is (as root, -out /dev/stdout used to replace the system's link).
func TestOutputDevStdout(t *testing.T) {
	want := runCLI(t, "", "metrics", "-format", "json", seedIncident)
	want.wantCode(t, exitOK)
	for _, name := range []string{"-", "/dev/stdout"} {
		r := runCLI(t, "", "metrics", "-format", "json", "-out", name, seedIncident)
		r.wantCode(t, exitOK)
		if r.stdout != want.stdout {
			t.Errorf("-out %s: stdout differs from the default's", name)
		}
	}
}

// TestOutputsCreatedFirst checks that a run whose last output cannot be
// created (its folder is missing) publishes none of its outputs: credits
// used to commit the lines file, then fail on -summary with exit 1.
func TestOutputsCreatedFirst(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", creditsArgs(demoSubs, "-out", filepath.Join(dir, "lines.csv"), "-rejects", filepath.Join(dir, "rejects.csv"),
		"-summary", filepath.Join(dir, "missing", "summary.json"))...)
	r.wantCode(t, exitInvalid)
	// The problem names the flag and the folder that is missing (it
	// was "atomicfile: …", naming neither the flag nor what to fix).
	want := fmt.Sprintf("postmortem credits: -summary %q: lstat %s: no such file or directory\n",
		filepath.Join(dir, "missing", "summary.json"), filepath.Join(dir, "missing"))
	if r.stderr != want {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("folder holds %q, want nothing", names)
	}
}

// TestEmptyOutputName checks that an empty file name for an output is a
// usage error (it used to exit 1 as an I/O error).
func TestEmptyOutputName(t *testing.T) {
	for _, args := range [][]string{
		{"metrics", "-out", "", seedIncident},
		{"sla", "-policy", seedPolicy, "-out", "", seedIncident},
		creditsArgs(demoSubs, "-out", ""),
		creditsArgs(demoSubs, "-out", filepath.Join(t.TempDir(), "x"), "-summary", ""),
		creditsArgs(demoSubs, "-out", filepath.Join(t.TempDir(), "x"), "-rejects", ""),
		{"report", "-incident", seedIncident, "-format", "md", "-out", ""},
		{"report", "-incident", "", "-format", "md"},
		{"demo", "-out", ""}, // run in a temporary folder: see below
		{"import", "statuspage", "-out", "", spExport},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if args[0] == "demo" {
				t.Chdir(t.TempDir()) // a wrong default would write there
			}
			r := runCLI(t, "", args...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, "empty file name") && !strings.Contains(r.stderr, "is required") {
				t.Errorf("stderr = %q, want it to say the name is empty", r.stderr)
			}
		})
	}
}

// TestJSONEndsWithNewline checks that every JSON file the command writes
// ends with one newline, as text files do (summary.json had none).
func TestJSONEndsWithNewline(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, "", "demo", "-out", filepath.Join(dir, "demo")).wantCode(t, exitOK)
	runCLI(t, "", creditsArgs(demoSubs, "-out", filepath.Join(dir, "lines.csv"), "-summary", filepath.Join(dir, "summary.json"))...).wantCode(t, exitOK)
	files := map[string][]byte{
		"demo summary.json": readFile(t, filepath.Join(dir, "demo", demoSummary)),
		"demo sla.json":     readFile(t, filepath.Join(dir, "demo", demoSLA)),
		"credits -summary":  readFile(t, filepath.Join(dir, "summary.json")),
	}
	for _, args := range [][]string{{"metrics", "-format", "json", seedIncident}, {"sla", "-format", "json", "-policy", seedPolicy, seedIncident}} {
		r := runCLI(t, "", args...)
		r.wantCode(t, exitOK)
		files[args[0]+" -format json"] = []byte(r.stdout)
	}
	for name, b := range files {
		if !bytes.HasSuffix(b, []byte("}\n")) || bytes.HasSuffix(b, []byte("\n\n")) {
			t.Errorf("%s ends with %q, want one newline after the JSON", name, b[max(0, len(b)-8):])
		}
	}
}
