package sla

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// resultJSON is the JSON form of a Result: a stable interface (the CLI's
// `sla -format json` prints a list of them). Instants are RFC 3339 with
// the offset of the policy's zone; every figure in seconds or percent is a
// decimal string, so nothing is lost to floating point.
type resultJSON struct {
	PolicyID      string `json:"policy_id,omitempty"`
	PolicyVersion string `json:"policy_version,omitempty"`
	Start         string `json:"start"`
	End           string `json:"end"`
	ActiveFrom    string `json:"active_from,omitempty"`
	ActiveUntil   string `json:"active_until,omitempty"`

	WindowSeconds   string `json:"window_seconds"`
	ExcludedSeconds string `json:"excluded_seconds"`
	MeasuredSeconds string `json:"measured_seconds"`
	DowntimeSeconds string `json:"downtime_seconds"`
	WeightedSeconds string `json:"weighted_downtime_seconds"`

	IntervalSeconds string          `json:"interval_seconds,omitempty"`
	DownIntervals   *[]intervalJSON `json:"down_intervals,omitempty"` // present, maybe empty, under an interval rule

	Availability string `json:"availability_percent"`
	Objective    string `json:"objective_percent"`
	Met          bool   `json:"met"`

	BudgetAllowed   string  `json:"budget_allowed_seconds"`
	BudgetConsumed  string  `json:"budget_consumed_seconds"`
	BudgetRemaining string  `json:"budget_remaining_seconds"`
	BudgetBurn      *string `json:"budget_burn_percent"` // null without a budget

	Incidents []string      `json:"incidents"`
	Spans     []spanJSON    `json:"spans"`
	Requests  *requestsJSON `json:"requests,omitempty"`
}

type spanJSON struct {
	Start           string    `json:"start"`
	End             string    `json:"end"`
	Seconds         string    `json:"seconds"`
	Weight          string    `json:"weight"`
	WeightedSeconds string    `json:"weighted_seconds"`
	Component       string    `json:"component"`
	Level           rca.Level `json:"level"`
	Incident        string    `json:"incident"`
	OverAllowance   bool      `json:"over_allowance,omitempty"`
}

type intervalJSON struct {
	Start       string `json:"start"`
	End         string `json:"end"`
	DownSeconds string `json:"down_seconds"`
}

type requestsJSON struct {
	Intervals    int64  `json:"intervals"`
	Total        int64  `json:"total"`
	Failed       int64  `json:"failed"`
	Above        string `json:"downtime_above_percent,omitempty"`
	Down         *int64 `json:"down_intervals,omitempty"`
	MeanErrorNum string `json:"mean_error_numerator"`
	MeanErrorDen string `json:"mean_error_denominator"`
}

// MarshalJSON encodes r as one JSON object with snake_case keys:
// start, end (RFC 3339), active_from and active_until (when set),
// window_seconds, excluded_seconds, measured_seconds, downtime_seconds
// (counted, unweighted), weighted_downtime_seconds, availability_percent
// (the exact availability rounded half-up once to 6 decimal places, as
// reports show it: "97.990741"; weighted_downtime_seconds and
// measured_seconds, or requests, give the exact value), objective_percent, met,
// budget_allowed_seconds, budget_consumed_seconds,
// budget_remaining_seconds, budget_burn_percent (null when there is no
// budget to burn: an objective of 100%), incidents, spans (start, end,
// seconds, weight, weighted_seconds, component, level, incident; and
// over_allowance for maintenance beyond the allowance) and requests (for
// a request-based policy). Under an interval rule it also has
// interval_seconds and down_intervals (start, end, down_seconds). Numbers
// other than counts are
// decimal strings. The keys are a stable interface.
func (r Result) MarshalJSON() ([]byte, error) {
	j := resultJSON{
		PolicyID: r.PolicyID, PolicyVersion: r.PolicyVersion,
		Start: rfc3339(r.Start), End: rfc3339(r.End),
		ActiveFrom: rfc3339(r.ActiveFrom), ActiveUntil: rfc3339(r.ActiveUntil),
		WindowSeconds:   seconds(int64(r.Length)).String(),
		ExcludedSeconds: seconds(int64(r.Excluded)).String(),
		MeasuredSeconds: seconds(int64(r.Measured)).String(),
		DowntimeSeconds: seconds(int64(r.Downtime)).String(),
		WeightedSeconds: r.Weighted.String(),
		Availability:    r.AvailabilityAt(6).StringFixed(6),
		Objective:       r.Objective.String(),
		Met:             r.Met,
		BudgetAllowed:   r.Budget.Allowed.String(),
		BudgetConsumed:  r.Budget.Consumed.String(),
		BudgetRemaining: r.Budget.Remaining.String(),
		BudgetBurn:      burnJSON(&r.Budget),
		Incidents:       r.Incidents,
		Spans:           make([]spanJSON, len(r.Spans)),
	}
	if j.Incidents == nil {
		j.Incidents = []string{}
	}
	if r.IntervalLength > 0 {
		j.IntervalSeconds = seconds(int64(r.IntervalLength)).String()
		ivs := make([]intervalJSON, len(r.DownIntervals))
		for i, iv := range r.DownIntervals {
			ivs[i] = intervalJSON{rfc3339(iv.Start), rfc3339(iv.End), seconds(int64(iv.Down)).String()}
		}
		j.DownIntervals = &ivs
	}
	for i, s := range r.Spans {
		d := s.End.Sub(s.Start)
		j.Spans[i] = spanJSON{
			Start: rfc3339(s.Start), End: rfc3339(s.End),
			Seconds: seconds(int64(d)).String(), Weight: s.Weight.String(),
			WeightedSeconds: seconds(int64(d)).Mul(s.Weight).String(),
			Component:       s.Component, Level: s.Level, Incident: s.Incident,
			OverAllowance: s.OverAllowance,
		}
	}
	if q := r.Requests; q != nil {
		j.Requests = &requestsJSON{Intervals: q.Intervals, Total: q.Total, Failed: q.Failed, MeanErrorNum: q.MeanErrorNum.String(), MeanErrorDen: q.MeanErrorDen.String()}
		if q.DowntimeAbove.Sign() > 0 {
			j.Requests.Above, j.Requests.Down = q.DowntimeAbove.String(), &q.DownIntervals
		}
	}
	return json.Marshal(j)
}

// burnJSON is the budget_burn_percent of b: nil (null) when b allows no
// downtime, where no burn can be stated (Budget.Burn is then zero).
func burnJSON(b *Budget) *string {
	if b.Allowed.IsZero() {
		return nil
	}
	s := b.Burn.String()
	return &s
}

// UnmarshalJSON decodes what MarshalJSON encodes. Instants keep their
// offset but not their zone's name. Availability is computed again from
// the exact figures (as Measure computes it), not read from the rounded
// availability_percent, which must agree with them.
func (r *Result) UnmarshalJSON(data []byte) error {
	var j resultJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	var p jsonParser
	out := Result{
		PolicyID: j.PolicyID, PolicyVersion: j.PolicyVersion,
		Start: p.time("start", j.Start), End: p.time("end", j.End),
		ActiveFrom: p.time("active_from", j.ActiveFrom), ActiveUntil: p.time("active_until", j.ActiveUntil),
		Length:    p.duration("window_seconds", j.WindowSeconds),
		Excluded:  p.duration("excluded_seconds", j.ExcludedSeconds),
		Measured:  p.duration("measured_seconds", j.MeasuredSeconds),
		Downtime:  p.duration("downtime_seconds", j.DowntimeSeconds),
		Weighted:  p.decimal("weighted_downtime_seconds", j.WeightedSeconds),
		Objective: p.decimal("objective_percent", j.Objective),
		Met:       j.Met,
		Budget: Budget{
			Allowed:   p.decimal("budget_allowed_seconds", j.BudgetAllowed),
			Consumed:  p.decimal("budget_consumed_seconds", j.BudgetConsumed),
			Remaining: p.decimal("budget_remaining_seconds", j.BudgetRemaining),
			Burn:      p.optionalDecimal("budget_burn_percent", j.BudgetBurn),
		},
		Incidents: j.Incidents,
	}
	if len(out.Incidents) == 0 {
		out.Incidents = nil
	}
	for i, s := range j.Spans {
		path := fmt.Sprintf("spans[%d].", i)
		out.Spans = append(out.Spans, Span{
			Start: p.time(path+"start", s.Start), End: p.time(path+"end", s.End),
			Weight: p.decimal(path+"weight", s.Weight), Component: s.Component, Level: s.Level, Incident: s.Incident,
			OverAllowance: s.OverAllowance,
		})
	}
	if j.IntervalSeconds != "" {
		out.IntervalLength = p.duration("interval_seconds", j.IntervalSeconds)
		var ivs []intervalJSON
		if j.DownIntervals != nil {
			ivs = *j.DownIntervals
		}
		out.DownIntervals = make([]DownInterval, len(ivs))
		for i, iv := range ivs {
			path := fmt.Sprintf("down_intervals[%d].", i)
			out.DownIntervals[i] = DownInterval{Start: p.time(path+"start", iv.Start), End: p.time(path+"end", iv.End), Down: p.duration(path+"down_seconds", iv.DownSeconds)}
		}
	}
	if q := j.Requests; q != nil {
		out.Requests = &RequestStats{Intervals: q.Intervals, Total: q.Total, Failed: q.Failed,
			MeanErrorNum: p.decimal("requests.mean_error_numerator", q.MeanErrorNum),
			MeanErrorDen: p.decimal("requests.mean_error_denominator", q.MeanErrorDen)}
		if q.Above != "" {
			out.Requests.DowntimeAbove = p.decimal("requests.downtime_above_percent", q.Above)
		}
		if q.Down != nil {
			out.Requests.DownIntervals = *q.Down
		}
	}
	if p.err != nil {
		return p.err
	}
	out.Availability = out.AvailabilityAt(availabilityPlaces)
	if shown := p.decimal("availability_percent", j.Availability); p.err == nil && !shown.Equal(out.AvailabilityAt(6)) {
		return fmt.Errorf("sla: result availability_percent %q does not match the downtime and measured time (%s)", j.Availability, out.AvailabilityAt(6).StringFixed(6))
	}
	if p.err != nil {
		return p.err
	}
	*r = out
	return nil
}

// jsonParser parses the string fields of a result, keeping the first error.
type jsonParser struct{ err error }

func (p *jsonParser) fail(key, s, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("sla: result %s: %q is not %s", key, s, want)
	}
}

func (p *jsonParser) time(key, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.fail(key, s, "an RFC 3339 time")
	}
	return t
}

func (p *jsonParser) decimal(key, s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		p.fail(key, s, "a decimal number")
	}
	return d
}

// optionalDecimal is decimal of *s; zero for a null s.
func (p *jsonParser) optionalDecimal(key string, s *string) decimal.Decimal {
	if s == nil {
		return decimal.Zero
	}
	return p.decimal(key, *s)
}

func (p *jsonParser) duration(key, s string) time.Duration {
	ns := p.decimal(key, s).Shift(9)
	if !ns.IsInteger() || ns.Abs().GreaterThan(decimal.NewFromInt(1<<62)) {
		p.fail(key, s, "a number of seconds with at most 9 decimal places")
		return 0
	}
	return time.Duration(ns.IntPart())
}

// rfc3339 formats t, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// percent formats an availability with at least 6 decimal places.
func percent(d decimal.Decimal) string {
	s := d.String()
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	if places < 6 {
		return d.StringFixed(6)
	}
	return s
}
