package credit

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/synth"
)

var benchSubs = flag.Int("credit.subs", 1_000_000, "subscriptions streamed per benchmark operation")

// generate yields n subscriptions drawn deterministically from seed over
// the demo plans: several currencies, monthly, tiered, stepped and annual
// plans, every anchor day, starts before and during April 2014, some
// cancellations, seats and discounted charges. Nothing is stored: memory
// stays flat however large n is.
func generate(n int, seed uint64, plans []Plan) iter.Seq2[Subscription, error] {
	return func(yield func(Subscription, error) bool) {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		start := time.Date(2013, time.May, 1, 0, 0, 0, 0, time.UTC)
		id := make([]byte, 0, 16)
		charges := []decimal.Decimal{dec("9.99"), dec("12.00"), dec("30.00")}
		for i := range n {
			id = strconv.AppendInt(append(id[:0], "sub-"...), int64(i), 10)
			sub := Subscription{
				ID:   string(id),
				Plan: plans[rng.IntN(len(plans))].ID, Quantity: 1,
				From: start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))),
			}
			if rng.IntN(4) == 0 {
				sub.AnchorDay = 1 + rng.IntN(31)
			}
			if rng.IntN(5) == 0 {
				sub.Quantity = 1 + rng.Int64N(50)
			}
			if rng.IntN(20) == 0 {
				sub.Until = sub.From.Add(time.Duration(1+rng.Int64N(400)) * 24 * time.Hour)
			}
			if rng.IntN(10) == 0 {
				sub.Charged = &charges[rng.IntN(len(charges))]
			}
			if !yield(sub, nil) {
				return
			}
		}
	}
}

// BenchmarkRun streams *benchSubs generated subscriptions (a million by
// default) through Calculator.Run and Summary.Add, and reports the cost per
// subscription in wall time and in CPU time (which does not count waiting
// for a core on a busy machine):
//
//	go test -run '^$' -bench Run -benchtime 1x ./credit/
func BenchmarkRun(b *testing.B) {
	c := demoCalculator(b)
	plans := demoPlans(b)
	n := *benchSubs
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start, cpuStart := time.Now(), synth.CPUTime()
	var sum Summary
	for b.Loop() {
		sum = Summary{}
		for l, err := range c.Run(context.Background(), generate(n, 1, plans)) {
			if err != nil {
				b.Fatal(err)
			}
			sum.Add(&l)
		}
	}
	elapsed, cpu := time.Since(start), synth.CPUTime()-cpuStart
	runtime.ReadMemStats(&after)
	subs := float64(b.N) * float64(n)
	b.ReportMetric(float64(elapsed.Nanoseconds())/subs, "ns/subscription")
	if cpu > 0 {
		// CPU time of all threads (GC included): what the work costs even
		// when other processes share the cores.
		b.ReportMetric(float64(cpu.Nanoseconds())/subs, "cpu-ns/subscription")
	}
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/subs, "allocs/subscription")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/subs, "B/subscription")
	b.ReportMetric(subs/elapsed.Seconds(), "subscriptions/s")
	if sum.Read != int64(n) {
		b.Fatalf("read %d of %d", sum.Read, n)
	}
}

// BenchmarkCredit measures one subscription's lines, for profiling.
func BenchmarkCredit(b *testing.B) {
	c := demoCalculator(b)
	ny := time.FixedZone("EDT", -4*3600)
	sub := Subscription{ID: "sub-0001", Plan: "email-starter", Quantity: 1, From: date(2014, time.January, 1, ny)}
	var lines []Line
	b.ReportAllocs()
	for b.Loop() {
		var err error
		lines, err = c.AppendCredit(lines[:0], &sub)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func demoPlans(tb testing.TB) []Plan {
	tb.Helper()
	plans, err := LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return plans
}

// BenchmarkRunCSV streams *benchSubs subscriptions (a million by default)
// of each shape through Calculator.RunCSV into io.Discard and, in the same
// iteration, the floor: synth.Floor reading the same input and writing as
// many lines of the same columns with encoding/csv, the fields taken from
// real lines (see synth.Bench for the figures reported). The shapes are
// the demo's (internal/synth's Generator over the demo plans, April 2014),
// synth.Shapes, the catalogues a figure cache serves little of, and the
// first of them settled against a ledger holding every second line of an
// earlier run (see halfLedger):
//
//	go test -run '^$' -bench RunCSV -benchtime 3x ./credit/
func BenchmarkRunCSV(b *testing.B) {
	b.Run("shape=demo", func(b *testing.B) {
		benchRunCSV(b, demoCalculator(b), generated(*benchSubs, 1))
	})
	for _, s := range synth.Shapes() {
		b.Run("shape="+s.Name, func(b *testing.B) {
			benchRunCSV(b, catalogueCalculator(b, &s.Catalogue), s.CSV(*benchSubs))
		})
	}
	s := synth.Shapes()[0]
	b.Run("shape="+s.Name+"-ledger", func(b *testing.B) {
		data := s.CSV(*benchSubs)
		cfg := catalogueConfig(b, &s.Catalogue)
		cfg.Ledger = halfLedger(b, catalogueCalculator(b, &s.Catalogue), data)
		c, err := NewCalculator(cfg)
		if err != nil {
			b.Fatal(err)
		}
		benchRunCSV(b, c, data)
	})
}

// halfLedger returns the ledger of a billing system that issued every
// second line c writes for data (a lines file is a ledger file): a run
// against it settles half the windows, the credited ones of which to
// nothing, as a re-run does.
func halfLedger(b *testing.B, c *Calculator, data []byte) *Ledger {
	var out bytes.Buffer
	if _, err := c.RunCSV(context.Background(), &out, bytes.NewReader(data), BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	lines := bytes.SplitAfter(out.Bytes(), []byte{'\n'})
	half := bytes.NewBuffer(make([]byte, 0, out.Len()/2+len(lines[0])))
	half.Write(lines[0])
	for i := 1; i < len(lines); i += 2 {
		half.Write(lines[i])
	}
	var l Ledger
	if err := l.ReadCSV(half, LedgerOptions{File: "issued.csv"}); err != nil {
		b.Fatal(err)
	}
	return &l
}

// benchRunCSV measures c.RunCSV on data against the floor.
func benchRunCSV(b *testing.B, c *Calculator, data []byte) {
	n := bytes.Count(data, []byte{'\n'}) - 1
	sample, perSub, err := synth.Sample(data, 4096, func(head []byte) ([]byte, error) {
		var out bytes.Buffer
		_, err := c.RunCSV(context.Background(), &out, bytes.NewReader(head), BatchOptions{})
		return out.Bytes(), err
	})
	if err != nil {
		b.Fatal(err)
	}
	floor := func() error {
		_, err := synth.Floor(io.Discard, data, LineColumns(), sample, 3, perSub)
		return err
	}
	run := func() error {
		sum, err := c.RunCSV(context.Background(), io.Discard, bytes.NewReader(data), BatchOptions{})
		if err == nil && (sum.Read != int64(n) || sum.Rejected != 0 || sum.Lines != int64(n*perSub)) {
			err = fmt.Errorf("read %d of %d, %d rejected, %d lines", sum.Read, n, sum.Rejected, sum.Lines)
		}
		return err
	}
	synth.Bench(b, n, floor, run)
}

// BenchmarkRunCSVComputed streams subscriptions that all started during
// the window, at distinct instants, through RunCSV: none of their figures
// can be shared (see cacheKey), so every window is computed by the rule
// pipeline. It measures the rules' arithmetic, explanation and encoding,
// which BenchmarkRunCSV mostly serves from the cache:
//
//	go test -run '^$' -bench RunCSVComputed -benchtime 5x ./credit/
func BenchmarkRunCSVComputed(b *testing.B) {
	c := demoCalculator(b)
	plans := demoPlans(b)
	const n = 50_000
	var buf bytes.Buffer
	buf.WriteString("id,plan_id,quantity,active_from\n")
	start := time.Date(2014, time.April, 1, 4, 0, 0, 0, time.UTC)
	for i := range n {
		from := start.Add(time.Duration(i) * 51 * time.Second) // all of April
		fmt.Fprintf(&buf, "s%d,%s,%d,%s\n", i, plans[i%len(plans)].ID, 1+i%3, from.Format(time.RFC3339))
	}
	data := buf.Bytes()
	b.ReportAllocs()
	cpuStart := synth.CPUTime()
	for b.Loop() {
		sum, err := c.RunCSV(context.Background(), io.Discard, bytes.NewReader(data), BatchOptions{})
		if err != nil || sum.Read != n || sum.Rejected != 0 {
			b.Fatalf("%v: %d read, %d rejected", err, sum.Read, sum.Rejected)
		}
	}
	subs := float64(b.N) * n
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/subs, "ns/subscription")
	b.ReportMetric(float64((synth.CPUTime()-cpuStart).Nanoseconds())/subs, "cpu-ns/subscription")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkReadBatch reads *benchSubs subscriptions of each shape as
// RunCSV's reading goroutine does (parsing each row and checking its id
// for duplicates, in batches), without computing lines: the part of a run
// that cannot be spread over several cores.
//
//	go test -run '^$' -bench ReadBatch -benchtime 3x ./credit/
func BenchmarkReadBatch(b *testing.B) {
	b.Run("shape=demo", func(b *testing.B) {
		benchReadBatch(b, demoCalculator(b), generated(*benchSubs, 1))
	})
	for _, s := range synth.Shapes() {
		b.Run("shape="+s.Name, func(b *testing.B) {
			benchReadBatch(b, catalogueCalculator(b, &s.Catalogue), s.CSV(*benchSubs))
		})
	}
}

func benchReadBatch(b *testing.B, c *Calculator, data []byte) {
	n := bytes.Count(data, []byte{'\n'}) - 1
	b.ReportAllocs()
	cpu := synth.CPUTime()
	for b.Loop() {
		sr, err := newSubsReader(bytes.NewReader(data), ReadOptions{Zones: c.Zones()})
		if err != nil {
			b.Fatal(err)
		}
		var rb rowBatch
		read := 0
		for err == nil {
			err = sr.readBatch(&rb)
			read += len(rb.rows)
		}
		sr.ids.release()
		if read != n || !errors.Is(err, io.EOF) {
			b.Fatalf("read %d of %d rows: %v", read, n, err)
		}
	}
	subs := float64(b.N) * float64(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/subs, "ns/sub")
	b.ReportMetric(float64((synth.CPUTime()-cpu).Nanoseconds())/subs, "cpu-ns/sub")
}
