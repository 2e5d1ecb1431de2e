//go:build unix

package main

import (
	"bufio"
	"bytes"
	"flag"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/outagekit/postmortem/internal/synth"
)

var memoryTest = flag.Bool("batch.memory", false, "run TestCreditsMemoryFlat (builds the command, streams 1,000,000 and 10,000,000 generated subscriptions through it)")

// TestCreditsMemoryFlat checks that the credits command's memory stays
// flat: for each shape (the demo's, and catalogue-3w-us of synth.Shapes:
// 50 plans, three windows, instants to the microsecond), the peak resident
// set of the built command for 10,000,000 generated subscriptions is within
// 1.2× of that for 1,000,000, and under 150 MiB. It runs only with
// -batch.memory (it takes a few minutes):
//
//	go test -run CreditsMemoryFlat -v ./cmd/postmortem/ -batch.memory
//
// The peak is the child process's maximum resident set size as the kernel
// counts it (getrusage's ru_maxrss, through ProcessState.SysUsage): every
// page the command touched, heap, stacks, the Go runtime and the table of
// duplicate ids alike, which in-process runtime metrics would not all
// show, and none of the memory of the test generating the input, which
// streams into the command's standard input through a pipe (no file is
// written; the lines go to /dev/null).
func TestCreditsMemoryFlat(t *testing.T) {
	if !*memoryTest {
		t.Skip("run with -batch.memory")
	}
	bin := buildCommand(t)
	start, end := seedWindow()
	demo := synth.Options{Seed: 1, Plans: demoPlanIDs, Start: start, End: end}
	var catalogue synth.Shape
	for _, s := range synth.Shapes() {
		if s.Name == "catalogue-3w-us" {
			catalogue = s
		}
	}
	shapes := []struct {
		name  string
		args  []string
		write func(w io.Writer, n int) error
	}{
		{"demo", creditsArgs("-", "-out", "-"), func(w io.Writer, n int) error { return synth.WriteCSV(w, n, demo) }},
		{catalogue.Name, catalogueArgs(t, &catalogue.Catalogue, "-out", "-"), catalogue.WriteCSV},
	}
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			large := flatMemory(t, bin, s.args, s.write, 10_000_000)
			if large >= 150<<10 {
				t.Errorf("peak memory for 10,000,000 subscriptions is %.1f MiB, want under 150 MiB", float64(large)/1024)
			}
		})
	}
}

// buildCommand builds the command into a temporary folder and returns
// the path of the binary.
func buildCommand(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "postmortem")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// flatMemory runs the command bin with args on 1,000,000 and on large
// subscriptions (peakMemory), fails the test when the larger run's peak
// resident set is above 1.2× the smaller's, and returns it in KiB.
func flatMemory(t *testing.T, bin string, args []string, write func(io.Writer, int) error, large int) int64 {
	t.Helper()
	lo, hi := peakMemory(t, bin, args, 1_000_000, write), peakMemory(t, bin, args, large, write)
	ratio := float64(hi) / float64(lo)
	t.Logf("%d ÷ 1,000,000 peak: %.3f", large, ratio)
	if ratio > 1.2 {
		t.Errorf("peak memory for %d subscriptions is %.2f× that for 1,000,000, want at most 1.2×", large, ratio)
	}
	return hi
}

// peakMemory runs the command bin with args on n subscriptions written by
// write to its standard input, and returns its peak resident set in KiB.
func peakMemory(t *testing.T, bin string, args []string, n int, write func(io.Writer, int) error) int64 {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	werr := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(stdin, 1<<20)
		err := write(bw, n)
		if err == nil {
			err = bw.Flush()
		}
		stdin.Close()
		werr <- err
	}()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("credits on %d subscriptions: %v\n%s", n, err, stderr.String())
	}
	if err := <-werr; err != nil {
		t.Fatal(err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	kib := int64(ru.Maxrss) // KiB on Linux
	if runtime.GOOS == "darwin" {
		kib /= 1024 // bytes on macOS
	}
	t.Logf("%d subscriptions: peak resident set %.1f MiB; %s", n, float64(kib)/1024, bytes.TrimSpace(bytes.SplitN(stderr.Bytes(), []byte("\n"), 2)[0]))
	return kib
}
