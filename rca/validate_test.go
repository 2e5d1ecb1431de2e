package rca

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// minimal returns a small valid incident: one component down for an hour.
func minimal(t testing.TB) *Incident {
	t0 := at(t, "2024-05-06T14:00:00Z")
	return &Incident{
		ID:         "INC-1",
		Title:      "API down",
		Status:     StatusResolved,
		Components: []string{"api", "web"},
		Timeline: []Event{
			{At: t0, Kind: Started, Changes: []Change{{Component: "api", Status: MajorOutage}}},
			{At: t0.Add(10 * time.Minute), Kind: Detected},
			{At: t0.Add(time.Hour), Kind: Resolved, Changes: []Change{{Component: "api", Status: Operational}}},
		},
		ActionItems:    []ActionItem{{Title: "Add an alert", Type: Process, Due: Date{2024, 6, 1}}},
		Communications: []Communication{{At: t0.Add(20 * time.Minute), Text: "We are looking into it."}},
	}
}

func TestValidate(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	tests := []struct {
		name   string
		change func(inc *Incident)
		want   []string
	}{
		{name: "valid", change: func(*Incident) {}},
		{
			name: "id and title missing",
			change: func(inc *Incident) {
				inc.ID, inc.Title = "", "  "
			},
			want: []string{"id: missing", "title: missing"},
		},
		{
			name: "no impact at all",
			change: func(inc *Incident) {
				inc.Timeline[0].Changes, inc.Timeline[2].Changes = nil, nil
			},
			want: []string{"impacts: none given (list impacts, or component changes in the timeline)"},
		},
		{
			name: "event before the incident started",
			change: func(inc *Incident) {
				inc.Timeline[1].At = t0.Add(-time.Minute)
			},
			want: []string{
				"timeline[1].at: out of order: before timeline[0]",
				"timeline[1].at: before the incident started",
			},
		},
		{
			name: "notes and public updates may come before the start",
			change: func(inc *Incident) {
				inc.Timeline = append([]Event{{At: t0.Add(-time.Hour), Kind: Note, Text: "deploy"}}, inc.Timeline...)
				inc.Communications = append(inc.Communications, Communication{At: t0.Add(-time.Hour), Text: "maintenance ahead"})
			},
		},
		{
			name: "events out of order",
			change: func(inc *Incident) {
				inc.Timeline[1].At = t0.Add(2 * time.Hour)
			},
			want: []string{"timeline[2].at: out of order: before timeline[1]"},
		},
		{
			name: "event without instant and kind",
			change: func(inc *Incident) {
				inc.Timeline[1] = Event{Text: "?"}
			},
			want: []string{"timeline[1].at: missing", "timeline[1].kind: missing"},
		},
		{
			name: "invalid enum values from Go",
			change: func(inc *Incident) {
				inc.Status = 9
				inc.Timeline[1].Kind = 42
				inc.Timeline[0].Changes[0].Status = 7
				inc.ActionItems[0].Type = 8
				inc.ActionItems[0].Status = 8
				inc.Communications[0].Channel = 9
				inc.Analysis.Detection.Method = 9
			},
			want: []string{
				"status: not a valid status (9)",
				"timeline[0].changes[0].status: not a valid level (7)",
				"timeline[1].kind: not a valid event kind (42)",
				"analysis.detection.method: not a valid detection method (9)",
				"action_items[0].type: not a valid action type (8)",
				"action_items[0].status: not a valid action status (8)",
				"communications[0].channel: not a valid channel (9)",
			},
		},
		{
			name: "duplicate started and resolved",
			change: func(inc *Incident) {
				inc.Timeline = append(inc.Timeline,
					Event{At: t0.Add(2 * time.Hour), Kind: Started},
					Event{At: t0.Add(3 * time.Hour), Kind: Resolved})
			},
			want: []string{
				`timeline[3].kind: a second "started" event (the first is timeline[0])`,
				`timeline[4].kind: a second "resolved" event (the first is timeline[2])`,
			},
		},
		{
			name: "closed before resolved",
			change: func(inc *Incident) {
				inc.Timeline = append(inc.Timeline[:2:2], Event{At: t0.Add(30 * time.Minute), Kind: Closed}, inc.Timeline[2])
			},
			want: []string{"timeline[2].at: closed before the incident was resolved"},
		},
		{
			name: "unknown and duplicate components in changes",
			change: func(inc *Incident) {
				inc.Timeline[0].Changes = append(inc.Timeline[0].Changes,
					Change{Component: "db", Status: PartialOutage},
					Change{Component: "api", Status: PartialOutage},
					Change{Status: PartialOutage})
			},
			want: []string{
				`timeline[0].changes[1].component: unknown component "db" (not in components)`,
				`timeline[0].changes[2].component: "api" already changes in timeline[0].changes[0]`,
				"timeline[0].changes[3].component: missing",
				`timeline[0].changes[3]: "" never returns to operational although the incident is resolved`,
				`timeline[0].changes[1]: "db" never returns to operational although the incident is resolved`,
			},
		},
		{
			name: "components listed twice",
			change: func(inc *Incident) {
				inc.Components = []string{"api", "web", "api", ""}
				inc.Services = []string{"payments", "payments"}
			},
			want: []string{
				`services[1]: "payments" is already services[0]`,
				`components[2]: "api" is already components[0]`,
				"components[3]: missing",
			},
		},
		{
			name: "still impacted although resolved",
			change: func(inc *Incident) {
				inc.Timeline[2].Changes = nil
			},
			want: []string{`timeline[0].changes[0]: "api" never returns to operational although the incident is resolved`},
		},
		{
			name: "ongoing without resolution is fine",
			change: func(inc *Incident) {
				inc.Status = Investigating
				inc.Timeline = inc.Timeline[:2]
			},
		},
		{
			name: "change after resolution",
			change: func(inc *Incident) {
				inc.Timeline[2].Changes = nil
				inc.Timeline = append(inc.Timeline, Event{At: t0.Add(2 * time.Hour), Kind: Note,
					Changes: []Change{{Component: "api", Status: Operational}}})
			},
			want: []string{"timeline[3].changes[0]: ends an impact after the incident was resolved"},
		},
		{
			name: "share out of range in a change",
			change: func(inc *Incident) {
				inc.Timeline[0].Changes[0].Affected = Share{dec("5"), dec("4")}
			},
			want: []string{"timeline[0].changes[0].affected: share must be at most all (got 5 of 4)"},
		},
		{
			name: "action items and communications incomplete",
			change: func(inc *Incident) {
				inc.ActionItems = append(inc.ActionItems, ActionItem{}, ActionItem{Title: "x", Type: Prevent, Due: Date{2014, 2, 30}})
				inc.Communications = append(inc.Communications, Communication{}, Communication{At: t0, URL: "https://status.example.com"})
			},
			want: []string{
				"action_items[1].title: missing",
				"action_items[1].type: missing",
				"action_items[1].due: missing",
				"action_items[2].due: 2014-02-30 is not a real date",
				"communications[1].at: missing",
				"communications[1].text: missing (give a text or a url)",
			},
		},
		{
			name: "action items with the same title, ignoring case and spacing",
			change: func(inc *Incident) {
				inc.ActionItems = append(inc.ActionItems,
					ActionItem{Title: "Drill the failover", Type: Process, Due: Date{2024, 6, 1}},
					ActionItem{Title: " add an  ALERT ", Type: Prevent, Due: Date{2024, 7, 1}})
			},
			want: []string{`action_items[2].title: " add an  ALERT " is already action_items[0]`},
		},
		{
			name: "instants outside the measurable years",
			change: func(inc *Incident) {
				inc.Communications[0].At = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
				inc.Timeline[2].At = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
			},
			want: []string{
				`timeline[2].at: "2300-01-01T00:00:00Z" is outside the measurable years 1678–2262`,
				`communications[0].at: "1600-01-01T00:00:00Z" is outside the measurable years 1678–2262`,
			},
		},
		{
			name: "instants so far apart that durations would overflow",
			change: func(inc *Incident) {
				inc.Communications[0].At = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
				inc.Timeline = append(inc.Timeline, Event{At: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), Kind: Note, Text: "later"})
			},
			want: []string{
				`timeline[3].at: "2200-01-01T00:00:00Z" is more than 146 years from the incident's median instant "2024-05-06T14:10:00Z": durations would overflow`,
				`communications[0].at: "1800-01-01T00:00:00Z" is more than 146 years from the incident's median instant "2024-05-06T14:10:00Z": durations would overflow`,
			},
		},
		{
			name: "instants 146 years from the median are fine",
			change: func(inc *Incident) {
				inc.Communications[0].At = t0.Add(10 * time.Minute).Add(-time.Duration(math.MaxInt64 / 2))
			},
		},
		{
			name: "readiness dates",
			change: func(inc *Incident) {
				inc.Readiness = Readiness{LastReviewed: Date{2023, 13, 1}, LastDrilled: Date{2023, 2, 29}}
			},
			want: []string{
				"readiness.last_reviewed: 2023-13-01 is not a real date",
				"readiness.last_drilled: 2023-02-29 is not a real date",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := minimal(t)
			tt.change(inc)
			err := inc.Validate()
			if diff := cmp.Diff(tt.want, problemStrings(err)); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
			if err != nil {
				var verr *ValidationError
				if !errors.As(err, &verr) {
					t.Errorf("Validate returned %T, want *ValidationError", err)
				}
			}
		})
	}
}

func TestValidateWrittenImpacts(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	base := func() *Incident {
		return &Incident{
			ID: "INC-2", Title: "Written impacts", Status: StatusResolved,
			Components: []string{"api"},
			Timeline: []Event{
				{At: t0, Kind: Started},
				{At: t0.Add(2 * time.Hour), Kind: Resolved},
			},
			Impacts: []Impact{
				{Component: "api", Level: MajorOutage, Start: t0, End: t0.Add(time.Hour)},
				{Component: "api", Level: PartialOutage, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Affected: Share{dec("2"), dec("100")}},
			},
		}
	}
	tests := []struct {
		name   string
		change func(inc *Incident)
		want   []string
	}{
		{name: "valid", change: func(*Incident) {}},
		{
			name:   "ends before it starts",
			change: func(inc *Incident) { inc.Impacts[1].End = t0.Add(30 * time.Minute) },
			want:   []string{"impacts[1].end: before start"},
		},
		{
			name:   "empty impact",
			change: func(inc *Incident) { inc.Impacts[1].End = inc.Impacts[1].Start },
			want:   []string{"impacts[1].end: equal to start (an empty impact)"},
		},
		{
			name:   "operational is not an impact",
			change: func(inc *Incident) { inc.Impacts[0].Level = Operational },
			want:   []string{"impacts[0].level: operational is not an impact"},
		},
		{
			name: "missing fields",
			change: func(inc *Incident) {
				inc.Impacts[0].Component = ""
				inc.Impacts[0].Start = time.Time{}
			},
			want: []string{"impacts[0].component: missing", "impacts[0].start: missing"},
		},
		{
			name:   "unknown component",
			change: func(inc *Incident) { inc.Impacts[0].Component = "apl" },
			want:   []string{`impacts[0].component: unknown component "apl" (not in components)`},
		},
		{
			name: "any component when none are listed",
			change: func(inc *Incident) {
				inc.Components = nil
				inc.Impacts[0].Component = "apl"
			},
		},
		{
			name:   "before the incident started",
			change: func(inc *Incident) { inc.Impacts[0].Start = t0.Add(-time.Minute) },
			want:   []string{"impacts[0].start: before the incident started"},
		},
		{
			name:   "after the incident was resolved",
			change: func(inc *Incident) { inc.Impacts[1].End = t0.Add(3 * time.Hour) },
			want:   []string{"impacts[1].end: after the incident was resolved"},
		},
		{
			name: "ongoing although resolved by status",
			change: func(inc *Incident) {
				inc.Timeline = inc.Timeline[:1]
				inc.Impacts[1].End = time.Time{}
			},
			want: []string{"impacts[1].end: missing although the incident is resolved"},
		},
		{
			name:   "duplicate",
			change: func(inc *Incident) { inc.Impacts = append(inc.Impacts, inc.Impacts[0]) },
			want:   []string{"impacts[2]: duplicates impacts[0]"},
		},
		{
			name: "duplicate with the share written another way",
			change: func(inc *Incident) {
				d := inc.Impacts[1]
				d.Affected = Share{dec("0.02"), dec("1")}
				inc.Impacts = append(inc.Impacts, d)
			},
			want: []string{"impacts[2]: duplicates impacts[1]"},
		},
		{
			name:   "share of nothing",
			change: func(inc *Incident) { inc.Impacts[1].Affected = Share{dec("0"), dec("100")} },
			want:   []string{"impacts[1].affected: share must be more than none (got 0 of 100)"},
		},
		{
			name: "timeline changes that disagree with the impacts",
			change: func(inc *Incident) {
				inc.Timeline[0].Changes = []Change{{Component: "api", Status: MajorOutage}}
				inc.Timeline[1].Changes = []Change{{Component: "api", Status: Operational}}
			},
			want: []string{
				`timeline[0].changes[0]: the timeline gives an impact impacts does not list ("api" major_outage from 2024-05-06T14:00:00Z to 2024-05-06T16:00:00Z)`,
				"impacts[0]: not among the impacts the timeline's component changes give",
				"impacts[1]: not among the impacts the timeline's component changes give",
			},
		},
		{
			// An instant that is missing (or did not decode) is reported
			// once, without comparing the timeline and impacts around it.
			name: "no agreement check around a missing time",
			change: func(inc *Incident) {
				inc.Timeline[0].Changes = []Change{{Component: "api", Status: MajorOutage}}
				inc.Timeline[1].Changes = []Change{{Component: "api", Status: Operational}}
				inc.Timeline[0].At = time.Time{}
			},
			want: []string{"timeline[0].at: missing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := base()
			tt.change(inc)
			if diff := cmp.Diff(tt.want, problemStrings(inc.Validate())); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateNeverPanicsOnZero(t *testing.T) {
	var inc Incident
	want := []string{
		"id: missing",
		"title: missing",
		"impacts: none given (list impacts, or component changes in the timeline)",
	}
	if diff := cmp.Diff(want, problemStrings(inc.Validate())); diff != "" {
		t.Errorf("Validate of the zero Incident (-want +got):\n%s", diff)
	}
	_ = inc.Metrics(MetricsOpts{})
}
