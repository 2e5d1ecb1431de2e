package sla

import (
	"maps"
	"slices"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/internal/text"
	"github.com/outagekit/postmortem/rca"
)

// maxWeightPlaces is the largest number of decimal places a weight may
// have: weights are kept as integers scaled by 10^maxWeightPlaces.
const maxWeightPlaces = weightScale

// Validate checks the policy and returns a *problem.Error listing
// every problem with its field path (as in files: "weights.partial_outage",
// "exclusions[2].end"), or nil.
func (p *Policy) Validate() error {
	var l problem.List
	p.check(&l)
	return l.Err()
}

// check adds every problem of p to l.
func (p *Policy) check(l *problem.List) {
	// Every credit line repeats the ID and the version, and a ledger
	// read from lines refuses what Check refuses. The ID is required: it
	// names the policy in every credit line, idempotency key and ledger
	// match, which an empty one leaves blank.
	if p.ID == "" {
		l.Add("id", "missing: a policy id names the policy in every credit line and idempotency key")
	} else if err := text.Check(p.ID); err != nil {
		l.Addf("id", "policy id %q %v", p.ID, err)
	}
	if err := text.Check(p.Version); err != nil {
		l.Addf("version", "version %q %v", p.Version, err)
	}
	if p.Objective.Sign() <= 0 || p.Objective.GreaterThan(hundred) {
		l.Addf("objective", "%q is not a percentage in (0, 100]", p.Objective.String())
	}
	p.checkWindow(l)
	checkEnum(l, "indicator", p.Indicator.String(), int(p.Indicator) < len(indicatorNames))
	checkEnum(l, "down_when", p.DownWhen.String(), int(p.DownWhen) < len(downWhenNames))
	checkEnum(l, "granularity", p.Granularity.String(), int(p.Granularity) < len(granularityNames))
	checkEnum(l, "denominator", p.Denominator.String(), int(p.Denominator) < len(denominatorNames))
	for _, level := range slices.Sorted(maps.Keys(p.Weights)) {
		w := p.Weights[level]
		path := problem.Join("weights", level.String())
		switch {
		case int(level) >= rca.NumLevels:
			l.Addf(path, "unknown level %q", level.String())
		case w.Sign() < 0 || w.GreaterThan(one):
			l.Addf(path, "%q is not a weight in [0, 1]", w.String())
		case -w.Exponent() > maxWeightPlaces && !w.Equal(w.Round(maxWeightPlaces)):
			l.Addf(path, "%q has more than %d decimal places", w.String(), maxWeightPlaces)
		}
	}
	seen := map[string]int{}
	for i, c := range p.Components {
		path := problem.Index("components", i)
		if c == "" {
			l.Add(path, "empty component name")
		} else if j, ok := seen[c]; ok {
			l.Addf(path, "component %q is listed twice (also components[%d])", c, j)
		} else {
			seen[c] = i
		}
	}
	checkDuration(l, "minimum_downtime_period", p.MinDowntime, 0, MaxPeriod)
	checkDuration(l, "maintenance.minimum_notice", p.Maintenance.MinNotice, 0, MaxPeriod)
	if p.Requests.Interval != 0 {
		checkDuration(l, "requests.interval", p.Requests.Interval, time.Second, MaxRequestInterval)
	}
	if a := p.Requests.DowntimeAbove; a.Sign() < 0 || a.GreaterThanOrEqual(hundred) {
		l.Addf("requests.downtime_above", "%q is not an error rate in [0, 100) percent", a.String())
	}
	p.checkIntervals(l)
	p.checkAllowance(l)
	for i, ex := range p.Exclusions {
		path := problem.Index("exclusions", i)
		switch {
		case ex.Start.IsZero():
			l.Add(problem.Join(path, "start"), "missing")
		case ex.End.IsZero():
			l.Add(problem.Join(path, "end"), "missing")
		case !ex.End.After(ex.Start):
			l.Addf(problem.Join(path, "end"), "%q is not after start %q", ex.End.Format(time.RFC3339), ex.Start.Format(time.RFC3339))
		}
		for _, f := range []struct {
			name string
			t    time.Time
		}{{"start", ex.Start}, {"end", ex.End}, {"announced", ex.Announced}} {
			if !f.t.IsZero() && !interval.Measurable(f.t) {
				l.Addf(problem.Join(path, f.name), "%q is outside the measurable years %s", f.t.Format(time.RFC3339), interval.MeasurableYears)
			}
		}
		if !ex.Maintenance && !ex.Announced.IsZero() {
			l.Add(problem.Join(path, "announced"), "only maintenance is announced; set maintenance: true")
		}
	}
	p.ClaimDeadline.check(l, "claim_deadline")
	p.Tiers.check(l, "tiers", p.Objective, p.AllowGaps)
}

// The bounds of the counts and durations a policy (and a credit rule) may
// state: what a contract can mean. Validation refuses a value past them,
// so that nothing computed from a policy meets a count or a duration no
// one could have agreed to (a claim deadline of 2^63 − 1 billing cycles
// ran for ever; 3,000,000 days wrote the year 10238).
const (
	// MaxClaimDays bounds Deadline.Days: ten years.
	MaxClaimDays = 3660
	// MaxClaimCycles bounds Deadline.BillingCycles: ten years of monthly
	// billing.
	MaxClaimCycles = 120
	// MaxPeriod bounds the minimum downtime period and the minimum notice
	// of maintenance: a year.
	MaxPeriod = 366 * 24 * time.Hour
	// MaxRequestInterval bounds the interval of request-based measurement
	// (at least a second): a day.
	MaxRequestInterval = 24 * time.Hour
)

// Validate checks d and returns a *problem.Error listing every problem,
// or nil: a negative count, a count past MaxClaimDays or MaxClaimCycles,
// both fields set. Paths are relative to the deadline ("days"; "" for the
// deadline as a whole). Credit rules check their deadlines with it.
func (d Deadline) Validate() error {
	var l problem.List
	d.check(&l, "")
	return l.Err()
}

// check adds the problems Validate reports to list, with paths under path
// ("claim_deadline.days").
func (d Deadline) check(list *problem.List, path string) {
	for _, f := range []struct {
		name     string
		n, limit int
		what     string
	}{{"days", d.Days, MaxClaimDays, "days (ten years)"}, {"billing_cycles", d.BillingCycles, MaxClaimCycles, "billing cycles (ten years of monthly billing)"}} {
		switch {
		case f.n < 0:
			list.Addf(problem.Join(path, f.name), "%d is negative", f.n)
		case f.n > f.limit:
			list.Addf(problem.Join(path, f.name), "%d is more than a contract can mean: at most %d %s", f.n, f.limit, f.what)
		}
	}
	if d.Days != 0 && d.BillingCycles != 0 {
		list.Add(path, "both days and billing_cycles are set; a deadline has one")
	}
}

// maxRollingDays is the longest rolling window: 100 years keeps every
// window and duration far inside what time.Duration and the measurable
// years hold.
const maxRollingDays = 36500

// checkWindow adds the problems of p.Window to l.
func (p *Policy) checkWindow(l *problem.List) {
	w := p.Window
	switch {
	case int(w.Kind) >= len(windowKindNames):
		l.Addf("window.kind", "unknown value %q", w.Kind.String())
	case w.Kind == Rolling && w.Days < 1:
		l.Addf("window.days", "%d: a rolling window is at least 1 day long", w.Days)
	case w.Kind == Rolling && w.Days > maxRollingDays:
		l.Addf("window.days", "%d: a rolling window is at most %d days (100 years) long", w.Days, maxRollingDays)
	case w.Kind != Rolling && w.Days != 0:
		l.Addf("window.days", "only a rolling window has a length in days (kind is %q)", w.Kind.String())
	}
}

// checkEnum adds a problem when an enum field holds no known value.
func checkEnum(l *problem.List, path, name string, ok bool) {
	if !ok {
		l.Addf(path, "unknown value %q", name)
	}
}

// checkDuration adds a problem when d is outside [lo, hi]: negative, too
// short, or longer than a contract can mean.
func checkDuration(l *problem.List, path string, d, lo, hi time.Duration) {
	switch {
	case d < 0:
		l.Addf(path, "%q is negative", d.String())
	case d < lo:
		l.Addf(path, "%q is shorter than %s", d.String(), fileformat.FormatDuration(lo))
	case d > hi:
		l.Addf(path, "%q is longer than a contract can mean: at most %s", d.String(), fileformat.FormatDuration(hi))
	}
}

// minIntervalLength is the shortest interval of an IntervalRule: a month
// holds at most 44,640 of them, which keeps the counted spans few.
const minIntervalLength = time.Minute

// checkIntervals adds the problems of p.Intervals to l.
func (p *Policy) checkIntervals(l *problem.List) {
	r := p.Intervals
	checkEnum(l, "intervals.count_when", r.CountWhen.String(), int(r.CountWhen) < len(intervalCountNames))
	checkDuration(l, "intervals.threshold", r.Threshold, 0, MaxPeriod)
	thresholded := r.CountWhen == MoreThan || r.CountWhen == AtLeast
	switch {
	case r.Length == 0:
		if r.CountWhen != AnyDowntime || r.Threshold != 0 || r.CountOnly {
			l.Add("intervals.length", "missing: an interval rule needs the length of its intervals")
		}
		return
	case r.Length < minIntervalLength || r.Length > MaxPeriod:
		checkDuration(l, "intervals.length", r.Length, minIntervalLength, MaxPeriod)
		return
	case p.Indicator == RequestBased:
		l.Add("intervals", "a request-based policy has its own intervals (requests.interval); interval rules count time-based downtime")
	}
	switch {
	case !thresholded && r.Threshold != 0:
		l.Addf("intervals.threshold", "only more_than and at_least have a threshold (count_when is %q)", r.CountWhen.String())
	case thresholded && r.Threshold == 0:
		l.Addf("intervals.threshold", "missing: count_when %q needs a threshold", r.CountWhen.String())
	case r.Threshold < 0:
	case r.CountWhen == MoreThan && r.Threshold >= r.Length:
		l.Addf("intervals.threshold", "%q: no interval of %s has more than that down", r.Threshold.String(), r.Length.String())
	case r.CountWhen == AtLeast && r.Threshold > r.Length:
		l.Addf("intervals.threshold", "%q: no interval of %s has that much down", r.Threshold.String(), r.Length.String())
	}
}

// checkAllowance adds the problems of the maintenance allowance to l.
func (p *Policy) checkAllowance(l *problem.List) {
	m := p.Maintenance
	checkDuration(l, "maintenance.allowance", m.Allowance, 0, MaxPeriod)
	checkEnum(l, "maintenance.allowance_per", m.AllowancePer.String(), int(m.AllowancePer) < len(allowancePeriodNames))
	switch {
	case m.Allowance == 0 && m.AllowancePer != PerYear:
		l.Add("maintenance.allowance_per", "set without maintenance.allowance")
	case m.Allowance > 0 && p.Indicator == RequestBased:
		l.Add("maintenance.allowance", "a request-based policy counts no maintenance as downtime")
	}
}
