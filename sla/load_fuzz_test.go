package sla_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// FuzzLoad feeds arbitrary files to the policy loader: it never panics; a
// policy it accepts is valid, measures the seed incident (and a request
// count, when it is request based) without error and
// reads back the same from its own encoding; a file it refuses gets only
// problems that name the file, a line and (but for problems of the
// document as a whole) a field.
func FuzzLoad(f *testing.F) {
	golden.AddFiles(f, "../testdata/policies/*", "../testdata/bad/policies/*.yaml")
	seed, err := rca.LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		p, err := sla.Load(name, data)
		if err != nil {
			if p != nil {
				t.Fatal("a policy with an error")
			}
			if ps := fileformat.Unlocated(err, name); ps != nil {
				t.Fatalf("problems not located by file, line and field: %+v", ps)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Load accepted an invalid policy: %v", err)
		}
		var mopts sla.Options
		if p.Indicator == sla.RequestBased { // measured from request counts, which it needs
			mopts.Requests = []sla.RequestCount{{Start: seed.EffectiveImpacts()[0].Start, Total: 1000, Failed: 1}}
		}
		if _, err := sla.Measure(p, []*rca.Incident{seed}, mopts); err != nil {
			t.Fatalf("an accepted policy does not measure the seed: %v", err)
		}
		var b bytes.Buffer
		format := fileformat.YAML
		if strings.HasSuffix(name, ".json") {
			format = fileformat.JSON
		}
		if err := fileformat.Encode(&b, p, format); err != nil {
			t.Fatal(err)
		}
		again, err := sla.Load(name, b.Bytes())
		if err != nil {
			t.Fatalf("the policy's own encoding does not load: %v\n%s", err, b.String())
		}
		opts := cmp.Options{
			cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
			cmp.Comparer(func(a, b *decimal.Decimal) bool { return a == nil && b == nil || a != nil && b != nil && a.Equal(*b) }),
			cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
			cmpopts.EquateEmpty(),
			cmpopts.EquateApproxTime(0),
		}
		if diff := cmp.Diff(p, again, opts); diff != "" {
			t.Fatalf("the policy reads back differently from its encoding (-loaded +again):\n%s\n%s", diff, b.String())
		}
	})
}
