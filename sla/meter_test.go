package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func TestMeterActive(t *testing.T) {
	ny := zone(t, "America/New_York")
	p := monthly()
	p.Window.Zone = ny
	p.Denominator = sla.ActiveTime
	m, err := sla.NewMeter(p, []*rca.Incident{seedIncident()}, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		from, until  time.Time
		wantDown     time.Duration
		wantMeasured time.Duration
		wantSpans    int
		wantAvail    string
	}{
		{"active throughout", time.Time{}, time.Time{}, 868 * time.Minute, 30 * day, 2, "97.990741"},
		{"joined mid-outage counts the rest", at("2014-04-18T22:00:00Z"), time.Time{}, 7 * time.Hour, 12*day + 6*time.Hour, 2, "97.619048"},
		{"left during partial restoration", time.Time{}, at("2014-04-19T04:00:00Z"), 13*time.Hour + 28*time.Minute, 18 * day, 2, "96.882716"},
		{"joined after the outage", at("2014-04-20T04:00:00Z"), time.Time{}, 0, 11 * day, 0, "100.000000"},
		{"left before the window", time.Time{}, at("2014-03-01T00:00:00Z"), 0, 0, 0, "100.000000"},
		{"inside the major outage only", at("2014-04-18T15:00:00Z"), at("2014-04-18T16:00:00Z"), time.Hour, time.Hour, 1, "0.000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Active(0, tt.from, tt.until)
			got := []any{r.Downtime, r.Measured, len(r.Spans), r.AvailabilityAt(6).StringFixed(6)}
			want := []any{tt.wantDown, tt.wantMeasured, tt.wantSpans, tt.wantAvail}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			direct, err := sla.Measure(p, []*rca.Incident{seedIncident()}, sla.Options{ActiveFrom: tt.from, ActiveUntil: tt.until})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(direct[0], r); diff != "" {
				t.Errorf("Active differs from Measure with an active range (-Measure +Active):\n%s", diff)
			}
		})
	}
	if got := m.Active(5, time.Time{}, time.Time{}); !cmp.Equal(got, sla.Result{}) {
		t.Errorf("Active(out of range) = %+v, want the zero Result", got)
	}
}

func TestMeterActiveManyIncidents(t *testing.T) {
	p := monthly()
	var incs []*rca.Incident
	for i, id := range []string{"c", "a", "b"} {
		start := at("2025-04-10T00:00:00Z").Add(time.Duration(i) * 48 * time.Hour)
		incs = append(incs, &rca.Incident{ID: id, Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: start, End: start.Add(time.Hour)}}})
	}
	m, err := sla.NewMeter(p, incs, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		from, until time.Time
		want        []string
	}{
		{"all", time.Time{}, time.Time{}, []string{"a", "b", "c"}},
		{"after the first", at("2025-04-11T00:00:00Z"), time.Time{}, []string{"a", "b"}},
		{"the middle one only", at("2025-04-11T00:00:00Z"), at("2025-04-13T00:00:00Z"), []string{"a"}},
		{"none", at("2025-04-20T00:00:00Z"), time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, m.Active(0, tt.from, tt.until).Incidents); diff != "" {
				t.Errorf("incidents (-want +got):\n%s", diff)
			}
		})
	}
}
