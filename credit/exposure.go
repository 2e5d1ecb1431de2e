package credit

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

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
// writes for the incidents and that outage.
//
// An Exposure is immutable once built: Run is safe for concurrent use.
type Exposure struct {
	base  *Calculator
	calcs []*Calculator // by point; nil for a zero duration
	proto Curve         // the curve before any subscription is read
	// regions are, by point then policy, where the window counts
	// differently with the outage than without it (see changed): a
	// subscription active only outside gets its line without the outage.
	regions [][]region
	policy  map[string]int // the index of each plan's policy
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

// NewExposure checks cfg as NewCalculator does and opts, measures the
// windows and places every outage. cfg.From and cfg.To must be zero: the
// windows priced are those holding opts.Window. Set cfg.AsOf when an
// incident is ongoing: its impacts end there. Errors: a
// *rca.ValidationError for the plans, policies and incidents, an
// *OptionsError, ErrNotTimeBased, or an error saying why an outage cannot
// be placed.
func NewExposure(cfg Config, opts ExposureOptions) (*Exposure, error) {
	if !cfg.From.IsZero() || !cfg.To.IsZero() {
		return nil, &OptionsError{Problems: []string{"Config.From and To must be zero: the windows priced are those holding Window"}}
	}
	if err := checkExposureOptions(&opts); err != nil {
		return nil, err
	}
	cfg.From, cfg.To = opts.Window, opts.Window.Add(time.Nanosecond)
	base, err := NewCalculator(cfg)
	if err != nil {
		return nil, err
	}
	for _, p := range cfg.Policies {
		if p.Indicator != sla.TimeBased {
			return nil, fmt.Errorf("policy %q: %w", p.ID, ErrNotTimeBased)
		}
	}
	pl, err := newPlacer(cfg, &opts)
	if err != nil {
		return nil, err
	}
	x := &Exposure{base: base, calcs: make([]*Calculator, len(opts.Durations)), regions: make([][]region, len(opts.Durations)),
		policy: map[string]int{}}
	for _, plan := range cfg.Plans {
		for i, p := range cfg.Policies {
			if p.ID == plan.Policy || plan.Policy == "" {
				x.policy[plan.ID] = i
			}
		}
	}
	c := &x.proto
	c.Components, c.Level, c.Place = pl.components, pl.level, opts.Place
	for i, p := range cfg.Policies {
		r := pl.baseResults[i]
		c.Windows = append(c.Windows, ExposureWindow{Policy: p.ID, Version: p.Version,
			Start: r.Start, End: r.End, Downtime: r.Downtime, Weighted: r.Weighted})
	}
	c.Points = make([]Point, len(opts.Durations))
	for k, d := range opts.Durations {
		pt := &c.Points[k]
		pt.Duration = d
		if d == 0 {
			pt.Downtime, pt.Weighted = pl.baseFigures()
			continue
		}
		var res []sla.Result
		if pt.Placement, res, err = pl.place(d); err != nil {
			return nil, err
		}
		for i, r := range res {
			pt.Downtime = append(pt.Downtime, r.Downtime)
			pt.Weighted = append(pt.Weighted, r.Weighted)
			var g region
			g.lo, g.hi, g.ok = changed(pl.baseResults[i].Spans, r.Spans)
			x.regions[k] = append(x.regions[k], g)
		}
		with := cfg
		with.Incidents = append(slices.Clip(cfg.Incidents), pl.outage(pt.Placement))
		if x.calcs[k], err = NewCalculator(with); err != nil {
			return nil, err
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

// Run credits every subscription subs yields without and with each outage
// and returns the curve of what the outages add. Memory stays flat: one
// subscription is held at a time.
//
// A subscription subs yields with a *RowError, or the Calculator refuses,
// is counted in Curve.Rejected and handed to reject when it is not nil; an
// error reject returns ends the run with that error, and so does any
// other error subs yields (a bad header, an error reading the input). When ctx is done, Run
// returns an *InterruptedError saying how far it got.
func (x *Exposure) Run(ctx context.Context, subs iter.Seq2[Subscription, error], reject func(*RowError) error) (*Curve, error) {
	if x.base == nil {
		return nil, errZeroExposure
	}
	c := x.proto.clone()
	acc := newCostAcc(len(c.Points))
	done := ctx.Done()
	var baseLines, lines []Line
	var last string
	refuse := func(re *RowError) error {
		c.Rejected++
		if reject != nil {
			return reject(re)
		}
		return nil
	}
	for sub, err := range subs {
		select {
		case <-done:
			return nil, &InterruptedError{Subscriptions: c.Read, Last: last, Err: context.Cause(ctx)}
		default:
		}
		c.Read++
		if err == nil {
			baseLines, err = x.base.AppendCredit(baseLines[:0], &sub)
		}
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				return nil, err // not a row problem: a bad header, an I/O error
			}
			if err := refuse(re); err != nil {
				return nil, err
			}
			continue
		}
		for i := range baseLines {
			c.Base.Add(&baseLines[i])
		}
		acc.addBase(baseLines)
		p, known := x.policy[sub.Plan]
		for k, calc := range x.calcs {
			lines = lines[:0]
			if calc == nil || known && !x.regions[k][p].meets(sub.From, sub.Until) {
				lines = append(lines, baseLines...) // the outage changes nothing the subscription saw
			} else if lines, err = calc.AppendCredit(lines, &sub); err != nil {
				return nil, fmt.Errorf("exposure: subscription %q: credited without the outage but refused with it: %w", sub.ID, err)
			}
			acc.add(k, baseLines, lines)
		}
		last = sub.ID
	}
	acc.finish(c)
	return c, nil
}

// RunCSV prices the subscriptions of a CSV file read from r, as Run
// prices those ReadSubscriptions reads from it: the path of the command
// line tool. opts.File names the file in errors, opts.Shard keeps one
// shard of the subscriptions, and opts.Reject is called with every row
// refused (see Run); opts.SkipZero does not apply.
func (x *Exposure) RunCSV(ctx context.Context, r io.Reader, opts BatchOptions) (*Curve, error) {
	subs := ReadSubscriptions(r, ReadOptions{File: opts.File, Zones: x.Zones(), Shard: opts.Shard})
	return x.Run(ctx, subs, opts.Reject)
}

// errZeroExposure is returned by the Run of an Exposure not built by
// NewExposure.
var errZeroExposure = errors.New("credit: an Exposure prices nothing until NewExposure builds it")

// clone returns a copy of c whose points can be filled in.
func (c *Curve) clone() *Curve {
	out := *c
	out.Points = slices.Clone(c.Points)
	return &out
}

// costAcc sums what the outages add, point by point.
type costAcc struct {
	points []map[costKey]*Cost // by point: per plan and currency
	// bands are, per plan, the bands (and "capped") its lines are in
	// without the outages, then the first point each other one is reached
	// at, with how many subscriptions are in it there.
	base  map[costKey]map[bandKey]bool
	first map[costKey]map[bandKey]int
	count map[costKey]map[bandKey]int64
	plans map[costKey]RuleKind
}

type costKey struct {
	plan string
	cur  currency.Unit
}

type bandKey struct {
	band   string
	capped bool
}

func newCostAcc(n int) *costAcc {
	a := &costAcc{points: make([]map[costKey]*Cost, n), base: map[costKey]map[bandKey]bool{},
		first: map[costKey]map[bandKey]int{}, count: map[costKey]map[bandKey]int64{}, plans: map[costKey]RuleKind{}}
	for k := range a.points {
		a.points[k] = map[costKey]*Cost{}
	}
	return a
}

// addBase records the bands of a subscription's lines without the
// outages.
func (a *costAcc) addBase(base []Line) {
	for i := range base {
		a.band(costKey{base[i].Plan, base[i].Currency}, &base[i], -1)
	}
}

// add adds to point k the cost of one subscription: its lines with the
// outage (with) less those without (base), window by window.
func (a *costAcc) add(k int, base, with []Line) {
	for i := range with {
		l, b := &with[i], &base[i]
		key := costKey{l.Plan, l.Currency}
		a.plans[key] = l.Rule
		c := a.points[k][key]
		if c == nil {
			c = &Cost{Plan: l.Plan, Currency: l.Currency}
			a.points[k][key] = c
		}
		diff := l.Amount.Sub(b.Amount)
		if !diff.IsZero() {
			c.Amount = c.Amount.Add(diff)
		}
		if diff.Sign() > 0 {
			c.Subscriptions++
		}
		a.band(key, l, k)
	}
}

// band records that a line of plan key is in its band (and capped) at
// point k; k < 0 is the base run.
func (a *costAcc) band(key costKey, l *Line, k int) {
	var bks [2]bandKey
	n := 0
	if l.Rule == Tiered && l.Band != "" {
		bks[n] = bandKey{band: l.Band}
		n++
	}
	if l.Capped {
		bks[n] = bandKey{capped: true}
		n++
	}
	for _, bk := range bks[:n] {
		if k < 0 {
			m := a.base[key]
			if m == nil {
				m = map[bandKey]bool{}
				a.base[key] = m
			}
			m[bk] = true
			continue
		}
		f := a.first[key]
		if f == nil {
			f, a.count[key] = map[bandKey]int{}, map[bandKey]int64{}
			a.first[key] = f
		}
		// Points come in increasing order for each subscription, but a
		// later subscription may reach the band at an earlier point.
		first, seen := f[bk]
		if !seen || k < first {
			f[bk], a.count[key][bk], first = k, 0, k
		}
		if k == first {
			a.count[key][bk]++
		}
	}
}

// finish fills the points and crossings of c.
func (a *costAcc) finish(c *Curve) {
	keys := make([]costKey, 0, len(a.plans))
	for key := range a.plans {
		keys = append(keys, key)
	}
	for _, p := range c.Base.Plans {
		if _, ok := a.plans[costKey{p.Plan, p.Currency}]; !ok {
			keys = append(keys, costKey{p.Plan, p.Currency})
		}
	}
	slices.SortFunc(keys, func(x, y costKey) int {
		return cmp.Or(cmp.Compare(x.plan, y.plan), cmp.Compare(x.cur.String(), y.cur.String()))
	})
	for k := range c.Points {
		pt := &c.Points[k]
		pt.Plans = make([]Cost, 0, len(keys))
		byCur := map[currency.Unit]*Cost{}
		credited := map[currency.Unit]int64{}
		for _, key := range keys {
			cost := Cost{Plan: key.plan, Currency: key.cur}
			if got := a.points[k][key]; got != nil {
				cost = *got
			}
			cost.Total = planTotal(&c.Base, key).Add(cost.Amount)
			pt.Plans = append(pt.Plans, cost)
			t := byCur[key.cur]
			if t == nil {
				t = &Cost{Currency: key.cur}
				byCur[key.cur] = t
			}
			t.Amount = t.Amount.Add(cost.Amount)
			t.Subscriptions += cost.Subscriptions
			credited[key.cur] += cost.Subscriptions
			pt.Credited += cost.Subscriptions
		}
		for _, t := range byCur {
			t.Total = c.Base.Total(t.Currency).Add(t.Amount)
			pt.Currencies = append(pt.Currencies, *t)
		}
		slices.SortFunc(pt.Currencies, func(x, y Cost) int { return cmp.Compare(x.Currency.String(), y.Currency.String()) })
	}
	for _, key := range keys {
		for bk, k := range a.first[key] {
			if a.base[key][bk] {
				continue
			}
			cr := Crossing{Plan: key.plan, Currency: key.cur, Band: bk.band, Capped: bk.capped,
				At: c.Points[k].Duration, After: c.Points[max(k-1, 0)].Duration, Subscriptions: a.count[key][bk]}
			c.Crossings = append(c.Crossings, cr)
		}
	}
	slices.SortFunc(c.Crossings, func(x, y Crossing) int {
		return cmp.Or(cmp.Compare(x.At, y.At), cmp.Compare(x.Plan, y.Plan),
			cmp.Compare(x.Currency.String(), y.Currency.String()), cmp.Compare(x.Band, y.Band))
	})
}

// planTotal returns the base total of a plan in a currency.
func planTotal(s *Summary, key costKey) decimal.Decimal {
	for _, p := range s.Plans {
		if p.Plan == key.plan && p.Currency == key.cur {
			return p.Amount
		}
	}
	return decimal.Zero
}
