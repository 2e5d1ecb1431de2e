package report

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestNewStatementWindow checks the window a statement measures, exactly:
// a calendar policy's window containing the instant; for a rolling policy
// the calendar month containing it (not the 30 days before it), with the
// policy's objective; ongoing impacts up to the window's end.
//
// The figures, worked by hand, in Europe/Berlin (UTC+1 in January and
// February 2025, UTC+2 from 30 March): "jan" is down 3 h on 10 January,
// "edge" 2 h across midnight of 31 January (1 h in February), "end" 1 h
// across midnight of 28 February (30 min in February). February has 28 days
// = 2 419 200 s; 1h30m = 5 400 s of it is 1/448, so availability is
// 100 × 447/448 = 99.776785714285…%, below 99.9%. The first quarter holds
// all 6 h of them.
func TestNewStatementWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(mo time.Month, d, h, m int) time.Time { return time.Date(2025, mo, d, h, m, 0, 0, berlin) }
	down := func(id string, from, to time.Time) *rca.Incident {
		return &rca.Incident{ID: id, Title: id, Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: from, End: to}}}
	}
	closed := []*rca.Incident{
		down("jan", at(1, 10, 9, 0), at(1, 10, 12, 0)),
		down("edge", at(1, 31, 23, 0), at(2, 1, 1, 0)),
		down("end", at(2, 28, 23, 30), at(3, 1, 0, 30)),
	}
	ongoing := []*rca.Incident{{ID: "open", Title: "open", Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: at(2, 27, 0, 0)}}}}
	policy := func(kind sla.WindowKind, days int) *sla.Policy {
		return &sla.Policy{ID: "api", Objective: decimal.RequireFromString("99.9"), Window: sla.Window{Kind: kind, Days: days, Zone: berlin}}
	}
	type want struct {
		Start, End   time.Time
		Downtime     time.Duration
		Availability string
		Met          bool
		Incidents    []string
	}
	feb := want{Start: at(2, 1, 0, 0), End: at(3, 1, 0, 0), Downtime: 90 * time.Minute, Availability: "99.7767857143", Incidents: []string{"edge 1h0m0s", "end 30m0s"}}
	tests := []struct {
		name      string
		policy    *sla.Policy
		incidents []*rca.Incident
		in        time.Time
		want      want
	}{
		{"month policy, month start", policy(sla.Month, 0), closed, at(2, 1, 0, 0), feb},
		{"month policy, last instant", policy(sla.Month, 0), closed, at(3, 1, 0, 0).Add(-time.Nanosecond), feb},
		{"rolling 30 days measures February", policy(sla.Rolling, 30), closed, at(2, 1, 0, 0), feb},
		{"rolling 7 days measures February", policy(sla.Rolling, 7), closed, at(2, 14, 12, 0), feb},
		{"quarter policy", policy(sla.Quarter, 0), closed, at(2, 1, 0, 0), want{Start: at(1, 1, 0, 0), End: at(4, 1, 0, 0), Downtime: 6 * time.Hour,
			Availability: "99.7220935618", Incidents: []string{"jan 3h0m0s", "edge 2h0m0s", "end 1h0m0s"}}},
		// Ongoing since 27 February 00:00: 2 days to the window's end, 1/14
		// of February: 100 × 13/14 = 92.857142857142…%.
		{"ongoing to the window's end", policy(sla.Month, 0), ongoing, at(2, 1, 0, 0), want{Start: at(2, 1, 0, 0), End: at(3, 1, 0, 0), Downtime: 48 * time.Hour,
			Availability: "92.8571428571", Incidents: []string{"open 48h0m0s"}}},
		{"ongoing, rolling policy", policy(sla.Rolling, 30), ongoing, at(2, 10, 0, 0), want{Start: at(2, 1, 0, 0), End: at(3, 1, 0, 0), Downtime: 48 * time.Hour,
			Availability: "92.8571428571", Incidents: []string{"open 48h0m0s"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := NewStatement(tt.policy, tt.incidents, tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			w := st.Window
			got := want{Start: w.Start, End: w.End, Downtime: w.Downtime, Availability: w.Availability.String(), Met: w.Met}
			for _, si := range st.Incidents {
				got.Incidents = append(got.Incidents, si.ID+" "+si.Downtime.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("window (-want +got):\n%s", diff)
			}
			if !w.Objective.Equal(tt.policy.Objective) {
				t.Errorf("objective %s, want the policy's %s", w.Objective, tt.policy.Objective)
			}
			if st.Policy != tt.policy {
				t.Error("the statement does not show the policy it was given")
			}
			if len(st.Components) != 1 || !st.Components[0].Result.Start.Equal(tt.want.Start) || !st.Components[0].Result.End.Equal(tt.want.End) ||
				st.Components[0].Result.Downtime != tt.want.Downtime {
				t.Errorf("components %+v, want api over the same window", st.Components)
			}
		})
	}
}

// TestStatementSaysRollingIsMeasuredMonthly checks that a rolling policy's
// statement says, in each language, that it measured the calendar month,
// and a calendar policy's says nothing of it.
func TestStatementSaysRollingIsMeasuredMonthly(t *testing.T) {
	tests := []struct {
		name, lang string
		kind       sla.WindowKind
		days       int
		want       string // "" : no period line
	}{
		{"rolling en", "en", sla.Rolling, 30, "**Period measured:** the calendar month; the policy's own window is 30 days rolling"},
		{"rolling de", "de", sla.Rolling, 30, "**Gemessener Zeitraum:** der Kalendermonat; das Zeitfenster der Richtlinie ist rollierend über 30 Tage"},
		{"rolling fr", "fr", sla.Rolling, 28, "**Période mesurée\u00a0:** le mois civil\u00a0; la période de la politique est glissante sur 28 jours"},
		{"month en", "en", sla.Month, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &sla.Policy{ID: "api", Objective: decimal.RequireFromString("99.9"), Window: sla.Window{Kind: tt.kind, Days: tt.days}}
			st, err := NewStatement(p, nil, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Options{Lang: language.Make(tt.lang)})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := WriteStatementMarkdown(&b, st); err != nil {
				t.Fatal(err)
			}
			md := b.String()
			if tt.want == "" {
				for _, w := range []string{"Period measured", "rolling"} {
					if strings.Contains(md, w) {
						t.Errorf("a calendar policy's statement says %q:\n%s", w, md)
					}
				}
				return
			}
			if !strings.Contains(md, tt.want) {
				t.Errorf("statement lacks %q:\n%s", tt.want, md)
			}
		})
	}
}
