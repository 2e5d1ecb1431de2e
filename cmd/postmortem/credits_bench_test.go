package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"io"
	"path/filepath"
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
// write to a writer that counts lines and discards them. It reports
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
	sample, perSub := sampleLines(b, data, args)
	var wallFloor, wallRun, cpuFloor, cpuRun time.Duration
	for b.Loop() {
		var floorOut, runOut lineCounter
		t0, c0 := time.Now(), cpuTime()
		csvFloor(b, &floorOut, data, sample, perSub)
		t1, c1 := time.Now(), cpuTime()
		var stderr bytes.Buffer
		if code := runContext(context.Background(), args, bytes.NewReader(data), &runOut, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
		t2, c2 := time.Now(), cpuTime()
		if runOut.lines != floorOut.lines || runOut.lines != int64(n*perSub)+1 {
			b.Fatalf("the command wrote %d lines, the floor %d, want %d", runOut.lines, floorOut.lines, n*perSub+1)
		}
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

// lineCounter counts the lines written to it and discards them.
type lineCounter struct{ lines int64 }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// sampleRows is how many rows sampleLines runs the command on.
const sampleRows = 20000

// sampleLines runs the command on the first rows of data and returns its
// output records (without the header), for the floor to write, and the
// number of lines per subscription.
func sampleLines(b *testing.B, data []byte, args []string) ([][]string, int) {
	b.Helper()
	end := 0
	for range sampleRows + 1 {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			end = len(data)
			break
		}
		end += i + 1
	}
	var out, stderr bytes.Buffer
	if code := runContext(context.Background(), args, bytes.NewReader(data[:end]), &out, &stderr); code != exitOK {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	rows := bytes.Count(data[:end], []byte{'\n'}) - 1
	lines := len(recs) - 1
	if rows <= 0 || lines%rows != 0 {
		b.Fatalf("%d lines for %d subscriptions: not a whole number per subscription", lines, rows)
	}
	return recs[1:], lines / rows
}

// csvFloor reads data and writes perSub rows per record and a header to w
// with encoding/csv (synth.Floor): the first three fields from the input,
// the others from sample in turn.
func csvFloor(b *testing.B, w io.Writer, data []byte, sample [][]string, perSub int) {
	if _, err := synth.Floor(w, data, credit.LineColumns(), sample, 3, perSub); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBatchLedger runs the credits command on *batchSubs generated
// subscriptions settled against a ledger of as many entries (the lines
// file of a first run, given with -issued: every window is settled, and
// the ledger is read, checked and indexed in the run) and, in the same
// iteration, the same command without a ledger. It reports
//
//	subs/s       subscriptions per second of wall time with the ledger
//	x-no-ledger  wall time with the ledger ÷ wall time without it
//
// go test -run '^$' -bench BatchLedger -benchtime 3x ./cmd/postmortem/
func BenchmarkBatchLedger(b *testing.B) {
	n := *batchSubs
	data := batchInput(n)
	ledger := filepath.Join(b.TempDir(), "issued.csv")
	var stderr bytes.Buffer
	if code := runContext(context.Background(), creditsArgs("-", "-out", ledger), bytes.NewReader(data), io.Discard, &stderr); code != exitOK {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
	plain, settled := creditsArgs("-", "-out", "-"), creditsArgs("-", "-issued", ledger, "-out", "-")
	var wallPlain, wallSettled time.Duration
	for b.Loop() {
		var outPlain, outSettled lineCounter
		t0 := time.Now()
		if code := runContext(context.Background(), plain, bytes.NewReader(data), &outPlain, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
		t1 := time.Now()
		if code := runContext(context.Background(), settled, bytes.NewReader(data), &outSettled, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
		t2 := time.Now()
		if outSettled.lines != outPlain.lines {
			b.Fatalf("%d lines with the ledger, %d without", outSettled.lines, outPlain.lines)
		}
		wallPlain += t1.Sub(t0)
		wallSettled += t2.Sub(t1)
	}
	b.ReportMetric(float64(b.N)*float64(n)/wallSettled.Seconds(), "subs/s")
	b.ReportMetric(float64(wallSettled)/float64(wallPlain), "x-no-ledger")
	b.ReportMetric(0, "ns/op")
}
