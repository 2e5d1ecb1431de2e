package rca

import (
	"slices"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/interval"
)

// defaultRCADueDays is the RCA due delay when MetricsOpts.RCADueDays is not
// set: the 30 days the seed's customer asked for.
const defaultRCADueDays = 30

// MaxRCADueDays bounds MetricsOpts.RCADueDays: a root-cause analysis due
// more than a year after resolution is not a promise anyone makes.
const MaxRCADueDays = 366

// Metrics measures the incident as of opts.AsOf, following the definitions
// on the fields of Metrics. It never fails: what cannot be measured is left
// zero or marked unknown. Invalid impacts (no start, an operational or
// unknown level) are ignored; run Validate to find them.
//
// What is known as of AsOf counts: events and communications after AsOf are
// ignored, impacts that start at or after AsOf are ignored, and impacts still
// going on at AsOf (ongoing, or ending after it) are measured up to AsOf.
func (inc *Incident) Metrics(opts MetricsOpts) Metrics {
	loc := inc.Location()
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = inc.latestInstant()
	}
	m := Metrics{Incident: inc.ID, Title: inc.Title, AsOf: asOf}
	known := func(t time.Time) bool { return !t.IsZero() && !t.After(asOf) }

	// Milestones: the earliest event of each kind, as of AsOf.
	var first [Note + 1]time.Time
	for _, ev := range inc.Timeline {
		if ev.Kind.IsMilestone() && known(ev.At) && (first[ev.Kind].IsZero() || ev.At.Before(first[ev.Kind])) {
			first[ev.Kind] = ev.At
		}
	}
	for k := Started; k <= Closed; k++ {
		if !first[k].IsZero() {
			m.Milestones = append(m.Milestones, Milestone{Kind: k, At: first[k]})
		}
	}

	// Impacts as of AsOf, each cut at AsOf.
	var imps []Impact
	running := false
	for _, imp := range inc.EffectiveImpacts() {
		if imp.Start.IsZero() || !imp.Start.Before(asOf) || imp.Level == Operational || imp.Level > MajorOutage {
			continue
		}
		if imp.IsOngoing() || imp.End.After(asOf) {
			imp.End = asOf
			running = true
		}
		imps = append(imps, imp)
	}

	// The outage clock.
	m.Start = first[Started]
	if m.Start.IsZero() {
		for _, imp := range imps {
			if m.Start.IsZero() || imp.Start.Before(m.Start) {
				m.Start = imp.Start
			}
		}
	}
	switch {
	case !first[Resolved].IsZero():
		m.End = first[Resolved]
	case running || (len(imps) == 0 && !m.Start.IsZero()):
		m.Ongoing = true
		m.End = asOf
	default:
		for _, imp := range imps {
			if imp.End.After(m.End) {
				m.End = imp.End
			}
		}
	}
	// Nothing is measured past the end of the impact.
	for i := range imps {
		if imps[i].End.After(m.End) {
			imps[i].End = m.End
		}
	}

	since := func(k EventKind) Elapsed {
		if m.Start.IsZero() || first[k].IsZero() {
			return Elapsed{}
		}
		return Elapsed{D: first[k].Sub(m.Start), Known: true}
	}
	m.TimeToDetect = since(Detected)
	m.TimeToAcknowledge = since(Acknowledged)
	m.TimeToMitigate = since(Mitigated)
	if !m.Ongoing && !m.Start.IsZero() && !m.End.IsZero() {
		m.TimeToResolve = Elapsed{D: m.End.Sub(m.Start), Known: true}
	}

	m.Outage = downtime(imps).Total()
	m.Components = componentOutages(imps)
	m.LongestSilence = inc.longestSilence(m.Start, m.End, asOf)

	if !m.Ongoing && !m.End.IsZero() && opts.RCADueDays <= MaxRCADueDays {
		m.RCADue = calendar.AddDays(m.End, withDefault(opts.RCADueDays, defaultRCADueDays), loc)
		m.RCAOverdue = inc.Status != Postmortem && !asOf.Before(m.RCADue)
	}

	today := DateOf(asOf.In(loc))
	for i, a := range inc.ActionItems {
		if !a.Status.IsFinished() && !a.Due.IsZero() && a.Due.Before(today) {
			m.OverdueActions = append(m.OverdueActions, i)
			m.OverdueItems = append(m.OverdueItems, a)
		}
	}
	m.Readiness = inc.Readiness.Findings(asOf, loc, opts.Readiness)
	m.in(loc)
	return m
}

// in shows every instant of m in loc; zero instants stay zero.
func (m *Metrics) in(loc *time.Location) {
	in := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(loc)
		}
	}
	in(&m.AsOf)
	in(&m.Start)
	in(&m.End)
	for i := range m.Milestones {
		in(&m.Milestones[i].At)
	}
	for i := range m.Components {
		in(&m.Components[i].Start)
		in(&m.Components[i].End)
	}
	in(&m.LongestSilence.From)
	in(&m.LongestSilence.To)
	in(&m.RCADue)
}

// latestInstant is the default AsOf: the latest event, impact bound or
// communication of the incident.
func (inc *Incident) latestInstant() time.Time {
	var t time.Time
	later := func(u time.Time) {
		if u.After(t) {
			t = u
		}
	}
	for _, ev := range inc.Timeline {
		later(ev.At)
	}
	for _, imp := range inc.EffectiveImpacts() {
		later(imp.Start)
		later(imp.End)
	}
	for _, c := range inc.Communications {
		later(c.At)
	}
	return t
}

// downtime is the union of the impacts of level DegradedPerformance or
// worse.
func downtime(imps []Impact) interval.Set {
	var ivs []interval.Interval
	for _, imp := range imps {
		if imp.Level >= DegradedPerformance {
			ivs = append(ivs, interval.Interval{Start: imp.Start, End: imp.End})
		}
	}
	return interval.Normalize(ivs)
}

// componentOutages groups impacts (already cut to the measured span) by
// component, sorted by name.
func componentOutages(imps []Impact) []ComponentOutage {
	by := map[string][]Impact{}
	var names []string
	for _, imp := range imps {
		if !imp.Start.Before(imp.End) {
			continue
		}
		if _, ok := by[imp.Component]; !ok {
			names = append(names, imp.Component)
		}
		by[imp.Component] = append(by[imp.Component], imp)
	}
	slices.Sort(names)
	out := make([]ComponentOutage, 0, len(names))
	for _, name := range names {
		list := by[name]
		co := ComponentOutage{Component: name, Start: list[0].Start, End: list[0].End}
		for _, imp := range list[1:] {
			if imp.Start.Before(co.Start) {
				co.Start = imp.Start
			}
			if imp.End.After(co.End) {
				co.End = imp.End
			}
		}
		co.Down = downtime(list).Total()
		co.ByLevel = timeByLevel(list, co.Start, co.End)
		out = append(out, co)
	}
	return out
}

// timeByLevel splits [start, end) by the worst level of the impacts
// covering each instant; instants no impact covers count as Operational.
// It sweeps the impacts' bounds in order of time, keeping how many impacts
// of each level are open: O(n log n).
func timeByLevel(imps []Impact, start, end time.Time) [NumLevels]time.Duration {
	type edge struct {
		at    time.Time
		level Level
		delta int
	}
	edges := make([]edge, 0, 2*len(imps))
	for _, imp := range imps {
		edges = append(edges, edge{imp.Start, imp.Level, +1}, edge{imp.End, imp.Level, -1})
	}
	slices.SortFunc(edges, func(a, b edge) int { return a.at.Compare(b.at) })
	var open [NumLevels]int
	var by [NumLevels]time.Duration
	prev := start
	for _, e := range edges {
		if e.at.After(prev) {
			by[worstOpen(&open)] += e.at.Sub(prev)
			prev = e.at
		}
		open[e.level] += e.delta
	}
	if end.After(prev) {
		by[worstOpen(&open)] += end.Sub(prev)
	}
	return by
}

// worstOpen returns the worst level with an open impact, or Operational.
func worstOpen(open *[NumLevels]int) Level {
	for l := MajorOutage; l > Operational; l-- {
		if open[l] > 0 {
			return l
		}
	}
	return Operational
}

// longestSilence finds the largest gap between consecutive public updates
// (communications and public_update events, as of asOf) within
// [start, end], counting from start and up to end. Ties go to the earliest
// gap.
func (inc *Incident) longestSilence(start, end, asOf time.Time) Silence {
	if start.IsZero() || !start.Before(end) {
		return Silence{}
	}
	var points []time.Time
	add := func(t time.Time) {
		if !t.IsZero() && !t.After(asOf) && t.After(start) && t.Before(end) {
			points = append(points, t)
		}
	}
	for _, ev := range inc.Timeline {
		if ev.Kind == PublicUpdate {
			add(ev.At)
		}
	}
	for _, c := range inc.Communications {
		add(c.At)
	}
	slices.SortFunc(points, func(a, b time.Time) int { return a.Compare(b) })
	points = append(points, end)
	var s Silence
	prev := start
	for _, p := range points {
		if d := p.Sub(prev); d > s.D {
			s = Silence{From: prev, To: p, D: d}
		}
		prev = p
	}
	return s
}
