package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/synth"
)

var batchSubs = flag.Int("batch.subs", 1_000_000, "subscriptions in the input of BenchmarkBatch")

// seedWindow is the window the demo plans are credited for: April 2014 in
// New York, the month of the seed outage.
var seedWindow = func() (start, end time.Time) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return time.Date(2014, time.April, 1, 0, 0, 0, 0, ny), time.Date(2014, time.May, 1, 0, 0, 0, 0, ny)
}

// demoPlanIDs are the plans of testdata/plans/demo-plans.yaml: USD, EUR,
// JPY, CHF and KWD; monthly and annual; prorated, tiered and stepped rules;
// cash rounding and a minimum.
var demoPlanIDs = []string{"email-starter", "email-starter-annual", "email-pro", "email-eu", "email-jp", "email-ch", "email-kw"}

// batchInput returns n generated subscriptions on the demo plans as CSV.
func batchInput(n int) []byte {
	start, end := seedWindow()
	return synth.CSV(n, synth.Options{Seed: 1, Plans: demoPlanIDs, Start: start, End: end})
}

// BenchmarkBatch runs the credits command (the function the CLI runs,
// flags and file loading included) on *batchSubs generated subscriptions
// (a million by default) and, in the same iteration, the floor: reading
// the same input with encoding/csv and writing as many rows of the same 23
// columns with encoding/csv, the fields taken from real output lines. Both
// write to io.Discard. It reports
//
//	x-floor      wall time of the command ÷ wall time of the floor
//	cpu-x-floor  the same in CPU time (user + system, all threads), which a
//	             busy machine disturbs less
//	subs/s       subscriptions per second of wall time through the command
//	ns/sub       wall time per subscription, and floor-ns/sub for the floor
//
// go test -run '^$' -bench Batch -benchtime 3x ./cmd/postmortem/
func BenchmarkBatch(b *testing.B) {
	n := *batchSubs
	data := batchInput(n)
	args := creditsArgs("-", "-out", "-")
	sample, lines := sampleLines(b, data, args)
	perSub := lines / int64(n)
	if perSub*int64(n) != lines {
		b.Fatalf("%d lines for %d subscriptions: not a whole number per subscription", lines, n)
	}
	var wallFloor, wallRun, cpuFloor, cpuRun time.Duration
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		if got := csvFloor(b, data, sample, int(perSub)); got != lines {
			b.Fatalf("floor wrote %d rows, want %d", got, lines)
		}
		t1, c1 := time.Now(), cpuTime()
		var stderr bytes.Buffer
		if code := runContext(context.Background(), args, bytes.NewReader(data), io.Discard, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
		t2, c2 := time.Now(), cpuTime()
		wallFloor += t1.Sub(t0)
		wallRun += t2.Sub(t1)
		cpuFloor += c1 - c0
		cpuRun += c2 - c1
	}
	subs := float64(b.N) * float64(n)
	b.ReportMetric(float64(wallRun)/float64(wallFloor), "x-floor")
	if cpuFloor > 0 {
		b.ReportMetric(float64(cpuRun)/float64(cpuFloor), "cpu-x-floor")
	}
	b.ReportMetric(subs/wallRun.Seconds(), "subs/s")
	b.ReportMetric(float64(wallRun.Nanoseconds())/subs, "ns/sub")
	b.ReportMetric(float64(wallFloor.Nanoseconds())/subs, "floor-ns/sub")
	b.ReportMetric(0, "ns/op")
}

// sampleLines runs the command on the first rows of data and returns its
// output records (without the header), for the floor to write, and the
// number of lines the command writes for the whole of data.
func sampleLines(b *testing.B, data []byte, args []string) ([][]string, int64) {
	b.Helper()
	var out, stderr bytes.Buffer
	if code := runContext(context.Background(), args, bytes.NewReader(data), &out, &stderr); code != exitOK {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
	cr := csv.NewReader(&out)
	if _, err := cr.Read(); err != nil {
		b.Fatal(err)
	}
	var sample [][]string
	var lines int64
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if len(sample) < 4096 {
			sample = append(sample, rec)
		}
		lines++
	}
	return sample, lines
}

// csvFloor reads data with encoding/csv and writes perSub rows per record
// with encoding/csv: the first three fields from the input, the others from
// sample in turn. It returns the number of rows written after the header.
func csvFloor(b *testing.B, data []byte, sample [][]string, perSub int) int64 {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	cw := csv.NewWriter(io.Discard)
	if _, err := cr.Read(); err != nil {
		b.Fatal(err)
	}
	if err := cw.Write(credit.LineColumns); err != nil {
		b.Fatal(err)
	}
	rec := make([]string, len(sample[0]))
	var rows int64
	for i := 0; ; i++ {
		in, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		copy(rec, sample[i%len(sample)])
		rec[0], rec[1], rec[2] = in[0], in[1], in[2]
		for range perSub {
			if err := cw.Write(rec); err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		b.Fatal(err)
	}
	return rows
}
