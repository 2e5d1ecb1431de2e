package sla

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
)

// defaultInterval is the request interval when the policy sets none.
const defaultInterval = 5 * time.Minute

// interval returns the length of a request-based measurement's intervals.
func (p *Policy) interval() time.Duration {
	if p.Requests.Interval > 0 {
		return p.Requests.Interval
	}
	return defaultInterval
}

// NoRequestsError is returned by Measure and NewMeter for a RequestBased
// policy (every OpenSLO SLO source/openslo reads is one) given no request
// counts (Options.Requests is empty): its availability is 100% less the
// requests' error rate, which incidents do not say, so measured from
// incidents alone it would read 100%, objective met, whatever the outage.
// A service without traffic still has counts, of zero requests.
//
// Packages that measure incidents only (credit.NewCalculator,
// report.NewStatement) return it wrapped; find it with errors.As.
type NoRequestsError struct {
	Policy string // the policy's ID
}

func (e *NoRequestsError) Error() string {
	return fmt.Sprintf("policy %q is request based: its availability comes from request counts, not from incidents, and none were given (sla.Options.Requests; source/prometheus reads them from Prometheus)", e.Policy)
}

// request is a RequestCount in nanoseconds.
type request struct {
	at            int64
	total, failed int64
}

// requests checks and converts the request counts, sorted by start.
func (b *builder) requests(rcs []RequestCount) []request {
	out := make([]request, 0, len(rcs))
	for i, rc := range rcs {
		path := problem.Index("options.requests", i)
		switch {
		case rc.Total < 0 || rc.Failed < 0:
			b.probs.Add(path, "negative request count")
			continue
		case rc.Failed > rc.Total:
			b.probs.Addf(path, "%d failed of %d requests", rc.Failed, rc.Total)
			continue
		}
		out = append(out, request{b.nanos(joiner(path), "start", rc.Start), rc.Total, rc.Failed})
	}
	slices.SortStableFunc(out, func(x, y request) int { return cmp.Compare(x.at, y.at) })
	return out
}

// reqWindow is the request-based measurement of one window.
type reqWindow struct {
	intervals     int64
	total, failed int64
	above         decimal.Decimal // the policy's downtime threshold, percent; zero: none
	down          int64           // intervals above the threshold
	mean          big.Rat         // exact mean error rate, or the share of downtime intervals
}

// stats returns the window's figures.
func (q *reqWindow) stats() *RequestStats {
	return &RequestStats{
		Intervals:     q.intervals,
		Total:         q.total,
		Failed:        q.failed,
		DowntimeAbove: q.above,
		DownIntervals: q.down,
		MeanErrorNum:  decimal.NewFromBigInt(new(big.Int).Set(q.mean.Num()), 0),
		MeanErrorDen:  decimal.NewFromBigInt(new(big.Int).Set(q.mean.Denom()), 0),
	}
}

// requestWindow measures the window [ws, we) cut into intervals of iv
// nanoseconds from its start (the last one may be shorter). Requests count
// in the interval their start falls in. Each interval's error rate is
// failed ÷ total of its requests, 0 without requests; an interval wholly
// inside excluded time has no errors, and under ExcludeFromDenominator is
// left out of the mean altogether. The mean is over all remaining
// intervals. With a downtime threshold (above > 0, a percentage), an
// interval whose error rate is above it counts 1 and the others 0 instead
// of their error rates, so the mean is the share of downtime intervals.
func requestWindow(ws, we, iv int64, excl []span, reqs []request, exclFromDen bool, above decimal.Decimal) *reqWindow {
	n := (we - ws + iv - 1) / iv
	end := func(k int64) int64 { return min(ws+(k+1)*iv, we) }
	excluded := func(k int64) bool {
		s := ws + k*iv
		j, _ := slices.BinarySearchFunc(excl, s, func(x span, t int64) int { return cmp.Compare(x.e, t+1) })
		return j < len(excl) && excl[j].s <= s && excl[j].e >= end(k)
	}
	q := &reqWindow{intervals: n, above: above}
	if exclFromDen {
		for _, x := range excl {
			first := -floorDiv(-(x.s - ws), iv) // ⌈(s − ws) ÷ iv⌉
			last := floorDiv(x.e-ws, iv)        // intervals before it end by x.e
			if x.e >= we {
				last = n
			}
			q.intervals -= max(0, last-first)
		}
	}
	lo, _ := slices.BinarySearchFunc(reqs, ws, func(r request, t int64) int { return cmp.Compare(r.at, t) })
	var sum big.Rat
	for i := lo; i < len(reqs) && reqs[i].at < we; {
		k := (reqs[i].at - ws) / iv
		var total, failed int64
		for ; i < len(reqs) && reqs[i].at < we && (reqs[i].at-ws)/iv == k; i++ {
			total += reqs[i].total
			failed += reqs[i].failed
		}
		if excluded(k) {
			continue
		}
		q.total += total
		q.failed += failed
		switch {
		case above.Sign() > 0:
			// failed ÷ total > above ÷ 100 ⇔ 100 × failed > above × total.
			if decimal.NewFromInt(failed).Shift(2).GreaterThan(above.Mul(decimal.NewFromInt(total))) {
				q.down++
				sum.Add(&sum, big.NewRat(1, 1))
			}
		case failed > 0:
			sum.Add(&sum, new(big.Rat).SetFrac64(failed, total))
		}
	}
	if q.intervals > 0 {
		q.mean.Quo(&sum, new(big.Rat).SetInt64(q.intervals))
	}
	return q
}
