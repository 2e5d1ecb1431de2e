package sla

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// maxExplainedSpans is the number of spans Explain lists one by one.
const maxExplainedSpans = 50

// explainTime is how Explain prints instants: date, time and zone.
const explainTime = "2006-01-02 15:04:05 MST"

// Explain writes the arithmetic of r line by line, in English: the window,
// the counting rules of p (nil leaves them out), every counted span with
// its weight (the first 50, then a count), the sums, the division that
// gives the availability, the objective, the credit tier of p's schedule
// (when p has one) and the error budget. Times are in
// the zone of r.Start. The CLI and the report print it as the "why" of a
// figure.
func Explain(w io.Writer, p *Policy, r *Result) error {
	b := bufio.NewWriter(w)
	loc := r.Start.Location()
	at := func(t time.Time) string { return t.In(loc).Format(explainTime) }
	secs := func(d time.Duration) string { return seconds(int64(d)).String() + " s" }

	fmt.Fprintf(b, "window: %s – %s (%s = %s)\n", at(r.Start), at(r.End), r.Length, secs(r.Length))
	if !r.ActiveFrom.IsZero() || !r.ActiveUntil.IsZero() {
		fmt.Fprintf(b, "active: %s – %s; downtime outside is not counted\n", orOpen(r.ActiveFrom, at, "start"), orOpen(r.ActiveUntil, at, "end"))
	}
	if p != nil {
		fmt.Fprintf(b, "rules: %s\n", rules(p))
	}
	if q := r.Requests; q != nil {
		explainRequests(b, r, q)
	} else {
		explainSpans(b, r, at)
	}
	measuredWhy := "the window"
	switch {
	case p != nil && p.Denominator == ActiveTime && r.Excluded > 0 && p.ExcludeFromDenominator:
		measuredWhy = "the active time less excluded time"
	case p != nil && p.Denominator == ActiveTime:
		measuredWhy = "the active time"
	case r.Measured != r.Length:
		measuredWhy = "the window less excluded time"
	}
	fmt.Fprintf(b, "excluded: %s (never downtime)\n", secs(r.Excluded))
	fmt.Fprintf(b, "measured: %s (%s)\n", secs(r.Measured), measuredWhy)
	m := seconds(int64(r.Measured))
	switch {
	case r.Requests != nil:
		q := r.Requests
		fmt.Fprintf(b, "availability: 100 × (1 − %s ÷ %s) = %s%%\n", q.MeanErrorNum, q.MeanErrorDen, percent(r.Availability))
	case m.IsZero():
		fmt.Fprintf(b, "availability: nothing measured = %s%%\n", percent(r.Availability))
	default:
		fmt.Fprintf(b, "availability: 100 × (%s − %s) ÷ %s = %s%%\n", m, r.Weighted, m, percent(r.Availability))
	}
	verdict := "met"
	if !r.Met {
		verdict = "not met"
	}
	fmt.Fprintf(b, "objective: %s%%: %s\n", r.Objective, verdict)
	if p != nil && len(p.Tiers) > 0 {
		if i := p.Tiers.Find(r); i >= 0 {
			fmt.Fprintf(b, "credit tier: %s: %s%%\n", p.Tiers[i], p.Tiers[i].Credit)
		} else {
			fmt.Fprintln(b, "credit tier: none, the availability is in no tier of the schedule")
		}
	}
	bu := r.Budget
	burn := bu.Burn.String() + "%"
	if bu.Allowed.IsZero() {
		burn = "no budget to burn" // an objective of 100% allows no downtime
	}
	fmt.Fprintf(b, "error budget: allowed %s × (100 − %s) ÷ 100 = %s s; consumed %s s (%s); remaining %s s\n",
		m, r.Objective, bu.Allowed, bu.Consumed, burn, bu.Remaining)
	return b.Flush()
}

// explainSpans writes the counted spans and their sums.
func explainSpans(b *bufio.Writer, r *Result, at func(time.Time) string) {
	if len(r.Spans) == 0 {
		fmt.Fprintln(b, "counted downtime: none")
	} else {
		fmt.Fprintf(b, "counted downtime: %d span(s)\n", len(r.Spans))
	}
	var terms []string
	byWeight := map[string]time.Duration{}
	var weights []decimal.Decimal
	for i, s := range r.Spans {
		d := s.End.Sub(s.Start)
		ws := seconds(int64(d)).Mul(s.Weight)
		if i < maxExplainedSpans {
			fmt.Fprintf(b, "  %s – %s  %s × %s = %s s  (%s)\n", at(s.Start), at(s.End), d, s.Weight, ws, spanWhy(&s))
			terms = append(terms, ws.String())
		}
		k := s.Weight.String()
		if _, ok := byWeight[k]; !ok {
			weights = append(weights, s.Weight)
		}
		byWeight[k] += d
	}
	if len(r.Spans) > maxExplainedSpans {
		fmt.Fprintf(b, "  … and %d more span(s)\n", len(r.Spans)-maxExplainedSpans)
	}
	if r.IntervalLength > 0 {
		explainIntervals(b, r, at)
	}
	fmt.Fprintf(b, "downtime: %s = %s s\n", r.Downtime, seconds(int64(r.Downtime)))
	switch {
	case len(r.Spans) > maxExplainedSpans || len(terms) == 0:
		var parts []string
		for _, w := range weights {
			parts = append(parts, fmt.Sprintf("%s s × %s", seconds(int64(byWeight[w.String()])), w))
		}
		if len(parts) == 0 {
			parts = []string{"0"}
		}
		fmt.Fprintf(b, "weighted downtime: %s = %s s\n", strings.Join(parts, " + "), r.Weighted)
	default:
		fmt.Fprintf(b, "weighted downtime: %s = %s s\n", strings.Join(terms, " + "), r.Weighted)
	}
}

// spanWhy says what a span is: the impact that set its weight, or the
// maintenance beyond the allowance.
func spanWhy(s *Span) string {
	if s.OverAllowance {
		return "scheduled maintenance beyond the allowance"
	}
	why := fmt.Sprintf("%s %s", s.Component, s.Level)
	if s.Incident != "" {
		why += ", incident " + s.Incident
	}
	return why
}

// explainIntervals writes the qualifying intervals of r, the first 50
// one by one.
func explainIntervals(b *bufio.Writer, r *Result, at func(time.Time) string) {
	fmt.Fprintf(b, "down intervals: %d of %s\n", len(r.DownIntervals), r.IntervalLength)
	for i, iv := range r.DownIntervals {
		if i == maxExplainedSpans {
			fmt.Fprintf(b, "  … and %d more interval(s)\n", len(r.DownIntervals)-maxExplainedSpans)
			break
		}
		fmt.Fprintf(b, "  %s – %s  %s down\n", at(iv.Start), at(iv.End), iv.Down)
	}
}

// explainRequests writes the figures of a request-based result.
func explainRequests(b *bufio.Writer, r *Result, q *RequestStats) {
	if q.DowntimeAbove.Sign() > 0 {
		fmt.Fprintf(b, "requests: %d failed of %d; %d of %d interval(s) with an error rate above %s%% are downtime, the others up\n", q.Failed, q.Total, q.DownIntervals, q.Intervals, q.DowntimeAbove)
		fmt.Fprintf(b, "share of downtime intervals: %s ÷ %s\n", q.MeanErrorNum, q.MeanErrorDen)
		fmt.Fprintf(b, "downtime-equivalent: measured × that share = %s s\n", r.Weighted)
		return
	}
	fmt.Fprintf(b, "requests: %d failed of %d; error rates averaged over %d interval(s), those without requests at 0%%\n", q.Failed, q.Total, q.Intervals)
	fmt.Fprintf(b, "mean error rate: %s ÷ %s\n", q.MeanErrorNum, q.MeanErrorDen)
	fmt.Fprintf(b, "error-equivalent downtime: measured × mean error rate = %s s\n", r.Weighted)
}

// orOpen formats t, or "the window's <what>" when t is zero.
func orOpen(t time.Time, f func(time.Time) string, what string) string {
	if t.IsZero() {
		return "the window's " + what
	}
	return f(t)
}

// rules describes the counting rules of p in one line.
func rules(p *Policy) string {
	var parts []string
	if p.Indicator == RequestBased {
		if a := p.Requests.DowntimeAbove; a.Sign() > 0 {
			return fmt.Sprintf("request based, %s intervals, downtime where the error rate is above %s%%", p.interval(), a)
		}
		return fmt.Sprintf("request based, %s intervals", p.interval())
	}
	switch p.Granularity {
	case WholeMinutes:
		parts = append(parts, "whole clock minutes only")
	case FloorMinutes:
		parts = append(parts, "each span at one weight rounded down to whole minutes")
	default:
		parts = append(parts, "exact time")
	}
	if p.MinDowntime > 0 {
		parts = append(parts, fmt.Sprintf("runs shorter than %s do not count", p.MinDowntime))
	}
	switch iv := p.Intervals; {
	case iv.Length > 0 && iv.CountOnly:
		parts = append(parts, fmt.Sprintf("%s intervals from the window's start, %s counted apart (downtime unchanged)", iv.Length, intervalWhen(iv)))
	case iv.Length > 0:
		parts = append(parts, fmt.Sprintf("%s intervals from the window's start, %s count whole at their heaviest weight, the others not at all", iv.Length, intervalWhen(iv)))
	}
	if m := p.Maintenance; m.Allowance > 0 {
		parts = append(parts, fmt.Sprintf("scheduled maintenance excluded up to %s a %s, beyond it downtime", m.Allowance, m.AllowancePer))
	}
	var ws []string
	for l := rca.MajorOutage; l > rca.Operational; l-- {
		ws = append(ws, fmt.Sprintf("%s %s", l, p.Weight(l)))
	}
	parts = append(parts, "weights "+strings.Join(ws, ", "))
	if p.UserMinutes {
		parts = append(parts, "weighted by affected share")
	}
	switch {
	case p.DownWhen == AllDown && len(p.Components) > 0:
		parts = append(parts, "down when all of "+strings.Join(p.Components, ", ")+" are down")
	case p.DownWhen == AllDown:
		parts = append(parts, "down when every component named is down")
	case len(p.Components) > 0:
		parts = append(parts, "down when any of "+strings.Join(p.Components, ", ")+" is down")
	default:
		parts = append(parts, "down when any component is down")
	}
	return strings.Join(parts, "; ")
}

// intervalWhen says which intervals an interval rule counts.
func intervalWhen(r IntervalRule) string {
	switch r.CountWhen {
	case AllDowntime:
		return "those down from start to end"
	case MoreThan:
		return fmt.Sprintf("those with more than %s down", r.Threshold)
	case AtLeast:
		return fmt.Sprintf("those with at least %s down", r.Threshold)
	}
	return "those with any downtime"
}
