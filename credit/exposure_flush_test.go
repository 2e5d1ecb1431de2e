package credit

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestExposureFlush checks that a run keeping few cohorts at a time, which
// prices and forgets them whenever a new one would pass the bound, gives
// the curve of a run keeping them all: over generated subscribers of the
// demo's plans (prorated, tiered and stepped, with subscribers who joined
// or left during the window), as a what-if and on top of the seed's
// incident.
func TestExposureFlush(t *testing.T) {
	n := 20_000
	if testing.Short() {
		n = 4_000
	}
	data := generated(n, 7)
	pol, inc := seedInputs(t)
	ny := pol.Window.Zone
	ds, err := ParseDurations("0..30h/45m")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		incidents []*rca.Incident
	}{{"what-if", nil}, {"on-top", []*rca.Incident{inc}}} {
		t.Run(tt.name, func(t *testing.T) {
			x, err := NewExposure(Config{Plans: demoPlans(t), Policies: []*sla.Policy{pol}, Incidents: tt.incidents},
				ExposureOptions{Window: time.Date(2014, time.April, 10, 0, 0, 0, 0, ny), Durations: ds})
			if err != nil {
				t.Fatal(err)
			}
			kept, err := x.RunCSV(context.Background(), bytes.NewReader(data), BatchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if kept.Read != int64(n) || len(kept.Points) != len(ds) {
				t.Fatalf("%d read, %d points", kept.Read, len(kept.Points))
			}
			for _, bound := range []int{1, 7, 100} {
				x.maxCohorts = bound
				flushed, err := x.RunCSV(context.Background(), bytes.NewReader(data), BatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(marshalCurve(t, kept), marshalCurve(t, flushed)); diff != "" {
					t.Errorf("at most %d cohorts at once (-all kept +flushed):\n%s", bound, diff)
				}
			}
		})
	}
}
