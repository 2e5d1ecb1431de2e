package prometheus

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/enum"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// Role says what the series of a file holds.
//
// Role is a plain value: safe for concurrent use.
type Role uint8

// The roles; names on the command line: "bad_ratio", "good_ratio",
// "total", "good", "bad". The zero Role is BadRatio.
const (
	// BadRatio: the share of failed requests in each step, in [0, 1], as
	// SLO recording rules compute it (failed rate ÷ total rate).
	BadRatio Role = iota
	// GoodRatio: the share of successful requests in each step.
	GoodRatio
	// Total: the number of requests, with Good or Bad.
	Total
	// Good: the number of successful requests, with Total.
	Good
	// Bad: the number of failed requests, with Total.
	Bad
)

var roleNames = enum.Names[Role]{"bad_ratio", "good_ratio", "total", "good", "bad"}

// ParseRole returns the role with the given name.
func ParseRole(s string) (Role, error) { return roleNames.Parse(s) }

func (r Role) String() string { return roleNames.String(r) }

// isRatio reports whether r is one of the ratio roles.
func (r Role) isRatio() bool { return r == BadRatio || r == GoodRatio }

// Series is one query's result and the role of its series.
//
// Series is safe for concurrent use as long as no goroutine modifies its
// File's Data.
type Series struct {
	Role Role
	File source.File
}

// Opts are the options of Requests.
//
// Opts is a plain value: safe for concurrent use.
type Opts struct {
	// Interval is the length of the intervals of the request-based
	// measurement (the policy's requests.interval); zero means 5 minutes,
	// the sla package's default.
	Interval time.Duration

	// Step is the query's step; zero means the spacing of the samples
	// (the smallest gap between two of them), or Interval for a series of
	// one sample.
	Step time.Duration

	// Counter says that Total, Good and Bad hold cumulative counters (the
	// counter queried itself, e.g. sum(http_requests_total)), whose
	// increase between two samples is the requests between them; otherwise
	// each sample is the number of requests in the step that ends at it
	// (e.g. sum(increase(http_requests_total[5m])) with a 5m step).
	Counter bool
}

// defaultInterval is sla's request interval when a policy gives none.
const defaultInterval = 5 * time.Minute

// ErrRoles is returned (wrapped) when the series given are not one ratio,
// or Total with one of Good and Bad.
var ErrRoles = errors.New("want one bad_ratio or good_ratio series, or total with good or bad")

// Requests converts the results of Prometheus range queries into the
// request counts of a request-based SLA measurement (sla.Options.Requests):
// one RequestCount per step, starting where the step starts. The series
// given are one ratio (BadRatio or GoodRatio), or Total with Good or Bad.
// See the package documentation for what each sample becomes.
//
// Problems of the files are returned together as a *rca.ValidationError,
// each with its file, line, column and JSON path; a combination of roles
// that is not one of those is an error wrapping ErrRoles.
func Requests(opts Opts, series ...Series) ([]sla.RequestCount, error) {
	if err := checkRoles(series); err != nil {
		return nil, err
	}
	if opts.Interval <= 0 {
		opts.Interval = defaultInterval
	}
	var probs problem.List
	read := make([]*reading, len(series))
	ok := true
	for i, s := range series {
		r := jsonsrc.NewReader(s.File.Name, s.File.Data)
		sr, good := readResult(r)
		read[i] = &reading{Series: s, r: r, s: sr}
		if good {
			good = read[i].check(opts)
		}
		ok = ok && good
	}
	var out []sla.RequestCount
	if ok {
		out = combine(read)
	}
	for _, rd := range read {
		for _, p := range rd.r.Problems() {
			probs.AddProblem(p)
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkRoles checks the combination of roles.
func checkRoles(series []Series) error {
	var n [Bad + 1]int
	for _, s := range series {
		if int(s.Role) >= len(roleNames) {
			return fmt.Errorf("prometheus: unknown role %d: %w", s.Role, ErrRoles)
		}
		n[s.Role]++
	}
	ratios := n[BadRatio] + n[GoodRatio]
	switch {
	case ratios == 1 && len(series) == 1:
		return nil
	case ratios == 0 && n[Total] == 1 && n[Good]+n[Bad] == 1 && len(series) == 2:
		return nil
	}
	roles := make([]string, len(series))
	for i, s := range series {
		roles[i] = s.Role.String()
	}
	return fmt.Errorf("prometheus: roles %q: %w", roles, ErrRoles)
}

// reading is one file read, its samples checked and turned into counts.
type reading struct {
	Series
	r      *jsonsrc.Reader
	s      series
	counts []count // by step start, in order
}

// count is what one step holds: requests (Total, Good, Bad) or a ratio
// as the fraction failed/total (the ratio roles), with the sample it comes
// from.
type count struct {
	start         time.Time
	total, failed int64 // for Good, failed holds the good requests
	smp           *sample
}

// check checks the samples of a reading and computes its counts.
func (rd *reading) check(opts Opts) bool {
	if rd.s.empty {
		if rd.Role == Bad {
			return true // no failure series: no failures
		}
		rd.r.Problem(rd.s.off, rd.s.path, "no series: the query matched nothing")
		return false
	}
	smps := rd.s.samples
	slices.SortStableFunc(smps, func(a, b sample) int { return a.at.Compare(b.at) })
	for i := 1; i < len(smps); i++ {
		if smps[i].at.Equal(smps[i-1].at) {
			rd.r.Problemf(smps[i].off, smps[i].path, "a second sample at %s", smps[i].at.Format(time.RFC3339Nano))
			return false
		}
	}
	step := opts.Step
	if step <= 0 {
		step = opts.Interval
		for i := 1; i < len(smps); i++ {
			if d := smps[i].at.Sub(smps[i-1].at); i == 1 || d < step {
				step = d
			}
		}
	}
	if len(smps) > 0 {
		off, path := rd.s.off, rd.s.path
		switch {
		case rd.Role.isRatio() && step != opts.Interval:
			rd.r.Problemf(off, path, "the samples are %s apart, the policy's intervals %s long: ratios of other steps cannot be combined into the intervals' error rates; query with step=%s", step, opts.Interval, opts.Interval)
			return false
		case !rd.Role.isRatio() && opts.Interval%step != 0:
			rd.r.Problemf(off, path, "the samples are %s apart, which does not divide the policy's %s intervals: a step's requests would straddle two intervals", step, opts.Interval)
			return false
		}
	}
	good := true
	var prev *sample
	for i := range smps {
		s := &smps[i]
		if prev != nil && s.at.Sub(prev.at)%step != 0 {
			rd.r.Problemf(s.off, s.path, "%s is not a whole number of %s steps after the sample before", s.at.Format(time.RFC3339Nano), step)
			good = false
		}
		c, ok := rd.count(s, prev, step, opts.Counter)
		switch {
		case !ok:
			good = false
		case c != nil:
			rd.counts = append(rd.counts, *c)
		}
		prev = s
	}
	return good
}

// count converts one sample (prev is the one before, for counters).
func (rd *reading) count(s, prev *sample, step time.Duration, counter bool) (*count, bool) {
	bad := func(format string, args ...any) (*count, bool) {
		rd.r.Problemf(s.off, s.path, format, args...)
		return nil, false
	}
	if rd.Role.isRatio() {
		if s.nan {
			// 0 ÷ 0: no requests in the step, which counts 0% errors.
			return &count{start: s.at.Add(-step), smp: s}, true
		}
		v := s.value
		if v.Sign() < 0 || v.GreaterThan(decimal.NewFromInt(1)) {
			return bad("%s is not a ratio in [0, 1]", v)
		}
		if rd.Role == GoodRatio {
			v = decimal.NewFromInt(1).Sub(v)
		}
		f, ok := fraction(v)
		if !ok {
			return bad("%s has too many digits to be a ratio of request counts", s.value)
		}
		return &count{start: s.at.Add(-step), total: f.den, failed: f.num, smp: s}, true
	}
	if s.nan {
		return bad("NaN is not a number of requests")
	}
	n, ok := whole(s.value)
	if !ok {
		return bad("%s is not a whole number of requests (rate() and increase() extrapolate: query the counter itself, as a counter)", s.value)
	}
	if !counter {
		return &count{start: s.at.Add(-step), total: n, smp: s}, true
	}
	if prev == nil {
		return nil, true // the first value of a counter only starts it
	}
	if gap := s.at.Sub(prev.at); gap != step {
		return bad("%s after the sample before, not one %s step: the requests between cannot be placed in their intervals", gap, step)
	}
	inc := n
	if p, _ := whole(prev.value); n >= p {
		inc = n - p
	} // else the counter restarted from zero: its value is the increase
	return &count{start: prev.at, total: inc, smp: s}, true
}

// whole returns v as a non-negative int64 when it is one.
func whole(v decimal.Decimal) (int64, bool) {
	if v.Sign() < 0 || !v.Equal(v.Truncate(0)) || v.GreaterThan(decimal.NewFromInt(math.MaxInt64)) {
		return 0, false
	}
	return v.IntPart(), true
}

// frac is a fraction num/den of int64s.
type frac struct{ num, den int64 }

// fraction returns v, in [0, 1], as a reduced fraction of int64s.
func fraction(v decimal.Decimal) (frac, bool) {
	r := v.Rat()
	if !r.Num().IsInt64() || !r.Denom().IsInt64() {
		return frac{}, false
	}
	return frac{r.Num().Int64(), r.Denom().Int64()}, true
}

// combine turns the readings into request counts.
func combine(read []*reading) []sla.RequestCount {
	if len(read) == 1 {
		out := make([]sla.RequestCount, len(read[0].counts))
		for i, c := range read[0].counts {
			out[i] = sla.RequestCount{Start: c.start, Total: c.total, Failed: c.failed}
		}
		return out
	}
	total, part := read[0], read[1]
	if total.Role != Total {
		total, part = part, total
	}
	byStart := make(map[int64]*count, len(part.counts))
	for i := range part.counts {
		byStart[part.counts[i].start.UnixNano()] = &part.counts[i]
	}
	out := make([]sla.RequestCount, 0, len(total.counts))
	ok := true
	for _, c := range total.counts {
		p := byStart[c.start.UnixNano()]
		delete(byStart, c.start.UnixNano())
		var n int64
		switch {
		case p != nil:
			n = p.total
		case part.s.empty:
			// no failures at all
		default:
			total.r.Problemf(c.smp.off, c.smp.path, "the %s series has no sample for this step", part.Role)
			ok = false
			continue
		}
		if n > c.total {
			part.r.Problemf(p.smp.off, p.smp.path, "%d %s requests of %d in all", n, part.Role, c.total)
			ok = false
			continue
		}
		failed := n
		if part.Role == Good {
			failed = c.total - n
		}
		out = append(out, sla.RequestCount{Start: c.start, Total: c.total, Failed: failed})
	}
	for _, p := range part.counts {
		if byStart[p.start.UnixNano()] != nil {
			part.r.Problemf(p.smp.off, p.smp.path, "the total series has no sample for this step")
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return out
}
