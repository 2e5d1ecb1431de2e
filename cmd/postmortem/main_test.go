package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Paths of the shared fixtures, from this package's directory.
const (
	seedIncident = "../../testdata/incidents/seed-constant-contact-2014.yaml"
	seedPolicy   = "../../testdata/policies/seed-monthly-new-york.yaml"
	demoPlans    = "../../testdata/plans/demo-plans.yaml"
	demoSubs     = "../../testdata/subscriptions/demo.csv"
	badSubs      = "../../testdata/subscriptions/bad.csv"
	richIncident = "../../testdata/incidents/rich-two-day.yaml"
	spExport     = "../../testdata/statuspage/partial-major-partial.json"
	spMalformed  = "../../testdata/statuspage/malformed.json"
)

// cliEnv is the environment variable that makes the test binary run the
// command line (its arguments) instead of the tests: a child process that
// is the command, for tests that send it signals (see cliCommand).
const cliEnv = "POSTMORTEM_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cliCommand returns the command line args as a child process running
// the command (the test binary, see TestMain).
func cliCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), cliEnv+"=1")
	return cmd
}

// result is what one run of the command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs args in-process with stdin and returns the exit status and
// output.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runCLIContext(t, context.Background(), strings.NewReader(stdin), args...)
}

func runCLIContext(t *testing.T, ctx context.Context, stdin io.Reader, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, args, stdin, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// wantCode fails the test when r's exit status is not want, showing the
// output.
func (r result) wantCode(t *testing.T, want int) {
	t.Helper()
	if r.code != want {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, want, r.stdout, r.stderr)
	}
}

// writeFile writes content to name in a temporary directory and returns its
// path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readFile returns the contents of path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}
