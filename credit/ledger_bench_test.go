package credit

import (
	"bytes"
	"fmt"
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

// BenchmarkLedgerReadCSV reads a ledger of a million entries (about 130
// bytes a line) and reports the time and the heap per entry.
//
// go test -run '^$' -bench LedgerReadCSV -benchtime 3x ./credit/
func BenchmarkLedgerReadCSV(b *testing.B) {
	const n = 1_000_000
	data := ledgerCSV(n)
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
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/entry")
	b.ReportMetric(float64(heap)/n, "heap-B/entry")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/n, "cpu-ns/entry")
}
