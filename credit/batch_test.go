package credit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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
			sum.Reject(re)
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

// badText is a subscriptions file whose bad rows have values that are not
// UTF-8, have white space around them or hold line breaks, among good ones.
const badText = "id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n" +
	"ok-1,Acme Inc,email-starter,,2014-01-01,,,\n" +
	"bad-\xff,acme,email-starter,,2014-01-01,,,\n" +
	"bad-2,acme\xc3,email-pro,,2014-01-01,,,\n" +
	"bad-3,acme,email-starter,\"1\n\",2014-01-01,,,\n" +
	"bad-4,acme,email-starter,, 2014-01-01,,,\n" +
	"bad-5 ,acme,email-starter,,2014-01-01,,,\n" +
	"\"bad-6\n\",acme,email-starter,,2014-01-01,,,\n" +
	"bad-7,acme,email-jp,,2014-01-01,,,\"15.00\n\"\n" +
	"ok-2,Zoë,email-jp,2,2014-01-01,,,\n" +
	"bad-\xff,acme,email-starter,,2014-01-01,,,\n"

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
	withDups := append(generated(3000, 3), "dup-1,c,email-starter,,2014-01-01,,,\ndup-1,c,email-pro,,,,,\n"...)
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
		{"generated shard 0 of 3", append(withDups, "x,\"bad\"quote,email-starter,,,,,\nshort,email-starter\n"...), BatchOptions{Shard: Shard{0, 3}}},
		{"header only", []byte("id,plan_id\n"), BatchOptions{}},
		{"bad text", []byte(badText), BatchOptions{File: "text.csv"}},
		{"bad text shard 1 of 2", []byte(badText), BatchOptions{File: "text.csv", Shard: Shard{1, 2}}},
	}
	fast := demoCalculator(t)
	exact := demoCalculator(t)
	exact.exactOnly = true
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOut, wantSum, wantRejects := runLines(t, exact, tt.data, tt.opts)
			if runOut, _, _ := runLines(t, fast, tt.data, tt.opts); !bytes.Equal(wantOut, runOut) {
				t.Errorf("Run on the fast path (and its cache) writes other lines than on the exact path")
			}
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

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// failingReader returns data, then an error.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// cancelOnRead cancels a context at its first read.
type cancelOnRead struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancelOnRead) Read(p []byte) (int, error) {
	c.cancel()
	return c.r.Read(p)
}

func TestRunCSVErrors(t *testing.T) {
	c := demoCalculator(t)
	data := generated(3000, 5)
	errStop := errors.New("stop")
	tests := []struct {
		name      string
		w         io.Writer
		r         func(ctx context.CancelFunc) io.Reader
		reject    func(*RowError) error
		want      error  // errors.Is
		wantText  string // in the error's text
		wantRead  int64  // summary.Read
		interrupt bool
	}{
		{"write error", failingWriter{}, func(context.CancelFunc) io.Reader { return bytes.NewReader(data) }, nil, nil, "disk full", -1, false},
		{"read error", io.Discard, func(context.CancelFunc) io.Reader {
			return &failingReader{data: data[:bytes.IndexByte(data[1000:], '\n')+1001], err: errors.New("connection reset")}
		}, nil, nil, "subs.csv: connection reset", -1, false},
		{"bad header", io.Discard, func(context.CancelFunc) io.Reader { return strings.NewReader("identifier\nx\n") }, nil, nil, "unknown column", 0, false},
		{"empty file", io.Discard, func(context.CancelFunc) io.Reader { return strings.NewReader("") }, nil, nil, "missing header line", 0, false},
		{"reject error", io.Discard, func(context.CancelFunc) io.Reader {
			return strings.NewReader("id,plan_id\na,email-starter\nb,nope\nc,email-starter\n")
		}, func(*RowError) error { return errStop }, errStop, "stop", 2, false},
		{"interrupted", io.Discard, func(cancel context.CancelFunc) io.Reader { return &cancelOnRead{bytes.NewReader(data), cancel} }, nil, context.Canceled, "interrupted after 0 subscriptions", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sum, err := c.RunCSV(ctx, tt.w, tt.r(cancel), BatchOptions{File: "subs.csv", Reject: tt.reject})
			if err == nil || !strings.Contains(err.Error(), tt.wantText) || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantText)
			}
			var ierr *InterruptedError
			if errors.As(err, &ierr) != tt.interrupt {
				t.Errorf("error %v: interrupted = %v, want %v", err, !tt.interrupt, tt.interrupt)
			}
			if sum == nil || tt.wantRead >= 0 && sum.Read != tt.wantRead {
				t.Errorf("summary %+v, want %d read", sum, tt.wantRead)
			}
			if sum != nil && sum.Read != sum.Credited+sum.Zero+sum.Rejected {
				t.Errorf("summary %+v: read ≠ credited + zero + rejected", sum)
			}
		})
	}
}

// TestReadSubscriptionsManyDuplicates checks duplicate ids past the first
// 65,536 ids, which are remembered as fingerprints without their lines.
func TestReadSubscriptionsManyDuplicates(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,plan_id\n")
	for i := range smallIDs + 1000 {
		fmt.Fprintf(&b, "s%d,email-starter\n", i)
	}
	b.WriteString("s5,email-starter\ns70000,email-starter\ns70000,email-starter\n")
	var errs []string
	n := 0
	for _, err := range ReadSubscriptions(&b, ReadOptions{File: "s.csv"}) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		n++
	}
	want := []string{
		`s.csv:66538: id "s5": duplicate id (an earlier row has the same id)`,
		`s.csv:66540: id "s70000": duplicate id (an earlier row has the same id)`,
	}
	if diff := cmpDiff(want, errs); diff != "" || n != smallIDs+1001 {
		t.Errorf("%d subscriptions read; errors (-want +got):\n%s", n, diff)
	}
}

// TestRunCSVRefusesBadText checks that a row with a value that is not
// UTF-8, has white space around it or holds a line break is refused at its
// column and line on both paths, and that nothing of it reaches the lines.
func TestRunCSVRefusesBadText(t *testing.T) {
	c := demoCalculator(t)
	want := []string{
		`text.csv:3: id "bad-\xff": not valid UTF-8`,
		`text.csv:4: customer_id "acme\xc3": not valid UTF-8`,
		`text.csv:5: quantity "1\n": contains a line break`,
		`text.csv:7: active_from " 2014-01-01": begins with white space`,
		`text.csv:8: id "bad-5 ": ends with white space`,
		`text.csv:9: id "bad-6\n": contains a line break`,
		`text.csv:11: charged "15.00\n": contains a line break`,
		`text.csv:14: id "bad-\xff": not valid UTF-8`,
	}
	for _, run := range []struct {
		name string
		f    func(testing.TB, *Calculator, []byte, BatchOptions) ([]byte, *Summary, []string)
	}{{"Run", runLines}, {"RunCSV", runCSV}} {
		t.Run(run.name, func(t *testing.T) {
			out, sum, rejects := run.f(t, c, []byte(badText), BatchOptions{File: "text.csv"})
			if diff := cmpDiff(want, rejects); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			if sum.Read != 10 || sum.Rejected != 8 || sum.Credited != 2 {
				t.Errorf("summary %+v, want 10 read, 8 rejected, 2 credited", sum)
			}
			if !utf8.Valid(out) || bytes.Contains(out, []byte("bad-")) {
				t.Errorf("a refused row reached the lines:\n%s", out)
			}
		})
	}
}

// TestSLAText checks that a line's SLA fields are copied from the line
// before only when its whole measurement is the same: each case writes
// the figures before, then figures that differ from them in one field,
// and compares with the text written afresh.
func TestSLAText(t *testing.T) {
	before := figures{downtime: 7200 * time.Second, measured: 2592000 * time.Second,
		weighted: number{units: 72, places: 2}, availability: number{units: 997222222222, places: 10}}
	tests := []struct {
		name   string
		change func(f *figures)
	}{
		{"same", func(*figures) {}},
		{"downtime", func(f *figures) { f.downtime = 3600 * time.Second }},
		{"measured", func(f *figures) { f.measured = 7776000 * time.Second }},
		{"weighted units", func(f *figures) { f.weighted.units = 36 }},
		{"weighted places", func(f *figures) { f.weighted.places = 1 }},
		{"availability units", func(f *figures) { f.availability.units = 997222222223 }},
		{"availability places", func(f *figures) { f.availability.places = 9 }},
		{"availability big", func(f *figures) { f.availability = numberOf(dec("99.72222222222222222222222")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m slaText
			m.append(nil, &before)
			after := before
			tt.change(&after)
			var none *slaText
			if got, want := string(m.append([]byte("x,"), &after)), "x,"+string(none.append(nil, &after)); got != want {
				t.Errorf("after %q: %q, want %q", none.append(nil, &before), got, want)
			}
		})
	}
	t.Run("big after big", func(t *testing.T) {
		var m slaText
		first, second := before, before
		first.availability = numberOf(dec("99.72222222222222222222222"))
		second.availability = numberOf(dec("99.72222222222222222222221"))
		m.append(nil, &first)
		var none *slaText
		if got, want := string(m.append(nil, &second)), string(none.append(nil, &second)); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	})
}
