package sla

import (
	"errors"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
)

// Measure returns one Result per window of the policy overlapping the range
// of opts, in order. Without ActiveFrom and ActiveUntil it is
// NewMeter(p, incidents, opts).Results(); with them, each window is
// restricted to the active range the way Meter.Active does it (computed
// directly rather than from the meter's prefix sums).
//
// Errors are a *problem.Error listing every problem of the policy or
// of the inputs (an impact that ends before it starts, an instant outside
// the years 1678–2262, a share of more than all users, bad request counts,
// two incidents with the same ID), or a *NoRequestsError for a
// request-based policy given no request counts.
func Measure(p *Policy, incidents []*rca.Incident, opts Options) ([]Result, error) {
	m, err := NewMeter(p, incidents, opts)
	if err != nil {
		return nil, err
	}
	if opts.ActiveFrom.IsZero() && opts.ActiveUntil.IsZero() {
		return m.Results(), nil
	}
	if err := checkActive(opts.ActiveFrom, opts.ActiveUntil); err != nil {
		return nil, err
	}
	out := make([]Result, len(m.wins))
	for i := range m.wins {
		out[i] = m.activeDirect(i, opts.ActiveFrom, opts.ActiveUntil)
	}
	return out, nil
}

// checkActive checks the active range of Measure's options.
func checkActive(from, until time.Time) error {
	if !from.IsZero() && !until.IsZero() && until.Before(from) {
		var l problem.List
		l.Addf("options.active_until", "%q is before active_from %q", until.Format(time.RFC3339), from.Format(time.RFC3339))
		return l.Err()
	}
	return nil
}

// errNilPolicy is returned for a nil policy.
var errNilPolicy = errors.New("sla: nil policy")

// source identifies the impact a piece of downtime is attributed to.
type source struct {
	component string
	level     rca.Level
	incident  int32 // index into builder.incidents; -1 for maintenance over the allowance
}

// underMaintenance is the level of maintenance over the allowance.
const underMaintenance = rca.UnderMaintenance

// builder gathers the inputs of a Meter.
type builder struct {
	p     *Policy
	loc   *time.Location
	probs problem.List

	incidents []string // incident IDs, by index
	srcs      []source
	imps      []impact

	weights  []decimal.Decimal // weight of each class, unsorted while building
	levelCls [rca.NumLevels]int32
	shareCls map[shareKey]int32

	comps     map[string]int32
	compNames []string

	over []piece // scheduled maintenance over the allowance: downtime
}

type shareKey struct {
	level    rca.Level
	affected string
	of       string
}

// NewMeter measures the incidents under the policy over the range of opts.
// opts.ActiveFrom and ActiveUntil are ignored: use Active.
//
// The range: windows overlapping [From, To) are measured whole. When From
// and To are both zero the range is the span of the impacts (and of the
// request counts); when only one is zero it extends to the first impact
// start or to AsOf. Ongoing impacts end at AsOf (zero: To, or the latest
// instant of the incidents: impact bounds, timeline events and
// communications). An empty range gives a Meter without windows. Errors are
// those of Measure: a request-based policy needs opts.Requests.
func NewMeter(p *Policy, incidents []*rca.Incident, opts Options) (*Meter, error) {
	if p == nil {
		return nil, errNilPolicy
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Indicator == RequestBased && len(opts.Requests) == 0 {
		return nil, &NoRequestsError{Policy: p.ID}
	}
	b := &builder{p: p, loc: p.zone(), shareCls: map[shareKey]int32{}}
	for i := range b.levelCls {
		b.levelCls[i] = -1
	}
	impacts := make([][]rca.Impact, len(incidents))
	for i, inc := range incidents {
		if inc != nil {
			impacts[i] = impactsOf(inc)
		}
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = opts.To
	}
	if asOf.IsZero() {
		asOf = latest(incidents, impacts)
	}
	b.collect(incidents, impacts, asOf)
	excl := b.exclusions(opts.Exclusions)
	reqs := b.requests(opts.Requests)
	from, to := b.rangeOf(opts, asOf, reqs)
	// The range must be measurable before its windows are made: from
	// 1600 there would be millions of them, all refused afterwards.
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"options.from", opts.From}, {"options.to", opts.To}, {"options.as_of", opts.AsOf}} {
		if !f.t.IsZero() && !interval.Measurable(f.t) {
			b.probs.Addf(f.name, "%q is outside the measurable years %s", f.t.Format(time.RFC3339), interval.MeasurableYears)
			from, to = time.Time{}, time.Time{}
		}
	}
	wins := b.windows(from, to)
	if n := len(wins); n > 0 {
		b.nanos(joiner(""), "window", wins[0].Start)
		b.nanos(joiner(""), "window", wins[n-1].End)
	}
	if err := b.probs.Err(); err != nil {
		return nil, err
	}
	return b.meter(wins, excl, reqs), nil
}

// impactsOf returns the impacts of inc: Impacts as written (Measure sorts
// them itself, so it skips the sorted copy EffectiveImpacts makes), or the
// impacts derived from the timeline when there are none.
func impactsOf(inc *rca.Incident) []rca.Impact {
	if len(inc.Impacts) > 0 {
		return inc.Impacts
	}
	return inc.EffectiveImpacts()
}

// latest returns the latest instant recorded in the incidents.
func latest(incidents []*rca.Incident, impacts [][]rca.Impact) time.Time {
	var t time.Time
	later := func(u time.Time) {
		if u.After(t) {
			t = u
		}
	}
	for i, inc := range incidents {
		if inc == nil {
			continue
		}
		for _, im := range impacts[i] {
			later(im.Start)
			later(im.End)
		}
		for _, ev := range inc.Timeline {
			later(ev.At)
		}
		for _, c := range inc.Communications {
			later(c.At)
		}
	}
	return t
}

// nanos converts t to nanoseconds since the Unix epoch, recording a problem
// at path(field) when t is out of range.
func (b *builder) nanos(path func(string) string, field string, t time.Time) int64 {
	if !interval.Measurable(t) {
		b.probs.Addf(path(field), "%q is outside the measurable years %s", t.Format(time.RFC3339), interval.MeasurableYears)
		return 0
	}
	return t.UnixNano()
}

// joiner returns a function giving the path of a field inside path.
func joiner(path string) func(string) string {
	return func(field string) string { return problem.Join(path, field) }
}

// covered returns the index of component c among the covered components,
// or -1 when the policy does not cover it.
func (b *builder) covered(c string) int32 {
	if k, ok := b.comps[c]; ok {
		return k
	}
	if len(b.p.Components) > 0 {
		return -1
	}
	k := int32(len(b.compNames))
	b.comps[c] = k
	b.compNames = append(b.compNames, c)
	return k
}

// collect turns the incidents' impacts into weighted impacts of covered
// components.
func (b *builder) collect(incidents []*rca.Incident, impacts [][]rca.Impact, asOf time.Time) {
	b.comps = map[string]int32{}
	ids := map[string]int{}
	for _, c := range b.p.Components {
		if _, ok := b.comps[c]; !ok {
			b.comps[c] = int32(len(b.compNames))
			b.compNames = append(b.compNames, c)
		}
	}
	n := 0
	for _, ims := range impacts {
		n += len(ims)
	}
	b.imps = make([]impact, 0, n)
	b.srcs = make([]source, 0, n)
	for i, inc := range incidents {
		path := problem.Index("incidents", i)
		if inc == nil {
			b.probs.Add(path, "missing incident")
			continue
		}
		if inc.ID != "" {
			if err := rca.CheckID(inc.ID); err != nil {
				b.probs.Addf(problem.Join(path, "id"), "%v", err)
				continue
			}
		}
		if j, dup := ids[inc.ID]; dup && inc.ID != "" {
			// Two incidents with one ID would be merged in attributions and
			// in credits' idempotency keys: refuse rather than guess.
			b.probs.Addf(problem.Join(path, "id"), "%q is also the id of %s", inc.ID, problem.Index("incidents", j))
			continue
		}
		ids[inc.ID] = i
		incIdx := int32(len(b.incidents))
		b.incidents = append(b.incidents, inc.ID)
		if b.p.DownWhen == AllDown && len(b.p.Components) == 0 {
			for _, c := range inc.Components {
				b.covered(c)
			}
		}
		for j, im := range impacts[i] {
			ipath := func(field string) string { return problem.Join(problem.Index(problem.Join(path, "impacts"), j), field) }
			comp := b.covered(im.Component)
			if comp < 0 {
				continue
			}
			end := im.End
			if end.IsZero() {
				end = asOf
			} else if end.Before(im.Start) {
				b.probs.Add(ipath("end"), "before start")
				continue
			}
			if !im.Start.Before(end) {
				continue
			}
			cls, ok := b.class(ipath, im)
			if !ok || cls < 0 {
				continue
			}
			s, e := b.nanos(ipath, "start", im.Start), b.nanos(ipath, "end", end)
			b.imps = append(b.imps, impact{s: s, e: e, cls: cls, comp: comp, src: int32(len(b.srcs))})
			b.srcs = append(b.srcs, source{component: im.Component, level: im.Level, incident: incIdx})
		}
	}
}

// class returns the weight class of an impact, or -2 when it weighs zero;
// false when the impact is invalid.
func (b *builder) class(path func(string) string, im rca.Impact) (int32, bool) {
	if im.Level >= rca.Level(rca.NumLevels) {
		b.probs.Addf(path("level"), "unknown level %q", im.Level.String())
		return 0, false
	}
	if !b.p.UserMinutes || im.Affected.IsAll() {
		if c := b.levelCls[im.Level]; c >= 0 || c == -2 {
			return c, true
		}
		w := b.p.Weight(im.Level)
		if w.Sign() <= 0 {
			b.levelCls[im.Level] = -2
			return -2, true
		}
		c := b.addClass(w)
		b.levelCls[im.Level] = c
		return c, true
	}
	sh := im.Affected
	if sh.Affected.Sign() < 0 || sh.Of.Sign() < 0 || sh.Affected.GreaterThan(sh.Of) {
		b.probs.Addf(path("affected"), "%q is not a share between none and all", sh.Affected.String()+" of "+sh.Of.String())
		return 0, false
	}
	key := shareKey{im.Level, sh.Affected.String(), sh.Of.String()}
	if c, ok := b.shareCls[key]; ok {
		return c, true
	}
	w := sh.Weigh(b.p.Weight(im.Level), weightScale)
	c := int32(-2)
	if w.Sign() > 0 {
		c = b.addClass(w)
	}
	b.shareCls[key] = c
	return c, true
}

// addClass returns the class of weight w, adding it when new.
func (b *builder) addClass(w decimal.Decimal) int32 {
	for i, x := range b.weights {
		if x.Equal(w) {
			return int32(i)
		}
	}
	b.weights = append(b.weights, w)
	return int32(len(b.weights) - 1)
}

// exclusions returns the excluded time as sorted disjoint spans: every
// exclusion of the policy and of opts, except maintenance announced later
// than the policy's minimum notice.
func (b *builder) exclusions(extra []Exclusion) []span {
	var out []span
	var ms []span
	limited := b.p.Maintenance.Allowance > 0
	add := func(path string, ex Exclusion) {
		if ex.End.Before(ex.Start) {
			b.probs.Add(problem.Join(path, "end"), "before start")
			return
		}
		if !b.p.applies(ex) {
			return
		}
		sp := span{b.nanos(joiner(path), "start", ex.Start), b.nanos(joiner(path), "end", ex.End)}
		if limited && ex.Maintenance {
			ms = append(ms, sp)
			return
		}
		out = append(out, sp)
	}
	for i, ex := range b.p.Exclusions {
		add(problem.Index("exclusions", i), ex)
	}
	for i, ex := range extra {
		add(problem.Index("options.exclusions", i), ex)
	}
	out = normalize(out)
	if len(ms) > 0 && b.probs.Len() == 0 {
		out = normalize(append(out, b.allowance(ms, out)...))
	}
	return out
}

// applies reports whether exclusion ex excludes its span under the policy:
// always for an exclusion that is not maintenance; for maintenance, when
// the policy has no minimum notice or the maintenance was announced at
// least that long before it started.
func (p *Policy) applies(ex Exclusion) bool {
	if !ex.Maintenance || p.Maintenance.MinNotice <= 0 {
		return true
	}
	if ex.Announced.IsZero() {
		return false
	}
	return ex.Start.Sub(ex.Announced) >= p.Maintenance.MinNotice
}

// rangeOf resolves the measured range.
func (b *builder) rangeOf(opts Options, asOf time.Time, reqs []request) (from, to time.Time) {
	from, to = opts.From, opts.To
	if !from.IsZero() && !to.IsZero() {
		return from, to
	}
	var first, last int64
	have := false
	see := func(s, e int64) {
		if !have || s < first {
			first = s
		}
		if !have || e > last {
			last = e
		}
		have = true
	}
	for _, im := range b.imps {
		see(im.s, im.e)
	}
	if b.p.Indicator == RequestBased {
		iv := int64(b.p.interval())
		for _, r := range reqs {
			see(r.at, r.at+iv)
		}
	}
	if from.IsZero() {
		if !have {
			return time.Time{}, time.Time{}
		}
		from = time.Unix(0, first)
	}
	if to.IsZero() {
		switch {
		case !opts.From.IsZero() && !asOf.IsZero():
			to = asOf
		case have:
			to = time.Unix(0, last)
		}
	}
	return from, to
}

// windows returns the policy's windows overlapping [from, to).
func (b *builder) windows(from, to time.Time) []interval.Interval {
	if from.IsZero() || to.IsZero() || !from.Before(to) {
		return nil
	}
	return b.p.Window.tiles(b.loc, from, to)
}

// tiles returns the windows of w in loc that overlap [from, to): calendar
// windows, or rolling ones tiling it backwards from to.
func (w Window) tiles(loc *time.Location, from, to time.Time) []interval.Interval {
	switch w.Kind {
	case Rolling:
		return calendar.Rolling(w.Days, loc, from, to)
	default:
		return calendar.Windows(w.Kind.months(), loc, from, to)
	}
}

// IsWindow reports whether [start, end) is one of p's measurement windows:
// a calendar month, quarter or year of its zone, exactly, or for rolling
// windows a span of its number of calendar days in its zone (rolling
// windows are laid backwards from the end of what is measured, so any
// such span is one). A ledger checks the windows it was credited for with
// it.
func (p *Policy) IsWindow(start, end time.Time) bool {
	if !start.Before(end) {
		return false
	}
	ws := p.Window.tiles(p.zone(), start, end)
	return len(ws) == 1 && ws[0].Start.Equal(start) && ws[0].End.Equal(end)
}

// CalendarWindow returns the calendar window of p (month, quarter or
// year in its zone) that contains t, half-open [start, end). ok is false
// for a Rolling policy: its windows are laid backwards from the end of
// what is measured, so no instant picks one by itself.
func (p *Policy) CalendarWindow(t time.Time) (start, end time.Time, ok bool) {
	if p.Window.Kind == Rolling {
		return time.Time{}, time.Time{}, false
	}
	ws := calendar.Windows(p.Window.Kind.months(), p.zone(), t, t.Add(time.Nanosecond))
	return ws[0].Start, ws[0].End, true
}

// months returns the length of a calendar window kind in months.
func (k WindowKind) months() int {
	switch k {
	case Quarter:
		return 3
	case Year:
		return 12
	}
	return 1
}

// pieces returns the downtime of the covered components as sorted disjoint
// pieces at the weight of each instant, before exclusions and windows.
func (b *builder) pieces() []piece {
	imps := b.imps
	sortImpacts(imps)
	if b.p.DownWhen == AllDown {
		return b.allDown(imps)
	}
	return envelope(byClass(imps, len(b.weights)))
}

// byClass buckets impacts sorted by start into one chain per class, keeping
// the order.
func byClass(imps []impact, classes int) [][]piece {
	if classes == 1 {
		return [][]piece{chain(imps, make([]piece, 0, len(imps)))}
	}
	buckets := make([][]impact, classes)
	counts := make([]int, classes)
	for _, im := range imps {
		counts[im.cls]++
	}
	for k := range buckets {
		buckets[k] = make([]impact, 0, counts[k])
	}
	for _, im := range imps {
		buckets[im.cls] = append(buckets[im.cls], im)
	}
	chains := make([][]piece, classes)
	for k, l := range buckets {
		chains[k] = chain(l, make([]piece, 0, len(l)))
	}
	return chains
}

// allDown returns the pieces where every covered component is down, each
// at the smallest over components of the component's largest weight.
func (b *builder) allDown(imps []impact) []piece {
	if len(b.compNames) == 0 {
		return nil
	}
	per := make([][]impact, len(b.compNames))
	for _, im := range imps {
		per[im.comp] = append(per[im.comp], im)
	}
	var out []piece
	for c, l := range per {
		if len(l) == 0 {
			return nil
		}
		env := envelope(byClass(l, len(b.weights)))
		if c == 0 {
			out = env
		} else {
			out = intersectMin(out, env)
		}
	}
	return out
}

// sortClasses orders the weight classes from the heaviest down and renumbers
// the impacts' classes to match.
func (b *builder) sortClasses() {
	order := make([]int32, len(b.weights))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool { return b.weights[order[i]].GreaterThan(b.weights[order[j]]) })
	remap := make([]int32, len(order))
	sorted := make([]decimal.Decimal, len(order))
	for newIdx, old := range order {
		remap[old] = int32(newIdx)
		sorted[newIdx] = b.weights[old]
	}
	b.weights = sorted
	for i := range b.imps {
		b.imps[i].cls = remap[b.imps[i].cls]
	}
	for i := range b.over {
		b.over[i].cls = remap[b.over[i].cls]
	}
}
