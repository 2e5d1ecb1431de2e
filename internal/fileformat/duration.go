package fileformat

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// durationUnits are the units ParseDuration reads, in nanoseconds. "d" is a
// day of exactly 24 hours, not a calendar day.
var durationUnits = map[string]uint64{
	"ns": uint64(time.Nanosecond),
	"us": uint64(time.Microsecond),
	"µs": uint64(time.Microsecond), // U+00B5, what time.Duration.String writes
	"μs": uint64(time.Microsecond), // U+03BC
	"ms": uint64(time.Millisecond),
	"s":  uint64(time.Second),
	"m":  uint64(time.Minute),
	"h":  uint64(time.Hour),
	"d":  uint64(24 * time.Hour),
}

// ParseDuration parses a duration written as a sequence of decimal numbers,
// each with an optional fraction and a unit, as time.ParseDuration does, with
// "d" added for days of exactly 24 hours: "14h28m", "90s", "1.5h", "30d",
// "1d12h". Units are "ns", "us" (or "µs"), "ms", "s", "m", "h" and "d". "0"
// alone is zero; any other number needs a unit. A leading "+" is allowed;
// negative durations are errors, and so are durations longer than the
// largest time.Duration (about 292 years). Fractions are exact: digits
// beyond a nanosecond are truncated. Errors are *ParseError.
func ParseDuration(s string) (time.Duration, error) {
	in := s
	fail := func(reason string) (time.Duration, error) {
		return 0, &ParseError{Kind: "duration", Input: in, Reason: reason}
	}
	if strings.HasPrefix(s, "-") {
		return fail("must not be negative")
	}
	s = strings.TrimPrefix(s, "+")
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return fail(`want a number and a unit such as "90s", "14h28m" or "30d"`)
	}
	const max = uint64(math.MaxInt64)
	var total uint64
	for s != "" {
		// The integer part.
		i := 0
		var whole uint64
		overflow := false
		for ; i < len(s) && isDigit(s[i]); i++ {
			hi, lo := bits.Mul64(whole, 10)
			lo, carry := bits.Add64(lo, uint64(s[i]-'0'), 0)
			if hi != 0 || carry != 0 {
				overflow = true
			}
			whole = lo
		}
		intDigits := i
		// The fraction: frac / scale, with at most 19 significant digits kept.
		var frac, scale uint64 = 0, 1
		fracDigits := 0
		if i < len(s) && s[i] == '.' {
			i++
			for ; i < len(s) && isDigit(s[i]); i++ {
				fracDigits++
				if scale <= math.MaxUint64/10/10 {
					frac = frac*10 + uint64(s[i]-'0')
					scale *= 10
				}
			}
		}
		if intDigits == 0 && fracDigits == 0 {
			return fail(`want a number before each unit, as in "90s", "14h28m" or "30d"`)
		}
		s = s[i:]
		j := 0
		for j < len(s) && s[j] != '.' && !isDigit(s[j]) {
			j++
		}
		unitName := s[:j]
		s = s[j:]
		if unitName == "" {
			return fail(`missing unit: write "s", "m", "h" or "d" after the number`)
		}
		unit, ok := durationUnits[unitName]
		if !ok {
			return fail("unknown unit " + strconv.Quote(unitName) + ` (want "ns", "us", "ms", "s", "m", "h" or "d")`)
		}
		if overflow {
			return fail("too long")
		}
		hi, v := bits.Mul64(whole, unit)
		if hi != 0 || v > max {
			return fail("too long")
		}
		if frac > 0 {
			// frac × unit ÷ scale, exactly, truncated.
			fh, fl := bits.Mul64(frac, unit)
			q, _ := bits.Div64(fh, fl, scale) // fh < scale since frac < scale
			v += q
		}
		total += v
		if v > max || total > max {
			return fail("too long")
		}
	}
	return time.Duration(total), nil
}

// FormatDuration formats d the way ParseDuration reads it back exactly,
// choosing the form that reads best:
//
//   - zero is "0s";
//   - under a second, as time.Duration.String: "500ms", "1.5µs", "10ns";
//   - otherwise hours, minutes and seconds, largest first, never days.
//     Trailing zero units are left out and the first unit written is the
//     largest non-zero one: "14h28m", "36h", "5m", "30s", "1m30s". A zero
//     unit between two written ones stays, so the text never skips a place:
//     "1h0m30s". Seconds keep their fraction, without trailing zeros:
//     "1.5s", "1h0m0.25s".
//
// Days are never written because a day is ambiguous in a zone with daylight
// saving time; 24 h reads "24h". Negative durations get a leading "-" (which
// ParseDuration rejects).
func FormatDuration(d time.Duration) string {
	if d < 0 {
		// Work on the magnitude as uint64 so that math.MinInt64 is fine.
		return "-" + formatPositive(uint64(-(d+1))+1)
	}
	return formatPositive(uint64(d))
}

func formatPositive(u uint64) string {
	switch {
	case u == 0:
		return "0s"
	case u < uint64(time.Second):
		return time.Duration(u).String()
	}
	h := u / uint64(time.Hour)
	m := u / uint64(time.Minute) % 60
	s := u / uint64(time.Second) % 60
	ns := u % uint64(time.Second)
	var b []byte
	if h > 0 {
		b = strconv.AppendUint(b, h, 10)
		b = append(b, 'h')
	}
	if m > 0 || (h > 0 && (s > 0 || ns > 0)) {
		b = strconv.AppendUint(b, m, 10)
		b = append(b, 'm')
	}
	if s > 0 || ns > 0 {
		b = strconv.AppendUint(b, s, 10)
		if ns > 0 {
			f := strconv.AppendUint(nil, ns+uint64(time.Second), 10)[1:] // nine digits
			for f[len(f)-1] == '0' {
				f = f[:len(f)-1]
			}
			b = append(b, '.')
			b = append(b, f...)
		}
		b = append(b, 's')
	}
	return string(b)
}
