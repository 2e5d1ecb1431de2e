package rca

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/problem"
)

// Validate checks the incident and returns a *ValidationError listing every
// problem with its field path ("timeline[3].at: before the incident
// started"), or nil. It never panics, whatever the incident holds.
//
// The checks:
//   - id and title are present, and id is an ID (see CheckID); enum fields
//     hold known values;
//   - components and services are named once each;
//   - there is customer impact: at least one impact, or a timeline change to
//     a level other than operational;
//   - timeline events have an instant and a kind and are in order of time;
//     there is at most one started, one resolved and one closed event; no
//     milestone but started and no change to a level other than operational
//     comes before the incident started (see Metrics.Start); closed does
//     not come before resolved;
//   - impacts and changes name a component (one listed in components, when
//     components is given), a level other than operational for impacts, and
//     an affected share in (0, 1]; an impact ends after it starts, not after
//     the incident was resolved, and is not ongoing when the incident is
//     resolved (a resolved event, or status resolved or postmortem); no
//     impact is listed twice; a component changes at most once per event;
//   - when both impacts and component changes are given, they describe the
//     same impacts (see DerivedImpacts);
//   - action items have a title, a type and a due date, and no two have the
//     same title (ignoring case and spacing: a follow-up is tracked by its
//     title); communications have an instant and a text or URL; every date
//     is a real calendar date;
//   - every instant lies in the years 1678–2262 (interval.Measurable) and
//     within 146 years of the incident's median instant, so that no
//     duration between two of them overflows.
func (inc *Incident) Validate() error {
	var l problem.List
	inc.check(&checker{l: &l})
	return l.Err()
}

// checker receives the problems of an incident into l, where a problem l
// will not list (past problem.MaxProblems) costs no formatting.
type checker struct {
	l *problem.List
	// absent, when set, reports whether a field is absent from the file:
	// a problem with its zero value then says "missing".
	absent func(path string) bool
}

func (c *checker) add(path, format string, args ...any) {
	c.l.Addf(path, format, args...)
}

// addZero records a problem with the zero value of the field at path.
func (c *checker) addZero(path, msg string) {
	if c.absent != nil && c.absent(path) {
		msg = "missing" // a zero field in a file is an absent one
	}
	c.l.Add(path, msg)
}

// check runs every check, in the order of the fields in a file.
func (inc *Incident) check(c *checker) {
	if strings.TrimSpace(inc.ID) == "" {
		c.add("id", "missing")
	} else if err := CheckID(inc.ID); err != nil {
		c.add("id", "%v", err)
	}
	if strings.TrimSpace(inc.Title) == "" {
		c.add("title", "missing")
	}
	if inc.Status > Postmortem {
		c.add("status", "not a valid status (%d)", inc.Status)
	}
	checkNames(c, "services", inc.Services)
	checkNames(c, "components", inc.Components)

	known := map[string]bool{}
	for _, name := range inc.Components {
		known[name] = true
	}
	checkComponent := func(path, name string) {
		switch {
		case strings.TrimSpace(name) == "":
			c.add(path, "missing")
		case len(inc.Components) > 0 && !known[name]:
			c.add(path, "unknown component %q (not in components)", name)
		}
	}

	b := inc.bounds()
	inc.checkTimeline(c, b, checkComponent)
	inc.checkImpacts(c, b, checkComponent)
	inc.checkInstants(c)

	if inc.Analysis.Detection.Method > ByThirdParty {
		c.add("analysis.detection.method", "not a valid detection method (%d)", inc.Analysis.Detection.Method)
	}
	titles := map[string]int{}
	for i, a := range inc.ActionItems {
		p := problem.Index("action_items", i)
		title := strings.ToLower(strings.Join(strings.Fields(a.Title), " "))
		if j, dup := titles[title]; dup {
			c.add(problem.Join(p, "title"), "%q is already %s", a.Title, problem.Index("action_items", j))
		} else if title != "" {
			titles[title] = i
		}
		if title == "" {
			c.add(problem.Join(p, "title"), "missing")
		}
		switch {
		case a.Type == 0:
			c.add(problem.Join(p, "type"), "missing")
		case a.Type > Process:
			c.add(problem.Join(p, "type"), "not a valid action type (%d)", a.Type)
		}
		if a.Due.IsZero() {
			c.add(problem.Join(p, "due"), "missing")
		} else {
			checkDate(c, problem.Join(p, "due"), a.Due)
		}
		if a.Status > WontDo {
			c.add(problem.Join(p, "status"), "not a valid action status (%d)", a.Status)
		}
	}
	for i, m := range inc.Communications {
		p := problem.Index("communications", i)
		if m.At.IsZero() {
			c.add(problem.Join(p, "at"), "missing")
		}
		if m.Channel > OtherChannel {
			c.add(problem.Join(p, "channel"), "not a valid channel (%d)", m.Channel)
		}
		if strings.TrimSpace(m.Text) == "" && strings.TrimSpace(m.URL) == "" {
			c.add(problem.Join(p, "text"), "missing (give a text or a url)")
		}
	}
	checkDate(c, "readiness.last_reviewed", inc.Readiness.LastReviewed)
	checkDate(c, "readiness.last_drilled", inc.Readiness.LastDrilled)
}

// checkInstants reports instants outside the years durations can be
// measured in (interval.Measurable), and instants more than 146 years (half
// of what a time.Duration holds) from the incident's median instant: the
// durations between them and the rest could overflow, and the metrics
// would silently saturate. Keeping every instant within 146 years of the
// median keeps any two within 292 years of each other, and reports the
// outliers rather than the instants around them.
func (inc *Incident) checkInstants(c *checker) {
	type at struct {
		path string
		t    time.Time
	}
	var all []at
	add := func(path string, t time.Time) {
		if t.IsZero() {
			return
		}
		if !interval.Measurable(t) {
			c.add(path, "%q is outside the measurable years %s", t.Format(time.RFC3339Nano), interval.MeasurableYears)
			return
		}
		all = append(all, at{path, t})
	}
	for i, ev := range inc.Timeline {
		add(problem.Join(problem.Index("timeline", i), "at"), ev.At)
	}
	for i, imp := range inc.Impacts {
		p := problem.Index("impacts", i)
		add(problem.Join(p, "start"), imp.Start)
		add(problem.Join(p, "end"), imp.End)
	}
	for i, m := range inc.Communications {
		add(problem.Join(problem.Index("communications", i), "at"), m.At)
	}
	if len(all) == 0 {
		return
	}
	sorted := slices.Clone(all)
	slices.SortStableFunc(sorted, func(a, b at) int { return a.t.Compare(b.t) })
	median := sorted[len(sorted)/2].t
	const half = time.Duration(math.MaxInt64 / 2)
	lo, hi := median.Add(-half), median.Add(half)
	for _, a := range all {
		if a.t.Before(lo) || a.t.After(hi) {
			c.add(a.path, "%q is more than 146 years from the incident's median instant %q: durations would overflow",
				a.t.Format(time.RFC3339Nano), median.Format(time.RFC3339Nano))
		}
	}
}

// checkNames reports empty and repeated names in a list.
func checkNames(c *checker, path string, names []string) {
	first := map[string]int{}
	for i, name := range names {
		p := problem.Index(path, i)
		if strings.TrimSpace(name) == "" {
			c.add(p, "missing")
			continue
		}
		if j, dup := first[name]; dup {
			c.add(p, "%q is already %s", name, problem.Index(path, j))
			continue
		}
		first[name] = i
	}
}

// checkDate reports a non-zero date that is not on the calendar.
func checkDate(c *checker, path string, d Date) {
	if d.IsZero() {
		return
	}
	if d.Month < time.January || d.Month > time.December || d.Day < 1 || d.Day > 31 ||
		DateOf(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)) != d {
		c.add(path, "%04d-%02d-%02d is not a real date", d.Year, int(d.Month), d.Day)
	}
}

// clocks are the instants validation and metrics measure from.
type clocks struct {
	// start is when customer impact began: the earliest started event, or
	// else the earliest impact start; zero when there is neither.
	start      time.Time
	startEvent bool // start comes from a started event
	// resolved is the earliest resolved event; zero when there is none.
	resolved time.Time
}

// bounds computes the incident's clocks from the timeline and the effective
// impacts.
func (inc *Incident) bounds() clocks {
	var b clocks
	if t, ok := inc.earliest(Started); ok {
		b.start, b.startEvent = t, true
	} else {
		for _, imp := range inc.EffectiveImpacts() {
			if !imp.Start.IsZero() && (b.start.IsZero() || imp.Start.Before(b.start)) {
				b.start = imp.Start
			}
		}
	}
	b.resolved, _ = inc.earliest(Resolved)
	return b
}

// earliest returns the earliest instant of an event of kind k.
func (inc *Incident) earliest(k EventKind) (time.Time, bool) {
	var at time.Time
	found := false
	for _, ev := range inc.Timeline {
		if ev.Kind == k && !ev.At.IsZero() && (!found || ev.At.Before(at)) {
			at, found = ev.At, true
		}
	}
	return at, found
}

// isResolved reports whether the incident says its impact is over.
func (inc *Incident) isResolved(b clocks) bool {
	return !b.resolved.IsZero() || inc.Status == StatusResolved || inc.Status == Postmortem
}

func (inc *Incident) checkTimeline(c *checker, b clocks, checkComponent func(path, name string)) {
	var latest time.Time
	latestIdx := -1
	once := map[EventKind]int{}
	for i, ev := range inc.Timeline {
		p := problem.Index("timeline", i)
		at := problem.Join(p, "at")
		switch {
		case ev.At.IsZero():
			c.add(at, "missing")
		case latestIdx >= 0 && ev.At.Before(latest):
			c.add(at, "out of order: before %s", problem.Index("timeline", latestIdx))
		default:
			latest, latestIdx = ev.At, i
		}
		switch {
		case ev.Kind == 0:
			c.add(problem.Join(p, "kind"), "missing")
		case ev.Kind > Note:
			c.add(problem.Join(p, "kind"), "not a valid event kind (%d)", ev.Kind)
		case ev.Kind == Started || ev.Kind == Resolved || ev.Kind == Closed:
			if j, dup := once[ev.Kind]; dup {
				c.add(problem.Join(p, "kind"), "a second %q event (the first is %s)", ev.Kind, problem.Index("timeline", j))
			} else {
				once[ev.Kind] = i
			}
		}
		if !ev.At.IsZero() && !b.start.IsZero() && ev.At.Before(b.start) &&
			((ev.Kind.IsMilestone() && ev.Kind != Started) || startsImpact(ev)) {
			c.add(at, "before the incident started")
		}
		if ev.Kind == Closed && !ev.At.IsZero() && !b.resolved.IsZero() && ev.At.Before(b.resolved) {
			c.add(at, "closed before the incident was resolved")
		}
		seen := map[string]int{}
		for j, ch := range ev.Changes {
			cp := problem.Index(problem.Join(p, "changes"), j)
			checkComponent(problem.Join(cp, "component"), ch.Component)
			if k, dup := seen[ch.Component]; dup && ch.Component != "" {
				c.add(problem.Join(cp, "component"), "%q already changes in %s", ch.Component, problem.Index(problem.Join(p, "changes"), k))
			} else {
				seen[ch.Component] = j
			}
			if ch.Status > MajorOutage {
				c.add(problem.Join(cp, "status"), "not a valid level (%d)", ch.Status)
			}
			if err := ch.Affected.check(); err != nil {
				c.add(problem.Join(cp, "affected"), "%v", err)
			}
		}
	}
}

func (inc *Incident) checkImpacts(c *checker, b clocks, checkComponent func(path, name string)) {
	derived := inc.derive()
	if len(inc.Impacts) == 0 && len(derived) == 0 {
		c.add("impacts", "none given (list impacts, or component changes in the timeline)")
	}
	resolved := inc.isResolved(b)
	endsLate := func(imp Impact) bool {
		return !imp.IsOngoing() && !b.resolved.IsZero() && imp.End.After(b.resolved)
	}

	first := map[impactKey]int{}
	for i, imp := range inc.Impacts {
		p := problem.Index("impacts", i)
		checkComponent(problem.Join(p, "component"), imp.Component)
		switch {
		case imp.Level == Operational:
			c.addZero(problem.Join(p, "level"), "operational is not an impact")
		case imp.Level > MajorOutage:
			c.add(problem.Join(p, "level"), "not a valid level (%d)", imp.Level)
		}
		if err := imp.Affected.check(); err != nil {
			c.add(problem.Join(p, "affected"), "%v", err)
		}
		switch {
		case imp.Start.IsZero():
			c.add(problem.Join(p, "start"), "missing")
		case !imp.IsOngoing() && imp.End.Before(imp.Start):
			c.add(problem.Join(p, "end"), "before start")
		case !imp.IsOngoing() && imp.End.Equal(imp.Start):
			c.add(problem.Join(p, "end"), "equal to start (an empty impact)")
		default:
			if b.startEvent && imp.Start.Before(b.start) {
				c.add(problem.Join(p, "start"), "before the incident started")
			}
			if imp.IsOngoing() && resolved {
				c.add(problem.Join(p, "end"), "missing although the incident is resolved")
			}
			if endsLate(imp) {
				c.add(problem.Join(p, "end"), "after the incident was resolved")
			}
		}
		k := keyOf(imp)
		if j, dup := first[k]; dup {
			c.add(p, "duplicates %s", problem.Index("impacts", j))
		} else {
			first[k] = i
		}
	}

	if len(inc.Impacts) == 0 {
		// Changes before the start are reported with their event.
		for _, d := range derived {
			if d.IsOngoing() && resolved {
				c.add(d.From.path(), "%q never returns to operational although the incident is resolved", d.Component)
			}
			if endsLate(d.Impact) {
				c.add(d.To.path(), "ends an impact after the incident was resolved")
			}
		}
		return
	}
	if len(derived) == 0 || inc.missingImpactTimes() {
		return
	}
	// Both ways are written: they must agree.
	unmatched := map[impactKey][]int{}
	for i, imp := range inc.Impacts {
		k := keyOf(imp)
		unmatched[k] = append(unmatched[k], i)
	}
	for _, d := range derived {
		k := keyOf(d.Impact)
		if idx := unmatched[k]; len(idx) > 0 {
			unmatched[k] = idx[1:]
			continue
		}
		c.add(d.From.path(), "the timeline gives an impact impacts does not list (%s)", describeImpact(d.Impact))
	}
	left := map[int]bool{}
	for _, idx := range unmatched {
		for _, i := range idx {
			left[i] = true
		}
	}
	for i := range inc.Impacts {
		if left[i] {
			c.add(problem.Index("impacts", i), "not among the impacts the timeline's component changes give")
		}
	}
}

// missingImpactTimes reports whether an impact has no start or an event
// with component changes has no time (each reported on its own, missing or
// not decoded): the timeline and the impacts cannot be compared then.
func (inc *Incident) missingImpactTimes() bool {
	for _, imp := range inc.Impacts {
		if imp.Start.IsZero() {
			return true
		}
	}
	for _, ev := range inc.Timeline {
		if len(ev.Changes) > 0 && ev.At.IsZero() {
			return true
		}
	}
	return false
}

// path returns the field path of the change, or "timeline" for none.
func (r changeRef) path() string {
	if r.Event < 0 {
		return "timeline"
	}
	return problem.Index(problem.Join(problem.Index("timeline", r.Event), "changes"), r.Change)
}

// impactKey identifies an impact for duplicate and agreement checks: all
// fields but the note and the approximate flag, with instants in UTC.
type impactKey struct {
	Component  string
	Level      Level
	Start, End time.Time
	Affected   string
}

func keyOf(imp Impact) impactKey {
	return impactKey{imp.Component, imp.Level, imp.Start.UTC(), imp.End.UTC(), imp.Affected.canonical()}
}

// canonical is the share's value as a reduced fraction, so that "2%" and
// "0.02" compare equal.
func (s Share) canonical() string {
	if s.IsAll() || !s.Of.IsPositive() {
		return ""
	}
	return new(big.Rat).Quo(s.Affected.Rat(), s.Of.Rat()).RatString()
}

func describeImpact(imp Impact) string {
	end := "ongoing"
	if !imp.IsOngoing() {
		end = "to " + imp.End.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%q %s from %s %s", imp.Component, imp.Level, imp.Start.UTC().Format(time.RFC3339Nano), end)
}

// startsImpact reports whether the event moves a component to a level other
// than operational.
func startsImpact(ev Event) bool {
	for _, ch := range ev.Changes {
		if ch.Status != Operational {
			return true
		}
	}
	return false
}
