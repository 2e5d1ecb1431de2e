package report

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// This file formats values for display. Dates and times have one
// unambiguous form in every language; numbers, amounts and durations follow
// the reader's locale. Nothing here computes with money: decimals are only
// rounded for display, never converted to float64.

// instant writes t in loc as ISO date, time, zone abbreviation and UTC
// offset: "2014-04-18 10:32 EDT (UTC−04:00)". Seconds are shown only when
// they are not zero. A zone without a letter abbreviation shows its offset
// alone ("2014-04-18 10:32 UTC+03:00"), and UTC shows "UTC".
func instant(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	layout := "2006-01-02 15:04"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "2006-01-02 15:04:05"
	}
	return t.Format(layout) + " " + zoneLabel(t)
}

// zoneLabel writes the zone of t: "EDT (UTC−04:00)", "UTC" or "UTC+03:00".
func zoneLabel(t time.Time) string {
	name, off := t.Zone()
	switch {
	case off == 0 && (name == "UTC" || name == "GMT" || name == "Z" || name == ""):
		return "UTC"
	case isAbbreviation(name):
		return name + " (" + utcOffset(off) + ")"
	default:
		return utcOffset(off)
	}
}

// isAbbreviation reports whether a zone name is letters ("EDT", "CEST"),
// not a numeric stand-in ("+03") as the tz database gives for many zones.
func isAbbreviation(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// utcOffset writes an offset in seconds east of UTC as "UTC+05:30" or
// "UTC−04:00" (with a true minus sign, U+2212).
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "\u2212", -sec
	}
	s := fmt.Sprintf("UTC%s%02d:%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf(":%02d", sec%60)
	}
	return s
}

// zoneCaption names the zone times are shown in for a span: the IANA name
// and, when one label holds for the whole span, its abbreviation and offset:
// "America/New_York (EDT, UTC−04:00)".
func zoneCaption(loc *time.Location, from, to time.Time) string {
	a, b := zoneLabel(from.In(loc)), zoneLabel(to.In(loc))
	name := loc.String()
	if a != b || name == "UTC" {
		return name
	}
	if strings.HasPrefix(a, "UTC") {
		return name + " (" + a + ")"
	}
	abbr, off, _ := strings.Cut(a, " (")
	return name + " (" + abbr + ", " + strings.TrimSuffix(off, ")") + ")"
}

// date writes a calendar date as ISO "2006-01-02", or the given text for
// the zero date.
func date(d rca.Date, zero string) string {
	if d.IsZero() {
		return zero
	}
	return d.String()
}

// duration writes d rounded to the second with the locale's units: "14h28m"
// in English, "14 h 28 min" in French. Hours are not folded into days.
func (l *locale) duration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	sec := int64(d.Round(time.Second) / time.Second)
	h, m, s := sec/3600, sec/60%60, sec%60
	var out string
	switch {
	case h > 0 && m == 0 && s == 0:
		out = l.T("dur.h", h)
	case h > 0 && s == 0:
		out = l.T("dur.hm", h, m)
	case h > 0:
		out = l.T("dur.hms", h, m, s)
	case m > 0 && s == 0:
		out = l.T("dur.m", m)
	case m > 0:
		out = l.T("dur.ms", m, s)
	default:
		out = l.T("dur.s", s)
	}
	if neg && sec != 0 {
		out = l.minus + out
	}
	return out
}

// seconds converts decimal seconds (an error budget) to a Duration for
// display, rounded to the nanosecond.
func seconds(s decimal.Decimal) time.Duration {
	return time.Duration(s.Shift(9).Round(0).IntPart())
}

// amount writes an amount of money in its currency: "$0.30" in English,
// "0,30 $" in German; with the locale's codes set, "USD 0.30" and
// "0,30 USD". It shows the currency's number of decimals as credit
// lines have them (credit.Digits: ISO 4217's minor unit), or more when the
// amount has more (a figure is never rounded away).
func (l *locale) amount(a decimal.Decimal, u currency.Unit) string {
	places := int32(credit.Digits(u))
	if t := trailingPlaces(a); t > places {
		places = t
	}
	sym := u.String()
	if !l.codes {
		sym = l.p.Sprint(currency.Symbol(u))
	}
	return l.money(a.StringFixed(places), sym)
}

// trailingPlaces is the number of decimals of a without trailing zeros.
func trailingPlaces(a decimal.Decimal) int32 {
	s := a.String()
	_, frac, ok := strings.Cut(s, ".")
	if !ok {
		return 0
	}
	return int32(len(strings.TrimRight(frac, "0")))
}

// exactPercent writes a percentage with every digit it has: an objective
// of 99.9 is "99.9%", not "99.900000%".
func (l *locale) exactPercent(p decimal.Decimal) string {
	return l.percent(p.String())
}

// availability writes the availability of r rounded half-up, once, from
// its exact value, to six decimals: "97.990741%". A value below 100 never
// shows as 100 (it shows 99.999999%).
func (l *locale) availability(r *sla.Result) string {
	p := r.AvailabilityAt(6)
	if r.Compare(decimal.NewFromInt(100)) < 0 && p.GreaterThanOrEqual(decimal.NewFromInt(100)) {
		p = decimal.RequireFromString("99.999999")
	}
	return l.percent(p.StringFixed(6))
}

// burn writes an error-budget burn percentage with one decimal.
func (l *locale) burn(p decimal.Decimal) string {
	return l.percent(p.StringFixed(1))
}

// share writes an affected share: "300 of 1,000"-like forms are kept as
// the percentage they make, "30%"; the zero share is "all" (empty here, the
// caller shows nothing).
func (l *locale) share(s rca.Share) string {
	if s.IsAll() {
		return ""
	}
	p := s.Affected.Mul(decimal.NewFromInt(100)).DivRound(s.Of, 4)
	return l.exactPercent(p)
}
