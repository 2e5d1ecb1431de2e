package fileformat

import (
	"strings"
	"testing"
	"time"
)

// TestDecodeLargeInputs checks that large inputs cost time and memory in
// proportion to their size, and that one over the limit is refused before
// parsing.
func TestDecodeLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	big := strings.Repeat("x", 8<<20)
	var v testIncident
	start := time.Now()
	if _, err := Decode("a.yaml", []byte("id: "+big+"\n"), &v, Options{}); err != nil || len(v.ID) != len(big) {
		t.Fatalf("8 MiB string in YAML: %v (len %d)", err, len(v.ID))
	}
	if _, err := Decode("a.json", []byte(`{"id": "`+big+`"}`), &v, Options{}); err != nil || len(v.ID) != len(big) {
		t.Fatalf("8 MiB string in JSON: %v (len %d)", err, len(v.ID))
	}
	t.Logf("two 8 MiB strings decoded in %v", time.Since(start))

	huge := []byte("id: " + strings.Repeat("x", 50<<20) + "\n")
	start = time.Now()
	_, err := Decode("a.yaml", huge, &v, Options{})
	if ps := problemsOf(t, err); len(ps) != 1 || !strings.HasPrefix(ps[0].Msg, "file is 52428805 bytes, more than the limit") {
		t.Errorf("50 MB file: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing a 50 MB file took %v", d)
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
