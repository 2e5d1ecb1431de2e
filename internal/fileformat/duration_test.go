package fileformat

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "14h28m", want: 14*time.Hour + 28*time.Minute},
		{in: "90s", want: 90 * time.Second},
		{in: "30d", want: 30 * 24 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "12h1d", want: 36 * time.Hour},
		{in: "1.5h", want: 90 * time.Minute},
		{in: ".5s", want: 500 * time.Millisecond},
		{in: "1.s", want: time.Second},
		{in: "0", want: 0},
		{in: "+0", want: 0},
		{in: "0s", want: 0},
		{in: "+5m", want: 5 * time.Minute},
		{in: "1h0m30s", want: time.Hour + 30*time.Second},
		{in: "1ms2us3ns", want: time.Millisecond + 2*time.Microsecond + 3},
		{in: "1µs", want: time.Microsecond},
		{in: "1μs", want: time.Microsecond},
		{in: "0.1d", want: 144 * time.Minute},
		{in: "0.0000000001s", want: 0},
		{in: "1.999999999999999999999s", want: 1999999999},
		{in: "2562047h47m16.854775807s", want: math.MaxInt64},
		{in: "106751d23h47m16.854775807s", want: math.MaxInt64},

		{in: "", err: `invalid duration "": want a number and a unit such as "90s", "14h28m" or "30d"`},
		{in: "-5m", err: `invalid duration "-5m": must not be negative`},
		{in: "30", err: `invalid duration "30": missing unit: write "s", "m", "h" or "d" after the number`},
		{in: "1h30", err: `invalid duration "1h30": missing unit: write "s", "m", "h" or "d" after the number`},
		{in: "5w", err: `invalid duration "5w": unknown unit "w" (want "ns", "us", "ms", "s", "m", "h" or "d")`},
		{in: "5 m", err: `invalid duration "5 m": unknown unit " m" (want "ns", "us", "ms", "s", "m", "h" or "d")`},
		{in: "h", err: `invalid duration "h": want a number before each unit, as in "90s", "14h28m" or "30d"`},
		{in: ".h", err: `invalid duration ".h": want a number before each unit, as in "90s", "14h28m" or "30d"`},
		{in: "2562047h47m16.854775808s", err: `invalid duration "2562047h47m16.854775808s": too long`},
		{in: "106752d", err: `invalid duration "106752d": too long`},
		{in: "99999999999999999999ns", err: `invalid duration "99999999999999999999ns": too long`},
		{in: "9223372036854775807h", err: `invalid duration "9223372036854775807h": too long`},
		{in: "1h-5m", err: `invalid duration "1h-5m": unknown unit "h-" (want "ns", "us", "ms", "s", "m", "h" or "d")`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if tt.err != "" {
				var perr *ParseError
				if !errors.As(err, &perr) || err.Error() != tt.err {
					t.Fatalf("ParseDuration(%q) error = %v, want %s", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{14*time.Hour + 28*time.Minute, "14h28m"},
		{36 * time.Hour, "36h"},
		{30 * 24 * time.Hour, "720h"},
		{5 * time.Minute, "5m"},
		{30 * time.Second, "30s"},
		{90 * time.Second, "1m30s"},
		{time.Hour + 30*time.Second, "1h0m30s"},
		{time.Hour + 500*time.Millisecond, "1h0m0.5s"},
		{1500 * time.Millisecond, "1.5s"},
		{time.Second + 1, "1.000000001s"},
		{500 * time.Millisecond, "500ms"},
		{1500 * time.Nanosecond, "1.5µs"},
		{10, "10ns"},
		{math.MaxInt64, "2562047h47m16.854775807s"},
		{-90 * time.Second, "-1m30s"},
		{math.MinInt64, "-2562047h47m16.854775808s"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatDuration(tt.in); got != tt.want {
				t.Errorf("FormatDuration(%d) = %q, want %q", int64(tt.in), got, tt.want)
			}
		})
	}
}

// FuzzParseDuration checks that ParseDuration never panics, that it agrees
// with time.ParseDuration on what both read, and that FormatDuration's text
// reads back as the same duration.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"14h28m", "90s", "30d", "1d12h", "1.5h", "0", "2562047h47m16.854775807s", "-5m", "1h0m30s", "500ms", "1.5µs", ".5s", "99999999999999999999ns"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			var perr *ParseError
			if !errors.As(err, &perr) || perr.Input != s {
				t.Fatalf("ParseDuration(%q) error %v does not carry the input", s, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
		if std, err := time.ParseDuration(s); err == nil && std != d && std >= 0 && !hasLongFraction(s) {
			t.Fatalf("ParseDuration(%q) = %v, time.ParseDuration says %v", s, d, std)
		}
		text := FormatDuration(d)
		back, err := ParseDuration(text)
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v, formatted %q, read back %v, %v", s, d, text, back, err)
		}
	})
}

// hasLongFraction reports whether s has a fraction of more than 9 digits,
// where time.ParseDuration rounds through a float64 and may differ by a
// nanosecond from the exact truncation of ParseDuration.
func hasLongFraction(s string) bool {
	n := -1
	for _, c := range s {
		switch {
		case c == '.':
			n = 0
		case c >= '0' && c <= '9':
			if n >= 0 {
				n++
				if n > 9 {
					return true
				}
			}
		default:
			n = -1
		}
	}
	return false
}
