//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalsDropTemporaries runs credits as a child process reading a
// pipe that stays open, and sends it each signal that stops a run
// (SIGINT, SIGTERM, SIGHUP, SIGQUIT) while it works: it must exit 130,
// say it was interrupted, and leave no file in the output folder, not even
// a temporary one (SIGHUP and SIGQUIT used to leave a 1 GB temporary
// file).
func TestSignalsDropTemporaries(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := cliCommand(t, creditsArgs("-", "-out", filepath.Join(dir, "lines.csv"), "-summary", filepath.Join(dir, "summary.json"))...)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			io.WriteString(stdin, "id,plan_id\nsub-1,email-starter\n") // and no end of file

			// Wait until the run has created its temporary files.
			deadline := time.Now().Add(20 * time.Second)
			for len(dirNames(t, dir)) < 2 {
				if time.Now().After(deadline) {
					t.Fatalf("no temporary files after 20 s: %q; stderr:\n%s", dirNames(t, dir), stderr.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			for _, name := range dirNames(t, dir) {
				if !strings.Contains(name, ".tmp-") {
					t.Fatalf("%s published before the end of the input", name)
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("still running 20 s after %v; stderr:\n%s", sig, stderr.String())
			}
			stdin.Close()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Errorf("exit: %v, want status %d; stderr:\n%s", err, exitInterrupted, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say the run was interrupted:\n%s", stderr.String())
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("left behind: %q", names)
			}
		})
	}
}

// TestUmaskCLI checks that the files a run creates get 0666 less the
// umask: under umask 077, credit lines and rejects are readable by their
// owner only (they were 0644 whatever the umask).
func TestUmaskCLI(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	r := runCLI(t, "", creditsArgs(badSubs, "-out", filepath.Join(dir, "lines.csv"), "-rejects", filepath.Join(dir, "rejects.csv"),
		"-summary", filepath.Join(dir, "summary.json"), "-allow-rejects")...)
	syscall.Umask(old)
	r.wantCode(t, exitOK)
	for _, name := range []string{"lines.csv", "rejects.csv", "summary.json"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 under umask 077", name, fi.Mode().Perm())
		}
	}
}
