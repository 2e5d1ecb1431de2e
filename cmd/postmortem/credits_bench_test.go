package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
// flags and file loading included) on *batchSubs subscriptions (a million
// by default) of each shape and, in the same iteration, the floor:
// reading the same input with encoding/csv and writing as many rows of the
// same 23 columns with encoding/csv, the fields taken from real output
// lines. Both write to a writer that counts lines and discards them. The
// shapes are the demo's (internal/synth's Generator over the demo plans,
// April 2014) and synth.Shapes, the catalogues a figure cache serves
// little of; synth.Bench says what is reported (x-floor, cpu-x-floor,
// subs/s, …):
//
//	go test -run '^$' -bench Batch -benchtime 3x ./cmd/postmortem/
func BenchmarkBatch(b *testing.B) {
	b.Run("shape=demo", func(b *testing.B) {
		benchBatch(b, batchInput(*batchSubs), creditsArgs("-", "-out", "-"))
	})
	for _, s := range synth.Shapes() {
		b.Run("shape="+s.Name, func(b *testing.B) {
			benchBatch(b, s.CSV(*batchSubs), catalogueArgs(b, &s.Catalogue, "-out", "-"))
		})
	}
}

// catalogueArgs writes the files of cat into a temporary folder and
// returns the arguments of a credits run of its windows on the
// subscriptions of standard input, with more after them.
func catalogueArgs(tb testing.TB, cat *synth.Catalogue, more ...string) []string {
	tb.Helper()
	files, err := cat.WriteFiles(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	args := []string{"credits", "-policy", files.Policy, "-plans", files.Plans, "-subscriptions", "-",
		"-from", cat.From().Format(time.RFC3339), "-to", cat.To().Format(time.RFC3339)}
	for _, f := range files.Incidents {
		args = append(args, "-incident", f)
	}
	return append(args, more...)
}

// benchBatch measures the credits command with args on the subscriptions
// data against the floor.
func benchBatch(b *testing.B, data []byte, args []string) {
	n := bytes.Count(data, []byte{'\n'}) - 1
	sample, perSub, err := synth.Sample(data, 20000, func(head []byte) ([]byte, error) {
		var out, stderr bytes.Buffer
		if code := runContext(context.Background(), args, bytes.NewReader(head), &out, &stderr); code != exitOK {
			return nil, fmt.Errorf("exit %d: %s", code, stderr.String())
		}
		return out.Bytes(), nil
	})
	if err != nil {
		b.Fatal(err)
	}
	want := int64(n*perSub) + 1
	floor := func() error {
		var out lineCounter
		if _, err := synth.Floor(&out, data, credit.LineColumns(), sample, 3, perSub); err != nil {
			return err
		}
		if out.lines != want {
			return fmt.Errorf("the floor wrote %d lines, want %d", out.lines, want)
		}
		return nil
	}
	run := func() error {
		var out lineCounter
		var stderr bytes.Buffer
		if code := runContext(context.Background(), args, bytes.NewReader(data), &out, &stderr); code != exitOK {
			return fmt.Errorf("exit %d: %s", code, stderr.String())
		}
		if out.lines != want {
			return fmt.Errorf("the command wrote %d lines, want %d", out.lines, want)
		}
		return nil
	}
	synth.Bench(b, n, floor, run)
}

// lineCounter counts the lines written to it and discards them.
type lineCounter struct{ lines int64 }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// BenchmarkBatchLedger runs the credits command on *batchSubs generated
// subscriptions settled against a ledger of as many entries, given with
// -issued (every window is settled, and the ledger is read, checked and
// indexed in the run), in two files: the lines file of a first run
// (ledger=lines, 29 columns, about 400 bytes a line) and its seven
// columns a billing system exports from its database (ledger=minimal,
// credit.LedgerColumns); and, in the same
// iteration, the same command without a ledger. It reports
// synth.SideBySide's figures, the base named "no-ledger": subs/s with the
// ledger, x-no-ledger (wall time with the ledger ÷ wall time without it),
// cpu-x-no-ledger and cpu-ns/sub (the same in CPU time of all threads: the
// work done, which waiting on a busy machine does not change).
//
// go test -run '^$' -bench BatchLedger -benchtime 3x ./cmd/postmortem/
func BenchmarkBatchLedger(b *testing.B) {
	n := *batchSubs
	data := batchInput(n)
	lines := filepath.Join(b.TempDir(), "issued.csv")
	var stderr bytes.Buffer
	if code := runContext(context.Background(), creditsArgs("-", "-out", lines), bytes.NewReader(data), io.Discard, &stderr); code != exitOK {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
	minimal := filepath.Join(b.TempDir(), "issued-minimal.csv")
	if err := writeMinimalLedger(minimal, lines); err != nil {
		b.Fatal(err)
	}
	b.Run("ledger=lines", func(b *testing.B) { benchBatchLedger(b, n, data, lines) })
	b.Run("ledger=minimal", func(b *testing.B) { benchBatchLedger(b, n, data, minimal) })
}

// writeMinimalLedger writes to path the ledger of the lines file from
// with only the columns a billing system keeps of each credit
// (credit.LedgerColumns): what it exports from its database.
func writeMinimalLedger(path, from string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	r, w := csv.NewReader(bufio.NewReaderSize(in, 1<<20)), csv.NewWriter(out)
	header, err := r.Read()
	if err != nil {
		return err
	}
	r.ReuseRecord = true
	columns := credit.LedgerColumns()
	keep := make([]int, len(columns))
	for k, name := range columns {
		if keep[k] = slices.Index(header, name); keep[k] < 0 {
			return fmt.Errorf("%s has no column %s", from, name)
		}
	}
	rec := make([]string, len(keep))
	if err := w.Write(columns); err != nil {
		return err
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for k, c := range keep {
			rec[k] = row[c]
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return out.Close()
}

// benchBatchLedger runs the credits command on data settled against the
// ledger file, beside the same run without it (BenchmarkBatchLedger).
func benchBatchLedger(b *testing.B, n int, data []byte, ledger string) {
	var stderr bytes.Buffer
	plain, settled := creditsArgs("-", "-out", "-"), creditsArgs("-", "-issued", ledger, "-out", "-")
	var plainLines int64
	run := func(args []string, lines *int64) error {
		out := lineCounter{}
		if code := runContext(context.Background(), args, bytes.NewReader(data), &out, &stderr); code != exitOK {
			return fmt.Errorf("exit %d: %s", code, stderr.String())
		}
		*lines = out.lines
		return nil
	}
	synth.SideBySide(b, n, "no-ledger", func() error { return run(plain, &plainLines) }, func() error {
		var lines int64
		if err := run(settled, &lines); err != nil {
			return err
		}
		if lines != plainLines {
			return fmt.Errorf("%d lines with the ledger, %d without", lines, plainLines)
		}
		return nil
	})
}
