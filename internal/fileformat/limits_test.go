package fileformat

import (
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/allocs"
)

// TestDecodeLargeInputs checks that a large value costs memory in
// proportion to its size, and that a document over the limit is refused
// before it is parsed: allocation counts, not times, so that the test
// holds on a loaded machine.
func TestDecodeLargeInputs(t *testing.T) {
	size := 8 << 20
	if testing.Short() {
		size = 1 << 20
	}
	big := strings.Repeat("x", size)
	for _, tc := range []struct{ name, doc string }{
		{"a.yaml", "id: " + big + "\n"},
		{"a.json", `{"id": "` + big + `"}`},
	} {
		var v testIncident
		var err error
		n := allocs.Bytes(func() { _, err = Decode(tc.name, []byte(tc.doc), &v, Options{}) })
		if err != nil || len(v.ID) != len(big) {
			t.Fatalf("%s: a %d-byte string: %v (read %d bytes)", tc.name, size, err, len(v.ID))
		}
		// The bytes, the parser's copy of the value, and the value.
		if limit := uint64(12 * size); n > limit {
			t.Errorf("%s: a %d-byte string allocated %d bytes, more than %d", tc.name, size, n, limit)
		}
	}

	huge := []byte("id: " + strings.Repeat("x", DefaultMaxBytes+1) + "\n")
	var v testIncident
	var err error
	n := allocs.Bytes(func() { _, err = Decode("a.yaml", huge, &v, Options{}) })
	if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Msg != "file is larger than the limit of 16777216 bytes (reached on line 1)" {
		t.Errorf("a file over the limit: %v", err)
	}
	if n > 1<<20 {
		t.Errorf("refusing a file over the limit allocated %d bytes: it was parsed", n)
	}
}

func BenchmarkDecodeYAML(b *testing.B) {
	data := []byte("id: cc\nzone: America/New_York\ntimeline:\n" + strings.Repeat("  - {at: 2014-04-18 10:32, kind: major_outage, text: power lost}\n", 50) +
		"weights: {partial_outage: 0.3, major_outage: 1}\nbudget: 14h28m\n")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v testIncident
		if _, err := Decode("a.yaml", data, &v, Options{ZoneField: "zone"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	data := []byte(`{"id": "cc", "zone": "America/New_York", "timeline": [` + strings.Repeat(`{"at": "2014-04-18 10:32", "kind": "major_outage", "text": "power lost"},`, 49) +
		`{"at": "2014-04-18 10:32"}], "weights": {"partial_outage": 0.3}, "budget": "14h28m"}`)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v testIncident
		if _, err := Decode("a.json", data, &v, Options{ZoneField: "zone"}); err != nil {
			b.Fatal(err)
		}
	}
}
