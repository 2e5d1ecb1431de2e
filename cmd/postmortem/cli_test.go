package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

func TestTopLevel(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantOut    string // substring of stdout
		wantErr    string // substring of stderr
		emptyOut   bool
		emptyError bool
	}{
		{name: "no arguments", args: nil, code: exitUsage, wantErr: "Commands:", emptyOut: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, wantErr: `unknown command "frobnicate"`, emptyOut: true},
		{name: "-h", args: []string{"-h"}, code: exitOK, wantOut: "Exit status: 0 success", emptyError: true},
		{name: "--help", args: []string{"--help"}, code: exitOK, wantOut: "credits   credit lines for a subscriptions CSV", emptyError: true},
		{name: "help COMMAND", args: []string{"help", "sla"}, code: exitOK, wantOut: "Usage: postmortem sla -policy FILE", emptyError: true},
		{name: "version", args: []string{"version"}, code: exitOK, wantOut: "postmortem devel go", emptyError: true},
		{name: "--version", args: []string{"--version"}, code: exitOK, wantOut: "postmortem devel", emptyError: true},
		{name: "version with argument", args: []string{"version", "x"}, code: exitUsage, wantErr: `unexpected argument "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stdout, tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", r.stdout, tt.wantOut)
			}
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.wantErr)
			}
			if tt.emptyOut && r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if tt.emptyError && r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

// TestHelp checks that every command answers -h with its usage on stdout,
// exit 0, and that the usage lists every flag the command defines.
func TestHelp(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.name, "-h")
			r.wantCode(t, exitOK)
			if !strings.HasPrefix(r.stdout, "Usage: postmortem "+c.name) {
				t.Errorf("-h output starts %q, want the usage line", firstLine(r.stdout))
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			synopsis := r.stdout[:strings.Index(r.stdout, "\n\n")]
			for _, m := range flagLine.FindAllStringSubmatch(r.stdout, -1) {
				if !strings.Contains(synopsis, "-"+m[1]) {
					t.Errorf("flag -%s is not in the synopsis:\n%s", m[1], synopsis)
				}
			}
		})
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestBadFlag(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.name, "-no-such-flag")
			r.wantCode(t, exitUsage)
			want := "postmortem " + c.name + ": flag provided but not defined: -no-such-flag\nRun 'postmortem " + c.name + " -h' for usage.\n"
			if r.stderr != want {
				t.Errorf("stderr = %q, want %q", r.stderr, want)
			}
		})
	}
}

// TestFlagsAfterArguments checks that flags may follow positional
// arguments, and that "--" ends the flags.
func TestFlagsAfterArguments(t *testing.T) {
	r := runCLI(t, "", "metrics", seedIncident, "-format", "json")
	r.wantCode(t, exitOK)
	if !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("-format json after the file was ignored: %q", firstLine(r.stdout))
	}
	r = runCLI(t, "", "validate", "--", "-format")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, "-format: ") {
		t.Errorf("after --, -format should be a file name: stderr %q", r.stderr)
	}
}

// TestPanicIsInternalError checks that a panic becomes one line and exit
// status 3. A nil stdout makes the version command panic.
func TestPanicIsInternalError(t *testing.T) {
	var stderr strings.Builder
	code := runContext(context.Background(), []string{"version"}, nil, nil, &stderr)
	if code != exitInternal {
		t.Fatalf("exit status %d, want %d", code, exitInternal)
	}
	got := stderr.String()
	if !strings.HasPrefix(got, "postmortem version: internal error: ") || strings.Count(got, "\n") != 1 {
		t.Errorf("stderr = %q, want one line starting with the internal error", got)
	}
	if strings.Contains(got, "goroutine") {
		t.Errorf("stderr holds a stack trace: %q", got)
	}
}

func TestRunUsesSignals(t *testing.T) {
	var out, errs strings.Builder
	if code := run([]string{"version"}, strings.NewReader(""), &out, &errs); code != exitOK {
		t.Fatalf("run version = %d, stderr %q", code, errs.String())
	}
	if !strings.HasPrefix(out.String(), "postmortem ") {
		t.Errorf("stdout = %q", out.String())
	}
}
