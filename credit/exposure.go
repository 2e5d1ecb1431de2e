package credit

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// ExposureOptions say which hypothetical outages an Exposure prices and where
// it places them.
//
// ExposureOptions is safe for concurrent use as long as no goroutine
// modifies it or its slices.
type ExposureOptions struct {
	// Window is an instant inside the window priced: for each policy, the
	// window that holds it (for a rolling policy, the window that ends
	// just after it). Required.
	Window time.Time
	// Durations are the lengths of the hypothetical outage, one point of
	// the curve each: zero or more, in increasing order, at most
	// MaxExposurePoints of them. Zero is the window as the incidents left
	// it. Required.
	Durations []time.Duration
	// Components the outage takes down. Empty means every component the
	// policies cover: those they list, else those the incidents name, else
	// one component called "service".
	Components []string
	// Level of the outage. The zero Level (Operational, which is no
	// outage) means rca.MajorOutage.
	Level rca.Level
	// Place says where each outage starts; At is the instant of PlaceAt.
	Place Place
	At    time.Time
}

// MaxExposurePoints bounds the number of durations of one curve.
const MaxExposurePoints = 10000

// Place says where a hypothetical outage starts. The zero Place is
// PlaceWorst.
//
// Place is a plain value: safe for concurrent use.
type Place uint8

// The placements.
const (
	// PlaceWorst puts the outage where it counts the most weighted
	// downtime in the windows priced, summed over the policies, given
	// what the windows already hold: exclusions and maintenance (never
	// downtime), whole-minute counting, minimum downtime periods (an
	// outage next to a blip too short to count makes it count), window
	// boundaries, and the incidents' own downtime (an outage over it adds
	// nothing). Of the placements that count the most, the one that
	// continues the incidents (as PlaceAfter) is taken when it is one of
	// them, else the earliest that starts inside the windows, else the
	// earliest. See Placement.Rule.
	PlaceWorst Place = iota
	// PlaceAt starts the outage at ExposureOptions.At.
	PlaceAt
	// PlaceAfter starts the outage where the incidents' impacts in the
	// window end (for an ongoing one, at Config.AsOf): the incident goes
	// on. It needs an incident with impact in a window priced.
	PlaceAfter
)

var placeNames = [...]string{"worst", "at", "after"}

func (p Place) String() string {
	if int(p) < len(placeNames) {
		return placeNames[p]
	}
	return fmt.Sprintf("Place(%d)", uint8(p))
}

// Curve is what hypothetical outages of each length would cost: one Point
// per duration, on top of what the window's incidents already cost (Base).
// Every amount is exact: a point's total in a currency is the sum, over
// the subscriptions, of the amount the window's credit line would have
// with the outage less the amount it has without it (see Exposure).
//
// A Curve is safe for concurrent use as long as no goroutine modifies it.
type Curve struct {
	// Windows are the windows priced, one per policy, in the order of
	// Config.Policies.
	Windows []ExposureWindow
	// Components and Level describe the outage (the defaults resolved).
	Components []string
	Level      rca.Level
	// Place is the placement asked for.
	Place Place
	// Base is the credit run of the windows with the incidents alone,
	// what the points are on top of: empty without incidents.
	Base Summary
	// Points, one per duration, in the order of the durations.
	Points []Point
	// Crossings are the credit tiers the outages reach that the incidents
	// alone do not, and the caps: for each plan, the first point where a
	// subscription's line is in a new tier or capped.
	Crossings []Crossing
	// Read counts the subscriptions read, Rejected those refused (Read
	// includes them).
	Read, Rejected int64
}

// ExposureWindow is a window priced and what its incidents count in it.
//
// ExposureWindow is a plain value: safe for concurrent use.
type ExposureWindow struct {
	Policy, Version string
	Start, End      time.Time
	// Downtime and Weighted are what the incidents count in the window,
	// before any hypothetical outage (as sla.Result).
	Downtime time.Duration
	Weighted decimal.Decimal
}

// Point is the cost of one hypothetical outage.
//
// A Point is safe for concurrent use as long as no goroutine modifies it.
type Point struct {
	Duration time.Duration
	// Placement is where the outage was put; its zero value for a zero
	// Duration (no outage).
	Placement Placement
	// Downtime and Weighted are what the windows count with the outage, by
	// window (as Curve.Windows).
	Downtime []time.Duration
	Weighted []decimal.Decimal
	// Credited counts the subscriptions the outage credits more.
	Credited int64
	// Currencies are the costs per currency, sorted by currency code;
	// Plans per plan and currency, sorted by plan then currency. Every
	// currency and plan of the run has one at every point, zero included.
	Currencies []Cost
	Plans      []Cost
}

// Placement is where a hypothetical outage starts and why there.
//
// Placement is a plain value: safe for concurrent use.
type Placement struct {
	Start, End time.Time
	Rule       PlacementRule
}

// PlacementRule says why an outage was placed where it was.
//
// PlacementRule is a plain value: safe for concurrent use.
type PlacementRule uint8

// The placement rules; names in files: "none", "worst", "worst-continues",
// "at", "after".
const (
	// NoPlacement: a zero duration, no outage.
	NoPlacement PlacementRule = iota
	// Worst: the earliest placement that counts the most downtime (one
	// starting inside the windows when there is one).
	Worst
	// WorstContinues: counts the most downtime and continues the
	// incidents (preferred over an earlier one that counts as much).
	WorstContinues
	// AtInstant: at the instant asked for (PlaceAt).
	AtInstant
	// AfterIncidents: where the incidents' impacts end (PlaceAfter).
	AfterIncidents
)

var placementRuleNames = [...]string{"none", "worst", "worst-continues", "at", "after"}

func (r PlacementRule) String() string {
	if int(r) < len(placementRuleNames) {
		return placementRuleNames[r]
	}
	return fmt.Sprintf("PlacementRule(%d)", uint8(r))
}

// Cost is what an outage adds to the credits of one currency, over every
// plan (Plan empty) or for one plan.
//
// Cost is a plain value: safe for concurrent use.
type Cost struct {
	Plan     string
	Currency currency.Unit
	// Amount is the sum of what the outage adds to each subscription's
	// credit: exact, each part rounded as its line is.
	Amount decimal.Decimal
	// Total is Base's total for the same currency (and plan) plus Amount:
	// what the window's credit lines would sum to with the outage.
	Total decimal.Decimal
	// Subscriptions counts those the outage credits more.
	Subscriptions int64
}

// Crossing is a credit tier (or the cap) a plan's subscriptions reach
// between two points of the curve.
//
// Crossing is a plain value: safe for concurrent use.
type Crossing struct {
	Plan     string
	Currency currency.Unit
	// Band is the tier reached, as Line.Band writes it ("≥ 95 and < 99:
	// 25%"); empty when Capped.
	Band string
	// Capped: the cap is reached.
	Capped bool
	// After and At are the durations of the points around the crossing:
	// no subscription of the plan was in the band (or capped) at After,
	// at least one is at At. After is At for a crossing at the first
	// point.
	After, At time.Duration
	// Subscriptions counts those of the plan in the band (or capped) at At.
	Subscriptions int64
}

// ErrNotTimeBased is returned by NewExposure for a request-based policy: what
// an outage costs there depends on the requests it fails, which a length
// does not say.
var ErrNotTimeBased = errors.New("exposure prices outages under time-based policies only")

// Exposure prices hypothetical outages: for each duration of its options,
// an outage of that length of the options' components at their level,
// placed as their Place says, on top of the incidents of its Config, in
// the window of each policy that holds the options' Window. NewExposure
// places the outages; Run reads the subscriptions once and returns the
// Curve:
//
//	x, err := credit.NewExposure(cfg, credit.ExposureOptions{Window: april, Durations: durations})
//	subs := credit.ReadSubscriptions(f, credit.ReadOptions{File: "subs.csv", Zones: x.Zones()})
//	curve, err := x.Run(ctx, subs, nil)
//
// A point is defined by two runs of the Calculator of the Config over the
// window: one with its incidents and the outage (the incident Outage
// returns for the point's Placement), one with the incidents alone. Each
// subscription's cost is the amount of its line in the first less that in
// the second; the point's costs are their exact sums, so a point's Total
// is, to the last digit, the total of the lines "postmortem credits"
// writes for the incidents and that outage. With a Config.Ledger, both
// runs settle every line against it (under Config.OverCredit): a point is
// what the settlement of the window with the outage issues beyond the
// settlement without it, on top of what the ledger says was issued, and
// Base is the settlement of the incidents alone.
//
// An Exposure is immutable once built: Run is safe for concurrent use.
type Exposure struct {
	base      *Calculator
	proto     Curve               // the curve before any subscription is read
	points    []exposurePoint     // by point
	policy    map[*sla.Policy]int // the index of each policy
	hull      []region            // by policy: where any outage counts differently
	plans     []*planState        // the base's plans, by ID
	planIndex map[*planState]int  // the index of each in plans
	// maxCohorts bounds the cohorts a run keeps at once (see the const
	// maxCohorts, its value but in tests of the flush).
	maxCohorts int
}

// exposurePoint is a point of an Exposure, prepared: each policy's window
// measured with the outage, and where that changes what it counts.
type exposurePoint struct {
	m []measurement // by policy; nil for a zero duration (no outage)
	// regions are, by policy, where the window counts differently with
	// the outage than without it (see changed): a subscription active
	// only outside gets the credit it gets without the outage.
	regions []region
}

// region is a span [lo, hi) of a window; the zero region is empty.
type region struct {
	lo, hi time.Time
	ok     bool
}

// meets reports whether a subscription active during [from, until) (zero:
// unbounded) was active at some instant of r.
func (r region) meets(from, until time.Time) bool {
	return r.ok && (from.IsZero() || from.Before(r.hi)) && (until.IsZero() || until.After(r.lo))
}

// union returns the smallest region holding r and o.
func (r region) union(o region) region {
	switch {
	case !o.ok:
		return r
	case !r.ok:
		return o
	}
	if o.lo.Before(r.lo) {
		r.lo = o.lo
	}
	if o.hi.After(r.hi) {
		r.hi = o.hi
	}
	return r
}

// NewExposure checks cfg as NewCalculator does and opts, measures the
// windows and places every outage. cfg.From and cfg.To must be zero: the
// windows priced are those holding opts.Window. Set cfg.AsOf when an
// incident is ongoing: its impacts end there. Errors: a *problem.Error
// for the plans, policies and incidents, an *OptionsError,
// ErrNotTimeBased, a *TooManyPlacementsError, or an error saying why an
// outage cannot be placed.
func NewExposure(cfg Config, opts ExposureOptions) (*Exposure, error) {
	if !cfg.From.IsZero() || !cfg.To.IsZero() {
		return nil, &OptionsError{Problems: []string{"Config.From and To must be zero: the windows priced are those holding Window"}}
	}
	if err := checkExposureOptions(&opts); err != nil {
		return nil, err
	}
	for _, p := range cfg.Policies {
		// Before NewCalculator, which refuses it too for want of request
		// counts: an exposure could not use them either (see
		// ErrNotTimeBased).
		if p != nil && p.Indicator == sla.RequestBased {
			return nil, fmt.Errorf("policy %q: %w", p.ID, ErrNotTimeBased)
		}
	}
	cfg.From, cfg.To = opts.Window, opts.Window.Add(time.Nanosecond)
	base, err := NewCalculator(cfg)
	if err != nil {
		return nil, err
	}
	pl, err := newPlacer(cfg, &opts)
	if err != nil {
		return nil, err
	}
	x := &Exposure{base: base, maxCohorts: maxCohorts, points: make([]exposurePoint, len(opts.Durations)),
		policy: map[*sla.Policy]int{}, hull: make([]region, len(cfg.Policies))}
	for i, p := range cfg.Policies {
		x.policy[p] = i
	}
	for _, st := range base.plans {
		x.plans = append(x.plans, st)
	}
	slices.SortFunc(x.plans, func(a, b *planState) int { return strings.Compare(a.plan.ID, b.plan.ID) })
	x.planIndex = make(map[*planState]int, len(x.plans))
	for i, st := range x.plans {
		x.planIndex[st] = i
	}
	c := &x.proto
	c.Components, c.Level, c.Place = pl.components, pl.level, opts.Place
	for i, p := range cfg.Policies {
		r := pl.baseResults[i]
		c.Windows = append(c.Windows, ExposureWindow{Policy: p.ID, Version: p.Version,
			Start: r.Start, End: r.End, Downtime: r.Downtime, Weighted: r.Weighted})
	}
	c.Points = make([]Point, len(opts.Durations))
	sopts := sla.Options{From: cfg.From, To: cfg.To, AsOf: cfg.AsOf, Exclusions: cfg.Exclusions}
	for k, d := range opts.Durations {
		pt, xp := &c.Points[k], &x.points[k]
		pt.Duration = d
		if d == 0 {
			pt.Downtime, pt.Weighted = pl.baseFigures()
			xp.regions = make([]region, len(cfg.Policies))
			continue
		}
		if pt.Placement, _, err = pl.place(d); err != nil {
			return nil, err
		}
		incidents := append(slices.Clip(cfg.Incidents), pl.outage(pt.Placement))
		for i, p := range cfg.Policies {
			meter, err := sla.NewMeter(p, incidents, sopts)
			if err != nil {
				return nil, fmt.Errorf("measuring policy %q with an outage of %v: %w", p.ID, d, err)
			}
			r := meter.Results()[0]
			pt.Downtime = append(pt.Downtime, r.Downtime)
			pt.Weighted = append(pt.Weighted, r.Weighted)
			var g region
			g.lo, g.hi, g.ok = changed(pl.baseResults[i].Spans, r.Spans)
			xp.m = append(xp.m, measurement{meter: meter, counter: counts.Of(meter)})
			xp.regions = append(xp.regions, g)
			x.hull[i] = x.hull[i].union(g)
		}
	}
	return x, nil
}

// Zones returns the billing zone of every plan, by plan ID: the zone
// subscription dates are read in (see ReadSubscriptions).
func (x *Exposure) Zones() map[string]*time.Location {
	if x.base == nil {
		return map[string]*time.Location{} // the zero Exposure: no plans
	}
	return x.base.Zones()
}

// checkExposureOptions checks opts and resolves its defaults.
func checkExposureOptions(opts *ExposureOptions) error {
	var msgs []string
	if opts.Window.IsZero() {
		msgs = append(msgs, "no window: set Window to an instant inside the window to price")
	}
	switch n := len(opts.Durations); {
	case n == 0:
		msgs = append(msgs, "no durations")
	case n > MaxExposurePoints:
		msgs = append(msgs, fmt.Sprintf("%d durations: at most %d", n, MaxExposurePoints))
	}
	for i, d := range opts.Durations {
		if d < 0 {
			msgs = append(msgs, fmt.Sprintf("durations[%d]: %v is negative", i, d))
		}
		if i > 0 && d <= opts.Durations[i-1] {
			msgs = append(msgs, fmt.Sprintf("durations[%d]: %v is not after %v: give them in increasing order, once each", i, d, opts.Durations[i-1]))
		}
	}
	if opts.Level == rca.Operational {
		opts.Level = rca.MajorOutage
	}
	if int(opts.Level) >= rca.NumLevels {
		msgs = append(msgs, fmt.Sprintf("unknown level %d", opts.Level))
	}
	switch opts.Place {
	case PlaceWorst, PlaceAfter:
	case PlaceAt:
		if opts.At.IsZero() {
			msgs = append(msgs, "PlaceAt without At")
		}
	default:
		msgs = append(msgs, fmt.Sprintf("unknown placement %v", opts.Place))
	}
	for i, c := range opts.Components {
		if c == "" {
			msgs = append(msgs, fmt.Sprintf("components[%d]: empty name", i))
		}
	}
	if len(msgs) > 0 {
		return &OptionsError{Problems: msgs}
	}
	return nil
}

// OptionsError lists what is wrong with ExposureOptions.
//
// OptionsError is safe for concurrent use as long as no goroutine
// modifies it.
type OptionsError struct {
	Problems []string
}

func (e *OptionsError) Error() string {
	return "exposure options: " + strings.Join(e.Problems, "; ")
}
