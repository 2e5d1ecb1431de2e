package credit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/fixed"
)

// ExposureColumns returns the header of the CSV file Curve.WriteCSV
// writes: one record per point, plan and currency.
//
//	duration,duration_seconds,outage_start,outage_end,placement,plan_id,
//	currency,subscriptions_credited,amount,total
//
// duration is written as "14h28m" (hours are not folded into days) and
// duration_seconds exactly; outage_start and outage_end are RFC 3339 in
// UTC, empty for a zero duration; placement is the Placement.Rule
// ("worst", "worst-continues", "at", "after", "none"); amount is what the
// outage adds to the plan's credits in the currency and total the plan's
// credits with it, both with the currency's places (FormatAmount).
func ExposureColumns() []string {
	return []string{"duration", "duration_seconds", "outage_start", "outage_end", "placement", "plan_id",
		"currency", "subscriptions_credited", "amount", "total"}
}

// WriteCSV writes the curve as CSV: the header of ExposureColumns, then
// one record per point (in order), plan and currency (sorted by plan, then
// currency code). Values a spreadsheet would take for a formula get a
// quote in front, as in lines files.
func (c *Curve) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var rec []byte
	rec = appendRecord(rec, ExposureColumns())
	for k := range c.Points {
		pt := &c.Points[k]
		var lead []byte
		lead = append(lead, fileformat.FormatDuration(pt.Duration)...)
		lead = append(lead, ',')
		lead = append(lead, fixed.Seconds(pt.Duration).String()...)
		lead = append(lead, ',')
		if pt.Placement.Rule != NoPlacement {
			lead = pt.Placement.Start.UTC().AppendFormat(lead, time.RFC3339Nano)
			lead = append(lead, ',')
			lead = pt.Placement.End.UTC().AppendFormat(lead, time.RFC3339Nano)
		} else {
			lead = append(lead, ',')
		}
		lead = append(lead, ',')
		lead = append(lead, pt.Placement.Rule.String()...)
		lead = append(lead, ',')
		for _, cost := range pt.Plans {
			rec = append(rec, lead...)
			rec = appendField(rec, cost.Plan)
			rec = append(rec, ',')
			rec = append(rec, cost.Currency.String()...)
			rec = append(rec, ',')
			rec = strconv.AppendInt(rec, cost.Subscriptions, 10)
			rec = append(rec, ',')
			rec = append(rec, FormatAmount(cost.Amount, cost.Currency)...)
			rec = append(rec, ',')
			rec = append(rec, FormatAmount(cost.Total, cost.Currency)...)
			rec = append(rec, '\n')
			if len(rec) > 64<<10 {
				if _, err := bw.Write(rec); err != nil {
					return err
				}
				rec = rec[:0]
			}
		}
	}
	if _, err := bw.Write(rec); err != nil {
		return err
	}
	return bw.Flush()
}

// The JSON form of a Curve; see MarshalJSON.
type (
	curveJSON struct {
		Components    []string             `json:"components"`
		Level         string               `json:"level"`
		Place         string               `json:"place"`
		Windows       []exposureWindowJSON `json:"windows"`
		Subscriptions int64                `json:"subscriptions_read"`
		Rejected      int64                `json:"subscriptions_rejected"`
		Base          Summary              `json:"base"`
		Points        []pointJSON          `json:"points"`
		Crossings     []crossingJSON       `json:"crossings"`
	}
	exposureWindowJSON struct {
		Policy          string `json:"policy"`
		PolicyVersion   string `json:"policy_version"`
		Start           string `json:"start"`
		End             string `json:"end"`
		DowntimeSeconds string `json:"downtime_seconds"`
		WeightedSeconds string `json:"weighted_seconds"`
	}
	pointJSON struct {
		Duration        string     `json:"duration"`
		DurationSeconds string     `json:"duration_seconds"`
		Start           string     `json:"outage_start,omitempty"`
		End             string     `json:"outage_end,omitempty"`
		Placement       string     `json:"placement"`
		DowntimeSeconds []string   `json:"downtime_seconds"`
		WeightedSeconds []string   `json:"weighted_seconds"`
		Credited        int64      `json:"subscriptions_credited"`
		Currencies      []costJSON `json:"currencies"`
		Plans           []costJSON `json:"plans"`
	}
	costJSON struct {
		Plan          string `json:"plan,omitempty"`
		Currency      string `json:"currency"`
		Subscriptions int64  `json:"subscriptions_credited"`
		Amount        string `json:"amount"`
		Total         string `json:"total"`
	}
	crossingJSON struct {
		Plan          string `json:"plan"`
		Currency      string `json:"currency"`
		Band          string `json:"band,omitempty"`
		Capped        bool   `json:"capped"`
		After         string `json:"after"`
		At            string `json:"at"`
		Subscriptions int64  `json:"subscriptions"`
	}
)

// MarshalJSON encodes c as one JSON object, the summary of an exposure
// run: components, level and place (the outage asked for); windows (per
// policy: policy, policy_version, start, end, and the downtime_seconds and
// weighted_seconds the incidents count there); subscriptions_read and
// subscriptions_rejected; base (the Summary of the incidents alone); points
// (duration, duration_seconds, outage_start, outage_end, placement,
// downtime_seconds and weighted_seconds per window with the outage,
// subscriptions_credited, and currencies and plans: currency, plan,
// subscriptions_credited, amount, total); crossings (plan, currency, band
// or capped, after, at, subscriptions). Durations are written as
// "14h28m" and seconds exactly; amounts are strings with the currency's
// places (FormatAmount); instants are RFC 3339 with their offset.
func (c *Curve) MarshalJSON() ([]byte, error) {
	j := curveJSON{Components: slices.Clone(c.Components), Level: c.Level.String(), Place: c.Place.String(),
		Windows: []exposureWindowJSON{}, Subscriptions: c.Read, Rejected: c.Rejected, Base: c.Base,
		Points: make([]pointJSON, len(c.Points)), Crossings: []crossingJSON{}}
	if j.Components == nil {
		j.Components = []string{}
	}
	for _, w := range c.Windows {
		j.Windows = append(j.Windows, exposureWindowJSON{w.Policy, w.Version, w.Start.Format(time.RFC3339Nano), w.End.Format(time.RFC3339Nano),
			fixed.Seconds(w.Downtime).String(), w.Weighted.String()})
	}
	for k := range c.Points {
		pt := &c.Points[k]
		pj := pointJSON{Duration: fileformat.FormatDuration(pt.Duration), DurationSeconds: fixed.Seconds(pt.Duration).String(),
			Placement: pt.Placement.Rule.String(), Credited: pt.Credited,
			DowntimeSeconds: []string{}, WeightedSeconds: []string{}, Currencies: []costJSON{}, Plans: []costJSON{}}
		if pt.Placement.Rule != NoPlacement {
			pj.Start, pj.End = pt.Placement.Start.Format(time.RFC3339Nano), pt.Placement.End.Format(time.RFC3339Nano)
		}
		for i := range pt.Downtime {
			pj.DowntimeSeconds = append(pj.DowntimeSeconds, fixed.Seconds(pt.Downtime[i]).String())
			pj.WeightedSeconds = append(pj.WeightedSeconds, pt.Weighted[i].String())
		}
		for _, cost := range pt.Currencies {
			pj.Currencies = append(pj.Currencies, costJSONOf(cost))
		}
		for _, cost := range pt.Plans {
			pj.Plans = append(pj.Plans, costJSONOf(cost))
		}
		j.Points[k] = pj
	}
	for _, cr := range c.Crossings {
		j.Crossings = append(j.Crossings, crossingJSON{cr.Plan, cr.Currency.String(), cr.Band, cr.Capped,
			fileformat.FormatDuration(cr.After), fileformat.FormatDuration(cr.At), cr.Subscriptions})
	}
	return json.Marshal(j)
}

func costJSONOf(c Cost) costJSON {
	return costJSON{c.Plan, c.Currency.String(), c.Subscriptions, FormatAmount(c.Amount, c.Currency), FormatAmount(c.Total, c.Currency)}
}

// ParseDurations reads the durations of an exposure curve from a list
// separated by commas, each a duration ("14h28m", "30d", "0") or a range
// "FROM..TO/STEP" ("0..72h/15m": 0, 15m, 30m, …, 72h; TO is included when
// a whole number of steps reaches it). The result is sorted, each duration
// once. Durations are read as fileformat.ParseDuration reads them; a
// range has a positive step and TO not before FROM. At most
// MaxExposurePoints durations.
func ParseDurations(spec string) ([]time.Duration, error) {
	fail := func(item, reason string) ([]time.Duration, error) {
		return nil, fmt.Errorf("durations %q: %s", item, reason)
	}
	var out []time.Duration
	for _, item := range strings.Split(spec, ",") {
		if item == "" {
			return fail(spec, "empty item")
		}
		from, rest, isRange := strings.Cut(item, "..")
		if !isRange {
			d, err := fileformat.ParseDuration(item)
			if err != nil {
				return fail(item, err.Error())
			}
			out = append(out, d)
			continue
		}
		to, stepText, ok := strings.Cut(rest, "/")
		if !ok {
			return fail(item, "a range needs a step: FROM..TO/STEP")
		}
		var ds [3]time.Duration
		for i, s := range []string{from, to, stepText} {
			d, err := fileformat.ParseDuration(s)
			if err != nil {
				return fail(item, err.Error())
			}
			ds[i] = d
		}
		lo, hi, step := ds[0], ds[1], ds[2]
		switch {
		case step <= 0:
			return fail(item, "the step must be positive")
		case hi < lo:
			return fail(item, "the range ends before it starts")
		case (hi-lo)/step >= MaxExposurePoints:
			return fail(item, fmt.Sprintf("more than %d durations", MaxExposurePoints))
		}
		for d := lo; d <= hi; d += step {
			out = append(out, d)
			if d > hi-step { // the next would pass hi (or overflow)
				break
			}
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > MaxExposurePoints {
		return fail(spec, fmt.Sprintf("%d durations: at most %d", len(out), MaxExposurePoints))
	}
	return out, nil
}
