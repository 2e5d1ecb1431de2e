package credit

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/csvcell"
	"github.com/outagekit/postmortem/sla"
)

// figures are the credit of one subscription for one window as a line
// shows it, without the subscription's own fields (its IDs and key): the
// one source Line (lineOf), the lines file's record (appendFigures), the
// summary and the batch's cache are made from, whichever arithmetic
// computed them.
type figures struct {
	fast bool // computed with fastArith (tests check that it answers)

	// The SLA's measurement of the window over the active range.
	downtime, measured     time.Duration
	weighted, availability number
	incidents              []string // shared with the meter: read-only
	// incidentsField is the encoded incidents field when it is known
	// (the window's whole list, see whole), else nil.
	incidentsField []byte

	// The claim deadline, and its field in a lines file when the plan
	// precomputed it (nil otherwise).
	deadline     time.Time
	deadlineText []byte

	// The credit: from the trace (render), or zero when not active.
	charge, raw, amount number
	band                []byte
	capped, belowMin    bool
	expl                []byte
}

// inactiveText is the explanation of a line of a window the subscription
// was not active in.
const inactiveText = "not active during the window: no credit"

// render sets the credit figures of f from the trace of c's rule.
func render[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N], f *figures) {
	f.charge = a.display(t.charge)
	f.raw = a.display(t.raw)
	f.amount = a.number(t.amount, c.places)
	f.capped, f.belowMin = t.capped, t.belowMin
	f.band = c.appendBand(f.band[:0], t.tier, t.steps)
	f.expl = explain(a, c, p, t, &f.amount, f.expl[:0])
}

// inactive sets the credit figures of f for a window the subscription was
// not active in: nothing charged, nothing credited.
func (c *compiled) inactive(f *figures) {
	f.charge = number{places: displayPlaces}
	f.raw = f.charge
	f.amount = number{places: int32(c.places)}
	f.capped, f.belowMin = false, false
	f.band = f.band[:0]
	f.expl = append(f.expl[:0], inactiveText...)
}

// measureFast sets the SLA's figures of f and t from the counts of the
// window, for the fast path; it reports false when they cannot be had in
// integers. t is nil for a window the subscription was not active in.
func (c *compiled) measureFast(a *fastArith, f *figures, t *trace[fastRat], w *counts.Window) bool {
	avail, ok := w.AvailabilityUnits(availabilityPlaces)
	if !ok || w.Weighted < 0 || w.Measured < 0 {
		return false
	}
	f.downtime, f.measured, f.incidents = w.Downtime, w.Measured, w.Incidents
	f.weighted = secondsNumber(int64(w.Weighted))
	f.availability = number{units: avail, places: availabilityPlaces}
	if t == nil {
		return true
	}
	t.weighted = seconds64(uint64(w.Weighted))
	t.measured = seconds64(uint64(w.Measured))
	switch {
	case c.rule.Kind == Tiered:
		if t.tier, ok = c.tiers.FindBy(w.Compare); !ok {
			return false
		}
		units, ok := w.AvailabilityUnits(6)
		if !ok {
			return false
		}
		t.avail6 = number{units: units, places: 6}
	case c.rule.BeyondAllowance:
		t.allowed = a.mul(t.measured, a.fromDecimal(w.AllowedRate))
	case c.rule.Kind == PerInterval:
		t.ivCount, t.ivSec = w.DownIntervals, a.fromRatio(int64(w.IntervalLength), 1e9)
	}
	return true
}

// measureExact sets the SLA's figures of f and t from the result of the
// window, for the exact path. t is nil for a window the subscription was
// not active in.
func (c *compiled) measureExact(a *bigArith, f *figures, t *trace[*frac], r *sla.Result) {
	f.downtime, f.measured, f.incidents = r.Downtime, r.Measured, r.Incidents
	f.weighted = numberOf(r.Weighted)
	f.availability = numberOf(r.Availability)
	if t == nil {
		return
	}
	t.weighted = exactWeighted(a, r)
	t.measured = a.fromRatio(int64(r.Measured), 1e9)
	switch {
	case c.rule.Kind == Tiered:
		t.tier = c.tiers.Find(r)
		t.avail6 = numberOf(r.AvailabilityAt(6))
	case c.rule.BeyondAllowance:
		t.allowed = a.fromDecimal(r.Budget.Allowed)
	case c.rule.Kind == PerInterval:
		t.ivCount, t.ivSec = int64(len(r.DownIntervals)), a.fromRatio(int64(r.IntervalLength), 1e9)
	}
}

// availabilityPlaces is the number of decimal places of
// sla.Result.Availability, and of Line.Availability.
const availabilityPlaces = 10

// number is a decimal figure of a line, held without allocating when it
// fits: units × 10^-places, or d when big. The zero number is 0.
type number struct {
	units  int64
	places int32
	big    bool
	d      decimal.Decimal
}

// numberOf returns d as a number.
func numberOf(d decimal.Decimal) number {
	if e := d.Exponent(); e <= 0 && e >= -18 && d.NumDigits() <= 18 {
		return number{units: d.CoefficientInt64(), places: -e}
	}
	return number{big: true, d: d}
}

// secondsNumber returns ns nanoseconds as a number of seconds without
// trailing zero places, as fixed.Seconds writes a duration.
func secondsNumber(ns int64) number {
	places := int32(9)
	for places > 0 && ns%10 == 0 && ns != 0 {
		ns /= 10
		places--
	}
	if ns == 0 {
		places = 0
	}
	return number{units: ns, places: places}
}

// decimal returns x as a decimal with x's places.
func (x *number) decimal() decimal.Decimal {
	if x.big {
		return x.d
	}
	return decimal.New(x.units, -x.places)
}

// sign returns the sign of x.
func (x *number) sign() int {
	switch {
	case x.big:
		return x.d.Sign()
	case x.units < 0:
		return -1
	case x.units > 0:
		return 1
	}
	return 0
}

// appendString appends x as decimal.String writes it: without trailing
// zeros in the fraction ("52080", "0.5").
func (x *number) appendString(dst []byte) []byte {
	if x.big {
		return append(dst, x.d.String()...)
	}
	return appendTrimmed(dst, x.units, int(x.places))
}

// appendFixed appends x with exactly places decimal places, as
// decimal.StringFixed writes it (rounding half away from zero when x has
// more).
func (x *number) appendFixed(dst []byte, places int) []byte {
	if !x.big && int(x.places) <= places && places <= 18 {
		if x.places == int32(places) {
			return appendFixed(dst, x.units, places)
		}
		if u, ok := scaleUnits(x.units, places-int(x.places)); ok {
			return appendFixed(dst, u, places)
		}
	}
	return append(dst, x.decimal().StringFixed(int32(places))...)
}

// scaleUnits returns units × 10^k when it fits an int64.
func scaleUnits(units int64, k int) (int64, bool) {
	p := int64(1)
	for range k {
		p *= 10
	}
	r := units * p
	return r, units == 0 || r/p == units && r/units == p
}

// lineOf returns the line of f for window i of plan st, without the
// subscription's IDs and key, and before settlement: its due and amount
// are the rule's, nothing issued before.
func (st *planState) lineOf(f *figures, i int) Line {
	none := number{places: int32(st.rule.places)}
	zero := none.decimal()
	return Line{
		Plan:          st.plan.ID,
		Policy:        st.policy.ID,
		PolicyVersion: st.policy.Version,
		WindowStart:   st.windows[i].Start,
		WindowEnd:     st.windows[i].End,
		Currency:      st.plan.Currency,
		Charge:        f.charge.decimal(),
		Downtime:      f.downtime,
		Weighted:      f.weighted.decimal(),
		Measured:      f.measured,
		Availability:  f.availability.decimal(),
		Rule:          st.plan.Rule.Kind,
		Band:          string(f.band),
		Raw:           f.raw.decimal(),
		Multiplier:    st.mult,
		Capped:        f.capped,
		BelowMinimum:  f.belowMin,
		Rounding:      st.plan.Rule.Rounding,
		Due:           f.amount.decimal(),
		IssuedBefore:  zero,
		Amount:        f.amount.decimal(),
		OverCredited:  zero,
		ClaimDeadline: f.deadline,
		Incidents:     f.incidents,
		Explanation:   string(f.expl),
	}
}

// head is what a record of a lines file holds besides the figures of its
// window: the fields a plan and a window fix, encoded.
type head struct {
	window     []byte // "window_start,window_end,currency,"
	rule       string // the rule field (RuleKind.String)
	multiplier []byte // the multiplier field
	rounding   string // the rounding field (Rounding.String)
	places     int    // the currency's decimal places
}

// figuresOf returns the figures, head and settlement of l, for
// LineWriter.
func figuresOf(l *Line) (figures, head, settlement) {
	f := figures{
		downtime: l.Downtime, measured: l.Measured,
		weighted: numberOf(l.Weighted), availability: numberOf(l.Availability),
		incidents: l.Incidents, deadline: l.ClaimDeadline,
		charge: numberOf(l.Charge), raw: numberOf(l.Raw), amount: numberOf(l.Due),
		band: []byte(l.Band), capped: l.Capped, belowMin: l.BelowMinimum,
		expl: []byte(l.Explanation),
	}
	h := head{rule: l.Rule.String(), rounding: l.Rounding.String(), places: Digits(l.Currency)}
	h.window = appendWindowFields(nil, l.WindowStart, l.WindowEnd, l.Currency.String())
	h.multiplier = appendField(nil, l.Multiplier.String())
	s := settlement{
		due: f.amount, issued: numberOf(l.IssuedBefore), amount: numberOf(l.Amount),
		over: numberOf(l.OverCredited), entries: l.IssuedEntries,
	}
	return f, h, s
}

// appendWindowFields appends the fields window_start, window_end and
// currency of a lines file, each followed by a comma.
func appendWindowFields(dst []byte, start, end time.Time, cur string) []byte {
	dst = start.AppendFormat(dst, timeLayout)
	dst = append(dst, ',')
	dst = end.AppendFormat(dst, timeLayout)
	dst = append(dst, ',')
	dst = appendField(dst, cur)
	return append(dst, ',')
}

// appendFigures appends the fields window_start … rounding of a lines
// file (see LineColumns) for figures f under head h, each followed by a
// comma; the settlement's fields follow them (settlement.appendFields),
// then those of appendFiguresTail. With the tail, it is the one encoder of
// those fields: LineWriter writes a Line through them (figuresOf), RunCSV
// the figures of a window.
//
// m, when not nil, remembers the text of the SLA's fields
// (downtime_seconds … availability_percent) to copy it into the next line
// with the same measurement.
func appendFigures(dst []byte, h *head, f *figures, m *slaText) []byte {
	dst = append(dst, h.window...)
	dst = f.charge.appendFixed(dst, displayPlaces)
	dst = append(dst, ',')
	dst = m.append(dst, f)
	dst = append(dst, h.rule...)
	dst = append(dst, ',')
	dst = appendField(dst, f.band)
	dst = append(dst, ',')
	dst = f.raw.appendFixed(dst, displayPlaces)
	dst = append(dst, ',')
	dst = append(dst, h.multiplier...)
	dst = append(dst, ',')
	dst = strconv.AppendBool(dst, f.capped)
	dst = append(dst, ',')
	dst = strconv.AppendBool(dst, f.belowMin)
	dst = append(dst, ',')
	dst = append(dst, h.rounding...)
	return append(dst, ',')
}

// slaText is the text of the SLA's fields of a line (downtime_seconds,
// weighted_seconds, measured_seconds and availability_percent, each
// followed by a comma) for the measurement it was written for. The
// subscriptions active during all of a window share its measurement, so
// a computer keeps one per window of its lines and copies the text when
// the measurement is the same.
type slaText struct {
	downtime, measured     time.Duration
	weighted, availability number // never big
	text                   []byte // nil until written
}

// append appends the SLA's fields of f: copied from m when m holds the
// text of the same measurement, else written (and kept in m when m is
// not nil).
func (m *slaText) append(dst []byte, f *figures) []byte {
	small := !f.weighted.big && !f.availability.big
	if m != nil && small && m.text != nil && m.downtime == f.downtime && m.measured == f.measured &&
		m.weighted.units == f.weighted.units && m.weighted.places == f.weighted.places &&
		m.availability.units == f.availability.units && m.availability.places == f.availability.places {
		return append(dst, m.text...)
	}
	n := len(dst)
	dst = appendTrimmed(dst, int64(f.downtime), 9)
	dst = append(dst, ',')
	dst = f.weighted.appendString(dst)
	dst = append(dst, ',')
	dst = appendTrimmed(dst, int64(f.measured), 9)
	dst = append(dst, ',')
	dst = f.availability.appendString(dst)
	dst = append(dst, ',')
	if m != nil && small {
		m.downtime, m.measured = f.downtime, f.measured
		m.weighted = number{units: f.weighted.units, places: f.weighted.places}
		m.availability = number{units: f.availability.units, places: f.availability.places}
		m.text = append(m.text[:0], dst[n:]...)
	}
	return dst
}

// appendFiguresTail appends the fields claim_deadline and incidents of a
// lines file for figures f, each followed by a comma.
func appendFiguresTail(dst []byte, f *figures) []byte {
	switch {
	case f.deadlineText != nil:
		dst = append(dst, f.deadlineText...)
	case !f.deadline.IsZero():
		dst = f.deadline.AppendFormat(dst, timeLayout)
	}
	dst = append(dst, ',')
	if f.incidentsField != nil {
		dst = append(dst, f.incidentsField...)
	} else {
		dst = appendIncidentsField(dst, f.incidents)
	}
	return append(dst, ',')
}

// appendIncidentsField appends the incidents field of a lines file: the
// incident IDs joined by ";", as appendField writes that text.
func appendIncidentsField(dst []byte, incidents []string) []byte {
	n := len(dst)
	for k, id := range incidents {
		if k > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, id...)
	}
	if joined := dst[n:]; csvcell.Guarded(joined) || fieldNeedsQuotes(joined) {
		text := string(joined) // rare: allocates
		return appendField(dst[:n], text)
	}
	return dst
}

// whole is what every subscription of a plan active during the whole of a
// window shares, computed once per window: the SLA's counts of the window
// and the encoding of its incidents in lines files.
type whole struct {
	counts    counts.Window
	incidents []byte // the incidents field (appendIncidentsField)
}

// wholeOf returns the whole of a window whose counts over its whole are
// cn.
func wholeOf(cn counts.Window) whole {
	return whole{
		counts:    cn,
		incidents: appendIncidentsField([]byte{}, cn.Incidents),
	}
}

// sameIncidents reports whether incidents are the window's whole list,
// as the meter hands it out (the same slice): a part of the window has
// the list of the whole when its downtime touches every incident.
func (wh *whole) sameIncidents(incidents []string) bool {
	all := wh.counts.Incidents
	return len(incidents) == len(all) && (len(all) == 0 || &incidents[0] == &all[0])
}

// incidentsField returns the encoded incidents field of incidents when
// they are the window's whole list, else nil.
func (wh *whole) incidentsField(incidents []string) []byte {
	if wh.sameIncidents(incidents) {
		return wh.incidents
	}
	return nil
}

// setUnsettled sets the due of e and what a line of its window shows when
// the ledger holds nothing for it: the settlement of due with nothing
// issued before, under o, and its encodings in the settlement's fields
// (settlement.appendFields) and in the key (settlement.appendKey). A due
// with the currency's places that is not negative is issued as it is, so
// its text is written once and copied where both encodings show it.
func (e *figEntry) setUnsettled(due number, places int32, o OverCredit) {
	e.due = due
	if due.big || due.places != places || due.units < 0 || places > 18 {
		e.unsettled = settle(due, 0, places, 0, o)
		e.keyUnsettled = e.unsettled.appendKey(e.keyUnsettled[:0], int(places))
		e.unsettledFields = e.unsettled.appendFields(e.unsettledFields[:0], int(places))
		return
	}
	none := number{places: places}
	e.unsettled = settlement{due: due, issued: none, amount: due, over: none}
	var buf [48]byte
	text := appendFixed(buf[:0], due.units, int(places))
	n := len(text)
	zero := appendZero(text, int(places))[n:]
	text = text[:n]
	f := append(e.unsettledFields[:0], text...) // due
	f = append(f, ',')
	f = append(f, zero...)  // issued_before
	f = append(f, ",0,"...) // issued_entries
	f = append(f, text...)  // amount
	f = append(f, ',')
	f = append(f, zero...) // over_credited
	e.unsettledFields = append(f, ',')
	e.keyUnsettled = appendKeySettlement(e.keyUnsettled[:0], text, zero, text, []byte{'0'})
}

// zeros is zero with the most places appendZero writes.
const zeros = "0.000000000000000000"

// appendZero appends zero with places places (0 ≤ places ≤ 18) as
// appendFixed writes it: "0", "0.00".
func appendZero(dst []byte, places int) []byte {
	if places == 0 {
		return append(dst, '0')
	}
	return append(dst, zeros[:places+2]...)
}
