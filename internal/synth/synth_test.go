package synth

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func testOptions() Options {
	return Options{
		Seed:  7,
		Plans: []string{"a", "b", "c"},
		Start: time.Date(2014, time.April, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2014, time.May, 1, 0, 0, 0, 0, time.UTC),
	}
}

func TestCSV(t *testing.T) {
	const n = 20000
	data := CSV(n, testOptions())
	if again := CSV(n, testOptions()); !bytes.Equal(data, again) {
		t.Fatal("the same seed gave different bytes")
	}
	other := testOptions()
	other.Seed = 8
	if bytes.Equal(data, CSV(n, other)) {
		t.Error("another seed gave the same bytes")
	}
	var w bytes.Buffer
	if err := WriteCSV(&w, n, testOptions()); err != nil || !bytes.Equal(w.Bytes(), data) {
		t.Fatalf("WriteCSV differs from CSV (err %v)", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 || strings.Join(recs[0], ",")+"\n" != Header {
		t.Fatalf("%d records, header %q", len(recs), recs[0])
	}
	ids := map[string]bool{}
	counts := map[string]int{}
	for _, r := range recs[1:] {
		if ids[r[0]] {
			t.Fatalf("duplicate id %q", r[0])
		}
		ids[r[0]] = true
		switch {
		case r[4] == "":
			counts["unbounded"]++
		case strings.Contains(r[4], "T"):
			counts["mid-window start"]++
			from, err := time.Parse(time.RFC3339, r[4])
			if err != nil || from.Before(testOptions().Start) || !from.Before(testOptions().End) {
				t.Errorf("mid-window start %q outside the window (%v)", r[4], err)
			}
		}
		if r[5] != "" {
			counts["ended"]++
		}
		if r[6] != "" {
			counts["anchor"]++
		}
		if r[7] != "" {
			counts["charged"]++
		}
	}
	// The documented proportions, within a few percent.
	for _, c := range []struct {
		what string
		pct  float64
	}{{"unbounded", 8}, {"mid-window start", 10}, {"anchor", 20}, {"charged", 5}} {
		got := float64(counts[c.what]) * 100 / n
		if got < c.pct*0.8 || got > c.pct*1.2 {
			t.Errorf("%s: %.1f%% of rows, want about %.0f%%", c.what, got, c.pct)
		}
	}
}

func BenchmarkAppendRow(b *testing.B) {
	g := New(testOptions())
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = g.AppendRow(buf[:0])
	}
}

func TestFloor(t *testing.T) {
	input := []byte("id,name\na,x\nb,y\nc,z\n")
	sample := [][]string{{"-", "-", "one, two"}, {"-", "-", "three"}}
	var out bytes.Buffer
	n, err := Floor(&out, input, []string{"id", "name", "text"}, sample, 2, 2)
	if err != nil || n != 6 {
		t.Fatalf("Floor = %d, %v; want 6 records", n, err)
	}
	want := "id,name,text\na,x,\"one, two\"\na,x,\"one, two\"\nb,y,three\nb,y,three\nc,z,\"one, two\"\nc,z,\"one, two\"\n"
	if out.String() != want {
		t.Errorf("Floor wrote\n%s\nwant\n%s", out.String(), want)
	}
}

func TestCatalogue(t *testing.T) {
	const n = 20000
	for _, p := range []Precision{Seconds, Milliseconds, Microseconds} {
		t.Run(p.String(), func(t *testing.T) {
			c := Catalogue{Seed: 3, Precision: p}
			data := c.CSV(n)
			if !bytes.Equal(data, c.CSV(n)) {
				t.Fatal("the same catalogue gave different bytes")
			}
			var w bytes.Buffer
			if err := c.Rows().WriteCSV(&w, n); err != nil || !bytes.Equal(w.Bytes(), data) {
				t.Fatalf("WriteCSV differs from CSV (err %v)", err)
			}
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != n+1 || strings.Join(recs[0], ",")+"\n" != CatalogueHeader {
				t.Fatalf("%d records, header %q", len(recs), recs[0])
			}
			plans := map[string]bool{}
			for _, id := range c.PlanIDs() {
				plans[id] = true
			}
			counts := map[string]int{}
			ids := map[string]bool{}
			wantLen := map[Precision]int{Seconds: 20, Milliseconds: 24, Microseconds: 27}[p]
			for _, r := range recs[1:] {
				if ids[r[0]] || !plans[r[2]] {
					t.Fatalf("row %q: duplicate id or unknown plan", r)
				}
				ids[r[0]] = true
				from, err := time.Parse(time.RFC3339Nano, r[4])
				if err != nil || len(r[4]) != wantLen {
					t.Fatalf("active_from %q: want an instant of %d characters (%v)", r[4], wantLen, err)
				}
				if r[3] != "" {
					counts["seated"]++
				}
				if r[7] != "" {
					counts["discounted"]++
				}
				if !from.Before(c.From()) {
					counts["partial"]++
				}
				if r[5] != "" {
					until, err := time.Parse(time.RFC3339Nano, r[5])
					if err != nil || !until.After(from) {
						t.Fatalf("active_until %q not after active_from %q (%v)", r[5], r[4], err)
					}
				}
			}
			for what, pct := range map[string]float64{"seated": 60, "discounted": 30, "partial": 25} {
				if got := float64(counts[what]) * 100 / n; got < pct*0.9 || got > pct*1.1 {
					t.Errorf("%s: %.1f%% of rows, want about %.0f%%", what, got, pct)
				}
			}
		})
	}
	c := Catalogue{}
	if got := strings.Count(string(c.PlansFile()), "\n  - id: "); got != 50 {
		t.Errorf("%d plans, want 50", got)
	}
	currencies := map[string]bool{}
	for _, line := range strings.Split(string(c.PlansFile()), "\n") {
		if cur, ok := strings.CutPrefix(line, "    currency: "); ok {
			currencies[cur] = true
		}
	}
	if len(currencies) != 10 {
		t.Errorf("%d currencies, want 10", len(currencies))
	}
	if got := len(c.IncidentFiles()); got != 20 {
		t.Errorf("%d incidents, want 20", got)
	}
	if !c.To().Equal(time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("To = %v, want three months after 2025-01-01", c.To())
	}
}

func TestSample(t *testing.T) {
	data := []byte("id\na\nb\nc\n")
	recs, per, err := Sample(data, 2, func(head []byte) ([]byte, error) {
		if string(head) != "id\na\nb\n" {
			t.Errorf("head %q", head)
		}
		return []byte("id,x\na,1\na,2\nb,1\nb,2\n"), nil
	})
	if err != nil || per != 2 || len(recs) != 4 {
		t.Fatalf("Sample = %q, %d, %v", recs, per, err)
	}
	if _, _, err := Sample(data, 2, func([]byte) ([]byte, error) { return []byte("id\na\nb\nc\n"), nil }); err == nil {
		t.Error("3 records for 2 rows: no error")
	}
}
