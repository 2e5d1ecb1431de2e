package rca

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAddMonths(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		n    int
		want Date
	}{
		{"quarter from Nov 30 clamps to Feb 28", Date{2013, 11, 30}, 3, Date{2014, 2, 28}},
		{"quarter from Nov 30 clamps to Feb 29 in a leap year", Date{2023, 11, 30}, 3, Date{2024, 2, 29}},
		{"month from Jan 31", Date{2024, 1, 31}, 1, Date{2024, 2, 29}},
		{"year from Feb 29", Date{2024, 2, 29}, 12, Date{2025, 2, 28}},
		{"plain", Date{2024, 5, 15}, 3, Date{2024, 8, 15}},
		{"backwards", Date{2024, 3, 31}, -1, Date{2024, 2, 29}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AddMonths(tt.d, tt.n); got != tt.want {
				t.Errorf("AddMonths(%v, %d) = %v, want %v", tt.d, tt.n, got, tt.want)
			}
		})
	}
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name string
		r    Readiness
		asOf string
		loc  string
		opts ReadinessOpts
		want []FindingCode
		due  Date // Due of the first finding, when set
	}{
		// An incident that says nothing about readiness gets no findings:
		// the file supports none.
		{name: "nothing recorded", r: Readiness{}, asOf: "2014-04-19T05:00:00Z"},
		{name: "notes only: no plan named", r: Readiness{Notes: "we have none"}, asOf: "2014-04-19T05:00:00Z",
			want: []FindingCode{NoPlan, FailoverUntested}},
		{name: "failover tested, no plan named", r: Readiness{FailoverTested: true}, asOf: "2014-04-19T05:00:00Z",
			want: []FindingCode{NoPlan}},
		{name: "plan never reviewed or drilled", r: Readiness{Plan: "dr"}, asOf: "2014-04-19T05:00:00Z",
			want: []FindingCode{NeverReviewed, NeverDrilled, FailoverUntested}},
		{name: "all fine", r: Readiness{Plan: "dr", LastReviewed: Date{2014, 3, 1}, LastDrilled: Date{2013, 6, 1}, FailoverTested: true},
			asOf: "2014-04-19T05:00:00Z"},
		{name: "review due on Feb 28 is not overdue that day",
			r:    Readiness{Plan: "dr", LastReviewed: Date{2013, 11, 30}, LastDrilled: Date{2013, 6, 1}, FailoverTested: true},
			asOf: "2014-02-28T23:00:00Z"},
		{name: "review due on Feb 28 is overdue on Mar 1",
			r:    Readiness{Plan: "dr", LastReviewed: Date{2013, 11, 30}, LastDrilled: Date{2013, 6, 1}, FailoverTested: true},
			asOf: "2014-03-01T00:00:00Z", want: []FindingCode{ReviewOverdue}, due: Date{2014, 2, 28}},
		{name: "the zone decides the day",
			r:    Readiness{Plan: "dr", LastReviewed: Date{2013, 11, 30}, LastDrilled: Date{2013, 6, 1}, FailoverTested: true},
			asOf: "2014-03-01T03:00:00Z", loc: "America/New_York"},
		{name: "drill older than a year",
			r:    Readiness{Plan: "dr", LastReviewed: Date{2014, 3, 1}, LastDrilled: Date{2013, 4, 18}, FailoverTested: true},
			asOf: "2014-04-19T05:00:00Z", want: []FindingCode{DrillOverdue}, due: Date{2014, 4, 18}},
		{name: "custom thresholds",
			r:    Readiness{Plan: "dr", LastReviewed: Date{2014, 3, 1}, LastDrilled: Date{2014, 1, 18}, FailoverTested: true},
			asOf: "2014-04-19T05:00:00Z", opts: ReadinessOpts{ReviewMonths: 1, DrillMonths: 2},
			want: []FindingCode{ReviewOverdue, DrillOverdue}, due: Date{2014, 4, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var loc *time.Location
			if tt.loc != "" {
				loc = zone(t, tt.loc)
			}
			got := tt.r.Findings(at(t, tt.asOf), loc, tt.opts)
			var codes []FindingCode
			for _, f := range got {
				codes = append(codes, f.Code)
			}
			if diff := cmp.Diff(tt.want, codes); diff != "" {
				t.Errorf("Findings (-want +got):\n%s", diff)
			}
			if tt.due != (Date{}) && got[0].Due != tt.due {
				t.Errorf("Due = %v, want %v", got[0].Due, tt.due)
			}
		})
	}
}

func TestFindingMessage(t *testing.T) {
	r := Readiness{Plan: "dr", LastReviewed: Date{2013, 11, 30}, LastDrilled: Date{2013, 6, 1}, FailoverTested: true}
	got := r.Findings(at(t, "2014-04-19T05:00:00Z"), nil, ReadinessOpts{})
	want := []Finding{{Code: ReviewOverdue, Since: Date{2013, 11, 30}, Due: Date{2014, 2, 28},
		Msg: "the plan was last reviewed on 2013-11-30; it was due again by 2014-02-28"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Findings (-want +got):\n%s", diff)
	}
}
