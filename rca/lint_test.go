package rca

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// complete is an incident that passes the whole checklist as of an hour
// after it ended; each case of TestGaps takes one thing away.
func complete(t testing.TB) *Incident {
	start := at(t, "2025-01-31T23:10:00Z")
	return &Incident{
		ID: "INC-1", Title: "API down", Summary: "The API was down.", Status: Postmortem,
		Timeline: []Event{
			{At: start, Kind: Started},
			{At: start.Add(4 * time.Minute), Kind: Detected},
			{At: start.Add(time.Hour), Kind: Resolved},
		},
		Impacts:        []Impact{{Component: "api", Level: MajorOutage, Start: start, End: start.Add(time.Hour)}},
		Analysis:       Analysis{Trigger: "A migration.", RootCauses: []string{"No lock check."}},
		ActionItems:    []ActionItem{{Title: "Lint migrations", Type: Prevent, Owner: "db", Due: Date{2025, 2, 28}}},
		Communications: []Communication{{At: start.Add(20 * time.Minute), Channel: StatusPage, Text: "Investigating."}},
	}
}

func TestGaps(t *testing.T) {
	asOf := at(t, "2025-02-01T01:10:00Z")
	tests := []struct {
		name   string
		change func(inc *Incident)
		asOf   time.Time
		want   []GapCode
	}{
		{name: "complete", change: func(*Incident) {}},
		{name: "no summary", change: func(inc *Incident) { inc.Summary = "  " }, want: []GapCode{NoSummary}},
		{name: "no trigger", change: func(inc *Incident) { inc.Analysis.Trigger = "" }, want: []GapCode{NoTrigger}},
		{name: "blank root causes", change: func(inc *Incident) { inc.Analysis.RootCauses = []string{" "} },
			want: []GapCode{NoRootCause}},
		{name: "no detected event", change: func(inc *Incident) { inc.Timeline = append(inc.Timeline[:1], inc.Timeline[2:]...) },
			want: []GapCode{NoDetection}},
		{name: "update only after the end", change: func(inc *Incident) { inc.Communications[0].At = asOf },
			want: []GapCode{NoCustomerUpdate}},
		{name: "internal public update does not count", change: func(inc *Incident) {
			inc.Timeline = append(inc.Timeline, Event{At: inc.Timeline[0].At.Add(time.Minute), Kind: PublicUpdate, Internal: true})
			inc.Communications = nil
		}, want: []GapCode{NoCustomerUpdate}},
		{name: "public update event counts", change: func(inc *Incident) {
			inc.Timeline = append(inc.Timeline, Event{At: inc.Timeline[0].At.Add(time.Minute), Kind: PublicUpdate})
			inc.Communications = nil
		}},
		{name: "no action items", change: func(inc *Incident) { inc.ActionItems = nil }, want: []GapCode{NoActionItems}},
		{name: "action without owner", change: func(inc *Incident) {
			inc.ActionItems = append(inc.ActionItems, ActionItem{Title: "b", Type: Process, Due: Date{2025, 3, 1}})
		}, want: []GapCode{ActionNoOwner}},
		{name: "RCA overdue", change: func(inc *Incident) { inc.Status = StatusResolved }, asOf: at(t, "2025-03-05T00:00:00Z"),
			want: []GapCode{RCAOverdue}},
		{name: "RCA published is not overdue", change: func(*Incident) {}, asOf: at(t, "2025-03-05T00:00:00Z")},
		{name: "ongoing: no trigger, cause or actions needed yet", change: func(inc *Incident) {
			inc.Timeline = inc.Timeline[:2]
			inc.Impacts[0].End = time.Time{}
			inc.Analysis = Analysis{}
			inc.ActionItems = nil
			inc.Status = Investigating
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := complete(t)
			tt.change(inc)
			when := asOf
			if !tt.asOf.IsZero() {
				when = tt.asOf
			}
			var got []GapCode
			m := inc.Metrics(MetricsOpts{AsOf: when})
			for _, g := range inc.Gaps(&m) {
				got = append(got, g.Code)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Gaps (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLint checks the gaps come back located in the file: a missing field
// at the field that encloses it, an action item's owner at the item.
func TestLint(t *testing.T) {
	data := []byte(`id: INC-1
title: API down
status: resolved
zone: UTC
timeline:
  - at: 2025-01-31 23:10
    kind: started
    changes: [{component: api, status: major_outage}]
  - at: 2025-02-01 00:10
    kind: resolved
    changes: [{component: api, status: operational}]
analysis:
  root_causes: [No lock check.]
action_items:
  - title: Lint migrations
    type: prevent
    due: 2025-02-28
`)
	_, got, err := Lint("inc.yaml", data, MetricsOpts{AsOf: at(t, "2025-03-05T00:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range got {
		lines = append(lines, p.String())
	}
	want := []string{
		"inc.yaml:1:1: summary: no summary: say what happened, to whom, for how long",
		"inc.yaml:1:1: communications: no public update while impact lasted",
		"inc.yaml:3:1: status: the root-cause analysis was due 2025-03-03 00:10 UTC and the status is not postmortem",
		"inc.yaml:5:1: timeline: no detected event: the time to detect is unknown",
		"inc.yaml:12:1: analysis.trigger: impact is over but the trigger is not recorded",
		"inc.yaml:15:5: action_items[0].owner: action item has no owner",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("Lint (-want +got):\n%s", diff)
	}

	if _, _, err := Lint("bad.yaml", []byte("id: x\n"), MetricsOpts{}); err == nil {
		t.Error("an invalid incident: no error")
	}
}
