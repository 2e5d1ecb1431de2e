//go:build unix

package main

import (
	"flag"
	"io"
	"testing"

	"github.com/outagekit/postmortem/internal/synth"
)

var exposureMemory = flag.Bool("exposure.memory", false, "run TestExposureMemoryFlat (builds the command, streams 1,000,000 and 2,000,000 generated subscriptions through exposure)")

// TestExposureMemoryFlat checks that the exposure command's memory stays
// flat: for 300 outage lengths (0 to 74h45m by quarters of an hour, placed
// worst) over the demo's generated subscriptions in April 2014, as a
// what-if (no incident) and on top of the seed's incident, the peak
// resident set of the built command for 2,000,000 subscriptions is within
// 1.2× of that for 1,000,000. It runs only with -exposure.memory (a few
// minutes):
//
//	go test -run ExposureMemoryFlat -v ./cmd/postmortem/ -exposure.memory
//
// The peak is measured as TestCreditsMemoryFlat measures it (peakMemory:
// the child's maximum resident set; the input streams in through a pipe).
func TestExposureMemoryFlat(t *testing.T) {
	if !*exposureMemory {
		t.Skip("run with -exposure.memory")
	}
	bin := buildCommand(t)
	start, end := seedWindow()
	demo := synth.Options{Seed: 1, Plans: demoPlanIDs, Start: start, End: end}
	write := func(w io.Writer, n int) error { return synth.WriteCSV(w, n, demo) }
	args := []string{"exposure", "-policy", seedPolicy, "-plans", demoPlans, "-subscriptions", "-",
		"-window", "2014-04", "-durations", "0..74h45m/15m", "-out", "/dev/null"}
	for _, mode := range []struct {
		name string
		args []string
	}{
		{"what-if", args},
		{"on-top", append(args[:len(args):len(args)], "-incident", seedIncident)},
	} {
		t.Run(mode.name, func(t *testing.T) {
			flatMemory(t, bin, mode.args, write, 2_000_000)
		})
	}
}
