package credit

import (
	"bytes"
	"context"
	"flag"
	"io"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/outagekit/postmortem/internal/synth"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

var exposureSubs = flag.Int("exposure.subs", 1_000_000, "subscriptions in the input of BenchmarkExposure")

// BenchmarkExposure prices 300 outage lengths (every quarter of an hour from
// 0 to 74h45m, placed worst) for *exposureSubs generated subscriptions
// (internal/synth, a million by default) with Exposure.RunCSV and, in the
// same iteration, runs Calculator.RunCSV over the same file for the seed's
// incident (one "credits" run, lines written to io.Discard). Two outages:
//
//	what-if  no incident yet: each outage starts with April 2014
//	on-top   on top of the seed's incident: each outage continues it
//
// It reports
//
//	x-credits      wall time of the exposure ÷ wall time of the credits run
//	cpu-x-credits  the same in CPU time (all threads), which a busy machine
//	               disturbs less
//	ns/sub         wall time of the exposure per subscription
//	peak-heap-MiB  the largest heap sampled while the exposure runs (the
//	               generated file it reads is in it too, so it grows with
//	               the input; TestExposureMemoryFlat in cmd/postmortem
//	               checks that the command's memory stays flat)
//
//	go test -run '^$' -bench Exposure -benchtime 3x ./credit/
func BenchmarkExposure(b *testing.B) {
	n := *exposureSubs
	data := generated(n, 1)
	pol, inc := seedInputs(b)
	ny := pol.Window.Zone
	plans := demoPlans(b)
	credits, err := NewCalculator(Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
		From: date(2014, time.April, 1, ny), To: date(2014, time.May, 1, ny)})
	if err != nil {
		b.Fatal(err)
	}
	ds, err := ParseDurations("0..74h45m/15m")
	if err != nil || len(ds) != 300 {
		b.Fatalf("%d durations, %v", len(ds), err)
	}
	for _, sc := range []struct {
		name      string
		incidents []*rca.Incident
	}{{"what-if", nil}, {"on-top", []*rca.Incident{inc}}} {
		b.Run(sc.name, func(b *testing.B) {
			x, err := NewExposure(Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: sc.incidents},
				ExposureOptions{Window: date(2014, time.April, 10, ny), Durations: ds})
			if err != nil {
				b.Fatal(err)
			}
			var wallX, wallC, cpuX, cpuC time.Duration
			var peak uint64
			for b.Loop() {
				t0, c0 := time.Now(), synth.CPUTime()
				sum, err := credits.RunCSV(context.Background(), io.Discard, bytes.NewReader(data), BatchOptions{})
				if err != nil || sum.Read != int64(n) {
					b.Fatalf("credits: %v, %d read", err, sum.Read)
				}
				t1, c1 := time.Now(), synth.CPUTime()
				stop := samplePeakHeap(&peak)
				c, err := x.RunCSV(context.Background(), bytes.NewReader(data), BatchOptions{})
				stop()
				t2, c2 := time.Now(), synth.CPUTime()
				if err != nil || c.Read != int64(n) || c.Base.Lines != sum.Lines {
					b.Fatalf("exposure: %v, %d read, %d base lines", err, c.Read, c.Base.Lines)
				}
				wallC += t1.Sub(t0)
				wallX += t2.Sub(t1)
				cpuC += c1 - c0
				cpuX += c2 - c1
			}
			b.ReportMetric(float64(wallX)/float64(wallC), "x-credits")
			if cpuC > 0 {
				b.ReportMetric(float64(cpuX)/float64(cpuC), "cpu-x-credits")
			}
			b.ReportMetric(float64(wallX.Nanoseconds())/float64(b.N)/float64(n), "ns/sub")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// samplePeakHeap records the largest heap in use (live and not yet swept
// objects, runtime/metrics: reading it does not stop the world, unlike
// runtime.ReadMemStats) into peak every 10 ms until the function it
// returns is called.
func samplePeakHeap(peak *uint64) func() {
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for !done.Load() {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			time.Sleep(10 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); wg.Wait() }
}
