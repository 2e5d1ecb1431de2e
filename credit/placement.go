package credit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// placer puts hypothetical outages into the windows priced. Every figure
// it judges a placement by is sla's own measurement of the windows with the
// outage added: it never counts downtime itself.
type placer struct {
	policies   []*sla.Policy
	incidents  []*rca.Incident
	opts       sla.Options // the windows priced: From, To, AsOf, Exclusions
	components []string
	level      rca.Level
	mode       Place
	at         time.Time
	id         string // the outage's incident ID, unique among the incidents

	baseResults []sla.Result // by policy: the window with the incidents alone
	// breaks are the instants where what a placement counts may change:
	// window bounds, exclusion bounds, impact bounds, AsOf.
	breaks []time.Time
	// cont is where the incidents' impacts in the windows end (zero when
	// they have none there): PlaceAfter's start.
	cont time.Time
	// minDowns are the policies' distinct minimum downtime periods;
	// minutes is set when a policy counts whole minutes.
	minDowns []time.Duration
	minutes  bool
	// work counts what the worst placements cost so far, against
	// MaxPlacementWork.
	work int
}

// MaxPlacementWork bounds what finding the worst placements of one
// Exposure may cost, counted as the candidate starts measured times the
// instants where a placement may change (window, exclusion and impact
// bounds: what each measurement goes through). The seed's incident in a
// month, priced every quarter of an hour up to 72 hours, costs about a
// hundred thousand; a window holding thousands of impacts or exclusions
// would cost more than NewExposure lets it run for (about 25 million, a
// few seconds), and it is refused with a TooManyPlacementsError before
// anything is measured for that length: place the outage (PlaceAt,
// PlaceAfter), or price fewer lengths.
const MaxPlacementWork = 25_000_000

// TooManyPlacementsError is returned by NewExposure when finding the worst
// placements would cost more than MaxPlacementWork.
//
// TooManyPlacementsError is a plain value: safe for concurrent use.
type TooManyPlacementsError struct {
	// Duration is the outage length being placed when the budget ran out,
	// Candidates the starts it had to measure and Breaks the instants
	// each measurement goes through.
	Duration           time.Duration
	Candidates, Breaks int
}

func (e *TooManyPlacementsError) Error() string {
	return fmt.Sprintf("placing an outage of %v where it counts the most means measuring the windows at %d starts through %d bounds of impacts and exclusions, more than the placements of one exposure may cost: place it at an instant or after the incidents, or price fewer lengths",
		e.Duration, e.Candidates, e.Breaks)
}

// errNoImpactToContinue is returned for PlaceAfter without any impact in
// the windows priced.
var errNoImpactToContinue = errors.New("no incident has impact in the windows priced: nothing to place the outage after")

// newPlacer measures the windows of cfg (From and To set) with the
// incidents alone and gathers what placements are judged by.
func newPlacer(cfg Config, opts *ExposureOptions) (*placer, error) {
	pl := &placer{policies: cfg.Policies, incidents: cfg.Incidents, level: opts.Level, mode: opts.Place, at: opts.At,
		opts: sla.Options{From: cfg.From, To: cfg.To, AsOf: cfg.AsOf, Exclusions: cfg.Exclusions}}
	asOf := cfg.AsOf
	if asOf.IsZero() {
		asOf = cfg.To // as sla.NewMeter ends ongoing impacts
	}
	pl.id = OutageID(cfg.Incidents)
	for _, p := range cfg.Policies {
		rs, err := sla.Measure(p, cfg.Incidents, pl.opts)
		if err != nil {
			return nil, fmt.Errorf("measuring policy %q: %w", p.ID, err)
		}
		if len(rs) != 1 {
			return nil, fmt.Errorf("policy %q has %d windows holding %s", p.ID, len(rs), cfg.From.Format(time.RFC3339))
		}
		pl.baseResults = append(pl.baseResults, rs[0])
		pl.breaks = append(pl.breaks, rs[0].Start, rs[0].End)
		for _, ex := range p.Exclusions {
			pl.breaks = append(pl.breaks, ex.Start, ex.End)
		}
		if p.Granularity == sla.WholeMinutes {
			pl.minutes = true
		}
		if p.MinDowntime > 0 && !slices.Contains(pl.minDowns, p.MinDowntime) {
			pl.minDowns = append(pl.minDowns, p.MinDowntime)
		}
	}
	for _, ex := range cfg.Exclusions {
		pl.breaks = append(pl.breaks, ex.Start, ex.End)
	}
	if !cfg.AsOf.IsZero() {
		pl.breaks = append(pl.breaks, cfg.AsOf)
	}
	if err := pl.resolveComponents(opts.Components); err != nil {
		return nil, err
	}
	for _, inc := range cfg.Incidents {
		for _, im := range inc.EffectiveImpacts() {
			end := im.End
			if im.IsOngoing() {
				end = asOf
			}
			pl.breaks = append(pl.breaks, im.Start, end)
			if im.Level == rca.Operational || !pl.covered(im.Component) {
				continue
			}
			for _, r := range pl.baseResults {
				if im.Start.Before(r.End) && end.After(r.Start) && im.Start.Before(end) {
					if e := minTime(end, r.End); e.After(pl.cont) {
						pl.cont = e
					}
				}
			}
		}
	}
	if pl.mode == PlaceAfter && pl.cont.IsZero() {
		return nil, errNoImpactToContinue
	}
	return pl, nil
}

// resolveComponents sets the components the outage takes down: those
// given, which a policy must cover; else those the policies list; else
// those the incidents name; else "service".
func (pl *placer) resolveComponents(given []string) error {
	if len(given) > 0 {
		for _, c := range given {
			if !slices.Contains(pl.components, c) {
				pl.components = append(pl.components, c)
			}
		}
		for _, c := range pl.components {
			if pl.covered(c) {
				return nil
			}
		}
		return fmt.Errorf("no policy covers %q: an outage of it costs nothing", pl.components)
	}
	for _, p := range pl.policies {
		for _, c := range p.Components {
			if !slices.Contains(pl.components, c) {
				pl.components = append(pl.components, c)
			}
		}
	}
	if len(pl.components) > 0 && !pl.anyCoversAll() {
		return nil
	}
	for _, inc := range pl.incidents {
		for _, c := range inc.AllComponents() {
			if !slices.Contains(pl.components, c) {
				pl.components = append(pl.components, c)
			}
		}
	}
	if len(pl.components) == 0 {
		pl.components = []string{"service"}
	}
	return nil
}

// anyCoversAll reports whether a policy covers every component.
func (pl *placer) anyCoversAll() bool {
	for _, p := range pl.policies {
		if len(p.Components) == 0 {
			return true
		}
	}
	return false
}

// covered reports whether a policy covers component c.
func (pl *placer) covered(c string) bool {
	for _, p := range pl.policies {
		if len(p.Components) == 0 || slices.Contains(p.Components, c) {
			return true
		}
	}
	return false
}

// baseFigures returns the downtime the windows count without an outage.
func (pl *placer) baseFigures() ([]time.Duration, []decimal.Decimal) {
	var ds []time.Duration
	var ws []decimal.Decimal
	for _, r := range pl.baseResults {
		ds, ws = append(ds, r.Downtime), append(ws, r.Weighted)
	}
	return ds, ws
}

// outage returns the incident of a hypothetical outage placed at p: the
// components down at the level from p.Start to p.End.
func (pl *placer) outage(p Placement) *rca.Incident {
	return Outage(pl.id, pl.components, pl.level, p.Start, p.End)
}

// Outage returns the incident Exposure adds to price an outage of the
// components at level from start to end: one impact per component, with
// the given ID. Credit a subscription with it (and the incidents) to check
// a point of a curve line by line.
func Outage(id string, components []string, level rca.Level, start, end time.Time) *rca.Incident {
	inc := &rca.Incident{ID: id, Title: "Hypothetical outage", Status: rca.StatusResolved, Components: slices.Clone(components)}
	for _, c := range components {
		inc.Impacts = append(inc.Impacts, rca.Impact{Component: c, Level: level, Start: start, End: end})
	}
	return inc
}

// OutageID returns the ID Exposure gives its outage incident: one no
// incident of incidents has.
func OutageID(incidents []*rca.Incident) string {
	ids := map[string]bool{}
	for _, inc := range incidents {
		ids[inc.ID] = true
	}
	id := "hypothetical-outage"
	for n := 2; ids[id]; n++ {
		id = "hypothetical-outage-" + strconv.Itoa(n)
	}
	return id
}

// measure returns the windows' results with an outage from start for d,
// and the sum of their weighted downtime.
func (pl *placer) measure(start time.Time, d time.Duration) ([]sla.Result, decimal.Decimal, error) {
	incs := append(slices.Clip(pl.incidents), pl.outage(Placement{Start: start, End: start.Add(d)}))
	out := make([]sla.Result, len(pl.policies))
	sum := decimal.Zero
	for i, p := range pl.policies {
		rs, err := sla.Measure(p, incs, pl.opts)
		if err != nil {
			return nil, sum, fmt.Errorf("measuring policy %q with an outage of %v at %s: %w", p.ID, d, start.Format(time.RFC3339), err)
		}
		out[i] = rs[0]
		sum = sum.Add(rs[0].Weighted)
	}
	return out, sum, nil
}

// place returns where an outage of length d goes, and the windows' results
// with it.
func (pl *placer) place(d time.Duration) (Placement, []sla.Result, error) {
	switch pl.mode {
	case PlaceAt:
		res, _, err := pl.measure(pl.at, d)
		return Placement{Start: pl.at, End: pl.at.Add(d), Rule: AtInstant}, res, err
	case PlaceAfter:
		res, _, err := pl.measure(pl.cont, d)
		return Placement{Start: pl.cont, End: pl.cont.Add(d), Rule: AfterIncidents}, res, err
	}
	var best Placement
	var bestRes []sla.Result
	var bestSum decimal.Decimal
	cands := pl.candidates(d)
	if pl.work += len(cands) * len(pl.breaks); pl.work > MaxPlacementWork {
		return Placement{}, nil, &TooManyPlacementsError{Duration: d, Candidates: len(cands), Breaks: len(pl.breaks)}
	}
	for i, s := range cands {
		res, sum, err := pl.measure(s, d)
		if err != nil {
			return Placement{}, nil, err
		}
		if i == 0 || sum.GreaterThan(bestSum) {
			best, bestRes, bestSum = Placement{Start: s, End: s.Add(d), Rule: Worst}, res, sum
			if !pl.cont.IsZero() && s.Equal(pl.cont) {
				best.Rule = WorstContinues
			}
		}
	}
	return best, bestRes, nil
}

// candidates returns the starts at which an outage of length d may count
// the most, in order of preference: the continuation of the incidents
// first, then those inside the windows in time order, then those before
// the windows in time order. What a placement counts is piecewise linear
// in its start between the instants where its start or end crosses a
// break (a window, exclusion or impact bound), where one of its runs
// reaches a minimum downtime period, or where a counted minute begins; it
// is largest at one of those instants, which are the candidates: for each
// break b, b and b − d, b − P and b + P − d for each minimum downtime
// period P, each moved to the minute boundaries around it (of its start
// and of its end) when a policy counts whole minutes. Candidates whose
// outage misses every window are left out.
func (pl *placer) candidates(d time.Duration) []time.Time {
	var raw []time.Time
	for _, b := range pl.breaks {
		raw = append(raw, b, b.Add(-d))
		for _, p := range pl.minDowns {
			raw = append(raw, b.Add(-p), b.Add(p-d))
		}
	}
	if pl.minutes {
		for _, c := range raw[:len(raw):len(raw)] {
			end := c.Add(d)
			raw = append(raw, floorMinute(c), ceilMinute(c), floorMinute(end).Add(-d), ceilMinute(end).Add(-d))
		}
	}
	hits := func(s time.Time) bool {
		e := s.Add(d)
		for _, r := range pl.baseResults {
			if s.Before(r.End) && e.After(r.Start) {
				return true
			}
		}
		return false
	}
	var out []time.Time
	for _, s := range raw {
		if hits(s) {
			out = append(out, s.UTC())
		}
	}
	// Starts inside the windows first, then those before them (an outage
	// that covers a whole window from before it counts no more than one
	// from its start), each in time order.
	first := pl.baseResults[0].Start
	for _, r := range pl.baseResults[1:] {
		first = minTime(first, r.Start)
	}
	slices.SortFunc(out, func(a, b time.Time) int {
		if ina, inb := !a.Before(first), !b.Before(first); ina != inb {
			if ina {
				return -1
			}
			return 1
		}
		return a.Compare(b)
	})
	out = slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
	if !pl.cont.IsZero() {
		if i := slices.IndexFunc(out, pl.cont.Equal); i > 0 {
			copy(out[1:i+1], out[:i])
			out[0] = pl.cont.UTC()
		}
	}
	return out
}

// floorMinute and ceilMinute round t down and up to a UTC minute.
func floorMinute(t time.Time) time.Time { return t.Truncate(time.Minute) }

func ceilMinute(t time.Time) time.Time {
	f := t.Truncate(time.Minute)
	if f.Equal(t) {
		return f
	}
	return f.Add(time.Minute)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// changed returns the smallest span [lo, hi) outside which the counted
// downtime of two measurements of one window is the same, instant by
// instant and weight by weight (their spans; which incident a span is
// attributed to does not matter); ok is false when they count the same
// everywhere. A subscription active only outside [lo, hi) gets the same
// figures from both, hence the same credit.
func changed(a, b []sla.Span) (lo, hi time.Time, ok bool) {
	var cuts []time.Time
	for _, s := range a {
		cuts = append(cuts, s.Start, s.End)
	}
	for _, s := range b {
		cuts = append(cuts, s.Start, s.End)
	}
	slices.SortFunc(cuts, func(x, y time.Time) int { return x.Compare(y) })
	cuts = slices.CompactFunc(cuts, func(x, y time.Time) bool { return x.Equal(y) })
	// weight returns the weight of spans at t (zero outside them), moving
	// *i along spans as t grows.
	weight := func(spans []sla.Span, i *int, t time.Time) decimal.Decimal {
		for *i < len(spans) && !spans[*i].End.After(t) {
			*i++
		}
		if *i < len(spans) && !spans[*i].Start.After(t) {
			return spans[*i].Weight
		}
		return decimal.Zero
	}
	var ia, ib int
	for k := 0; k+1 < len(cuts); k++ {
		t := cuts[k]
		if weight(a, &ia, t).Equal(weight(b, &ib, t)) {
			continue
		}
		if !ok {
			lo, ok = t, true
		}
		hi = cuts[k+1]
	}
	return lo, hi, ok
}
