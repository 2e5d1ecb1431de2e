package credit

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/outagekit/postmortem/internal/synth"
)

// runLines is the reference for RunCSV: ReadSubscriptions, Run, LineWriter
// and Summary, as the command line tool used them.
func runLines(t testing.TB, c *Calculator, data []byte, opts BatchOptions) ([]byte, *Summary, []string) {
	t.Helper()
	var out bytes.Buffer
	lw := NewLineWriter(&out)
	lw.SkipZero = opts.SkipZero
	var sum Summary
	var rejects []string
	subs := ReadSubscriptions(bytes.NewReader(data), ReadOptions{File: opts.File, Zones: c.Zones(), Shard: opts.Shard})
	for l, err := range c.Run(context.Background(), subs) {
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatal(err)
			}
			sum.Reject(err)
			rejects = append(rejects, re.Error())
			continue
		}
		sum.Add(&l)
		if err := lw.Write(&l); err != nil {
			t.Fatal(err)
		}
	}
	if err := lw.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), &sum, rejects
}

// runCSV runs RunCSV and returns its output, summary and rejects.
func runCSV(t testing.TB, c *Calculator, data []byte, opts BatchOptions) ([]byte, *Summary, []string) {
	t.Helper()
	var out bytes.Buffer
	var rejects []string
	opts.Reject = func(re *RowError) error { rejects = append(rejects, re.Error()); return nil }
	sum, err := c.RunCSV(context.Background(), &out, bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), sum, rejects
}

// generated returns n synthetic subscriptions on the demo plans, over the
// seed's April 2014.
func generated(n int, seed uint64) []byte {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return synth.CSV(n, synth.Options{
		Seed:  seed,
		Plans: []string{"email-starter", "email-starter-annual", "email-pro", "email-eu", "email-jp", "email-ch", "email-kw"},
		Start: time.Date(2014, time.April, 1, 0, 0, 0, 0, ny), End: time.Date(2014, time.May, 1, 0, 0, 0, 0, ny),
	})
}

// TestRunCSVMatchesRun checks that RunCSV writes the bytes, and counts
// the summary and the rejects, that the library's streaming path gives,
// computed on the exact path.
func TestRunCSVMatchesRun(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "subscriptions", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	withDups := append(generated(3000, 3), "dup-1,c,email-starter,,2014-01-01,,,,\ndup-1,c,email-pro,,,,,,\n"...)
	tests := []struct {
		name string
		data []byte
		opts BatchOptions
	}{
		{"demo", read("demo.csv"), BatchOptions{File: "demo.csv"}},
		{"bad rows", read("bad.csv"), BatchOptions{File: "bad.csv"}},
		{"generated", generated(20000, 1), BatchOptions{}},
		{"generated skip zero", generated(5000, 2), BatchOptions{SkipZero: true}},
		{"generated shard 1 of 3", withDups, BatchOptions{Shard: Shard{1, 3}}},
		{"generated shard 0 of 3", append(withDups, "x,\"bad\"quote,email-starter,,,,,,\nshort,email-starter\n"...), BatchOptions{Shard: Shard{0, 3}}},
		{"header only", []byte("id,plan_id\n"), BatchOptions{}},
	}
	fast := demoCalculator(t)
	exact := demoCalculator(t)
	exact.exactOnly = true
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOut, wantSum, wantRejects := runLines(t, exact, tt.data, tt.opts)
			gotOut, gotSum, gotRejects := runCSV(t, fast, tt.data, tt.opts)
			if !bytes.Equal(wantOut, gotOut) {
				wl, gl := bytes.Split(wantOut, []byte("\n")), bytes.Split(gotOut, []byte("\n"))
				for i := range min(len(wl), len(gl)) {
					if !bytes.Equal(wl[i], gl[i]) {
						t.Fatalf("line %d of %d differs:\nRun:    %s\nRunCSV: %s", i+1, len(wl), wl[i], gl[i])
					}
				}
				t.Fatalf("RunCSV wrote %d lines, Run %d", len(gl), len(wl))
			}
			if diff := cmpDiff(wantSum, gotSum); diff != "" {
				t.Errorf("summary (-Run +RunCSV):\n%s", diff)
			}
			if diff := cmpDiff(wantRejects, gotRejects); diff != "" {
				t.Errorf("rejects (-Run +RunCSV):\n%s", diff)
			}
		})
	}
}
