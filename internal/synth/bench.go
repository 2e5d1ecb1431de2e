package synth

import (
	"runtime"
	"testing"
	"time"
)

// Bench measures a batch run against its floor in one benchmark: every
// iteration runs floor, then run, on the same subs subscriptions, so that
// both see the same machine (a shared machine's load changes from second
// to second; ratios taken in one run hold better than times taken apart).
// Each function does its whole job and checks its own output. It reports
//
//	x-floor       wall time of run ÷ wall time of floor
//	cpu-x-floor   the same in CPU time (user + system, all threads, the
//	              garbage collector's included), which a busy machine
//	              disturbs less; absent where CPUTime is not measured
//	subs/s        subscriptions per second of wall time through run
//	ns/sub        wall time of run per subscription
//	floor-ns/sub  wall time of floor per subscription
//	cpu-ns/sub    CPU time of run per subscription
//	allocs/sub    heap allocations of run per subscription
//	B/sub         bytes allocated on the heap by run per subscription
//
// and 0 ns/op, since an operation is a whole run of both.
func Bench(b *testing.B, subs int, floor, run func() error) {
	SideBySide(b, subs, "floor", floor, run)
}

// SideBySide is Bench with another base than the floor, named base in the
// metrics (x-base, cpu-x-base, base-ns/sub): the same run without the
// feature measured, for example.
func SideBySide(b *testing.B, subs int, name string, base, run func() error) {
	var wallBase, wallRun, cpuBase, cpuRun time.Duration
	var before, after runtime.MemStats
	var mallocs, bytes uint64
	for b.Loop() {
		t0, c0 := time.Now(), CPUTime()
		if err := base(); err != nil {
			b.Fatal(err)
		}
		t1, c1 := time.Now(), CPUTime()
		runtime.ReadMemStats(&before)
		t2, c2 := time.Now(), CPUTime()
		if err := run(); err != nil {
			b.Fatal(err)
		}
		t3, c3 := time.Now(), CPUTime()
		runtime.ReadMemStats(&after)
		mallocs += after.Mallocs - before.Mallocs
		bytes += after.TotalAlloc - before.TotalAlloc
		wallBase += t1.Sub(t0)
		wallRun += t3.Sub(t2)
		cpuBase += c1 - c0
		cpuRun += c3 - c2
	}
	n := float64(b.N) * float64(subs)
	b.ReportMetric(float64(wallRun)/float64(wallBase), "x-"+name)
	if cpuBase > 0 && cpuRun > 0 {
		b.ReportMetric(float64(cpuRun)/float64(cpuBase), "cpu-x-"+name)
		b.ReportMetric(float64(cpuRun.Nanoseconds())/n, "cpu-ns/sub")
	}
	b.ReportMetric(n/wallRun.Seconds(), "subs/s")
	b.ReportMetric(float64(wallRun.Nanoseconds())/n, "ns/sub")
	b.ReportMetric(float64(wallBase.Nanoseconds())/n, name+"-ns/sub")
	b.ReportMetric(float64(mallocs)/n, "allocs/sub")
	b.ReportMetric(float64(bytes)/n, "B/sub")
	b.ReportMetric(0, "ns/op")
}
