package report

import (
	"fmt"
	"io"
	"testing"
)

// benchmark renders synthetic documents of 100, 1,000 and 10,000 timeline
// events and reports the time per event, so linear growth shows as a flat
// ns/event across the sizes.
func benchmark(b *testing.B, write func(io.Writer, *Document) error) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			d := syntheticDoc(n)
			b.ReportAllocs()
			for b.Loop() {
				if err := write(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ns/float64(n), "ns/event")
		})
	}
}

func BenchmarkWriteMarkdown(b *testing.B) { benchmark(b, WriteMarkdown) }

func BenchmarkWritePDF(b *testing.B) { benchmark(b, WritePDF) }
