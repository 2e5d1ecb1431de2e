package credit

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/outagekit/postmortem/internal/synth"
)

// BenchmarkComputeLines computes the lines of 100,000 subscriptions of
// each shape, read beforehand, on one goroutine: the work of one of
// RunCSV's computing goroutines (figures, settlement, encoding, key and
// explanation), without reading, writing or the other goroutines. Its
// cpu-ns/line moves with a change to that work alone, which the
// side-by-side figures of BenchmarkBatch, two goroutines and a floor
// sharing the machine, can hide:
//
//	go test -run '^$' -bench ComputeLines -benchtime 5x -count 5 ./credit/
//
// Timings still vary by ±10% from run to run on a shared machine. The
// instructions a line takes do not, with the collector off: count them
// for 1 and 3 iterations and divide the difference by the 600,000 lines
// of the two iterations more (catalogue-3w has 3 windows):
//
//	go test -c -o credit.test ./credit/ && cd credit
//	GOGC=off valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
//		../credit.test -test.run '^$' -test.bench 'ComputeLines/shape=catalogue-3w$' -test.benchtime 1x
//
// and again with -test.benchtime 3x ("I refs" in each report).
func BenchmarkComputeLines(b *testing.B) {
	const n = 100_000
	b.Run("shape=demo", func(b *testing.B) {
		benchComputeLines(b, demoCalculator(b), generated(n, 1))
	})
	for _, s := range synth.Shapes() {
		b.Run("shape="+s.Name, func(b *testing.B) {
			benchComputeLines(b, catalogueCalculator(b, &s.Catalogue), s.CSV(n))
		})
	}
}

func benchComputeLines(b *testing.B, c *Calculator, data []byte) {
	sr, err := newSubsReader(bytes.NewReader(data), ReadOptions{Zones: c.Zones()})
	if err != nil {
		b.Fatal(err)
	}
	var batches []*rowBatch
	for {
		rb := new(rowBatch)
		err = sr.readBatch(rb)
		if len(rb.rows) > 0 {
			batches = append(batches, rb)
		}
		if err != nil {
			break
		}
	}
	sr.ids.release()
	if !errors.Is(err, io.EOF) {
		b.Fatal(err)
	}
	lc := &lineComputer{c: c, inactive: c.newInactiveTable(), keys: newKeyHasher()}
	lines, bytes := 0, 0
	b.ReportAllocs()
	cpu := synth.CPUTime()
	for b.Loop() {
		lines, bytes = 0, 0
		for _, rb := range batches {
			lc.compute(rb)
			lines += len(rb.sums)
			bytes += len(rb.out)
		}
	}
	per := float64(b.N) * float64(lines)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/line")
	b.ReportMetric(float64((synth.CPUTime()-cpu).Nanoseconds())/per, "cpu-ns/line")
	b.ReportMetric(float64(bytes)/float64(lines), "B/line")
	b.ReportMetric(0, "ns/op")
}
