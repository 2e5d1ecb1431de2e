package fileformat_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/rca"
)

// TestRoundTripIncidents decodes the module's incident fixtures into
// rca.Incident, encodes them in both formats and checks that they read back
// the same.
func TestRoundTripIncidents(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "incidents", "*.*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no incident fixtures: %v", err)
	}
	opts := fileformat.Options{ZoneField: "zone"}
	same := cmp.Options{
		cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
		cmpopts.EquateEmpty(),
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var in rca.Incident
		if _, err := fileformat.Decode(file, data, &in, opts); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, f := range []fileformat.Format{fileformat.YAML, fileformat.JSON} {
			t.Run(filepath.Base(file)+"/"+f.String(), func(t *testing.T) {
				var b bytes.Buffer
				if err := fileformat.Encode(&b, &in, f); err != nil {
					t.Fatal(err)
				}
				var out rca.Incident
				if _, err := fileformat.Decode("back."+f.String(), b.Bytes(), &out, opts); err != nil {
					t.Fatalf("%v\n%s", err, b.String())
				}
				if diff := cmp.Diff(in, out, same); diff != "" {
					t.Errorf("round trip (-in +out):\n%s\n%s", diff, b.String())
				}
			})
		}
	}
}
