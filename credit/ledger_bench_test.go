package credit

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/outagekit/postmortem/internal/synth"
)

// ledgerCSV returns a minimal ledger file of n entries, one per
// subscription, in April 2014 under the seed policy.
func ledgerCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("subscription_id,policy,window_start,window_end,currency,amount,idempotency_key\n")
	for i := range n {
		fmt.Fprintf(&b, "s%012x,seed-monthly-new-york,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,%d.%02d,%032x\n", i*7919, i%50, i%100, uint64(i)*0x9e3779b97f4a7c15)
	}
	return b.Bytes()
}

// BenchmarkLedgerReadCSV reads a ledger of a million entries and reports
// the time, the CPU time of all threads and the heap per entry, for two
// files: a minimal ledger (the 7 columns, about 130 bytes a line) and the
// lines file of a run on a million generated subscriptions (29 columns,
// about 400 bytes a line, some explanations quoted), as -issued reads it.
//
// go test -run '^$' -bench LedgerReadCSV -benchtime 3x ./credit/
func BenchmarkLedgerReadCSV(b *testing.B) {
	const n = 1_000_000
	b.Run("file=minimal", func(b *testing.B) { benchLedgerRead(b, ledgerCSV(n), n) })
	b.Run("file=lines", func(b *testing.B) {
		var out bytes.Buffer
		if _, err := demoCalculator(b).RunCSV(context.Background(), &out, bytes.NewReader(generated(n, 1)), BatchOptions{}); err != nil {
			b.Fatal(err)
		}
		benchLedgerRead(b, out.Bytes(), n)
	})
}

// benchLedgerRead measures reading data, a ledger file of n entries.
func benchLedgerRead(b *testing.B, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	var heap uint64
	var cpu time.Duration
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var l Ledger
		c0 := synth.CPUTime()
		if err := l.ReadCSV(bytes.NewReader(data), LedgerOptions{File: "l.csv"}); err != nil {
			b.Fatal(err)
		}
		l.index()
		cpu += synth.CPUTime() - c0
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		if l.Len() != n {
			b.Fatalf("%d entries, want %d", l.Len(), n)
		}
		runtime.KeepAlive(&l)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
	b.ReportMetric(float64(heap)/float64(n), "heap-B/entry")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/entry")
}

// BenchmarkLedgerIndex indexes a ledger of the lines of a run on
// *benchSubs generated subscriptions (a million entries by default) again
// and again: checking the keys and grouping the entries by subscription,
// the part of reading a ledger that runs on one core once the file is read
// (BenchmarkLedgerReadCSV measures both). It reports the time per entry.
//
//	go test -run '^$' -bench LedgerIndex -benchtime 10x ./credit/
func BenchmarkLedgerIndex(b *testing.B) {
	var lines bytes.Buffer
	if _, err := demoCalculator(b).RunCSV(context.Background(), &lines, bytes.NewReader(generated(*benchSubs, 1)), BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	var l Ledger
	if err := l.ReadCSV(&lines, LedgerOptions{File: "issued.csv"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		l.indexed = false
		l.index()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(l.entries.len()), "ns/entry")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkRunCSVSettled streams *benchSubs generated subscriptions through
// RunCSV settled against a ledger of as many entries already in memory,
// the ledger a billing system fills from its database with Ledger.Add or
// reads once; and, in the same iteration, the same run without a ledger.
// Two ledgers: the lines of a first run on the same inputs (ledger=rerun:
// every window is settled, to nothing, as a re-run is), and those of a
// run whose incident's impacts were a quarter shorter
// (ledger=shorter-incident: every credited window is settled to an
// adjustment, as after a corrected RCA). It reports
//
//	subs/s       subscriptions per second of wall time with the ledger
//	x-unsettled  wall time with the ledger ÷ wall time without it
//	cpu-x-unsettled, cpu-ns/sub  the same in CPU time of all threads
//
// Reading the ledger from a file is measured by BenchmarkLedgerReadCSV,
// and both together, as the credits command does them, by
// cmd/postmortem's BenchmarkBatchLedger.
//
//	go test -run '^$' -bench RunCSVSettled -benchtime 3x ./credit/
func BenchmarkRunCSVSettled(b *testing.B) {
	b.Run("ledger=rerun", func(b *testing.B) { benchSettled(b, func(*Config) {}) })
	b.Run("ledger=shorter-incident", func(b *testing.B) {
		benchSettled(b, shortenImpacts)
	})
}

// benchSettled measures BenchmarkRunCSVSettled with the ledger of the lines
// of a run on the demo configuration changed by earlier.
func benchSettled(b *testing.B, earlier func(*Config)) {
	n := *benchSubs
	data := generated(n, 1)
	first := demoConfig(b)
	earlier(&first)
	firstCalc, err := NewCalculator(first)
	if err != nil {
		b.Fatal(err)
	}
	var lines bytes.Buffer
	if _, err := firstCalc.RunCSV(context.Background(), &lines, bytes.NewReader(data), BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	var l Ledger
	if err := l.ReadCSV(&lines, LedgerOptions{File: "issued.csv"}); err != nil {
		b.Fatal(err)
	}
	lines = bytes.Buffer{}
	l.index()
	plain := demoCalculator(b)
	cfg := demoConfig(b)
	cfg.Ledger = &l
	settled, err := NewCalculator(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var lastPlain int64
	plainRun := func() error {
		sum, err := plain.RunCSV(context.Background(), io.Discard, bytes.NewReader(data), BatchOptions{})
		lastPlain = sum.Lines
		return err
	}
	settledRun := func() error {
		sum, err := settled.RunCSV(context.Background(), io.Discard, bytes.NewReader(data), BatchOptions{})
		if err == nil && (sum.Read != int64(n) || sum.Lines != lastPlain) {
			err = fmt.Errorf("settled: %d read, %d lines; unsettled: %d lines", sum.Read, sum.Lines, lastPlain)
		}
		return err
	}
	synth.SideBySide(b, n, "unsettled", plainRun, settledRun)
}
