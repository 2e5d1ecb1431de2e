package sla_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// at parses an RFC 3339 instant.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal { d := dec(s); return &d }

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// imp is an impact on component c at level l during [start, end).
func imp(c string, l rca.Level, start, end string) rca.Impact {
	im := rca.Impact{Component: c, Level: l, Start: at(start)}
	if end != "" {
		im.End = at(end)
	}
	return im
}

func incident(id string, impacts ...rca.Impact) *rca.Incident {
	return &rca.Incident{ID: id, Impacts: impacts}
}

// seedIncident is the seed's outage: major 2014-04-18 10:32 ET → 23:15 ET,
// then partial restoration until 01:00 ET.
func seedIncident() *rca.Incident {
	return incident("constant-contact-2014-04-18",
		imp("app", rca.MajorOutage, "2014-04-18T14:32:00Z", "2014-04-19T03:15:00Z"),
		imp("app", rca.PartialOutage, "2014-04-19T03:15:00Z", "2014-04-19T05:00:00Z"),
	)
}

// monthly is a monthly policy in UTC with objective 99.9.
func monthly() *sla.Policy {
	return &sla.Policy{ID: "monthly", Version: "1", Objective: dec("99.9")}
}

// statuspage is the Statuspage weighting: partial 0.3, degraded 0.
func statuspageWeights() map[rca.Level]decimal.Decimal {
	return map[rca.Level]decimal.Decimal{rca.PartialOutage: dec("0.3"), rca.DegradedPerformance: dec("0")}
}

// summary is the part of a Result most tests compare.
type summary struct {
	Start, End   string
	Length       time.Duration
	Excluded     time.Duration
	Measured     time.Duration
	Downtime     time.Duration
	Weighted     string
	Availability string // AvailabilityAt(6)
	Met          bool
}

func summarize(rs []sla.Result) []summary {
	var out []summary
	for _, r := range rs {
		out = append(out, summary{
			Start: r.Start.Format(time.RFC3339), End: r.End.Format(time.RFC3339),
			Length: r.Length, Excluded: r.Excluded, Measured: r.Measured, Downtime: r.Downtime,
			Weighted: r.Weighted.String(), Availability: r.AvailabilityAt(6).StringFixed(6), Met: r.Met,
		})
	}
	return out
}

// problems returns the problems of a validation error as strings.
func problems(err error) []string {
	if err == nil {
		return nil
	}
	var verr *rca.ValidationError
	if !errors.As(err, &verr) {
		return []string{"not a validation error: " + err.Error()}
	}
	var out []string
	for _, p := range verr.Problems {
		out = append(out, p.String())
	}
	return out
}
