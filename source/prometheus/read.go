package prometheus

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// sample is one point of a series: its instant, its value (nan for NaN),
// and where it is.
type sample struct {
	at    time.Time
	value decimal.Decimal
	nan   bool
	off   int64
	path  string
}

// series is the one series of a file.
type series struct {
	off     int64 // where the result list is
	path    string
	samples []sample
	empty   bool // the result holds no series
}

// readResult reads one file: the JSON of /api/v1/query_range ({"status":
// "success", "data": {"resultType": "matrix", "result": [...]}}), or the
// bare result list (promtool query range -o json). It returns false when
// the file has a problem (recorded).
func readResult(r *jsonsrc.Reader) (series, bool) {
	var s series
	good := true
	status, resultType, errType, errMsg := "", "", "", ""
	found := false
	statusOff, typeOff := int64(0), int64(0)
	readList := func() {
		found = true
		s.off, s.path = r.Offset(), r.Path()
		if s.path == "" {
			s.path = "result" // the bare result list
		}
		n := 0
		ok := r.Array(func(int) {
			n++
			if n > 1 {
				return
			}
			good = readSeries(r, &s) && good
		})
		good = ok && good
		switch {
		case n == 0:
			s.empty = true
		case n > 1:
			r.Problemf(s.off, s.path, "%d series: each file holds one (aggregate them in the query: sum(...))", n)
			good = false
		}
	}
	top := r.Offset()
	switch r.Next() {
	case jsonsrc.Array:
		readList()
	case jsonsrc.Object:
		r.Object(func(key string) {
			switch key {
			case "status":
				statusOff = r.Offset()
				status, _ = r.String()
			case "errorType":
				errType, _ = r.String()
			case "error":
				errMsg, _ = r.String()
			case "data":
				r.Object(func(k string) {
					switch k {
					case "resultType":
						typeOff = r.Offset()
						resultType, _ = r.String()
					case "result":
						if r.Next() != jsonsrc.Array {
							return // a scalar or string result: reported below
						}
						readList()
					}
				})
			}
		})
		switch {
		case r.Failed():
		case status == "error":
			r.Problemf(statusOff, "status", "the query failed: %s: %s", errType, errMsg)
			return s, false
		case status != "success" && status != "":
			r.Problemf(statusOff, "status", "%s: want \"success\"", jsonsrc.Quote(status))
			return s, false
		case resultType != "matrix" && resultType != "":
			r.Problemf(typeOff, "data.resultType", "%s: want \"matrix\", the result of a range query (/api/v1/query_range)", jsonsrc.Quote(resultType))
			return s, false
		case !found:
			r.Problem(top, "data.result", `missing: want the JSON of a range query, {"status": "success", "data": {"resultType": "matrix", "result": [...]}}`)
			return s, false
		}
	default:
		off := r.Offset()
		r.Skip()
		if !r.Failed() {
			r.Problem(off, "", "the top level must be a Prometheus range query result: an object with data.result, or a list of series")
		}
		return s, false
	}
	r.Finish()
	return s, good && !r.Failed()
}

// readSeries reads a series object: {"metric": {...}, "values": [[t,
// "v"], ...]}.
func readSeries(r *jsonsrc.Reader, s *series) bool {
	good := true
	ok := r.Object(func(key string) {
		switch key {
		case "values":
			good = r.Array(func(int) { good = readSample(r, s) && good }) && good
		case "histograms":
			r.Problem(r.Offset(), r.Path(), "native histogram samples are not request counts: query a counter or a ratio")
			good = false
		}
	})
	return ok && good
}

// readSample reads a sample, [unix time in seconds, "value"].
func readSample(r *jsonsrc.Reader, s *series) bool {
	smp := sample{off: r.Offset(), path: r.Path()}
	i := 0
	good := true
	ok := r.Array(func(int) {
		i++
		switch i {
		case 1:
			off := r.Offset()
			n, ok := r.Number()
			if !ok {
				good = false
				return
			}
			at, err := unixTime(n)
			if err != nil {
				r.Problemf(off, r.Path(), "%s: %v", jsonsrc.Quote(n.String()), err)
				good = false
			}
			smp.at = at
		case 2:
			off := r.Offset()
			v, ok := r.String()
			if !ok {
				good = false
				return
			}
			switch v {
			case "NaN":
				smp.nan = true
			default:
				d, err := parseNumber(v)
				if err != nil {
					r.Problemf(off, r.Path(), "%s: %v", jsonsrc.Quote(v), err)
					good = false
					return
				}
				smp.value = d
			}
		}
	})
	if ok && good && i != 2 {
		r.Problemf(smp.off, smp.path, "want a sample, [time, \"value\"]: a list of 2, not %d", i)
		good = false
	}
	if ok && good {
		s.samples = append(s.samples, smp)
	}
	return ok && good
}

// parseNumber reads a number as Prometheus writes it, exactly. Numbers
// too large or too small to be counts, ratios or times (more than 40
// digits, or exponents beyond ±40) are refused before any arithmetic, so
// that "1e999999999" costs nothing.
func parseNumber(s string) (decimal.Decimal, error) {
	switch s {
	case "+Inf", "-Inf", "Inf":
		return decimal.Decimal{}, fmt.Errorf("infinite: not a count or a ratio")
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("not a number")
	}
	if d.Exponent() < -40 || d.Exponent() > 40 || len(d.Coefficient().String()) > 41 {
		return decimal.Decimal{}, fmt.Errorf("out of range")
	}
	return d, nil
}

// unixTime reads a Prometheus timestamp, seconds since 1970 with up to
// nine decimals ("1435781430.781"), exactly.
func unixTime(n json.Number) (time.Time, error) {
	d, err := parseNumber(n.String())
	if err != nil {
		return time.Time{}, err
	}
	sec := d.Truncate(0)
	nanos := d.Sub(sec).Shift(9)
	if !nanos.Equal(nanos.Truncate(0)) {
		return time.Time{}, fmt.Errorf("finer than a nanosecond")
	}
	if sec.LessThan(decimal.NewFromInt(-1<<33)) || sec.GreaterThan(decimal.NewFromInt(1<<33)) {
		return time.Time{}, fmt.Errorf("not a time between the years 1700 and 2240")
	}
	return time.Unix(sec.IntPart(), nanos.IntPart()).UTC(), nil
}
