package fileformat

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzDecode checks, for arbitrary bytes read as YAML or JSON, that Decode
// never panics, always returns a Doc, and reports problems that each have a
// line or a path, the file name, and a lowercase message without a final
// period; and that a document it accepts encodes in both formats and reads
// back as the same value (up to empty lists and maps, which Encode leaves
// out and so read back as nil); and that RequireZone only adds problems
// about local times.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("id: x\nzone: America/New_York\ntimeline:\n  - {at: 2014-04-18 10:32, kind: major_outage}\n"), false)
	f.Add([]byte(`{"id": "x", "weights": {"partial_outage": 0.30}, "counts": {"1": "a"}}`), true)
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		name := "f.yaml"
		if json {
			name = "f.json"
		}
		var v testIncident
		doc, err := Decode(name, data, &v, Options{ZoneField: "zone"})
		if doc == nil {
			t.Fatalf("nil Doc, err %v", err)
		}
		if err != nil {
			ps := problemsOf(t, err)
			if len(ps) == 0 {
				t.Fatal("error without problems")
			}
			for _, p := range ps {
				r, _ := utf8.DecodeRuneInString(p.Msg)
				switch {
				case p.File != name:
					t.Errorf("problem %v: file %q, want %q", p, p.File, name)
				case p.Line <= 0 && p.Path == "":
					t.Errorf("problem %v has neither a line nor a path", p)
				case p.Msg == "" || unicode.IsUpper(r) || p.Msg[len(p.Msg)-1] == '.':
					t.Errorf("problem %v: message not lowercase or ends with a period", p)
				}
			}
			return
		}
		// Requiring a zone adds problems about local times only, and
		// changes nothing else.
		var strict testIncident
		if _, err := Decode(name, data, &strict, Options{ZoneField: "zone", RequireZone: true}); err != nil {
			for _, p := range problemsOf(t, err) {
				if !strings.Contains(p.Msg, "has no offset") {
					t.Errorf("RequireZone problem %v is not about a local time", p)
				}
			}
		} else if diff := cmp.Diff(v, strict, valueOpts); diff != "" {
			t.Errorf("RequireZone without problems changed the value (-without +with):\n%s", diff)
		}
		for _, f := range []Format{YAML, JSON} {
			var b bytes.Buffer
			if err := Encode(&b, v, f); err != nil {
				t.Fatalf("Encode %v of a decoded value: %v", f, err)
			}
			var back testIncident
			if _, err := Decode("back."+f.String(), b.Bytes(), &back, Options{ZoneField: "zone"}); err != nil {
				t.Fatalf("re-reading the %v encoding: %v\n%s", f, err, b.String())
			}
			if diff := cmp.Diff(v, back, valueOpts, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%v round trip (-decoded +re-read):\n%s\n%s", f, diff, b.String())
			}
		}
	})
}
