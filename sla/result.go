package sla

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// Options are the inputs of Measure besides the policy and the incidents.
//
// Options is safe for concurrent use as long as no goroutine modifies it
// (its slices and maps are shared, not copied).
type Options struct {
	// From and To bound the range measured: every window that overlaps
	// [From, To) is reported whole. When both are zero the range is the
	// span of the incidents' impacts.
	From, To time.Time

	// AsOf is the instant ongoing impacts are measured up to. Zero means To,
	// or the latest instant of the incidents when To is zero too.
	AsOf time.Time

	// ActiveFrom and ActiveUntil bound when the measured resource existed
	// (zero: unbounded). Downtime outside is not counted; with the
	// ActiveTime denominator, neither is the time. The counting rules
	// (whole minutes, minimum downtime period) judge the window as a whole
	// before the restriction, as Meter.Active does.
	ActiveFrom, ActiveUntil time.Time

	// Exclusions are added to the policy's own.
	Exclusions []Exclusion

	// Requests are the request counts of a RequestBased policy.
	Requests []RequestCount
}

// RequestCount is the number of requests in one interval of a request-based
// measurement, starting at Start and lasting the policy's Requests.Interval.
//
// RequestCount is a plain value: safe for concurrent use.
type RequestCount struct {
	Start  time.Time
	Total  int64
	Failed int64
}

// Result is the measurement of one window.
//
// Durations are exact. Weighted downtime and the budget are decimal
// seconds. Availability is a percentage rounded half-up to 10 decimal
// places; AvailabilityAt rounds the exact value to fewer places for
// display, and Compare compares the exact value.
//
// A Result is safe for concurrent use as long as no goroutine modifies it;
// its Spans and Incidents may be shared with the Meter that made it.
type Result struct {
	PolicyID      string
	PolicyVersion string

	// Start and End bound the window [Start, End) in the policy's zone.
	Start, End time.Time
	// Length is End − Start.
	Length time.Duration
	// Excluded is the excluded time inside the window (and active time).
	Excluded time.Duration
	// Measured is the denominator: the window, less inactive time under
	// ActiveTime, less excluded time under ExcludeFromDenominator.
	Measured time.Duration

	// Downtime is the down time counted after granularity, minimum
	// downtime period and exclusions, before weights.
	Downtime time.Duration
	// Weighted is the counted downtime after level weights and user-minute
	// shares, in seconds: the figure availability is computed from.
	Weighted decimal.Decimal

	// IntervalLength is the length of the intervals of the policy's
	// interval rule, zero when it has none. DownIntervals are then the
	// qualifying intervals of the window (for a restricted active range,
	// those that overlap it), in order; unless the rule only counts, each
	// counts whole in Downtime. A credit rule may count them, such as a
	// credit of the hourly price for every clock hour with more than six
	// minutes of downtime.
	IntervalLength time.Duration
	DownIntervals  []DownInterval

	// Availability is 100 × (1 − Weighted ÷ Measured), in percent, rounded
	// half-up to 10 decimal places; 100 when Measured is zero. For a
	// RequestBased policy it is 100 − the mean error rate. To show fewer
	// places use AvailabilityAt, not Availability.Round.
	Availability decimal.Decimal
	Objective    decimal.Decimal
	// Met reports whether the exact availability is at least Objective.
	Met bool

	Budget Budget

	// Spans are the pieces of counted downtime, in order, with the weight
	// each counted at and the impact that set it: the "why" of Weighted.
	Spans []Span

	// Incidents are the IDs of the incidents with counted downtime in the
	// window, sorted.
	Incidents []string

	// ActiveFrom and ActiveUntil are the active range the result is
	// restricted to (see Meter.Active); zero when unbounded.
	ActiveFrom, ActiveUntil time.Time

	// Requests holds the figures of a RequestBased policy; nil otherwise.
	Requests *RequestStats
}

// RequestStats are the figures of a request-based measurement of a window.
//
// RequestStats is a plain value: safe for concurrent use.
type RequestStats struct {
	// Intervals is the number of intervals the mean is taken over: every
	// interval of the window (the last one may be shorter), less those
	// wholly excluded under ExcludeFromDenominator.
	Intervals int64
	// Total and Failed are the requests counted in those intervals.
	Total, Failed int64
	// DowntimeAbove is the policy's requests.downtime_above (zero: error
	// rates are averaged). When set, DownIntervals is the number of
	// intervals whose error rate is above it, and the "mean error rate"
	// (MeanErrorNum ÷ MeanErrorDen) is the share of such intervals.
	DowntimeAbove decimal.Decimal
	DownIntervals int64
	// MeanErrorNum ÷ MeanErrorDen is the exact mean error rate (a ratio in
	// [0, 1], not a percentage), as a reduced fraction of integers; it is
	// 0 ÷ 1 when no request failed. The availability is 100 × (1 − it).
	MeanErrorNum, MeanErrorDen decimal.Decimal
}

// Budget is the error budget of a window, in seconds.
//
// Budget is a plain value: safe for concurrent use.
type Budget struct {
	// Allowed is Measured × (100 − Objective) ÷ 100.
	Allowed decimal.Decimal
	// Consumed is Weighted.
	Consumed decimal.Decimal
	// Remaining is Allowed − Consumed; negative when the budget is blown.
	Remaining decimal.Decimal
	// Burn is Consumed ÷ Allowed as a percentage (138.9 means 138.9%),
	// rounded half-up to 4 decimal places. When Allowed is zero (an
	// objective of 100%, or nothing measured) there is no budget and no
	// burn to state: Burn is zero, and the JSON form and Explain say so
	// (budget_burn_percent null, "no budget to burn") rather than show a
	// 0% that would read as "nothing used".
	Burn decimal.Decimal
}

// Span is a piece of counted downtime with a constant weight.
//
// Span is a plain value: safe for concurrent use.
type Span struct {
	Start, End time.Time
	// Weight is the fraction of each second that counts, in (0, 1].
	Weight decimal.Decimal
	// Component, Level and Incident identify the impact that set the
	// weight (for AllDown, the least-weighted covered component).
	Component string
	Level     rca.Level
	// OverAllowance marks scheduled maintenance beyond the policy's
	// maintenance allowance, which counts as downtime at full weight; such
	// a span has no component or incident, and Level is UnderMaintenance.
	OverAllowance bool
	Incident      string
}

// DownInterval is an interval that qualified under the policy's interval
// rule.
//
// DownInterval is a plain value: safe for concurrent use.
type DownInterval struct {
	Start, End time.Time
	// Down is the down time in the interval that made it qualify.
	Down time.Duration
}
